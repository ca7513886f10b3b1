//! End to end against a real PostgreSQL: the emulator with `--postgres` mints strings that connect, and
//! `ppg ping`, `ppg connect` and their temporary connections work with them. Skipped (with a message)
//! without `PPG_TEST_POSTGRES`, except in CI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;
mod pg_support;

use pg_support::{admin_url, database_with_connection, harness, minted, password_of, psql, request_lines};
use ppg::emulator::Seed;

#[test]
fn minted_strings_connect_and_ping_reports_the_server_version() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (_, _, (pooled, direct)) = database_with_connection(&harness, "app");
    assert!(pooled.contains("sslmode=require") && direct.contains("sslmode=require"), "{pooled} {direct}");
    assert_eq!(psql(&pooled, "select 1").unwrap(), "1");
    assert_eq!(psql(&direct, "select 1").unwrap(), "1");

    let version = psql(&admin, "show server_version").unwrap();
    let ping = harness.ppg(&["ping", "--url", &direct]);
    ping.ok().stdout_has(&version).stdout_has("tls handshake").stdout_has("TLSv1.");
    ping.stdout_has("select 1").stderr_has("the database answered");
    assert!(!ping.stdout.contains(&password_of(&direct)) && !ping.stderr.contains(&password_of(&direct)));

    let json = harness.ppg(&["ping", "--json", "--url", &pooled]);
    let report = json.ok().json();
    assert_eq!(report["answered"], true);
    assert_eq!(report["serverVersion"], version.as_str());
    assert_eq!(report["selectOne"]["samplesMs"].as_array().unwrap().len(), 5);
    assert!(report["selectOne"]["minMs"].as_f64().unwrap() <= report["selectOne"]["medianMs"].as_f64().unwrap());
    assert!(report["tls"]["protocol"].as_str().unwrap().starts_with("TLSv1."), "{report}");
    assert!(!json.stdout.contains(&password_of(&pooled)));
}

#[test]
fn after_a_rotation_the_old_string_fails_at_authentication_and_the_new_one_works() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (_, connection, (_, old)) = database_with_connection(&harness, "rotated");
    let rotated = harness.ppg(&["connections", "rotate", &connection, "--confirm", &connection]);
    let (_, new) = minted(rotated.ok());

    let refused = psql(&old, "select 1").unwrap_err();
    assert!(refused.contains("password authentication failed"), "{refused}");
    let ping = harness.ppg(&["ping", "--url", &old]);
    ping.code(1).stdout_has("authenticate").stdout_has("FAILED").stdout_has("28P01");
    ping.stderr_has("authenticate failed").stderr_has("rotated");
    let report = harness.ppg(&["ping", "--json", "--url", &old]).json();
    assert_eq!((report["answered"].clone(), report["failure"]["step"].clone()), (false.into(), "authenticate".into()));
    assert_eq!(report["failure"]["sqlstate"], "28P01");

    assert_eq!(psql(&new, "select 1").unwrap(), "1");
    harness.ppg(&["ping", "--url", &new]).ok();
}

#[test]
fn connect_with_a_temporary_connection_runs_psql_and_deletes_it_afterwards() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (database, _, _) = database_with_connection(&harness, "kept");
    harness.clear_requests();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ppg.log");
    // While psql runs, its shell escape copies every process's arguments, and psql's password, to files.
    let dump = pg_support::dump_command(dir.path());
    let log_arg = log.display().to_string();
    let args = [
        "--log-file",
        &log_arg,
        "connect",
        &database,
        "--temporary",
        "--",
        "-X",
        "-At",
        "-c",
        &dump,
        "-c",
        "select 41 + 1",
    ];
    let run = harness.ppg(&args);
    run.ok()
        .stdout_has("42")
        .stderr_has("created the temporary connection ppg-temp-")
        .stderr_has("deleted the temporary connection");

    let lines = request_lines(&harness);
    let created = format!("POST /v1/databases/{database}/connections");
    assert!(lines.contains(&created), "{lines:?}");
    let deleted: Vec<&String> = lines.iter().filter(|line| line.starts_with("DELETE /v1/connections/con_")).collect();
    assert_eq!(deleted.len(), 1, "{lines:?}");
    let names: Vec<String> =
        harness.records("connections").iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
    assert!(names.iter().all(|name| !name.starts_with("ppg-temp-")), "the temporary connection is gone: {names:?}");

    let (cmdlines, password) = pg_support::dumped(dir.path());
    assert!(password.starts_with("sk_"), "psql had the password in its environment: {password:?}");
    assert!(cmdlines.contains("psql"), "the dump was taken while psql ran: {cmdlines}");
    assert!(!cmdlines.contains(&password), "the password is in some process's arguments: {cmdlines}");
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!logged.is_empty() && !logged.contains(&password), "the password is in the log: {logged}");
}

