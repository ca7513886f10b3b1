//! Planning a restore: the safety copy made of the target before restoring over it (so that an in-place
//! restore keeps a way back), and the backup a point in time stands for. Pure, for the CLI and the TUI.
use std::cmp::Reverse;

use chrono::{DateTime, TimeDelta, Utc};

use super::{Backup, BackupStatus, Database, DatabaseSource, NewDatabase};

/// What the name of a safety copy holds between the target's name and the time.
pub const COPY_MARK: &str = "-before-restore-";

/// The longest name the API takes (as the emulator enforces); a copy's name stays within it.
const MAX_NAME: usize = 255;

/// `<target>-before-restore-<YYYYMMDD-HHMMSS>` (UTC), the target's name cut so that the whole fits.
pub fn safety_copy_name(target: &str, now: DateTime<Utc>) -> String {
    let tail = format!("{COPY_MARK}{}", now.format("%Y%m%d-%H%M%S"));
    let room = MAX_NAME.saturating_sub(tail.chars().count());
    let head: String = target.chars().take(room).collect();
    format!("{head}{tail}")
}

/// A restore over an existing database, with or without a copy of it made first.
#[derive(Debug, Clone, PartialEq)]
pub struct InPlaceRestore {
    pub target: Database,
    pub source_database: String,
    pub backup: String,
    /// The copy to make before restoring; `None` when asked to skip it.
    pub copy: Option<SafetyCopy>,
}

/// The copy of the target, made before the restore is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct SafetyCopy {
    /// The target's project, where the copy is made.
    pub project: String,
    pub new: NewDatabase,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreStep {
    /// Create the copy (`POST /v1/projects/{project}/databases` with `source: database`); restore only
    /// once it is accepted.
    MakeCopy(SafetyCopy),
    /// Send the restore.
    Restore,
}

impl InPlaceRestore {
    /// The plan; the copy needs the target's project, so a target without one cannot have a copy.
    pub fn plan(
        target: Database,
        source_database: &str,
        backup: &str,
        with_copy: bool,
        now: DateTime<Utc>,
    ) -> Result<Self, String> {
        let copy = match (with_copy, target.project.as_ref()) {
            (false, _) => None,
            (true, None) => {
                return Err(format!(
                    "the API did not say which project database {} belongs to, so no safety copy can be made of it",
                    target.id
                ));
            }
            (true, Some(project)) => Some(SafetyCopy {
                project: project.id.clone(),
                new: NewDatabase {
                    name: Some(safety_copy_name(&target.name, now)),
                    region: target.region.as_ref().map(|region| region.id.clone()),
                    source: Some(DatabaseSource::Database { database_id: target.id.clone() }),
                },
            }),
        };
        Ok(Self { target, source_database: source_database.to_owned(), backup: backup.to_owned(), copy })
    }

    /// The first step: the copy when there is one to make, else the restore.
    pub fn first(&self) -> RestoreStep {
        match &self.copy {
            Some(copy) => RestoreStep::MakeCopy(copy.clone()),
            None => RestoreStep::Restore,
        }
    }

    /// Why nothing was restored, when the copy could not be made (`why` names the failure).
    pub fn copy_failed(&self, why: &str) -> String {
        format!(
            "the safety copy of {} could not be made ({why}): nothing was restored. Try again, or pass \
             --no-safety-copy to restore without a copy",
            self.target.name
        )
    }

    /// What to say once the restore is under way, with the copy made before it.
    pub fn kept(copy: &Database) -> String {
        format!(
            "the data as it was before the restore is kept in {} ({}); delete it when it is no longer needed: \
             ppg databases delete {} --confirm {}",
            copy.name, copy.id, copy.id, copy.id
        )
    }
}

/// The newest completed backup taken at or before `at` (backups whose time does not parse never match).
pub fn backup_at(backups: &[Backup], at: DateTime<Utc>) -> Option<&Backup> {
    backups
        .iter()
        .filter(|backup| backup.status == BackupStatus::Completed)
        .filter_map(|backup| backup.created_at.at().filter(|created| *created <= at).map(|created| (created, backup)))
        .max_by_key(|(created, backup)| (*created, backup.id.clone()))
        .map(|(_, backup)| backup)
}

