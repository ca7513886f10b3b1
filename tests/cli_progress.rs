//! The waiting line of a CLI command in a real terminal: after a second of waiting it says so on stderr,
//! with the latest retry and its reason, rewritten in place, and it is cleared when the command is done.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_support;
mod common;
#[allow(dead_code)]
mod tui_support;

use axum::http::header;
use client_support::{json_answer, scripted};
use serde_json::json;
use tui_support::{DEADLINE, Tui, escape, rfind};

#[test]
fn a_command_kept_waiting_says_so_then_clears_the_line() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    // Two 429s asking for a second each: the command waits about two seconds in all.
    let (base, _) = runtime.block_on(scripted(|n| {
        if n <= 2 {
            let mut response = json_answer(429, json!({"error": {"code": "rate_limited", "message": "Slow down."}}));
            response.headers_mut().insert(header::RETRY_AFTER, "1".parse().unwrap());
            response
        } else {
            let me = json!({"data": {"user": {"id": "usr_1", "email": "ada@example.com", "displayName": "Ada"},
                "workspace": null, "credential": {"type": "service_token"}}});
            json_answer(200, me)
        }
    }));
    let host = base.trim_start_matches("http://").to_owned();
    let env = [("PRISMA_POSTGRES_TOKEN", "tok_pty"), ("PPG_API_URL", base.as_str())];
    let mut tui = Tui::spawn_with_env(&["whoami"], &env, 100, 20);
    let waiting = format!("waiting for {host}…");
    let raw = tui.wait_for_raw(|raw| String::from_utf8_lossy(raw).contains(&waiting), DEADLINE);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "{}", tui.describe());
    let raw = tui.raw();
    let all = String::from_utf8_lossy(&raw);
    assert!(all.contains("after 429)"), "the retry and its reason are shown: {}", escape(&raw));
    assert!(text.contains(&format!("\r\x1b[2K{waiting}")), "drawn in place: {}", escape(&raw));
    let last_line = rfind(&raw, waiting.as_bytes()).unwrap();
    assert!(rfind(&raw, b"\r\x1b[2K").unwrap() > last_line, "cleared after it was last drawn: {}", escape(&raw));
    let screen = tui.screen();
    assert!(!screen.contains("waiting for"), "no trace is left on screen:\n{screen}");
    assert!(screen.contains("ada@example.com"), "the answer is printed:\n{screen}");
}
