//! Answers that come back after the user moved on: keys typed ahead while the emulator answers late (its
//! latency) are handled first, and the late answer lands in the form that sent it or nowhere, never in
//! another form, and never unlocks a form whose own change is still in flight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use std::time::Duration;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{FormKind, Node, Section};

/// Long enough for the keys typed ahead to be handled before any answer comes back.
const LATE: Duration = Duration::from_millis(400);

#[test]
fn a_late_answer_does_not_land_in_another_form() {
    let mut harness = Harness::slow(LATE);
    let main = harness.open_database("checkout-service", "main-db");
    let analytics = harness.database_id("analytics");
    let path = format!("/v1/databases/{main}/connections");
    harness.refuse("POST", &path, 422, "A connection named worker already exists.", None);
    harness.keys("n");
    harness.keys("worker");
    // Enter, then at once: Esc, down to analytics, and its rename form with "-2" typed.
    let rows = harness.app().rows();
    let at = |node: &Node| rows.iter().position(|row| &row.node == node).unwrap();
    let down = at(&Node::Database(analytics.clone())) - at(&Node::Database(main.clone()));
    let mut keys = vec![KeyCode::Enter, KeyCode::Esc];
    keys.extend(std::iter::repeat_n(KeyCode::Char('j'), down));
    keys.extend([KeyCode::Char('e'), KeyCode::Char('-'), KeyCode::Char('2')]);
    harness.ahead(&keys);

    assert_eq!(harness.writes(), [format!("POST {path}")]);
    let form = harness.form();
    assert_eq!(form.kind, FormKind::RenameDatabase { id: analytics });
    assert_eq!(form.error, None, "the create's refusal is shown in the rename form of another database");
    assert_eq!(harness.form_name(), "analytics-2");
    assert_eq!(harness.app().errors.len(), 1, "the refusal is logged all the same");
}

#[test]
fn a_late_answer_does_not_unlock_another_form_in_flight() {
    let mut harness = Harness::slow(LATE);
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    let path = format!("/v1/databases/{database}/connections");
    harness.refuse("POST", &path, 422, "A connection named worker already exists.", None);
    harness.refuse("POST", &path, 422, "A connection named other already exists.", None);
    harness.keys("n");
    harness.keys("worker");
    // The first create is sent; Esc; a second one is sent and Enter pressed again while both are in flight.
    let mut keys = vec![KeyCode::Enter, KeyCode::Esc, KeyCode::Char('n')];
    keys.extend("other".chars().map(KeyCode::Char));
    keys.extend([KeyCode::Enter, KeyCode::Enter]);
    harness.ahead(&keys);

    assert_eq!(harness.writes(), [format!("POST {path}"), format!("POST {path}")], "each create sent once");
    let form = harness.form();
    assert_eq!(form.kind, FormKind::NewConnection { database });
    assert_eq!(form.pending, None, "its own answer came");
    let error = form.error.clone().unwrap_or_default();
    assert!(error.contains("other already exists"), "the second form shows its own refusal: {error}");
    assert_eq!(harness.form_name(), "other");
    assert_eq!(harness.app().errors.len(), 2);
}
