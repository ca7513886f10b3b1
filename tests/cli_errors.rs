//! Exit codes of the real `ppg` binary (0 ok, 1 API error, 2 usage, 3 not found, 4 refused) and the guards
//! that refuse before any change is sent, checked on the emulator's request log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use cli_support::{Harness, bare_command, run};
use ppg::emulator::{Faults, Seed};
use serde_json::Value;

/// The ids of the demo's resources that the guards are tried on.
struct Demo {
    platform: String,
    main: String,
    analytics: String,
    connection: String,
    backup: String,
}

fn demo_ids(h: &Harness) -> Demo {
    let main = h.id_of("databases", "main-db");
    let backups = h.data(&format!("/v1/databases/{main}/backups"), &[]);
    Demo {
        platform: h.id_of("projects", "data-platform"),
        analytics: h.id_of("databases", "analytics"),
        connection: h.id_of("connections", "app-server"),
        backup: backups[0]["id"].as_str().unwrap().to_owned(),
        main,
    }
}

/// A script reading stdout must not take a failure for an empty list: when nothing could be read, nothing
/// is printed there (no table header, no `[]`), only the error on stderr.
#[test]
fn a_list_that_could_not_be_read_at_all_prints_nothing() {
    let h = Harness::demo();
    let main = h.id_of("databases", "main-db");
    let lists =
        [&["projects", "list"][..], &["databases", "list"], &["connections", "list", &main], &["workspaces", "list"]];
    for list in lists {
        for json in [false, true] {
            let args: Vec<&str> = list.iter().copied().chain(json.then_some("--json")).collect();
            let failed = h.ppg_with_token("not-the-token", &args);
            failed.code(1).stderr_has("401");
            assert!(failed.stdout.is_empty(), "{args:?}: {}", failed.printed());
        }
    }
}

#[test]
fn api_errors_exit_1_and_unknown_ids_exit_3() {
    let h = Harness::demo();
    h.ppg(&["projects", "list"]).ok();
    let wrong = h.ppg_with_token("not-the-token", &["whoami"]);
    wrong.code(1).stderr_has("401").stderr_has("check the token");
    assert!(wrong.stdout.is_empty(), "{}", wrong.printed());
    h.ppg_with_token("not-the-token", &["projects", "list", "--json"]).code(1);

    let missing = h.ppg(&["projects", "get", "proj_doesnotexist0000000000"]);
    missing.code(3).stderr_has("404");
    assert!(missing.stdout.is_empty(), "{}", missing.printed());
    h.ppg(&["databases", "get", "db_doesnotexist00000000000"]).code(3);
    h.ppg(&["connections", "list", "db_doesnotexist00000000000"]).code(3);
    h.ppg(&["backups", "list", "db_doesnotexist00000000000"]).code(3);
    h.ppg(&["projects", "rename", "proj_doesnotexist0000000000", "x"]).code(3);
    let d = demo_ids(&h);
    let unknown_backup = ["restore", "--backup", "bkp_nope", "--source-database", &d.main, "--new", "x"];
    h.ppg(&unknown_backup).code(3).stderr_has("bkp_nope");
}

#[test]
fn server_failures_exit_1_after_bounded_retries_of_reads_only() {
    let h = Harness::with_faults(Seed::Demo, Faults { fail_rate: 1.0, seed: 3, ..Faults::default() });
    let read = h.ppg(&["whoami"]);
    read.code(1).stderr_has("try again");
    assert!(read.stderr.contains("500") || read.stderr.contains("503"), "{}", read.printed());
    let attempts = h.requests();
    assert!(attempts.len() > 1 && attempts.len() <= 8, "a read is retried, within a cap: {attempts:?}");
    assert!(attempts.iter().all(|r| r["path"] == "/v1/me" && r["fault"].is_string()));

    h.clear_requests();
    let change = h.ppg(&["projects", "rename", "proj_anything000000000000000", "renamed"]);
    change.code(1).stderr_has("outcome is unknown");
    let sent = h.requests();
    assert_eq!(sent.len(), 1, "a change is never re-sent: {sent:?}");
    assert_eq!(sent[0]["method"], "PATCH");
}

#[test]
fn usage_errors_exit_2_without_a_request() {
    let h = Harness::demo();
    let d = demo_ids(&h);
    h.clear_requests();
    let bad: Vec<Vec<&str>> = vec![
        vec!["projects", "list", "--bogus"],
        vec!["nosuchcommand"],
        vec!["projects", "delete", &d.platform, "--yes"],
        vec!["databases", "delete", &d.analytics, "--yes"],
        vec!["restore", "--backup", &d.backup, "--source-database", &d.main, "--into", &d.analytics, "--yes"],
        vec!["restore", "--backup", &d.backup, "--source-database", &d.main],
        vec!["restore", "--backup", &d.backup, "--source-database", &d.main, "--new", "n", "--into", &d.analytics],
        vec!["backups", "list", &d.main, "--limit", "0"],
        vec!["usage", &d.main, "--from", "yesterday"],
        // A range of 46,000 days would be as many requests; the future has no usage yet.
        vec!["usage", &d.main, "--from", "1900-01-01", "--daily"],
        vec!["usage", &d.main, "--from", "2999-01-01"],
        vec!["usage", &d.main, "--from", "2999-01-01", "--daily"],
        vec!["usage", &d.main, "--from", "2026-03-01", "--to", "2026-02-01"],
        vec!["databases", "create", "--project", &d.platform, "--from-backup", &d.backup],
        vec!["completions", "nosuchshell"],
    ];
    for args in &bad {
        let refused = h.ppg(args);
        refused.code(2);
        assert!(refused.stdout.is_empty(), "{}", refused.printed());
    }
    h.ppg(&["usage", &d.main, "--from", "1900-01-01", "--daily"]).code(2).stderr_has("at most 366 days");
    h.ppg(&["usage", &d.main, "--from", "2999-01-01"]).code(2).stderr_has("is in the future");
    // No token: neither PRISMA_POSTGRES_TOKEN nor a config file.
    let args = ["projects", "list"];
    let tokenless = run(bare_command(h.home.path()).env("PPG_API_URL", &h.emu.base).args(args), &args);
    tokenless.code(2).stderr_has("no API token").stderr_has("PRISMA_POSTGRES_TOKEN");
    let args = ["--api-url", "ftp://example.invalid", "projects", "list"];
    h.ppg(&args).code(2);
    assert_eq!(h.requests(), Vec::<Value>::new(), "no usage error reached the API");
}

