//! Decoding that bends where the contract does: times kept as sent, numbers of any form, fields that
//! degrade to a default instead of failing their resource (each such choice is in docs/api-notes.md).
use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A time as the API sent it: the text, and the instant when the text reads as RFC 3339 (with or without
/// offset and fraction; no offset means UTC). Text that does not parse is kept and shown as it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    at: Option<DateTime<Utc>>,
}

impl Timestamp {
    /// Reads `text` leniently; never fails.
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let at = parse_instant(&text);
        Self { text, at }
    }

    /// The instant, when the text named one.
    pub fn at(&self) -> Option<DateTime<Utc>> {
        self.at
    }

    /// The text exactly as the API sent it.
    pub fn as_sent(&self) -> &str {
        &self.text
    }

    /// The instant in `format` (a chrono format string), or the raw text when it did not parse.
    pub fn format(&self, format: &str) -> String {
        match self.at {
            Some(at) => at.format(format).to_string(),
            None => self.text.clone(),
        }
    }

    /// "5 minutes ago", or "—" when the text did not parse (it is shown as sent beside it).
    pub fn relative(&self, now: DateTime<Utc>) -> String {
        match self.at {
            Some(at) => crate::format::relative_time(at, now),
            None => "—".to_owned(),
        }
    }
}

fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(at: DateTime<Utc>) -> Self {
        Self { text: at.to_rfc3339_opts(SecondsFormat::AutoSi, true), at: Some(at) }
    }
}

/// Unparsed times order before every parsed one, so a newest-first list shows them last.
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, &self.text).cmp(&(other.at, &other.text))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// Any JSON decodes: a string is read as a time, anything else is kept as its JSON text.
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(text) => Self::parse(text),
            other => Self { text: other.to_string(), at: None },
        })
    }
}

/// For `#[serde(default, deserialize_with = "or_default")]`: a field whose value does not decode takes
/// its default (logged at debug level), rather than failing the whole resource.
pub fn or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(deserializer: D) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).unwrap_or_else(|error| {
        tracing::debug!(%error, "a field did not decode; using its default");
        T::default()
    }))
}

/// A TCP port from any JSON number that names one (`5432` or `5432.0`).
pub fn port(number: &serde_json::Number) -> Option<u16> {
    if let Some(whole) = number.as_u64() {
        return u16::try_from(whole).ok();
    }
    let float = number.as_f64()?;
    (float.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&float)).then_some(float as u16)
}

/// A backup's `size`, which ppg reads as MiB (docs/api-notes.md), in the largest fitting IEC unit:
/// `980.4 MiB`, `1.2 GiB`. A value that is not a finite, non-negative size is shown as it came.
pub fn mebibytes(number: &serde_json::Number) -> String {
    const BYTES_PER_MIB: f64 = 1_048_576.0;
    match number.as_f64().map(|mib| mib * BYTES_PER_MIB) {
        Some(bytes) if bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64 => {
            crate::format::bytes(bytes.round() as u64)
        }
        _ => format!("{number} MiB"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_offset_and_fraction() {
        for text in
            ["2026-11-01T10:00:00Z", "2026-11-01T10:00:00", "2026-11-01T10:00:00.000", "2026-11-01T11:00:00+01:00"]
        {
            let at = Timestamp::parse(text).at().map(|at| at.to_rfc3339());
            assert_eq!(at.as_deref(), Some("2026-11-01T10:00:00+00:00"), "{text}");
        }
        let odd = Timestamp::parse("yesterday");
        assert_eq!((odd.at(), odd.format("%Y"), odd.as_sent()), (None, "yesterday".to_owned(), "yesterday"));
        assert!(odd < Timestamp::parse("1970-01-01T00:00:00Z"), "unparsed times sort before parsed ones");
    }

    #[test]
    fn times_serialize_as_sent() {
        let time: Timestamp = serde_json::from_str("\"2026-11-01T10:00:00\"").unwrap();
        assert_eq!(serde_json::to_string(&time).unwrap(), "\"2026-11-01T10:00:00\"");
        let number: Timestamp = serde_json::from_str("12").unwrap();
        assert_eq!((number.at(), number.as_sent()), (None, "12"));
    }

    #[test]
    fn ports_and_sizes() {
        let number = |text: &str| serde_json::from_str::<serde_json::Number>(text).unwrap();
        assert_eq!(port(&number("5432")), Some(5432));
        assert_eq!(port(&number("5432.0")), Some(5432));
        assert_eq!(port(&number("5432.5")), None);
        assert_eq!(port(&number("70000")), None);
        assert_eq!(mebibytes(&number("980.4")), "980.4 MiB");
        assert_eq!(mebibytes(&number("1228.8")), "1.2 GiB");
        assert_eq!(mebibytes(&number("0")), "0 B");
        assert_eq!(mebibytes(&number("-3")), "-3 MiB");
        assert_eq!(mebibytes(&number("1e300")), "1e+300 MiB");
    }
}
