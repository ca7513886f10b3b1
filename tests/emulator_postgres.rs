//! The emulator backed by a real PostgreSQL (`--postgres`): a database is a database there, a connection a
//! role that reaches its database only, rotation and deletes act on the server, a refusal is a 500 that
//! changes nothing, and `--state` remembers what was made. Skipped without `PPG_TEST_POSTGRES`, except in CI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;
mod pg_support;

use ppg::emulator::{Config, Seed};
use serde_json::{Value, json};

use pg_support::{admin_url, psql};

/// The minted direct string of a connection in a minting answer.
fn direct(connection: &Value) -> String {
    connection["endpoints"]["direct"]["connectionString"].as_str().unwrap_or_else(|| panic!("{connection}")).to_owned()
}

/// The database name a string points at.
fn database_of(url: &str) -> String {
    url.rsplit_once('/').unwrap().1.split('?').next().unwrap().to_owned()
}

fn with_database(url: &str, database: &str) -> String {
    url.replace(&format!("/{}?", database_of(url)), &format!("/{database}?"))
}

fn count(admin: &str, sql: &str) -> u32 {
    psql(admin, sql).unwrap().parse().unwrap()
}

#[test]
fn a_connection_reaches_its_own_database_only_and_deletes_drop_what_they_name() {
    let Some(admin) = admin_url() else { return };
    let harness = pg_support::harness(&admin, Seed::Empty);
    let (first, second) = harness.block_on(async {
        let emu = &harness.emu;
        let project = emu.post("/v1/projects", &json!({ "name": "shop" })).await.expect(201).json();
        let first = project["data"]["database"]["connections"][0].clone();
        let project_id = project["data"]["id"].as_str().unwrap().to_owned();
        let path = format!("/v1/projects/{project_id}/databases");
        let database = emu.post(&path, &json!({ "name": "other" })).await.expect(201).json();
        (first, database["data"]["connections"][0].clone())
    });
    let (one, two) = (direct(&first), direct(&second));
    for name in [database_of(&one), database_of(&two)] {
        assert!(name.starts_with("ppg_emu_"), "{name}");
    }
    assert_eq!(psql(&one, "select current_database()").unwrap(), database_of(&one));
    let elsewhere = psql(&with_database(&one, &database_of(&two)), "select 1").unwrap_err();
    assert!(elsewhere.contains("permission denied") || elsewhere.contains("CONNECT"), "{elsewhere}");
    assert_eq!(psql(&one, "create table t (x int); insert into t values (1); select count(*) from t").unwrap(), "1");

    let id = first["id"].as_str().unwrap().to_owned();
    harness.block_on(harness.emu.delete(&format!("/v1/connections/{id}"))).expect(204);
    assert!(psql(&one, "select 1").is_err(), "a deleted connection no longer logs in");
    let role = one.split("://").nth(1).unwrap().split(':').next().unwrap().to_owned();
    assert_eq!(count(&admin, &format!("select count(*) from pg_roles where rolname = '{role}'")), 0);

    let database = harness.id_of("databases", "other");
    harness.block_on(harness.emu.delete(&format!("/v1/databases/{database}"))).expect(204);
    let gone = format!("select count(*) from pg_database where datname = '{}'", database_of(&two));
    assert_eq!(count(&admin, &gone), 0);
}

#[test]
fn a_refusal_by_postgres_answers_500_in_the_envelope_and_changes_nothing() {
    let Some(admin) = admin_url() else { return };
    let harness = pg_support::harness(&admin, Seed::Empty);
    let project = harness.block_on(harness.emu.post("/v1/projects", &json!({ "name": "fragile" }))).expect(201).json();
    let database = project["data"]["database"]["id"].as_str().unwrap().to_owned();
    let name = database_of(&direct(&project["data"]["database"]["connections"][0]));
    // Behind the emulator's back, its database and the database's owner role go.
    psql(&admin, &format!("drop database \"{name}\" with (force)")).unwrap();
    psql(&admin, &format!("drop owned by \"{name}\"; drop role \"{name}\"")).unwrap();

    let path = format!("/v1/databases/{database}/connections");
    let refused = harness.block_on(harness.emu.post(&path, &json!({ "name": "doomed" })));
    let body = refused.expect_error_code(500, "internal_error");
    assert!(body.error.message.contains("PostgreSQL"), "{}", refused.text);
    assert!(!refused.text.contains("sk_"), "a password in an error: {}", refused.text);
    let names: Vec<Value> = harness.records("connections").iter().map(|c| c["name"].clone()).collect();
    assert!(!names.contains(&json!("doomed")), "the refused connection was rolled back: {names:?}");
}

#[test]
fn the_state_file_remembers_what_was_made_across_a_restart() {
    let Some(admin) = admin_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let config =
        || Config { state_file: Some(state.clone()), postgres: Some(admin.clone()), ..common::config(Seed::Empty) };
    let first = cli_support::Harness::start(config());
    let project = first.block_on(first.emu.post("/v1/projects", &json!({ "name": "kept" }))).expect(201).json();
    let url = direct(&project["data"]["database"]["connections"][0]);
    let project_id = project["data"]["id"].as_str().unwrap().to_owned();
    first.stop();

    let saved: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let instance = saved["postgres"]["instance"].as_str().unwrap().to_owned();
    assert_eq!(saved["postgres"]["databases"].as_array().unwrap().len(), 1, "{saved}");
    assert!(!saved["postgres"].to_string().contains("sk_"), "the record keeps fingerprints, not passwords");
    let mine = format!("select count(*) from pg_roles where rolname like 'ppg_emu_{instance}_%'");
    let roles = count(&admin, &mine);
    assert_eq!(psql(&url, "select 1").unwrap(), "1", "kept with --state: the string still works");

    let second = cli_support::Harness::start(config());
    assert_eq!(count(&admin, &mine), roles, "a restart makes nothing new");
    assert_eq!(psql(&url, "select 1").unwrap(), "1");
    second.block_on(second.emu.delete(&format!("/v1/projects/{project_id}"))).expect(204);
    assert_eq!(count(&admin, &mine), 0, "a project's delete drops its databases and roles");
    second.stop();
}

#[test]
fn a_bad_or_unreachable_postgres_stops_the_emulator_at_start_without_showing_the_password() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        ("mysql://root:sk_hidden@127.0.0.1/x", "postgres://"),
        ("postgres://root:sk_hidden@127.0.0.1:1/x", "tcp connect failed"),
    ];
    for (url, expected) in cases {
        let args = ["emulator", "--addr", "127.0.0.1:0", "--seed", "empty"];
        let mut command = cli_support::bare_command(home.path());
        command.env("PPG_EMULATOR_POSTGRES", url).args(args);
        let run = cli_support::run(&mut command, &args);
        run.code(2).stderr_has(expected);
        assert!(!run.stderr.contains("sk_hidden"), "{}", run.printed());
    }
}
