//! The backup nearest to a time typed in the jump (`:`), database by database: what the jump offers first
//! when its query reads as a time, and the words for how far from that time a backup is.
use chrono::{DateTime, TimeDelta, Utc};

use super::model::{Data, Loadable, keeps_no_backups};
use crate::api::{Backup, Offset, backup_nearest};

/// A time typed: its first and last instant (equal for a time, a whole day for a day alone).
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// What a database's backups say about a typed time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Found<'a> {
    /// The completed backup nearest to it, and where it lies from it.
    Backup(&'a Backup, Offset),
    /// The backups are listed, and none of them is completed.
    NoneCompleted,
    /// The backups were never asked for: Enter loads them.
    NotLoaded,
    /// The last read of the backups failed: Enter tries again.
    Failed,
    /// A remote database: the API keeps no backups for it (it answers 422), so there is nothing to try again.
    Remote,
    /// The backups are on their way.
    Loading,
}

/// One database's answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest<'a> {
    pub database: &'a str,
    pub found: Found<'a>,
}

/// What `database`'s backups, as known now, say about `span`.
pub fn found<'a>(data: &'a Data, database: &str, span: Span) -> Found<'a> {
    let slot = data.backups.get(database);
    match slot.and_then(Loadable::value) {
        Some(list) => match backup_nearest(&list.data, span) {
            Some((backup, offset)) => Found::Backup(backup, offset),
            None => Found::NoneCompleted,
        },
        None => match slot {
            Some(Loadable::Loading { .. }) => Found::Loading,
            Some(backups) if keeps_no_backups(backups) => Found::Remote,
            Some(Loadable::Failed(_)) => Found::Failed,
            _ => Found::NotLoaded,
        },
    }
}

/// For `span`: the database in view first (whatever its backups' state), then every other database whose
/// backups are known and hold a completed one, by name.
pub fn nearest<'a>(data: &'a Data, in_view: Option<&'a str>, span: Span) -> Vec<Nearest<'a>> {
    let mut others: Vec<Nearest<'a>> = data
        .backups
        .keys()
        .map(String::as_str)
        .filter(|database| Some(*database) != in_view)
        .map(|database| Nearest { database, found: found(data, database, span) })
        .filter(|nearest| matches!(nearest.found, Found::Backup(..)))
        .collect();
    others.sort_by_cached_key(|nearest| (data.database_name(nearest.database), nearest.database));
    let first = in_view.map(|database| Nearest { database, found: found(data, database, span) });
    first.into_iter().chain(others).collect()
}

/// A length of time in the largest two units that matter: `45 s`, `12 min`, `2 h`, `2 h 30 min`, `3 d 4 h`.
pub fn length(delta: TimeDelta) -> String {
    let seconds = delta.num_seconds().unsigned_abs();
    let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, minutes) => format!("{minutes} min"),
        (0, hours, 0) => format!("{hours} h"),
        (0, hours, minutes) => format!("{hours} h {minutes} min"),
        (days, 0, _) => format!("{days} d"),
        (days, hours, _) => format!("{days} d {hours} h"),
    }
}

/// Where a backup lies from what was typed, in words: `2 h before`, `at that time`; for a day alone `that
/// day`, `3 h after that day`.
pub fn offset_words(offset: Offset, span: Span) -> String {
    let day = span.0 != span.1;
    match (offset, day) {
        (Offset::Within, false) => "at that time".to_owned(),
        (Offset::Within, true) => "that day".to_owned(),
        (Offset::Before(delta), false) => format!("{} before", length(delta)),
        (Offset::After(delta), false) => format!("{} after", length(delta)),
        (Offset::Before(delta), true) => format!("{} before that day", length(delta)),
        (Offset::After(delta), true) => format!("{} after that day", length(delta)),
    }
}

