//! Reading a point in time typed by a person: an RFC 3339 time, a date, a date and a time, or `today` /
//! `yesterday` with an optional time. Everything without an offset is UTC, as every time ppg shows.
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// The instant `text` names, relative to `now` for `today` and `yesterday`. A day without a time means
/// the end of that day (its last second), so that "the newest backup at or before 2026-11-10" is that
/// day's own.
pub fn parse_when(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    parse_span(text, now).map(|(_, end)| end)
}

/// The stretch of time `text` names, first and last second: one instant for a time, the whole day (00:00:00
/// to 23:59:59 UTC) for a day without a time. Accepts what `parse_when` accepts.
pub fn parse_span(text: &str, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        let at = at.with_timezone(&Utc);
        return Ok((at, at));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            let at = at.and_utc();
            return Ok((at, at));
        }
    }
    let (day_word, time) = match text.split_once(char::is_whitespace) {
        Some((day, time)) => (day, Some(time.trim())),
        None => (text, None),
    };
    let day = match day_word.to_ascii_lowercase().as_str() {
        "today" => now.date_naive(),
        "yesterday" => now.date_naive() - Duration::days(1),
        _ => NaiveDate::parse_from_str(day_word, "%Y-%m-%d").map_err(|_| not_a_time(text))?,
    };
    match time {
        None => {
            let last = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
            Ok((day.and_time(NaiveTime::MIN).and_utc(), day.and_time(last).and_utc()))
        }
        Some(time) => {
            let time = ["%H:%M:%S", "%H:%M"]
                .iter()
                .find_map(|format| NaiveTime::parse_from_str(time, format).ok())
                .ok_or_else(|| not_a_time(text))?;
            let at = day.and_time(time).and_utc();
            Ok((at, at))
        }
    }
}

fn not_a_time(text: &str) -> String {
    format!(
        "{text:?} is not a time: give an RFC 3339 time (2026-11-10T03:00:00Z), a date (2026-11-10), a date and a \
         time (2026-11-10 03:00), or today/yesterday with an optional time (yesterday 03:00); times are UTC"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn every_form_names_its_instant() {
        let now = at("2026-12-03T04:30:00Z");
        for (text, expected) in [
            ("2026-11-10T03:00:00Z", "2026-11-10T03:00:00Z"),
            ("2026-11-10T05:00:00+02:00", "2026-11-10T03:00:00Z"),
            ("2026-11-10 03:00", "2026-11-10T03:00:00Z"),
            ("2026-11-10T03:00:30", "2026-11-10T03:00:30Z"),
            ("2026-11-10", "2026-11-10T23:59:59Z"),
            ("yesterday 03:00", "2026-12-02T03:00:00Z"),
            ("Yesterday", "2026-12-02T23:59:59Z"),
            ("today 01:15:10", "2026-12-03T01:15:10Z"),
            ("  2026-11-10 03:00  ", "2026-11-10T03:00:00Z"),
        ] {
            assert_eq!(parse_when(text, now), Ok(at(expected)), "{text}");
        }
    }

    #[test]
    fn a_day_alone_spans_the_whole_day_and_a_time_is_one_instant() {
        let now = at("2026-12-03T04:30:00Z");
        assert_eq!(parse_span("2026-11-10", now), Ok((at("2026-11-10T00:00:00Z"), at("2026-11-10T23:59:59Z"))));
        assert_eq!(parse_span("yesterday", now), Ok((at("2026-12-02T00:00:00Z"), at("2026-12-02T23:59:59Z"))));
        let instant = at("2026-11-10T03:00:00Z");
        for text in ["2026-11-10 03:00", "2026-11-10T03:00:00Z", "2026-11-10T05:00:00+02:00"] {
            assert_eq!(parse_span(text, now), Ok((instant, instant)), "{text}");
        }
        assert!(parse_span("main-db", now).is_err());
    }

    #[test]
    fn anything_else_says_what_is_accepted() {
        let now = at("2026-12-03T04:30:00Z");
        for text in ["", "tomorrow", "2026-13-01", "yesterday 25:00", "last week", "03:00"] {
            let error = parse_when(text, now).unwrap_err();
            assert!(error.contains("yesterday 03:00"), "{text}: {error}");
        }
    }
}