#[test]
fn destructive_commands_need_the_exact_id() {
    let h = Harness::demo();
    h.wait_until_settled();
    let d = demo_ids(&h);
    let before = h.state();
    h.clear_requests();

    let refused = h.ppg(&["projects", "delete", &d.platform]);
    refused.code(4).stderr_has("data-platform").stderr_has(&format!("--confirm {}", d.platform));
    for database in ["warehouse", "events", "feature-store", "scratch"] {
        refused.stderr_has(database);
    }
    let wrong = h.ppg(&["projects", "delete", &d.platform, "--confirm", "data-platform"]);
    wrong.code(4).stderr_has("does not match").stderr_has("events");
    let other = h.id_of("projects", "mobile-api");
    h.ppg(&["projects", "delete", &d.platform, "--confirm", &other]).code(4);
    h.ppg(&["databases", "delete", &d.analytics]).code(4).stderr_has("analytics").stderr_has("all its data");
    h.ppg(&["databases", "delete", &d.analytics, "--confirm", &d.main]).code(4).stderr_has("does not match");
    let default = h.ppg(&["databases", "delete", &d.main, "--confirm", &d.main]);
    default.code(4).stderr_has("default database");
    h.ppg(&["connections", "delete", &d.connection]).code(4).stderr_has("lose access");
    h.ppg(&["connections", "rotate", &d.connection]).code(4).stderr_has("must be updated");
    h.ppg(&["connections", "rotate", &d.connection, "--confirm", "app-server"]).code(4);

    let into = ["restore", "--backup", &d.backup, "--source-database", &d.main, "--into", &d.analytics];
    let unconfirmed = h.ppg(&into);
    unconfirmed
        .code(4)
        .stderr_has("replaces everything in database")
        .stderr_has("first copied")
        .stderr_has(&format!("--confirm {}", d.analytics));
    h.ppg(&[&into[..], &["--confirm", &d.main]].concat()).code(4);
    let over_default = ["restore", "--backup", &d.backup, "--source-database", &d.main, "--into", &d.main];
    let refused = h.ppg(&[&over_default[..], &["--confirm", &d.main]].concat());
    refused.code(4).stderr_has("default database").stderr_has("--new");

    assert_eq!(h.changes(), Vec::<Value>::new(), "no guard let a change through");
    assert!(!h.requests().is_empty(), "the guards looked the resources up");
    assert_eq!(h.state(), before, "nothing changed");
}

#[test]
fn read_only_refuses_every_change() {
    let h = Harness::demo();
    h.wait_until_settled();
    let d = demo_ids(&h);
    let before = h.state();
    h.clear_requests();
    let project = h.id_of("projects", "checkout-service");
    let changes: Vec<Vec<&str>> = vec![
        vec!["projects", "create", "--name", "nope"],
        vec!["projects", "rename", &d.platform, "nope"],
        vec!["projects", "delete", &d.platform, "--confirm", &d.platform],
        vec!["databases", "create", "--project", &project, "--name", "nope"],
        vec!["databases", "rename", &d.analytics, "nope"],
        vec!["databases", "delete", &d.analytics, "--confirm", &d.analytics],
        vec!["connections", "create", &d.main, "--name", "nope"],
        vec!["connections", "rotate", &d.connection, "--confirm", &d.connection],
        vec!["connections", "delete", &d.connection, "--confirm", &d.connection],
        vec!["restore", "--backup", &d.backup, "--source-database", &d.main, "--new", "nope"],
        vec![
            "restore",
            "--backup",
            &d.backup,
            "--source-database",
            &d.main,
            "--into",
            &d.analytics,
            "--confirm",
            &d.analytics,
        ],
    ];
    for args in &changes {
        let refused = h.ppg(&[&["--read-only"], &args[..]].concat());
        refused.code(4).stderr_has("read-only");
        assert!(refused.stdout.is_empty(), "{}", refused.printed());
        h.ppg(&[&args[..], &["--read-only", "--json"]].concat()).code(4);
    }
    h.ppg(&["--read-only", "projects", "list"]).ok();

    // A profile can be read-only too.
    let config = h.home.path().join("config/ppg");
    std::fs::create_dir_all(&config).unwrap();
    let profile = format!(
        "default_profile = \"emu\"\n[profiles.emu]\ntoken = \"{}\"\napi_url = \"{}\"\nread_only = true\n",
        h.emu.token, h.emu.base
    );
    std::fs::write(config.join("config.toml"), profile).unwrap();
    for args in [&changes[0], &changes[8]] {
        run(bare_command(h.home.path()).args(args), args).code(4).stderr_has("read-only");
    }
    let args = ["projects", "list", "--json"];
    assert_eq!(run(bare_command(h.home.path()).args(args), &args).ok().json_array().len(), 7);

    assert_eq!(h.changes(), Vec::<Value>::new(), "read-only sends no change");
    assert_eq!(h.state(), before, "nothing changed");
}