/// How the query was read, for the line under it: `2026-11-14 05:00 UTC` or `the day 2026-11-14 (UTC)`.
pub fn read_as(span: Span) -> String {
    if span.0 == span.1 {
        let format = if span.0.timestamp() % 60 == 0 { "%Y-%m-%d %H:%M UTC" } else { "%Y-%m-%d %H:%M:%S UTC" };
        span.0.format(format).to_string()
    } else {
        span.0.format("the day %Y-%m-%d (UTC)").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BackupList, BackupMeta, BackupPagination, BackupStatus, BackupType, Listing, Timestamp};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn backups(list: &[(&str, &str, BackupStatus)]) -> Loadable<BackupList> {
        let data: Vec<Backup> = list
            .iter()
            .map(|(id, created, status)| Backup {
                id: (*id).into(),
                backup_type: BackupType::Full,
                created_at: Timestamp::parse(*created),
                size: None,
                status: status.clone(),
                resource_type: None,
            })
            .collect();
        Loadable::Loaded(BackupList {
            data: Listing::from(data),
            meta: BackupMeta { backup_retention_days: None },
            pagination: BackupPagination { has_more: false, limit: None },
        })
    }

    #[test]
    fn the_database_in_view_comes_first_whatever_its_state_and_others_only_with_a_backup() {
        let mut data = Data::default();
        let done = || BackupStatus::Completed;
        data.backups.insert("db_b".into(), backups(&[("b1", "2026-11-14T03:00:00Z", done())]));
        data.backups.insert("db_a".into(), backups(&[("a1", "2026-11-13T03:00:00Z", done())]));
        data.backups.insert("db_failed_only".into(), backups(&[("f1", "2026-11-14T03:00:00Z", BackupStatus::Failed)]));
        data.backups.insert("db_loading".into(), Loadable::Loading { request: 7, partial: None });
        let time = at("2026-11-14T05:00:00Z");
        let span = (time, time);
        let found = nearest(&data, Some("db_view"), span);
        let databases: Vec<&str> = found.iter().map(|nearest| nearest.database).collect();
        assert_eq!(databases, ["db_view", "db_a", "db_b"]);
        assert_eq!(found[0].found, Found::NotLoaded);
        let Found::Backup(backup, offset) = found[2].found else { panic!("{:?}", found[2]) };
        assert_eq!((backup.id.as_str(), offset), ("b1", Offset::Before(TimeDelta::hours(2))));
        assert_eq!(nearest(&data, Some("db_failed_only"), span)[0].found, Found::NoneCompleted);
        assert_eq!(nearest(&data, Some("db_loading"), span)[0].found, Found::Loading);
        data.backups.insert(
            "db_view".into(),
            Loadable::Failed(crate::api::Error::Timeout {
                route: crate::api::Route { method: "GET", path: "/v1/databases/db_view/backups".into() },
                detail: "timed out".into(),
            }),
        );
        assert_eq!(nearest(&data, Some("db_view"), span)[0].found, Found::Failed);
        assert_eq!(nearest(&data, None, span).len(), 2, "no database in view: the loaded ones only");
    }

    #[test]
    fn lengths_and_offsets_in_words() {
        let cases = [(45, "45 s"), (720, "12 min"), (7_200, "2 h"), (9_000, "2 h 30 min"), (259_200, "3 d")];
        for (seconds, words) in cases {
            assert_eq!(length(TimeDelta::seconds(seconds)), words);
        }
        assert_eq!(length(TimeDelta::seconds(3 * 86_400 + 4 * 3_600 + 59)), "3 d 4 h");
        let time = at("2026-11-14T05:00:00Z");
        let day = (at("2026-11-14T00:00:00Z"), at("2026-11-14T23:59:59Z"));
        assert_eq!(offset_words(Offset::Before(TimeDelta::hours(2)), (time, time)), "2 h before");
        assert_eq!(offset_words(Offset::After(TimeDelta::minutes(5)), (time, time)), "5 min after");
        assert_eq!(offset_words(Offset::Within, (time, time)), "at that time");
        assert_eq!(offset_words(Offset::Within, day), "that day");
        assert_eq!(offset_words(Offset::After(TimeDelta::hours(3)), day), "3 h after that day");
        assert_eq!(read_as((time, time)), "2026-11-14 05:00 UTC");
        assert_eq!(read_as(day), "the day 2026-11-14 (UTC)");
        let odd = at("2026-11-14T05:00:30Z");
        assert_eq!(read_as((odd, odd)), "2026-11-14 05:00:30 UTC");
    }
}
