//! What became of a change whose answer was lost, decided from evidence only: what existed before, what
//! was asked, and what exists now. The CLI and the TUI both ask here; neither claims more than this says.
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use crate::api::{Branch, Connection, Database, DatabaseSource, DatabaseStatus, Project, ServiceToken, Timestamp};

/// An item a lost create may have made, as a list shows it now.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub created_at: &'a Timestamp,
}

impl<'a> Seen<'a> {
    pub fn of(id: &'a str, name: &'a str, created_at: &'a Timestamp) -> Self {
        Self { id, name, created_at }
    }
}

/// What a create can be told apart by: its id, name and creation time.
pub trait Made {
    fn seen(&self) -> Seen<'_>;
}

macro_rules! made {
    ($($resource:ty),+) => {$(
        impl Made for $resource {
            fn seen(&self) -> Seen<'_> {
                Seen::of(&self.id, &self.name, &self.created_at)
            }
        }
    )+};
}

made!(Project, Database, Connection, ServiceToken);

/// A branch is told apart by its git name.
impl Made for Branch {
    fn seen(&self) -> Seen<'_> {
        Seen::of(&self.id, &self.git_name, &self.created_at)
    }
}

/// `ppg-YYYYMMDD-HHMMSS-xxxx`: the name ppg gives what it creates unnamed. The random tail tells two runs in
/// the same second apart, so a lost create is never settled by another run's item.
pub fn default_name(now: DateTime<Utc>) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let random = RandomState::new().hash_one((now, std::process::id()));
    let tail: String = (0..4).map(|shift| char::from(DIGITS[((random >> (shift * 8)) % 36) as usize])).collect();
    format!("{}-{tail}", now.format("ppg-%Y%m%d-%H%M%S"))
}

/// A create that was sent: the ids that existed before it, the name it asked for, and when it was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct SentCreate {
    pub before: HashSet<String>,
    pub name: String,
    pub sent_at: DateTime<Utc>,
}

/// The verdict on a lost create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Creation {
    /// Exactly one item has the name asked for, an id that did not exist before, and a creation time not
    /// earlier than the request: this request made it.
    Created { id: String },
    /// No new item has the name asked for.
    NotCreated,
    /// Something new has the name, but the evidence does not single out this request's item.
    Unknown { why: String },
}

/// Decides a lost create from the list read after it.
pub fn creation<'a>(sent: &SentCreate, now: impl IntoIterator<Item = Seen<'a>>) -> Creation {
    let new: Vec<Seen> =
        now.into_iter().filter(|item| item.name == sent.name && !sent.before.contains(item.id)).collect();
    // The API writes times to the millisecond at best: compare at that precision.
    let sent_at = sent.sent_at.duration_trunc(TimeDelta::milliseconds(1)).unwrap_or(sent.sent_at);
    match new.as_slice() {
        [] => Creation::NotCreated,
        [one] => match one.created_at.at() {
            Some(at) if at >= sent_at => Creation::Created { id: one.id.to_owned() },
            Some(at) => Creation::Unknown {
                why: format!(
                    "{} is named {}, but it was created at {at}, before the request was sent",
                    one.id, sent.name
                ),
            },
            None => Creation::Unknown {
                why: format!(
                    "{} is named {}, but its creation time ({}) cannot be read",
                    one.id, sent.name, one.created_at
                ),
            },
        },
        several => Creation::Unknown {
            why: format!(
                "{} new items are named {}: {}",
                several.len(),
                sent.name,
                several.iter().map(|item| item.id).collect::<Vec<_>>().join(", ")
            ),
        },
    }
}

/// A restore that was sent: the backup asked for, and the target as it was before.
#[derive(Debug, Clone, PartialEq)]
pub struct SentRestore {
    pub source_database: String,
    pub backup: String,
    /// The target's status and source when the request was sent (`None`: not known then).
    pub before: Option<(DatabaseStatus, Option<DatabaseSource>)>,
}

/// The verdict on a lost restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restoration {
    /// The target now comes from the backup asked for, and that is a change seen since the request.
    Started,
    /// Nothing shows that this request started a restore: it may or may not have.
    Unknown { why: String },
}

/// Decides a lost restore from the target as read after it.
pub fn restoration(sent: &SentRestore, target: Option<&Database>) -> Restoration {
    let Some(target) = target else {
        return Restoration::Unknown { why: "the target is not in the list any more".to_owned() };
    };
    let asked = DatabaseSource::Backup { database_id: sent.source_database.clone(), backup_id: sent.backup.clone() };
    if target.source.as_ref() != Some(&asked) {
        let now = target.source.as_ref().map_or_else(|| "no source".to_owned(), describe);
        return Restoration::Unknown {
            why: format!("the target's data comes from {now}, not from backup {}", sent.backup),
        };
    }
    let recovering = target.status == DatabaseStatus::Recovering;
    match &sent.before {
        None => Restoration::Unknown { why: "how the target was before the request is not known".to_owned() },
        Some((_, source)) if source.as_ref() != Some(&asked) => Restoration::Started,
        Some((status, _)) if recovering && *status != DatabaseStatus::Recovering => Restoration::Started,
        Some(_) => Restoration::Unknown {
            why: format!(
                "the target already came from backup {} before the request, and nothing changed since",
                sent.backup
            ),
        },
    }
}

fn describe(source: &DatabaseSource) -> String {
    match source {
        DatabaseSource::Backup { backup_id, .. } => format!("backup {backup_id}"),
        DatabaseSource::Database { database_id } => format!("a copy of {database_id}"),
        other => format!("an {} source", other.kind()),
    }
}

#[cfg(test)]
#[path = "verdict_tests.rs"]
mod tests;