#[test]
fn connect_with_a_given_string_keeps_the_password_out_of_every_argument() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (_, _, (_, direct)) = database_with_connection(&harness, "given");
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env");
    std::fs::write(&env_file, format!("DATABASE_URL=\"{direct}\"\n")).unwrap();
    let dump = pg_support::dump_command(dir.path());
    let file = env_file.display().to_string();
    let run =
        harness.ppg(&["connect", "--env-file", &file, "--", "-X", "-At", "-c", &dump, "-c", "select current_user"]);
    run.ok();
    assert!(run.stdout.contains("ppg_emu_"), "{}", run.printed());
    let (cmdlines, password) = pg_support::dumped(dir.path());
    assert_eq!(password, password_of(&direct), "psql had the password in its environment");
    assert!(cmdlines.contains("psql") && !cmdlines.contains(&password), "{cmdlines}");

    // psql's own exit status comes back.
    let failed =
        harness.ppg(&["connect", "--env-file", &file, "--", "-X", "-v", "ON_ERROR_STOP=1", "-c", "select nope"]);
    failed.code(1).stderr_has("nope");
}

#[test]
fn ping_with_a_temporary_connection_and_the_read_only_refusal() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (database, _, _) = database_with_connection(&harness, "kept");
    harness.clear_requests();
    let report = harness.ppg(&["ping", &database, "--temporary", "--pooled", "--json"]);
    let value = report.ok().json();
    assert_eq!(value["answered"], true, "{value}");
    assert_eq!(value["temporary"]["deleted"], true);
    assert!(value["temporary"]["name"].as_str().unwrap().starts_with("ppg-temp-"));
    let names: Vec<String> =
        harness.records("connections").iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
    assert!(names.iter().all(|name| !name.starts_with("ppg-temp-")), "the temporary connection is gone: {names:?}");

    harness.clear_requests();
    let refused = harness.ppg(&["--read-only", "connect", &database, "--temporary", "--", "-c", "select 1"]);
    refused.code(4).stderr_has("read-only");
    let refused = harness.ppg(&["--read-only", "ping", &database, "--temporary"]);
    refused.code(4);
    assert!(harness.changes().is_empty(), "read-only sent a change: {:?}", harness.changes());

    let without = harness.ppg(&["connect", &database]);
    without.code(2).stderr_has("--temporary");
}

#[test]
fn a_temporary_connection_that_cannot_be_deleted_is_named_with_the_command_to_delete_it() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (database, _, _) = database_with_connection(&harness, "kept");
    harness.block_on(async {
        for _ in 0..3 {
            let fault = serde_json::json!({ "fate": "fail-before", "method": "DELETE" });
            let url = harness.emu.url("/_emulator/faults");
            let answer = harness.emu.client.post(url).json(&fault).send().await.unwrap();
            assert_eq!(answer.status().as_u16(), 204);
        }
    });
    let run = harness.ppg(&["ping", &database, "--temporary"]);
    run.code(1).stderr_has("could not be deleted").stderr_has("delete it with: ppg connections delete con_");
    let left: Vec<serde_json::Value> = harness
        .records("connections")
        .into_iter()
        .filter(|c| c["name"].as_str().unwrap().starts_with("ppg-temp-"))
        .collect();
    assert_eq!(left.len(), 1, "the connection named is the one left");
    let id = left[0]["id"].as_str().unwrap();
    assert!(run.stderr.contains(&format!("ppg connections delete {id} --confirm {id}")), "{}", run.printed());
}

#[test]
fn sigterm_while_psql_runs_reaches_psql_and_the_temporary_connection_is_still_deleted() {
    let Some(admin) = admin_url() else { return };
    let harness = harness(&admin, Seed::Empty);
    let (database, _, _) = database_with_connection(&harness, "kept");
    harness.clear_requests();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ppg"));
    command
        .env("HOME", harness.home.path())
        .env("XDG_CONFIG_HOME", harness.home.path().join("config"))
        .env("PPG_API_URL", &harness.emu.base)
        .env("PRISMA_POSTGRES_TOKEN", &harness.emu.token)
        .args(["connect", &database, "--temporary", "--", "-X", "-c", "select pg_sleep(60)"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let ppg = command.spawn().unwrap();
    let ppg_pid = ppg.id();
    let psql_runs = || {
        std::fs::read_dir("/proc").unwrap().flatten().any(|entry| {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            let fields: Vec<&str> = stat.rsplit_once(") ").map_or(vec![], |(_, rest)| rest.split(' ').collect());
            stat.contains("(psql)") && fields.get(1) == Some(&ppg_pid.to_string().as_str())
        })
    };
    let started = std::time::Instant::now();
    while !psql_runs() {
        assert!(started.elapsed() < common::DEADLINE, "psql never started under ppg");
        std::thread::sleep(common::POLL);
    }
    let pid = rustix::process::Pid::from_raw(i32::try_from(ppg_pid).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let output = ppg.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(143), "ppg ends as psql did, by SIGTERM: {stderr}");
    assert!(stderr.contains("deleted the temporary connection"), "{stderr}");
    let lines = request_lines(&harness);
    assert!(lines.iter().any(|line| line.starts_with("DELETE /v1/connections/")), "{lines:?}");
}
