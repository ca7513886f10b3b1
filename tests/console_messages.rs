//! The message log (`!`): every toast stays there with its time after it left the status line (information
//! and success as well as errors), and a lost answer's entry keeps what ppg found when it looked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use std::time::Duration;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Overlay, Section, Tone};

/// The lines of the open message log's box, as drawn at 100×30, trimmed.
fn log_lines(harness: &Harness) -> Vec<String> {
    assert!(matches!(harness.app().overlay, Some(Overlay::ErrorLog { .. })), "the log is open");
    let screen = harness.screen(100, 30);
    screen
        .lines()
        .map(|line| line.trim_matches('"').trim_matches('│').trim().trim_matches('│').trim().to_owned())
        .collect()
}

#[test]
fn every_toast_stays_in_the_log_with_its_time_after_it_left_the_status_line() {
    let mut harness = Harness::demo();
    harness.console_pace().toast_for = Some(Duration::from_millis(20));
    harness.select_project("billing");
    harness.keys("y");
    let copied = harness.toast();
    assert!(copied.starts_with("copied"), "{copied}");
    harness.run_until(|app| app.toast.is_none());
    harness.select(&ppg::app::Node::Workspace);
    harness.keys("e");
    let info = harness.toast();
    assert!(info.contains("to rename"), "{info}");
    harness.run_until(|app| app.toast.is_none());

    let said: Vec<(Tone, &str)> =
        harness.app().messages.iter().map(|message| (message.tone, message.text.as_str())).collect();
    assert_eq!(said, [(Tone::Success, copied.as_str()), (Tone::Info, info.as_str())]);

    harness.keys("!");
    let lines = log_lines(&harness);
    let title = lines.iter().find(|line| line.contains("Messages (")).expect("a titled box");
    assert!(title.contains("Messages (2)"), "{title}");
    let newest = lines.iter().position(|line| line.contains(&format!("12:00:00  {info}"))).expect("the info, timed");
    let older = lines.iter().position(|line| line.contains(&format!("12:00:00  ✓ {copied}"))).expect("the success");
    assert!(newest < older, "newest first:\n{}", lines.join("\n"));
}

#[test]
fn the_same_message_again_is_counted_once() {
    let mut harness = Harness::demo();
    harness.keys("eee");
    assert_eq!(harness.app().messages.len(), 1);
    harness.keys("!");
    let lines = log_lines(&harness);
    assert!(lines.iter().any(|line| line.contains("to rename") && line.contains("(×3)")), "{}", lines.join("\n"));
}

#[test]
fn a_lost_answer_keeps_the_failure_and_what_ppg_found_when_it_looked() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.lose_after("POST", &format!("/v1/databases/{database}/connections"));
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    let verdict = harness.toast();
    assert!(verdict.contains("WAS created"), "{verdict}");

    let messages: Vec<_> = harness.app().messages.iter().cloned().collect();
    let failure = messages.iter().find(|message| message.error.is_some()).expect("the failure is kept");
    assert_eq!(failure.text, "creating connection worker", "what ppg was doing");
    assert!(messages.iter().any(|message| message.text.contains("looking at what exists now")));
    let settled = messages.last().unwrap();
    assert_eq!(settled.text, verdict);
    let findings = settled.findings.join("\n");
    assert!(
        findings.contains("looked at the connections of main-db again at 12:00:00: 3 connections listed, 1 more"),
        "{findings}"
    );
    assert!(findings.contains("new: worker (con_"), "{findings}");

    harness.keys("!");
    let lines = log_lines(&harness).join("\n");
    assert!(lines.contains("· new: worker (con_"), "{lines}");
    assert!(lines.contains("500"), "the error itself: {lines}");
}
