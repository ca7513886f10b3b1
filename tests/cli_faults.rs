//! The real `ppg` binary against a faulty emulator: reads retried to a whole answer, creates never doubled
//! and reported exactly, and a rate limit honoured through `Retry-After` (asserted on the request log).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use std::collections::{BTreeMap, BTreeSet};

use cli_support::{Harness, project_seed};
use ppg::emulator::{Faults, RateLimit, Seed};
use serde_json::Value;

/// The fault plan of the issue: `--fail-rate 0.3 --fault-seed 7`.
fn flaky() -> Faults {
    Faults { fail_rate: 0.3, seed: 7, ..Faults::default() }
}

/// (id, name) of every record of `kind` in the emulator's state, which is never faulted.
fn state_pairs(h: &Harness, kind: &str) -> BTreeSet<(String, String)> {
    h.records(kind).iter().map(pair).collect()
}

fn pair(item: &Value) -> (String, String) {
    let text = |key: &str| item[key].as_str().unwrap_or_else(|| panic!("no {key} in {item}")).to_owned();
    (text("id"), text("name"))
}

#[test]
fn listings_survive_a_fail_rate_through_retries() {
    let h = Harness::with_faults(Seed::Demo, flaky());
    let projects = state_pairs(&h, "projects");
    assert!(projects.len() >= 6, "the demo's projects: {projects:?}");
    let mut runs = 0;
    let faulted_reads =
        |h: &Harness| h.requests().iter().filter(|r| r["path"] == "/v1/projects" && r["fault"].is_string()).count();
    // Each run must be whole; keep going until at least one of its requests was faulted and retried.
    while runs < 10 && (runs == 0 || faulted_reads(&h) == 0) {
        let listed = h.ppg(&["projects", "list", "--json"]).ok().json_array();
        let listed: BTreeSet<(String, String)> = listed.iter().map(pair).collect();
        assert_eq!(listed, projects, "every project, exactly once, despite the faults");
        runs += 1;
    }
    assert!(faulted_reads(&h) > 0, "no read of /v1/projects was faulted in {runs} runs: the test proved nothing");
    let log = h.requests();
    let succeeded = log.iter().filter(|r| r["path"] == "/v1/projects" && r["status"] == 200).count();
    assert_eq!(succeeded, runs, "each run ends with one answered read: {log:?}");

    let databases = h.ppg(&["databases", "list", "--json"]).ok().json_array();
    let databases: BTreeSet<(String, String)> = databases.iter().map(pair).collect();
    assert_eq!(databases, state_pairs(&h, "databases"));
}

#[test]
fn creates_under_faults_are_reported_exactly_and_never_doubled() {
    let h = Harness::with_faults(Seed::Demo, flaky());
    let database = h.id_of("databases", "main-db");
    let names: Vec<String> = (0..20).map(|i| format!("c{i}")).collect();
    let mut reported: Vec<(String, String)> = Vec::new();
    let (mut clean, mut found_after_loss, mut nothing) = (0, 0, 0);
    for name in &names {
        let run = h.ppg(&["connections", "create", &database, "--name", name, "--json"]);
        let mut claim = |item: &Value| {
            assert_eq!(item["name"], name.as_str(), "ppg {}: {}", run.args, run.printed());
            reported.push(pair(item));
        };
        match (run.code, run.stdout.trim().is_empty()) {
            (Some(0), false) => {
                let connection = run.json();
                assert!(connection.is_object(), "a success prints the connection\n{}", run.printed());
                common::assert_minted(&connection);
                claim(&connection);
                clean += 1;
            }
            (Some(1), false) => {
                claim(&run.json());
                run.stderr_has("WAS created");
                found_after_loss += 1;
            }
            (Some(1), true) => nothing += 1,
            _ => panic!("ppg {}: unexpected outcome\n{}", run.args, run.printed()),
        }
    }

    let ours: Vec<(String, String)> = h
        .records("connections")
        .iter()
        .filter(|c| c["databaseId"] == database.as_str() && names.iter().any(|name| c["name"] == name.as_str()))
        .map(pair)
        .collect();
    let mut per_name: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, name) in &ours {
        *per_name.entry(name).or_default() += 1;
    }
    assert!(per_name.values().all(|count| *count == 1), "a name was created twice: {per_name:?}");
    let reported_set: BTreeSet<(String, String)> = reported.iter().cloned().collect();
    assert_eq!(reported_set.len(), reported.len(), "a connection was reported twice: {reported:?}");
    let ours: BTreeSet<(String, String)> = ours.into_iter().collect();
    assert_eq!(ours, reported_set, "the server holds exactly the connections reported created");

    let log = h.requests();
    let path = format!("/v1/databases/{database}/connections");
    let posts: Vec<&Value> = log.iter().filter(|r| r["method"] == "POST" && r["path"] == path.as_str()).collect();
    assert!(posts.len() <= names.len(), "at most one POST per run, never re-sent: {posts:?}");
    let lost = posts.iter().filter(|r| r["fault"] == "failed-after").count();
    assert_eq!(lost, found_after_loss, "every lost answer was settled by looking: {posts:?}");
    assert!(lost > 0 && posts.iter().any(|r| r["fault"] == "failed-before"), "both kinds of failure: {posts:?}");
    eprintln!("clean {clean}, found after a lost answer {found_after_loss}, nothing created {nothing}");
    assert_eq!(clean + found_after_loss + nothing, names.len());
    assert!(clean > 0 && nothing > 0, "clean {clean}, found {found_after_loss}, nothing {nothing}");
}

#[test]
fn a_rate_limited_listing_of_300_projects_completes() {
    let dir = tempfile::tempdir().unwrap();
    let seed = project_seed(dir.path(), 300);
    let limit: RateLimit = "2/s".parse().unwrap();
    let h = Harness::with_faults(Seed::File(seed), Faults { rate_limit: Some(limit), ..Faults::default() });
    let projects = state_pairs(&h, "projects");
    assert_eq!(projects.len(), 300);

    let listed = h.ppg(&["projects", "list", "--json"]).ok().json_array();
    assert_eq!(listed.len(), 300, "one array of every page");
    assert_eq!(listed.iter().map(pair).collect::<BTreeSet<_>>(), projects);

    let log = h.requests();
    assert!(log.iter().all(|r| r["method"] == "GET" && r["path"] == "/v1/projects"), "{log:?}");
    let limited: Vec<usize> = (0..log.len()).filter(|&i| log[i]["fault"] == "rate-limited").collect();
    assert!(!limited.is_empty(), "three pages at 2/s meet the rate limit: {log:?}");
    for &i in &limited {
        assert_eq!(log[i]["status"], 429);
        // ppg asks one request at a time, so the next entry is its retry; having waited `Retry-After`,
        // it is admitted at once (a retry that ignored it would meet another 429).
        let retry = log.get(i + 1).unwrap_or_else(|| panic!("no retry after the 429 at {i}: {log:?}"));
        assert_eq!((&retry["path"], &retry["query"]), (&log[i]["path"], &log[i]["query"]), "the same page: {log:?}");
        assert_eq!(
            (&retry["status"], &retry["fault"]),
            (&200.into(), &Value::Null),
            "retried after Retry-After: {log:?}"
        );
    }
    let pages: BTreeSet<Option<&str>> =
        log.iter().filter(|r| r["status"] == 200).map(|r| r["query"].as_str()).collect();
    assert_eq!(pages.len(), log.len() - limited.len(), "each page was answered once");
}
