//! `ppg ping` against the test PostgreSQL directly: every `sslmode`, `sslrootcert`, `.env` files, and the
//! failures of the steps before the server (refused, no such host, a bad string). The server-less cases
//! always run; the others skip without `PPG_TEST_POSTGRES`, except in CI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;
mod pg_support;

use cli_support::{Run, bare_command, run};
use pg_support::{admin_url, ca_file};

fn ppg(args: &[&str]) -> Run {
    let home = tempfile::tempdir().unwrap();
    run(bare_command(home.path()).args(args), args)
}

/// The admin string with `sslmode` replaced (and more parameters after it).
fn with_mode(admin: &str, mode_and_more: &str) -> String {
    let base = admin.split_once("sslmode=").map_or(admin, |(before, _)| before);
    let separator = if base.contains('?') { "" } else { "?" };
    format!("{base}{separator}sslmode={mode_and_more}")
}

#[test]
fn every_sslmode_does_what_libpq_does() {
    let Some(admin) = admin_url() else { return };
    let require = ppg(&["ping", "--url", &with_mode(&admin, "require")]);
    require.ok().stdout_has("TLSv1.").stdout_has("certificate not checked");
    let plain = ppg(&["ping", "--url", &with_mode(&admin, "disable")]);
    plain.ok().stdout_has("not asked for (sslmode=disable)");
    let prefer = ppg(&["ping", "--json", "--url", &with_mode(&admin, "prefer")]);
    assert!(prefer.ok().json()["tls"]["protocol"].is_string(), "prefer takes TLS when it is offered");

    let unknown_root = ppg(&["ping", "--url", &with_mode(&admin, "verify-full")]);
    unknown_root.code(1).stdout_has("tls handshake").stdout_has("FAILED").stderr_has("sslrootcert");
    let Some(ca) = ca_file() else { return };
    let full = with_mode(&admin, &format!("verify-full&sslrootcert={ca}"));
    ppg(&["ping", "--url", &full]).ok().stdout_has("certificate checked for this host");
    let by_name = full.replace("@127.0.0.1:", "@localhost:");
    ppg(&["ping", "--url", &by_name]).ok().stdout_has("certificate checked for this host");
    let verify_ca = with_mode(&admin, &format!("verify-ca&sslrootcert={ca}"));
    ppg(&["ping", "--url", &verify_ca]).ok().stdout_has("certificate chain checked");
}

#[test]
fn the_string_comes_from_an_env_file_or_stdin() {
    let Some(admin) = admin_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".env");
    std::fs::write(&file, format!("# app\nDIRECT_URL=\"{admin}\"\n")).unwrap();
    let path = file.display().to_string();
    ppg(&["ping", "--env-file", &path]).ok().stdout_has("authenticate");
    ppg(&["ping", "--env-file", &path, "--pooled"]).code(2).stderr_has("sets none of DATABASE_URL");

    let home = tempfile::tempdir().unwrap();
    let mut command = bare_command(home.path());
    command.args(["ping", "--url", "-"]).write_stdin(format!("{admin}\n"));
    run(&mut command, &["ping", "--url", "-"]).ok().stdout_has("select 1");
}

#[test]
fn failures_before_the_server_name_their_step_and_never_the_password() {
    let refused = ppg(&["ping", "--url", "postgres://me:sk_hidden@127.0.0.1:1/db"]);
    refused.code(1).stdout_has("tcp connect").stderr_has("connection refused");
    let nowhere = ppg(&["ping", "--url", "postgres://me:sk_hidden@no-such-host.invalid/db"]);
    nowhere.code(1).stdout_has("resolve").stderr_has("did not resolve");
    let bad = ppg(&["ping", "--url", "postgres://me:sk_hidden@h/db?sslmode=sometimes"]);
    bad.code(2).stderr_has("sslmode \"sometimes\" is not one of");
    let no_source = ppg(&["ping"]);
    no_source.code(2).stderr_has("--url URL, --env-file FILE, or DB --temporary");
    for run in [&refused, &nowhere, &bad] {
        assert!(!run.stdout.contains("sk_hidden") && !run.stderr.contains("sk_hidden"), "{}", run.printed());
        assert!(run.stdout.is_empty() || run.stdout.contains("me:••••@"), "{}", run.printed());
    }
    let json = ppg(&["ping", "--json", "--url", "postgres://me:sk_hidden@127.0.0.1:1/db"]);
    let report = json.code(1).json();
    assert_eq!(report["failure"]["step"], "connect");
    assert_eq!(report["answered"], false);

    let home = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let mut command = bare_command(home.path());
    let args = ["connect", "--url", "postgres://me:sk_hidden@127.0.0.1:1/db"];
    command.env("PATH", empty.path()).env_remove("PPG_PSQL").args(args);
    let missing = run(&mut command, &args);
    missing.code(2).stderr_has("psql is not installed").stderr_has("apt-get install postgresql-client");
}
