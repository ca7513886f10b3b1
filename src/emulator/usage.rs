//! Deterministic usage: operations per day from the database id and the date, summed over any period.
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::ids::mix;
use super::model::DatabaseRecord;

const DAY_SECONDS: i64 = 86_400;

/// Operations a database served on `day`: a steady base per database, a weekly rhythm, daily noise.
pub fn operations_on(database: &DatabaseRecord, day: NaiveDate) -> u64 {
    let identity = database.id.bytes().fold(0u64, |hash, byte| mix(hash ^ u64::from(byte)));
    let base = 20_000 + identity % 180_000;
    let weekday = u64::from(chrono::Datelike::weekday(&day).num_days_from_monday());
    let rhythm = if weekday >= 5 { 55 } else { 100 + weekday * 6 };
    let noise = 80 + mix(identity ^ day.to_epoch_days() as u64) % 41;
    base * rhythm / 100 * noise / 100
}

/// Operations in `[start, end)`, counting only time the database existed and that has passed.
/// Whole days count fully, partial days pro rata, so a month is exactly the sum of its days.
pub fn operations(database: &DatabaseRecord, start: DateTime<Utc>, end: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    let from = start.max(database.created_at);
    let to = end.min(now);
    if from >= to {
        return 0;
    }
    let mut total = 0;
    let mut day = from.date_naive();
    while day <= to.date_naive() {
        let day_start = day.and_time(chrono::NaiveTime::MIN).and_utc();
        let covered = (to.min(day_start + Duration::days(1)) - from.max(day_start)).num_seconds();
        if covered > 0 {
            total += operations_on(database, day) * covered as u64 / DAY_SECONDS as u64;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    total
}

/// Storage in GiB at the end of a period: grows slowly from the database's creation.
pub fn storage_gib(database: &DatabaseRecord, end: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    let at = end.min(now);
    if at <= database.created_at {
        return 0.0;
    }
    let days = (at - database.created_at).num_seconds() as f64 / DAY_SECONDS as f64;
    let identity = database.id.bytes().fold(0u64, |hash, byte| mix(hash ^ u64::from(byte)));
    let start_gib = 0.05 + (identity % 300) as f64 / 100.0;
    let growth = 0.002 + (identity % 17) as f64 / 1000.0;
    ((start_gib + growth * days) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::DatabaseStatus;

    fn database(created_at: DateTime<Utc>) -> DatabaseRecord {
        DatabaseRecord {
            id: "db_usage0test0000000000000".into(),
            project_id: "proj_x".into(),
            name: "main".into(),
            region: "eu-central-1".into(),
            created_at,
            is_default: true,
            status: DatabaseStatus::Ready,
            ready_at: None,
            source: None,
            data: "empty".into(),
            remote: false,
            logical_id: None,
            branch_id: None,
            overrides: Default::default(),
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_month_is_the_sum_of_its_days() {
        let db = database(at("2026-01-01T00:00:00Z"));
        let now = at("2026-12-01T00:00:00Z");
        let month = operations(&db, at("2026-10-01T00:00:00Z"), at("2026-11-01T00:00:00Z"), now);
        let days: u64 = (0..31)
            .map(|d| {
                let start = at("2026-10-01T00:00:00Z") + Duration::days(d);
                operations(&db, start, start + Duration::days(1), now)
            })
            .sum();
        assert_eq!(month, days);
        assert!(month > 0);
    }

    #[test]
    fn nothing_before_creation_or_after_now() {
        let db = database(at("2026-06-15T12:00:00Z"));
        let now = at("2026-07-01T00:00:00Z");
        assert_eq!(operations(&db, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"), now), 0);
        assert_eq!(operations(&db, at("2026-08-01T00:00:00Z"), at("2026-09-01T00:00:00Z"), now), 0);
        let half_day = operations(&db, at("2026-06-15T00:00:00Z"), at("2026-06-16T00:00:00Z"), now);
        assert_eq!(half_day, operations_on(&db, at("2026-06-15T00:00:00Z").date_naive()) / 2);
    }

    #[test]
    fn days_vary() {
        let db = database(at("2026-01-01T00:00:00Z"));
        let days: std::collections::HashSet<u64> =
            (1..=14).map(|d| operations_on(&db, NaiveDate::from_ymd_opt(2026, 3, d).unwrap())).collect();
        assert!(days.len() > 7);
    }
}
