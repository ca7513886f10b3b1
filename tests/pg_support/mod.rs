//! Helpers of the tests that need a real PostgreSQL: where it is (`PPG_TEST_POSTGRES`, set by
//! `tests/pg/cluster.sh`), skipping clearly without it (never in CI), an emulator backed by it, and psql.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use ppg::emulator::{Config, Seed};
use serde_json::Value;

use crate::cli_support::{Harness, Run};
use crate::common;

/// The admin connection string of the test server; `None` (after saying why) when there is none here.
/// In CI (`CI` set) a missing server fails the test instead: CI must run these tests.
pub fn admin_url() -> Option<String> {
    match std::env::var("PPG_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("PPG_TEST_POSTGRES is not set, and CI must run the PostgreSQL tests (.ci/run starts one)")
        }
        _ => {
            eprintln!(
                "skipped: PPG_TEST_POSTGRES is not set. Start a throwaway PostgreSQL first: \
                 pg_env=$(bash tests/pg/cluster.sh start) && eval \"$pg_env\" (see docs/testing.md)"
            );
            None
        }
    }
}

/// The test server's CA certificate (`PPG_TEST_POSTGRES_CA`), for `verify-full`.
pub fn ca_file() -> Option<String> {
    std::env::var("PPG_TEST_POSTGRES_CA").ok().filter(|path| !path.is_empty())
}

/// An emulator backed by the test server; when dropped (also after a failed assertion) it is stopped and
/// waited for, so that it drops what it made in the server.
pub struct Backed(Option<Harness>);

impl std::ops::Deref for Backed {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        self.0.as_ref().expect("a harness until dropped")
    }
}

impl Drop for Backed {
    fn drop(&mut self) {
        if let Some(harness) = self.0.take() {
            harness.stop();
        }
    }
}

/// An emulator from `seed` backed by the test server, on a runtime of its own.
pub fn harness(admin: &str, seed: Seed) -> Backed {
    Backed(Some(Harness::start(Config { postgres: Some(admin.to_owned()), ..common::config(seed) })))
}

/// Runs `psql -Atc SQL` with the string in its environment (so that no password shows in a process list
/// while other tests look at it) and gives its output, or its error.
pub fn psql(url: &str, sql: &str) -> Result<String, String> {
    let target = ppg::connect::Target::parse(url).unwrap();
    let output = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .envs(ppg::connect::psql::environment(&target))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if output.status.success() { Ok(stdout) } else { Err(stderr) }
}

/// The `.env` lines a minting command printed: (DATABASE_URL, DIRECT_URL).
pub fn minted(run: &Run) -> (String, String) {
    let value = |key: &str| {
        let line = run.stdout.lines().find(|line| line.starts_with(&format!("{key}=\""))).unwrap_or_else(|| {
            panic!("ppg {}: no {key} line\n{}", run.args, run.printed());
        });
        line[key.len() + 2..line.len() - 1].to_owned()
    };
    (value("DATABASE_URL"), value("DIRECT_URL"))
}

/// The password of a connection string (what follows `USER:` up to `@`).
pub fn password_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let userinfo = rest.split_once('@').unwrap().0;
    userinfo.split_once(':').unwrap().1.to_owned()
}

/// A psql meta-command that, while psql runs, writes every process's arguments to `dir/cmdlines` and the
/// password psql holds in its environment to `dir/password`.
pub fn dump_command(dir: &std::path::Path) -> String {
    let (seen, password) = (dir.join("cmdlines").display().to_string(), dir.join("password").display().to_string());
    format!(
        "\\! sh -c 'cat /proc/[0-9]*/cmdline 2>/dev/null | tr \"\\\\000\" \" \" > {seen}; printf %s \"$PGPASSWORD\" > {password}'"
    )
}

/// What [`dump_command`] wrote: (every process's arguments, psql's password).
pub fn dumped(dir: &std::path::Path) -> (String, String) {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
    (read("cmdlines"), read("password"))
}

/// Creates a project (with its default database) and a connection on it named `name`; gives the database id,
/// the connection id and its (DATABASE_URL, DIRECT_URL).
pub fn database_with_connection(harness: &Harness, name: &str) -> (String, String, (String, String)) {
    harness.ppg(&["projects", "create", "--name", name]).ok();
    let database = harness.id_of("databases", "main");
    let created = harness.ppg(&["connections", "create", &database, "--name", name]);
    created.ok();
    let connection = harness.id_of("connections", name);
    (database, connection, minted(&created))
}

/// The request log's `METHOD PATH` lines.
pub fn request_lines(harness: &Harness) -> Vec<String> {
    harness
        .requests()
        .iter()
        .map(|request: &Value| format!("{} {}", request["method"].as_str().unwrap(), request["path"].as_str().unwrap()))
        .collect()
}
