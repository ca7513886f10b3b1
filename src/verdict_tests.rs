//! The verdicts on lost creates and restores, case by case and under random interleavings.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::*;

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::UNIX_EPOCH + Duration::seconds(1_800_000_000 + seconds)
}

fn sent(before: &[&str], name: &str, seconds: i64) -> SentCreate {
    SentCreate {
        before: before.iter().map(|id| (*id).to_owned()).collect(),
        name: name.to_owned(),
        sent_at: at(seconds),
    }
}

/// (id, name, createdAt) triples as a list shows them.
fn listed(items: &[(&str, &str, Timestamp)]) -> Vec<(String, String, Timestamp)> {
    items.iter().map(|(id, name, time)| ((*id).to_owned(), (*name).to_owned(), time.clone())).collect()
}

fn judge(sent: &SentCreate, items: &[(String, String, Timestamp)]) -> Creation {
    creation(sent, items.iter().map(|(id, name, created_at)| Seen { id, name, created_at }))
}

#[test]
fn a_create_is_claimed_only_with_all_three_pieces_of_evidence() {
    let request = sent(&["con_old"], "ppg-20261202-101500-k3f9", 0);
    let mine = ("con_new", "ppg-20261202-101500-k3f9", at(0).into());
    assert_eq!(judge(&request, &listed(std::slice::from_ref(&mine))), Creation::Created { id: "con_new".into() });
    assert_eq!(judge(&request, &listed(&[])), Creation::NotCreated);
    let same_name_before = ("con_old", "ppg-20261202-101500-k3f9", at(-60).into());
    assert_eq!(judge(&request, &listed(&[same_name_before])), Creation::NotCreated, "an old item is not new");
    let earlier = ("con_new", "ppg-20261202-101500-k3f9", at(-1).into());
    assert!(matches!(judge(&request, &listed(&[earlier])), Creation::Unknown { .. }), "made before it was asked");
    let unreadable_time = ("con_new", "ppg-20261202-101500-k3f9", Timestamp::parse("soon"));
    assert!(matches!(judge(&request, &listed(&[unreadable_time])), Creation::Unknown { .. }));
    let twin = ("con_twin", "ppg-20261202-101500-k3f9", at(1).into());
    assert!(matches!(judge(&request, &listed(&[mine, twin])), Creation::Unknown { why } if why.contains("2 new")));
}

#[test]
fn a_parallel_run_with_its_own_default_name_is_never_claimed() {
    // Two runs in the same second: this one's request failed before it was applied, the other's succeeded.
    let request = sent(&[], "ppg-20261202-101500-aaaa", 0);
    let theirs = ("con_theirs", "ppg-20261202-101500-bbbb", at(0).into());
    assert_eq!(judge(&request, &listed(&[theirs])), Creation::NotCreated);
}

#[test]
fn times_are_compared_at_the_millisecond() {
    let request = SentCreate { before: HashSet::new(), name: "n".into(), sent_at: at(0) + Duration::microseconds(700) };
    let made = ("x", "n", at(0).into());
    assert_eq!(judge(&request, &listed(&[made])), Creation::Created { id: "x".into() });
}

fn database(status: DatabaseStatus, source: Option<DatabaseSource>) -> Database {
    let json = serde_json::json!({"id": "db_t", "name": "t", "status": status.as_str(), "createdAt": "2026-01-01T00:00:00Z",
        "isDefault": false, "source": source});
    serde_json::from_value(json).unwrap()
}

fn backup(id: &str) -> Option<DatabaseSource> {
    Some(DatabaseSource::Backup { database_id: "db_s".into(), backup_id: id.into() })
}

fn restore(backup_id: &str, before: Option<(DatabaseStatus, Option<DatabaseSource>)>) -> SentRestore {
    SentRestore { source_database: "db_s".into(), backup: backup_id.into(), before }
}

#[test]
fn a_restore_is_claimed_only_when_the_target_moved_to_the_backup_asked_for() {
    use DatabaseStatus::{Ready, Recovering};
    // The case: the first restore is running; the second, of another backup, was lost.
    let second = restore("bkp_2", Some((Recovering, backup("bkp_1"))));
    let now = database(Recovering, backup("bkp_1"));
    assert!(matches!(restoration(&second, Some(&now)), Restoration::Unknown { why } if why.contains("bkp_1")));
    // The target moved to the backup asked for: started, whether still recovering or done already.
    let first = restore("bkp_1", Some((Ready, None)));
    assert_eq!(restoration(&first, Some(&database(Recovering, backup("bkp_1")))), Restoration::Started);
    assert_eq!(restoration(&first, Some(&database(Ready, backup("bkp_1")))), Restoration::Started);
    // Restoring the backup it already came from: only a fresh `recovering` shows it started.
    let again = restore("bkp_1", Some((Ready, backup("bkp_1"))));
    assert_eq!(restoration(&again, Some(&database(Recovering, backup("bkp_1")))), Restoration::Started);
    assert!(matches!(restoration(&again, Some(&database(Ready, backup("bkp_1")))), Restoration::Unknown { .. }));
    // Without a view of before, or of the target now, nothing can be claimed.
    assert!(matches!(restoration(&restore("bkp_1", None), Some(&now)), Restoration::Unknown { .. }));
    assert!(matches!(restoration(&first, None), Restoration::Unknown { .. }));
    // The same backup id from another database is another backup.
    let other_database = Some(DatabaseSource::Backup { database_id: "db_x".into(), backup_id: "bkp_1".into() });
    assert!(matches!(restoration(&first, Some(&database(Recovering, other_database))), Restoration::Unknown { .. }));
}

proptest! {
    /// Whatever else appears or vanishes meanwhile (foreign creates with any name and time), `Created` is
    /// said only when exactly one new item has the name and a time not before the request, and it is that one.
    #[test]
    fn created_only_with_evidence(
        before in proptest::collection::hash_set("[a-d][0-9]", 0..6),
        now in proptest::collection::vec(("[a-f][0-9]", prop_oneof!["mine", "theirs", "[a-z]{1,3}"], -3i64..3), 0..8),
    ) {
        let request = SentCreate { before: before.clone(), name: "mine".into(), sent_at: at(0) };
        let items: Vec<(String, String, Timestamp)> =
            now.iter().map(|(id, name, seconds)| (id.clone(), name.clone(), at(*seconds).into())).collect();
        let new_named: Vec<&(String, String, Timestamp)> =
            items.iter().filter(|(id, name, _)| name == "mine" && !before.contains(id)).collect();
        match judge(&request, &items) {
            Creation::Created { id } => {
                prop_assert_eq!(new_named.len(), 1);
                prop_assert_eq!(&new_named[0].0, &id);
                prop_assert!(new_named[0].2.at().unwrap() >= at(0));
            }
            Creation::NotCreated => prop_assert!(new_named.is_empty()),
            Creation::Unknown { .. } => prop_assert!(!new_named.is_empty()),
        }
    }
}
