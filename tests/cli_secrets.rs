//! The token never shows: not on stdout, not on stderr, not in the log file, even with tracing at `trace`,
//! on successes, API errors, faults, network errors and wrong tokens alike.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cli_support::{Harness, Run, bare_command, run};
use ppg::emulator::{Config, Faults, Seed};

/// The emulator's token, distinctive enough that any leak of it (or of its tail) is found.
const TOKEN: &str = "tok_SeCrEt_1234567890";
/// A wrong token that is sent too, and must not leak either.
const WRONG: &str = "tok_WrOnG_0987654321";
/// What is searched for: the tails of both, so that a token cut after its prefix is found as well.
const NEEDLES: [&str; 4] = [TOKEN, WRONG, "SeCrEt_1234567890", "WrOnG_0987654321"];

fn start(faults: Faults) -> Harness {
    Harness::start(Config { token: TOKEN.into(), faults, ..common::config(Seed::Demo) })
}

/// Runs `command` with tracing at `trace` into `log`, and checks its output for the tokens.
fn traced(command: &mut Command, log: &Path, args: &[&str]) -> Run {
    let run = run(command.env("PPG_LOG", "trace").arg("--log-file").arg(log).args(args), args);
    assert_clean(&format!("stdout of ppg {}", run.args), &run.stdout);
    assert_clean(&format!("stderr of ppg {}", run.args), &run.stderr);
    run
}

fn assert_clean(what: &str, text: &str) {
    for needle in NEEDLES {
        assert!(!text.contains(needle), "{what} shows a token ({needle}):\n{text}");
    }
}

/// Reads a log file, which must exist and hold something (else this test could not fail), and checks it.
fn assert_log_clean(path: &PathBuf) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("no log at {}: {error}", path.display()));
    assert!(!text.trim().is_empty(), "the log {} is empty", path.display());
    assert_clean(&format!("the log {}", path.display()), &text);
    text
}

#[test]
fn the_token_never_shows_on_success_or_api_errors() {
    let h = start(Faults::default());
    let log = h.home.path().join("ppg.log");
    let main = h.id_of("databases", "main-db");
    traced(&mut h.command(), &log, &["projects", "list"]).ok();
    traced(&mut h.command(), &log, &["projects", "list", "--json"]).ok();
    traced(&mut h.command(), &log, &["whoami", "--json"]).ok();
    traced(&mut h.command(), &log, &["databases", "get", &main]).ok();
    traced(&mut h.command(), &log, &["connections", "create", &main, "--name", "traced"]).ok();
    traced(&mut h.command(), &log, &["connections", "create", &main, "--name", "traced-json", "--json"]).ok();
    traced(&mut h.command(), &log, &["projects", "get", "proj_doesnotexist0000000000"]).code(3);
    traced(&mut h.command(), &log, &["projects", "list", "--bogus"]).code(2);
    let project = h.id_of("projects", "data-platform");
    traced(&mut h.command(), &log, &["projects", "delete", &project]).code(4);
    let wrong = traced(h.command().env("PRISMA_POSTGRES_TOKEN", WRONG), &log, &["whoami"]);
    wrong.code(1).stderr_has("401");
    traced(h.command().env("PRISMA_POSTGRES_TOKEN", WRONG), &log, &["projects", "list", "--json"]).code(1);
    let text = assert_log_clean(&log);
    assert!(
        text.contains("ppg::cli") && text.contains("TRACE"),
        "the log holds ppg's and the HTTP stack's lines:\n{text}"
    );

    // PPG_LOG alone logs to the state directory ($XDG_STATE_HOME/ppg/ppg.log).
    let args = ["whoami"];
    run(h.command().env("PPG_LOG", "trace").args(args), &args).ok();
    run(h.command().env("PPG_LOG", "trace").env("PRISMA_POSTGRES_TOKEN", WRONG).args(args), &args).code(1);
    assert_log_clean(&h.home.path().join("state/ppg/ppg.log"));
}

#[test]
fn the_token_never_shows_from_the_config_file() {
    let h = start(Faults::default());
    let log = h.home.path().join("ppg.log");
    let dir = h.home.path().join("config/ppg");
    std::fs::create_dir_all(&dir).unwrap();
    // Readable by others on purpose: the warning about it must not quote the token.
    let config = format!(
        "default_profile = \"file\"\n\n[profiles.file]\ntoken = \"{TOKEN}\"\napi_url = \"{base}\"\n\n\
         [profiles.command]\ntoken_command = \"printf {TOKEN}\"\napi_url = \"{base}\"\n\n\
         [profiles.wrong]\ntoken = \"{WRONG}\"\napi_url = \"{base}\"\n",
        base = h.emu.base
    );
    std::fs::write(dir.join("config.toml"), config).unwrap();
    let home = h.home.path();
    traced(&mut bare_command(home), &log, &["whoami", "--json"]).ok().stderr_has("readable by other users");
    traced(&mut bare_command(home), &log, &["--profile", "command", "projects", "list"]).ok();
    traced(&mut bare_command(home), &log, &["--profile", "wrong", "projects", "list"]).code(1);
    traced(&mut bare_command(home), &log, &["--profile", "missing", "projects", "list"]).code(2);
    // A broken file names its line without quoting the value (which might be a pasted token).
    std::fs::write(dir.join("config.toml"), format!("[profiles.broken]\ntoken = {TOKEN}\n")).unwrap();
    traced(&mut bare_command(home), &log, &["projects", "list"]).code(2).stderr_has("line 2");
    assert_log_clean(&log);
}

#[test]
fn the_token_never_shows_on_faults_and_network_errors() {
    let h = start(Faults { fail_rate: 1.0, seed: 5, ..Faults::default() });
    let log = h.home.path().join("ppg.log");
    let failed = traced(&mut h.command(), &log, &["projects", "rename", "proj_anything000000000000000", "x"]);
    failed.code(1).stderr_has("outcome is unknown");
    traced(&mut h.command(), &log, &["projects", "list", "--json"]).code(1);
    let text = assert_log_clean(&log);
    assert!(text.contains("retrying a read"), "the log shows the retries:\n{text}");

    // Nothing listens on a port just freed: every attempt is refused, and retried.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let url = format!("http://{closed}");
    let unreachable = traced(h.command().env("PPG_API_URL", &url), &log, &["whoami"]);
    unreachable.code(1).stderr_has("cannot reach the API");
    assert_log_clean(&log);
}