/// Where a backup lies from the time asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    /// At the instant itself, or within the day asked for.
    Within,
    /// Taken this long before it (before the day's first second, for a day).
    Before(TimeDelta),
    /// Taken this long after it (after the day's last second, for a day).
    After(TimeDelta),
}

/// The completed backup nearest to `span` (its first and last instant: equal for a time, a whole day for a
/// day), before or after it, with where it lies. Of the backups within the span the newest (the one
/// `backup_at` picks for its end); of two equally far on either side, the older one. Backups whose time
/// does not parse never match.
pub fn backup_nearest(backups: &[Backup], span: (DateTime<Utc>, DateTime<Utc>)) -> Option<(&Backup, Offset)> {
    let (from, to) = (span.0.min(span.1), span.0.max(span.1));
    let offset = |created: DateTime<Utc>| match created {
        created if created < from => Offset::Before(from - created),
        created if created > to => Offset::After(created - to),
        _ => Offset::Within,
    };
    backups
        .iter()
        .filter(|backup| backup.status == BackupStatus::Completed)
        .filter_map(|backup| backup.created_at.at().map(|created| (created, backup)))
        .min_by_key(|(created, backup)| {
            let micros = created.timestamp_micros();
            match offset(*created) {
                // Within: the newest first.
                Offset::Within => (TimeDelta::zero(), micros.saturating_neg(), Reverse(backup.id.as_str())),
                // Outside: the nearest first, then the older.
                Offset::Before(distance) | Offset::After(distance) => (distance, micros, Reverse(backup.id.as_str())),
            }
        })
        .map(|(created, backup)| (backup, offset(created)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BackupType, DatabaseStatus, Listing, ResourceRef, Timestamp};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn backup(id: &str, created: &str, status: BackupStatus) -> Backup {
        Backup {
            id: id.into(),
            backup_type: BackupType::Incremental,
            created_at: Timestamp::parse(created),
            size: None,
            status,
            resource_type: None,
        }
    }

    fn database(name: &str, project: Option<&str>) -> Database {
        Database {
            id: "db_target".into(),
            resource_type: "database".into(),
            url: String::new(),
            name: name.into(),
            status: DatabaseStatus::Ready,
            created_at: Timestamp::parse("2026-01-01T00:00:00Z"),
            is_default: false,
            default_connection_id: None,
            connections: Listing::default(),
            project: project.map(|id| ResourceRef { id: id.into(), url: None, name: "shop".into() }),
            region: Some(crate::api::Region { id: "eu-west-3".into(), name: "Paris".into() }),
            source: None,
            branch_id: None,
            logical_id: None,
            api_keys: None,
            connection_string: None,
            direct_connection: None,
        }
    }

    #[test]
    fn the_newest_completed_backup_at_or_before_the_time() {
        let backups = [
            backup("b3", "2026-11-12T03:00:00Z", BackupStatus::Completed),
            backup("b2", "2026-11-11T03:00:00Z", BackupStatus::Failed),
            backup("b1", "2026-11-10T03:00:00Z", BackupStatus::Completed),
            backup("odd", "yesterday", BackupStatus::Completed),
        ];
        let pick = |time: &str| backup_at(&backups, at(time)).map(|b| b.id.as_str());
        assert_eq!(pick("2026-11-12T03:00:00Z"), Some("b3"), "at the time itself");
        assert_eq!(pick("2026-11-12T02:59:59Z"), Some("b1"), "the failed one is passed over");
        assert_eq!(pick("2026-11-30T00:00:00Z"), Some("b3"));
        assert_eq!(pick("2026-11-10T02:00:00Z"), None, "nothing that early");
    }

    #[test]
    fn the_nearest_completed_backup_before_or_after_and_the_older_on_a_tie() {
        let backups = [
            backup("b4", "2026-11-13T03:00:00Z", BackupStatus::Completed),
            backup("b3", "2026-11-12T03:00:00Z", BackupStatus::Failed),
            backup("b2", "2026-11-11T03:00:00Z", BackupStatus::Completed),
            backup("b1", "2026-11-10T03:00:00Z", BackupStatus::Completed),
            backup("odd", "yesterday", BackupStatus::Completed),
        ];
        let hours = TimeDelta::hours;
        let pick = |time: &str| {
            let at = at(time);
            backup_nearest(&backups, (at, at)).map(|(backup, offset)| (backup.id.as_str(), offset))
        };
        assert_eq!(pick("2026-11-11T05:00:00Z"), Some(("b2", Offset::Before(hours(2)))));
        assert_eq!(pick("2026-11-11T01:00:00Z"), Some(("b2", Offset::After(hours(2)))));
        assert_eq!(pick("2026-11-11T03:00:00Z"), Some(("b2", Offset::Within)), "at the time itself");
        assert_eq!(pick("2026-11-10T15:00:00Z"), Some(("b1", Offset::Before(hours(12)))), "a tie: the older");
        assert_eq!(pick("2026-11-12T04:00:00Z"), Some(("b4", Offset::After(hours(23)))), "the failed one passed over");
        assert_eq!(pick("2030-01-01T00:00:00Z").map(|(id, _)| id), Some("b4"), "long after the newest");
        assert_eq!(pick("2020-01-01T00:00:00Z").map(|(id, _)| id), Some("b1"), "long before the oldest");
        let failed = [backup("f", "2026-11-11T03:00:00Z", BackupStatus::Failed)];
        assert_eq!(backup_nearest(&failed, (at("2026-11-11T03:00:00Z"), at("2026-11-11T03:00:00Z"))), None);
        assert_eq!(backup_nearest(&[], (at("2026-11-11T03:00:00Z"), at("2026-11-11T03:00:00Z"))), None);
    }

    #[test]
    fn a_day_picks_its_newest_backup_else_the_nearest_outside_it() {
        let day = |date: &str| (at(&format!("{date}T00:00:00Z")), at(&format!("{date}T23:59:59Z")));
        let backups = [
            backup("late", "2026-11-11T22:00:00Z", BackupStatus::Completed),
            backup("early", "2026-11-11T03:00:00Z", BackupStatus::Completed),
            backup("next", "2026-11-12T03:00:00Z", BackupStatus::Completed),
            backup("before", "2026-11-09T20:00:00Z", BackupStatus::Completed),
        ];
        let pick =
            |date: &str| backup_nearest(&backups, day(date)).map(|(backup, offset)| (backup.id.as_str(), offset));
        assert_eq!(pick("2026-11-11"), Some(("late", Offset::Within)), "the day's newest, as backup_at");
        assert_eq!(backup_at(&backups, day("2026-11-11").1).map(|b| b.id.as_str()), Some("late"));
        assert_eq!(pick("2026-11-12"), Some(("next", Offset::Within)));
        // Nothing on the 10th: 4 h before its first second, 3 h after its last.
        assert_eq!(pick("2026-11-10"), Some(("early", Offset::After(TimeDelta::seconds(3 * 3600 + 1)))));
        assert_eq!(pick("2026-11-20").map(|(id, _)| id), Some("next"));
    }

    #[test]
    fn the_copy_is_named_after_the_target_and_the_time_and_fits() {
        let now = at("2026-12-03T04:15:09Z");
        assert_eq!(safety_copy_name("orders", now), "orders-before-restore-20261203-041509");
        let long = "é".repeat(300);
        let name = safety_copy_name(&long, now);
        assert_eq!(name.chars().count(), 255);
        assert!(name.ends_with("-before-restore-20261203-041509"));
    }

    #[test]
    fn the_copy_comes_first_unless_skipped() {
        let now = at("2026-12-03T04:15:09Z");
        let plan = InPlaceRestore::plan(database("orders", Some("proj_1")), "db_src", "bkp_1", true, now).unwrap();
        let RestoreStep::MakeCopy(copy) = plan.first() else { panic!("the copy comes first") };
        assert_eq!(copy.project, "proj_1");
        assert_eq!(copy.new.source, Some(DatabaseSource::Database { database_id: "db_target".into() }));
        assert_eq!(copy.new.region.as_deref(), Some("eu-west-3"));
        assert!(plan.copy_failed("402").contains("nothing was restored"));
        let skipped = InPlaceRestore::plan(database("orders", None), "db_src", "bkp_1", false, now).unwrap();
        assert_eq!(skipped.first(), RestoreStep::Restore);
        assert!(InPlaceRestore::plan(database("orders", None), "db_src", "bkp_1", true, now).is_err());
    }
}
