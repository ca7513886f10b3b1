//! Numbers and times as people read them: relative ages, byte sizes, counts, GiB figures.

use chrono::{DateTime, Utc};

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;
/// Calendar months vary; a fixed 30 days keeps "1 month ago" stable and predictable.
const MONTH: u64 = 30 * DAY;
const YEAR: u64 = 365 * DAY;

/// How long ago (or how far ahead) `then` is from `now`, in the coarse words a list column needs:
/// "just now", "5 minutes ago", "in 2 hours". Each unit is rounded down, so "1 hour ago" means at
/// least an hour. `now` is a parameter to keep this pure and testable.
pub fn relative_time(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = now.signed_duration_since(then).num_seconds();
    let elapsed = seconds.unsigned_abs();
    if elapsed < 45 {
        return "just now".to_owned();
    }
    let (amount, unit) = if elapsed < HOUR {
        ((elapsed / MINUTE).max(1), "minute")
    } else if elapsed < DAY {
        (elapsed / HOUR, "hour")
    } else if elapsed < MONTH {
        (elapsed / DAY, "day")
    } else if elapsed < YEAR {
        (elapsed / MONTH, "month")
    } else {
        (elapsed / YEAR, "year")
    };
    let plural = if amount == 1 { "" } else { "s" };
    if seconds < 0 { format!("in {amount} {unit}{plural}") } else { format!("{amount} {unit}{plural} ago") }
}

/// A byte size in IEC units with one decimal ("1.5 KiB", "700.0 MiB"), exact bytes below 1 KiB.
/// Integer arithmetic rounds to the nearest tenth, and a value that would round to 1024.0 moves
/// to the next unit, so "1024.0 KiB" never appears.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut divisor: u128 = 1;
    let mut tenths = 0;
    let mut unit = UNITS[0];
    for name in UNITS {
        divisor *= 1024;
        tenths = (u128::from(n) * 10 + divisor / 2) / divisor;
        unit = name;
        if tenths < 10_240 {
            break;
        }
    }
    format!("{}.{} {unit}", tenths / 10, tenths % 10)
}

/// An integer with thousands separators ("1,200,345"), so large operation counts read at a glance.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A figure already in GiB (the unit the usage endpoint reports storage in) with at most two
/// decimals and no trailing zeros: "1.25 GiB", "1.5 GiB", "2 GiB", "0 GiB". A positive amount too
/// small to show reads "< 0.01 GiB" rather than "0 GiB", so a used database never looks empty.
pub fn gib(value: f64) -> String {
    if !value.is_finite() {
        return format!("{value} GiB");
    }
    if value > 0.0 && value < 0.005 {
        return "< 0.01 GiB".to_owned();
    }
    let mut text = format!("{value:.2}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.').len();
    text.truncate(trimmed);
    if text == "-0" {
        text.clear();
        text.push('0');
    }
    text.push_str(" GiB");
    text
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn ago(seconds: i64) -> String {
        let now = DateTime::from_timestamp(1_750_000_000, 0).unwrap_or_default();
        relative_time(now - TimeDelta::seconds(seconds), now)
    }

    #[test]
    fn relative_time_boundaries() {
        assert_eq!(ago(0), "just now");
        assert_eq!(ago(44), "just now");
        assert_eq!(ago(45), "1 minute ago");
        assert_eq!(ago(119), "1 minute ago");
        assert_eq!(ago(120), "2 minutes ago");
        assert_eq!(ago(3_599), "59 minutes ago");
        assert_eq!(ago(3_600), "1 hour ago");
        assert_eq!(ago(2 * 3_600), "2 hours ago");
        assert_eq!(ago(86_399), "23 hours ago");
        assert_eq!(ago(86_400), "1 day ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
        assert_eq!(ago(29 * 86_400 + 86_399), "29 days ago");
        assert_eq!(ago(30 * 86_400), "1 month ago");
        assert_eq!(ago(60 * 86_400), "2 months ago");
        assert_eq!(ago(364 * 86_400), "12 months ago");
        assert_eq!(ago(365 * 86_400), "1 year ago");
        assert_eq!(ago(2 * 365 * 86_400), "2 years ago");
    }

    #[test]
    fn relative_time_in_the_future() {
        assert_eq!(ago(-10), "just now");
        assert_eq!(ago(-5 * 60), "in 5 minutes");
        assert_eq!(ago(-3_600), "in 1 hour");
        assert_eq!(ago(-2 * 86_400), "in 2 days");
    }

    #[test]
    fn relative_time_survives_extreme_dates() {
        let early = DateTime::<Utc>::MIN_UTC;
        let late = DateTime::<Utc>::MAX_UTC;
        assert!(relative_time(early, late).ends_with("years ago"));
        assert!(relative_time(late, early).starts_with("in "));
    }

    #[test]
    fn bytes_in_iec_units() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_023), "1023 B");
        assert_eq!(bytes(1_024), "1.0 KiB");
        assert_eq!(bytes(1_536), "1.5 KiB");
        assert_eq!(bytes(700 * 1024 * 1024), "700.0 MiB");
        assert_eq!(bytes(1_288_490_189), "1.2 GiB");
        assert_eq!(bytes(3 << 40), "3.0 TiB");
        assert_eq!(bytes(u64::MAX), "16.0 EiB");
    }

    #[test]
    fn bytes_round_up_into_the_next_unit() {
        // 1023.96 KiB rounds to 1024.0 KiB, which is 1.0 MiB.
        assert_eq!(bytes(1_048_535), "1.0 MiB");
        assert_eq!(bytes(1_048_524), "1023.9 KiB");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_200_345), "1,200,345");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn gib_trims_decimals() {
        assert_eq!(gib(0.0), "0 GiB");
        assert_eq!(gib(-0.0), "0 GiB");
        assert_eq!(gib(1.25), "1.25 GiB");
        assert_eq!(gib(1.5), "1.5 GiB");
        assert_eq!(gib(2.0), "2 GiB");
        assert_eq!(gib(10.0), "10 GiB");
        assert_eq!(gib(1.004), "1 GiB");
        assert_eq!(gib(1.256), "1.26 GiB");
        assert_eq!(gib(0.001), "< 0.01 GiB");
        assert_eq!(gib(0.005), "0.01 GiB");
        assert_eq!(gib(f64::NAN), "NaN GiB");
    }
}
