//! The real `ppg` binary when a change's answer is lost: it says created, not created, started or unknown
//! from evidence that belongs to its own request, never from someone else's change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use std::time::Duration;

use cli_support::{Harness, Run};
use ppg::emulator::{Config, Faults, Seed};
use serde_json::Value;

/// A demo whose restores and creations settle after `ready_after`.
fn demo(ready_after: Duration, faults: Faults) -> Harness {
    Harness::start(Config { ready_after, faults, ..common::config(Seed::Demo) })
}

/// Two completed backups of the demo's `main-db` of checkout-service, and a target that may be restored over.
fn restore_setup(h: &Harness) -> (String, [String; 2], String) {
    let source = h.id_of("databases", "main-db");
    let mut backups: Vec<Value> = h
        .records("backups")
        .into_iter()
        .filter(|b| b["databaseId"] == source.as_str() && b["status"] == "completed")
        .collect();
    backups.sort_by(|a, b| b["createdAt"].as_str().cmp(&a["createdAt"].as_str()));
    let id = |backup: &Value| backup["id"].as_str().unwrap().to_owned();
    (source, [id(&backups[0]), id(&backups[1])], h.id_of("databases", "analytics"))
}

fn restore(h: &Harness, source: &str, backup: &str, target: &str) -> Run {
    h.ppg(&["restore", "--backup", backup, "--source-database", source, "--into", target, "--confirm", target])
}

/// The backup the target's data comes from now, per the emulator's own state.
fn restored_from(h: &Harness, target: &str) -> Option<String> {
    let state = h.state();
    state["databases"][target]["source"]["backupId"].as_str().map(str::to_owned)
}

#[test]
fn a_lost_restore_is_claimed_only_by_its_own_evidence() {
    let h = demo(Duration::from_secs(3600), Faults::default());
    let (source, [first, second], target) = restore_setup(&h);
    restore(&h, &source, &first, &target).ok().stderr_has("restore started");
    assert_eq!(restored_from(&h, &target).as_deref(), Some(first.as_str()));

    // The case: the second restore, of another backup, fails before it is applied. The target is
    // recovering, but from the first: that is not this request's evidence.
    h.fault_next("POST", &format!("/v1/databases/{target}/restore"), "fail-before", Value::Null);
    let lost = restore(&h, &source, &second, &target);
    lost.code(1).stderr_has("whether the restore started is unknown").stderr_has(&first);
    assert!(!lost.printed().contains("comes from the backup asked for"), "{}", lost.printed());
    assert_eq!(restored_from(&h, &target).as_deref(), Some(first.as_str()), "nothing happened");
}

#[test]
fn a_restore_applied_before_its_answer_was_lost_is_reported_started() {
    let h = demo(Duration::from_millis(200), Faults::default());
    let (source, [first, _], target) = restore_setup(&h);
    h.fault_next("POST", &format!("/v1/databases/{target}/restore"), "fail-after", Value::Null);
    let lost = restore(&h, &source, &first, &target);
    lost.ok().stderr_has("the outcome is unknown").stderr_has("comes from the backup asked for: the restore started");
    assert_eq!(restored_from(&h, &target).as_deref(), Some(first.as_str()));
}

/// The name a run reported in its messages (`… named NAME …` or `… created: NAME (id)`).
fn reported_name(run: &Run) -> Option<String> {
    let text = run.printed();
    let after = text.split("named ").nth(1).or_else(|| text.split("WAS created: ").nth(1))?;
    after.split([' ', '.']).next().map(str::to_owned)
}

#[test]
fn parallel_creates_never_claim_each_others_connections() {
    let h = demo(Duration::from_millis(300), Faults::default());
    let database = h.id_of("databases", "main-db");
    let path = format!("/v1/databases/{database}/connections");
    h.fault_next("POST", &path, "fail-before", Value::Null);
    let (a, b) = std::thread::scope(|scope| {
        let run = || scope.spawn(|| h.ppg(&["connections", "create", &database, "--json"]));
        let (a, b) = (run(), run());
        (a.join().unwrap(), b.join().unwrap())
    });
    let (made, lost) = if a.code == Some(0) { (a, b) } else { (b, a) };
    let connection = made.ok().json();
    let name = connection["name"].as_str().unwrap();
    assert!(name.starts_with("ppg-") && name.len() == "ppg-20261202-101500-k3f9".len(), "{name}");
    lost.code(1).stderr_has("nothing was created, and it is safe to try again");
    let lost_name = reported_name(&lost).unwrap();
    assert_ne!(lost_name, name, "default names differ in the same second");
    assert!(!lost.printed().contains(connection["id"].as_str().unwrap()), "{}", lost.printed());

    // Applied, then its answer lost: this run's own connection is found, by name, id and time.
    h.fault_next("POST", &path, "fail-after", Value::Null);
    let found = h.ppg(&["connections", "create", &database, "--name", "worker", "--json"]);
    found.code(1).stderr_has("WAS created").stderr_has("rotate it");
    let created = found.json();
    assert_eq!(created["name"], "worker");
    let workers = h.records("connections").into_iter().filter(|c| c["name"] == "worker").count();
    assert_eq!(workers, 1);
}

