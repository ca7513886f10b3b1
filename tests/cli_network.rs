//! The real binary on network trouble and odd settings: the cause of a failure named, `request_timeout`
//! from the config file, `/v1` URLs, a slow `token_command`, tokens that cannot be sent, variables that are
//! not UTF-8, and no waiting line on a stderr that is not a terminal.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod client_support;
mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::time::{Duration, Instant};

use axum::http::header;
use cli_support::{Harness, bare_command, run};
use client_support::{Socket, dead_url, json_answer, raw_server, scripted};
use serde_json::json;

/// Far above any limit under test: the tests are about what is said, not the clock.
const GENEROUS: Duration = Duration::from_secs(20);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap()
}

/// Writes the config file of `home`.
fn write_config(home: &std::path::Path, text: &str) {
    let dir = home.join("config").join("ppg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn an_api_url_ending_in_v1_is_the_same_server() {
    let h = Harness::demo();
    for suffix in ["/v1", "/v1/"] {
        let url = format!("{}{suffix}", h.emu.base);
        let listed = h.ppg(&["--api-url", &url, "projects", "list", "--json"]);
        listed.ok();
        assert!(!listed.json_array().is_empty(), "{}", listed.printed());
        let from_env = run(h.command().env("PPG_API_URL", &url).args(["whoami"]), &["whoami"]);
        from_env.ok();
    }
    assert!(h.requests().iter().all(|r| r["path"].as_str().is_some_and(|p| !p.starts_with("/v1/v1"))));
}

#[test]
fn a_silent_api_times_out_as_the_config_file_says() {
    let rt = runtime();
    let (base, _) = rt.block_on(raw_server(Socket::Silent));
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), "request_timeout = \"1s\"\n");
    let started = Instant::now();
    let args = ["--api-url", &base, "whoami"];
    let out = run(bare_command(home.path()).env("PRISMA_POSTGRES_TOKEN", "tok_cli_secret").args(args), &args);
    let took = started.elapsed();
    out.code(1).stderr_has("timed out after 1 s waiting for the answer from 127.0.0.1:");
    assert!(took < GENEROUS, "took {took:?}");
    assert!(!out.stderr.contains("tok_cli_secret") && !out.stderr.contains("waiting for 127"), "{}", out.printed());
}

#[test]
fn a_refused_port_and_an_unknown_host_are_named() {
    let home = tempfile::tempdir().unwrap();
    let refused = dead_url();
    let args = ["--api-url", &refused, "whoami"];
    let out = run(bare_command(home.path()).env("PRISMA_POSTGRES_TOKEN", "t").args(args), &args);
    out.code(1).stderr_has("connection refused by 127.0.0.1:");
    let args = ["--api-url", "http://no-such-host.invalid", "whoami"];
    let out = run(bare_command(home.path()).env("PRISMA_POSTGRES_TOKEN", "t").args(args), &args);
    out.code(1).stderr_has("no such host no-such-host.invalid");
}

#[test]
fn a_slow_token_command_is_stopped_and_named() {
    let home = tempfile::tempdir().unwrap();
    let config = "token_command_timeout = \"1s\"\n[profiles.slow]\ntoken_command = \"sleep 30\"\n";
    write_config(home.path(), config);
    let started = Instant::now();
    let out = run(bare_command(home.path()).args(["whoami"]), &["whoami"]);
    let took = started.elapsed();
    out.code(2).stderr_has("token_command of profile `slow` (`sleep 30`) did not finish within 1 s");
    assert!(took < GENEROUS, "took {took:?}");
}

#[test]
fn a_token_that_cannot_be_sent_is_a_usage_error_without_the_token() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bare_command(home.path()).env("PRISMA_POSTGRES_TOKEN", "sk_first\nsk_second").arg("whoami"), &[]);
    out.code(2).stderr_has("PRISMA_POSTGRES_TOKEN").stderr_has("a line break, which cannot be sent");
    assert!(!out.stderr.contains("sk_first") && !out.stderr.contains("sk_second"), "{}", out.printed());
    write_config(home.path(), "[profiles.cmd]\ntoken_command = \"printf 'sk_a\\\\tsk_b\\\\001'\"\n");
    let out = run(bare_command(home.path()).arg("whoami"), &[]);
    out.code(2).stderr_has("the token_command of profile `cmd` has a control character");
    assert!(!out.stderr.contains("sk_a"), "{}", out.printed());
}

#[test]
fn variables_that_are_not_utf8_are_usage_errors_naming_them() {
    let home = tempfile::tempdir().unwrap();
    let bad = OsStr::from_bytes(b"sk_\xff\xfe");
    for name in ["PPG_PROFILE", "PRISMA_POSTGRES_TOKEN", "PPG_API_URL", "PPG_LOG"] {
        let out = run(bare_command(home.path()).env(name, bad).arg("whoami"), &[name]);
        out.code(2).stderr_has(name).stderr_has("not valid UTF-8");
    }
}

#[test]
fn nothing_is_drawn_on_a_stderr_that_is_not_a_terminal() {
    let rt = runtime();
    let (base, hits) = rt.block_on(scripted(|n| {
        if n <= 2 {
            let mut response = json_answer(429, json!({"error": {"code": "rate_limited", "message": "Slow down."}}));
            response.headers_mut().insert(header::RETRY_AFTER, "1".parse().unwrap());
            response
        } else {
            json_answer(
                200,
                json!({"data": {"user": null, "workspace": null, "credential": {"type": "service_token"}}}),
            )
        }
    }));
    let home = tempfile::tempdir().unwrap();
    let args = ["--api-url", &base, "whoami"];
    let out = run(bare_command(home.path()).env("PRISMA_POSTGRES_TOKEN", "t").args(args), &args);
    out.ok();
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 3, "two 429s waited out: {}", out.printed());
    assert!(!out.stderr.contains("waiting") && !out.stderr.contains('\x1b'), "{}", out.printed());
}
