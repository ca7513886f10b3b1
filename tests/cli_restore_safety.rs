//! The real `ppg` binary's in-place restore with its safety copy (made first, its failure stopping the
//! restore, skipped on request) and the restore of the backup a time points at.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use cli_support::Harness;
use ppg::emulator::{Config, Seed};
use serde_json::Value;

/// The demo's completed backups of `database`, newest first: (id, createdAt).
fn completed(h: &Harness, database: &str) -> Vec<(String, String)> {
    let backups = h.data(&format!("/v1/databases/{database}/backups"), &[("limit", "100")]);
    let mut found: Vec<(String, String)> = backups
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] == "completed")
        .map(|b| (b["id"].as_str().unwrap().to_owned(), b["createdAt"].as_str().unwrap().to_owned()))
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1));
    found
}

fn copies_of(h: &Harness, database: &str) -> Vec<Value> {
    h.records("databases").into_iter().filter(|d| d["source"]["databaseId"] == database).collect()
}

#[test]
fn the_copy_is_made_first_and_named_in_the_last_message() {
    let h = Harness::demo();
    h.wait_until_settled();
    let (main, analytics) = (h.id_of("databases", "main-db"), h.id_of("databases", "analytics"));
    let (backup, _) = completed(&h, &main)[1].clone();
    h.clear_requests();
    let args =
        ["restore", "--backup", &backup, "--source-database", &main, "--into", &analytics, "--confirm", &analytics];
    let run = h.ppg(&args);
    run.ok();
    let copies = copies_of(&h, &analytics);
    assert_eq!(copies.len(), 1);
    let (copy_id, copy_name) = (copies[0]["id"].as_str().unwrap(), copies[0]["name"].as_str().unwrap());
    assert!(copy_name.starts_with("analytics-before-restore-"), "{copy_name}");
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.contains(copy_name) && last.contains(&format!("ppg databases delete {copy_id} --confirm {copy_id}")),
        "{last}"
    );
    let paths: Vec<String> = h.changes().iter().map(|c| c["path"].as_str().unwrap().to_owned()).collect();
    assert!(paths[0].ends_with("/databases") && paths[1].ends_with("/restore"), "copy first: {paths:?}");
}

#[test]
fn no_safety_copy_restores_straight_away() {
    let h = Harness::demo();
    h.wait_until_settled();
    let (main, analytics) = (h.id_of("databases", "main-db"), h.id_of("databases", "analytics"));
    let (backup, _) = completed(&h, &main)[0].clone();
    h.clear_requests();
    let args = ["restore", "--backup", &backup, "--source-database", &main, "--into", &analytics];
    h.ppg(&args).code(4).stderr_has("first copied");
    h.ppg(&[&args[..], &["--no-safety-copy"]].concat()).code(4).stderr_has("no copy is made first");
    let run = h.ppg(&[&args[..], &["--confirm", &analytics, "--no-safety-copy"]].concat());
    run.ok().stderr_has("restore started");
    assert!(!run.stderr.contains("before-restore"), "{}", run.printed());
    assert!(copies_of(&h, &analytics).is_empty());
    assert_eq!(h.changes().len(), 1, "only the restore");
    h.ppg(&["restore", "--backup", &backup, "--source-database", &main, "--new", "x", "--no-safety-copy"]).code(2);
}

#[test]
fn a_refused_copy_restores_nothing() {
    let demo_databases = 16;
    let h = Harness::start(Config { max_databases: Some(demo_databases), ..common::config(Seed::Demo) });
    h.wait_until_settled();
    let (main, analytics) = (h.id_of("databases", "main-db"), h.id_of("databases", "analytics"));
    let before = h.state()["databases"][&analytics]["data"].clone();
    let (backup, _) = completed(&h, &main)[0].clone();
    h.clear_requests();
    let args =
        ["restore", "--backup", &backup, "--source-database", &main, "--into", &analytics, "--confirm", &analytics];
    let run = h.ppg(&args);
    run.code(1).stderr_has("nothing was restored").stderr_has("plan allows no more databases");
    assert_eq!(h.state()["databases"][&analytics]["data"], before, "the target is untouched");
    assert!(h.changes().iter().all(|c| !c["path"].as_str().unwrap().ends_with("/restore")), "no restore was sent");
}

#[test]
fn at_picks_the_newest_completed_backup_at_or_before_the_time_and_says_which() {
    let h = Harness::demo();
    h.wait_until_settled();
    let (analytics, main) = (h.id_of("databases", "analytics"), h.id_of("databases", "main-db"));
    // The demo's analytics database has a failed backup three nights ago: --at that night picks the one before.
    let all = h.data(&format!("/v1/databases/{analytics}/backups"), &[("limit", "100")]);
    let failed = all.as_array().unwrap().iter().find(|b| b["status"] == "failed").unwrap();
    let failed_at = failed["createdAt"].as_str().unwrap();
    let night_before = completed(&h, &analytics).into_iter().find(|(_, at)| at.as_str() < failed_at).unwrap();
    let run = h.ppg(&["restore", "--at", failed_at, "--source-database", &analytics, "--new", "as-of", "--json"]);
    run.ok().stderr_has(&format!("is {}", night_before.0));
    assert_eq!(run.json()["source"]["backupId"], Value::String(night_before.0.clone()));

    let newest = completed(&h, &main)[0].clone();
    let yesterday = h.ppg(&["restore", "--at", "yesterday 23:00", "--source-database", &main, "--new", "y", "--json"]);
    yesterday.ok();
    assert_eq!(yesterday.json()["source"]["backupId"], Value::String(newest.0));

    let too_early = h.ppg(&["restore", "--at", "2001-01-01", "--source-database", &main, "--new", "z"]);
    too_early.code(3).stderr_has("no completed backup at or before 2001-01-01 23:59:59 UTC");
    h.ppg(&["restore", "--at", "last tuesday", "--source-database", &main, "--new", "z"])
        .code(2)
        .stderr_has("yesterday 03:00");
    h.ppg(&["restore", "--source-database", &main, "--new", "z"]).code(2);
}

#[test]
fn a_copy_whose_answer_is_lost_restores_nothing_and_says_what_became_of_it() {
    let h = Harness::demo();
    h.wait_until_settled();
    let (main, analytics) = (h.id_of("databases", "main-db"), h.id_of("databases", "analytics"));
    let project = h.state()["databases"][&analytics]["projectId"].as_str().unwrap().to_owned();
    let (backup, _) = completed(&h, &main)[0].clone();
    let before = h.state()["databases"][&analytics]["data"].clone();
    let args =
        ["restore", "--backup", &backup, "--source-database", &main, "--into", &analytics, "--confirm", &analytics];
    for (fate, said) in [("fail-after", "WAS created"), ("fail-before", "nothing was created")] {
        h.fault_next("POST", &format!("/v1/projects/{project}/databases"), fate, Value::Null);
        let run = h.ppg(&args);
        run.code(1).stderr_has(said).stderr_has("Nothing was restored");
        assert_eq!(h.state()["databases"][&analytics]["data"], before, "{fate}: the target is untouched");
    }
    assert_eq!(copies_of(&h, &analytics).len(), 1, "the copy made before its answer was lost");
}