/// Checks one restore run: a success (exit 0, whether answered or settled as started) must be backed by the
/// target's source right after it. Returns whether it claimed a start.
fn check_restore(h: &Harness, run: &Run, backup: &str, target: &str) -> bool {
    let claimed = run.code == Some(0);
    if claimed {
        let now = restored_from(h, target);
        assert_eq!(now.as_deref(), Some(backup), "a false claim of a start over {target}: {}", run.printed());
    }
    claimed
}

/// Runs two `connections create` at once, without names, and checks what each claims against the state.
/// Returns how many claimed a creation.
fn check_create_pair(h: &Harness, database: &str) -> usize {
    let (a, b) = std::thread::scope(|scope| {
        let run = || scope.spawn(|| h.ppg(&["connections", "create", database]));
        let (a, b) = (run(), run());
        (a.join().unwrap(), b.join().unwrap())
    });
    let connections = h.records("connections");
    let mut claims = 0;
    for run in [a, b] {
        let Some(name) = reported_name(&run).or_else(|| created_name(&run)) else { continue };
        let named = connections.iter().filter(|c| c["name"] == name.as_str()).count();
        let text = run.printed();
        if run.code == Some(0) || text.contains("WAS created") {
            assert_eq!(named, 1, "claimed created, but {named} connections are named {name}: {text}");
            claims += 1;
        } else if text.contains("nothing was created") {
            assert_eq!(named, 0, "claimed not created, but {name} exists: {text}");
        }
    }
    claims
}

/// The bar: 100 back-to-back restore pairs (of two backups) and 100 pairs of parallel creates under
/// a 50 % failure rate, with no false claim. Four targets and four databases take a quarter each, at once.
#[test]
fn a_hundred_restore_pairs_and_create_pairs_under_failures_make_no_false_claim() {
    let faults = Faults { fail_rate: 0.5, seed: 11, ..Faults::default() };
    let h = demo(Duration::ZERO, faults);
    let (source, backups, _) = restore_setup(&h);
    let mut targets: Vec<String> = h
        .records("databases")
        .into_iter()
        .filter(|d| d["isDefault"] == false && d["remote"] != true)
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    targets.truncate(4);
    assert_eq!(targets.len(), 4, "the demo has four databases to restore over");
    let (restores, creates) = std::thread::scope(|scope| {
        let restoring: Vec<_> = targets
            .iter()
            .map(|target| {
                let (h, source, backups) = (&h, &source, &backups);
                scope.spawn(move || {
                    let runs = (0..25).flat_map(|_| backups.iter()).map(|backup| {
                        let run = restore(h, source, backup, target);
                        check_restore(h, &run, backup, target)
                    });
                    runs.filter(|claimed| *claimed).count()
                })
            })
            .collect();
        let creating: Vec<_> = targets
            .iter()
            .map(|database| {
                let h = &h;
                scope.spawn(move || (0..25).map(|_| check_create_pair(h, database)).sum::<usize>())
            })
            .collect();
        let sum = |handles: Vec<std::thread::ScopedJoinHandle<usize>>| {
            handles.into_iter().map(|handle| handle.join().unwrap()).sum::<usize>()
        };
        (sum(restoring), sum(creating))
    });
    assert!(restores > 20 && creates > 40, "too few claims to check: {restores} restores, {creates} creates");
}

/// The name of a connection a run created (its `created connection NAME (id)` note).
fn created_name(run: &Run) -> Option<String> {
    let text = run.printed();
    let after = text.split("created connection ").nth(1)?;
    after.split(' ').next().map(str::to_owned)
}
