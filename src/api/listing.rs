//! Lists decoded item by item: one item that does not decode is kept aside, raw, and never fails the rest.
use std::ops::{Deref, DerefMut};

use serde::de::DeserializeOwned;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use super::{DecodeError, Error, Route, decode};

/// A resource that comes in lists, named for the `unreadable <kind> <id>` rows.
pub trait Listed: DeserializeOwned {
    const KIND: &'static str;
    fn id(&self) -> &str;
}

/// An item of a list that did not decode: where it was, its id if it has one, why, and its JSON as sent.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub kind: &'static str,
    /// Its place in the list as sent (0-based, counting every page read before it).
    pub position: usize,
    pub id: Option<String>,
    /// Why, with the path inside the item (`createdAt`, `endpoints.pooled.port`).
    pub reason: DecodeError,
    pub raw: Box<RawValue>,
    /// The read whose answer held it (`None` for a list nested in a resource).
    pub route: Option<Route>,
}

impl Unreadable {
    /// `unreadable project proj_1`, or `unreadable project #4` when it has no id.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("unreadable {} {id}", self.kind),
            None => format!("unreadable {} #{}", self.kind, self.position + 1),
        }
    }

    /// Why, as an error of the read that listed it (`None` for a list nested in a resource).
    pub fn error(&self) -> Option<Error> {
        let route = self.route.clone()?;
        Some(Error::Decode { route, source: self.reason_in("data") })
    }

    /// The reason with the item's path in the answer: ``at `data[4].createdAt`: invalid type…``.
    pub fn reason_in(&self, list_path: &str) -> DecodeError {
        let inner = self.reason.path.trim_start_matches('.');
        let path = match inner.is_empty() {
            true => format!("{list_path}[{}]", self.position),
            false => format!("{list_path}[{}].{inner}", self.position),
        };
        DecodeError { path, message: self.reason.message.clone() }
    }
}

impl PartialEq for Unreadable {
    fn eq(&self, other: &Self) -> bool {
        (self.kind, self.position, &self.id, self.raw.get()) == (other.kind, other.position, &other.id, other.raw.get())
    }
}

/// The items that decoded, in the order sent, and those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub unreadable: Vec<Unreadable>,
}

impl<T> Default for Listing<T> {
    fn default() -> Self {
        Self { items: Vec::new(), unreadable: Vec::new() }
    }
}

impl<T> Listing<T> {
    /// How many items the list held as sent, readable or not.
    pub fn total(&self) -> usize {
        self.items.len() + self.unreadable.len()
    }

    /// Names the read that listed these items, for their errors.
    pub fn read_by(mut self, route: &Route) -> Self {
        for item in &mut self.unreadable {
            item.route = Some(route.clone());
        }
        self
    }

    /// Appends the next page (whose positions `Pages` already counts from the start of the list).
    pub fn append(&mut self, mut next: Listing<T>) {
        self.items.append(&mut next.items);
        self.unreadable.append(&mut next.unreadable);
    }
}

impl<T: Listed> Listing<T> {
    /// Decodes each item on its own.
    pub fn decode(raw_items: Vec<Box<RawValue>>) -> Self {
        let mut listing = Self { items: Vec::with_capacity(raw_items.len()), unreadable: Vec::new() };
        for (position, raw) in raw_items.into_iter().enumerate() {
            // serde would also fill a struct from an array, field by field: an item must be an object.
            let item = match raw.get().trim_start().starts_with('{') {
                true => decode::<T>(raw.get().as_bytes()),
                false => Err(DecodeError { path: ".".into(), message: "not an object".into() }),
            };
            match item {
                Ok(item) => listing.items.push(item),
                Err(reason) => {
                    let id = raw_id(&raw);
                    listing.unreadable.push(Unreadable { kind: T::KIND, position, id, reason, raw, route: None });
                }
            }
        }
        listing
    }
}

/// A page as sent, its items not decoded yet (so that repeated ones can be left out first).
#[derive(Deserialize)]
pub(super) struct RawPage {
    pub data: Vec<Box<RawValue>>,
    pub pagination: super::Pagination,
}

/// The `id` of an item as sent, when it has a string one.
pub(super) fn raw_id(raw: &RawValue) -> Option<String> {
    serde_json::from_str::<IdOnly>(raw.get()).ok().and_then(|only| only.id)
}

#[derive(Deserialize)]
struct IdOnly {
    #[serde(default, deserialize_with = "super::lenient::or_default")]
    id: Option<String>,
}

impl<T> Deref for Listing<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> DerefMut for Listing<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }
}

impl<T> From<Vec<T>> for Listing<T> {
    fn from(items: Vec<T>) -> Self {
        Self { items, unreadable: Vec::new() }
    }
}

impl<T> FromIterator<T> for Listing<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<'a, T> IntoIterator for &'a Listing<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for Listing<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A JSON array again: unreadable items go back to their places, exactly as they were sent.
impl<T: Serialize> Serialize for Listing<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.total()))?;
        let mut items = self.items.iter();
        let mut unreadable = self.unreadable.iter().peekable();
        for position in 0..self.total() {
            match unreadable.next_if(|item| item.position <= position) {
                Some(item) => seq.serialize_element(&item.raw)?,
                None => match items.next() {
                    Some(item) => seq.serialize_element(item)?,
                    None => break,
                },
            }
        }
        for item in unreadable {
            seq.serialize_element(&item.raw)?;
        }
        seq.end()
    }
}

impl<'de, T: Listed> Deserialize<'de> for Listing<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Box<RawValue>>::deserialize(deserializer).map(Self::decode)
    }
}
