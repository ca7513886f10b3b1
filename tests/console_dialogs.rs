//! The delete and rotate confirmations against the emulator: nothing is sent until the exact name is typed
//! and the verb pressed, a default database is refused before any request, and a rotation's new strings are
//! shown once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Button, Focus, Overlay, Section, Tone};

/// The open confirmation's focus, required name (as shown), typed text and whether its verb is enabled.
fn state(harness: &Harness) -> (Focus, Option<String>, String, bool) {
    let dialog = harness.confirm();
    let name = dialog.require.as_ref().map(|name| name.shown.clone());
    (dialog.focus, name, dialog.typed.value().to_owned(), dialog.enabled())
}

const CANCEL: Focus = Focus::Button(Button::Cancel);
const VERB: Focus = Focus::Button(Button::Verb);

#[test]
fn delete_cannot_be_confirmed_until_the_name_matches() {
    let mut harness = Harness::demo();
    let analytics = harness.open_database("checkout-service", "analytics");

    // Enter at once presses Cancel: closed, nothing sent.
    harness.keys("d");
    assert_eq!(state(&harness), (CANCEL, Some("analytics".into()), String::new(), false));
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none(), "Enter on Cancel closes");

    // Tab visits the verb, the name field and Cancel again; Enter on the disabled verb says what is missing.
    harness.keys("d");
    for expected in [VERB, Focus::Field, CANCEL, VERB] {
        harness.press(KeyCode::Tab);
        assert_eq!(state(&harness).0, expected);
    }
    harness.press(KeyCode::Enter);
    let dialog = harness.confirm();
    let error = dialog.error.clone().expect("the dialog says why");
    assert!(error.starts_with("Type analytics (or its id ") && error.ends_with("to enable Delete."), "{error}");
    harness.press(KeyCode::Esc);

    // Almost the name, or the name in another case: Enter in the field keeps the dialog and says so.
    for wrong in ["analytic", "Analytics", "analytics ", " analytics"] {
        harness.keys("d");
        harness.keys(wrong);
        assert_eq!(state(&harness).0, Focus::Field, "typing goes into the name");
        assert!(!state(&harness).3, "{wrong:?} enables the button");
        harness.press(KeyCode::Enter);
        assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))), "{wrong:?} closed the dialog");
        assert!(harness.confirm().error.as_deref().unwrap_or_default().starts_with("That is not the name."));
        harness.press(KeyCode::Esc);
    }
    assert!(harness.writes().is_empty(), "nothing was sent");

    // The exact name, then Enter in the field: exactly one delete.
    harness.keys("d");
    harness.keys("analytics");
    assert!(state(&harness).3);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE /v1/databases/{analytics}")]);
    assert!(harness.app().overlay.is_none());
    assert!(harness.world()["databases"].get(&analytics).is_none(), "deleted");
}

#[test]
fn deleting_a_project_names_its_databases_and_a_connection_needs_its_name() {
    let mut harness = Harness::demo();
    let project = harness.select_project("mobile-api");
    harness.press(KeyCode::Char('l'));
    harness.keys("d");
    let dialog = harness.confirm();
    let text = dialog.lines.join("\n");
    assert!(text.contains("3 database(s)") && text.contains("prod, load-test, staging"), "{text}");
    assert_eq!(dialog.verb, "Delete");
    harness.keys("mobile-api");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE /v1/projects/{project}")]);
    assert!(harness.world()["projects"].get(&project).is_none(), "deleted");

    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    let ci = harness.record("connections", "ci")["id"].as_str().unwrap().to_owned();
    harness.focus_row(&ci);
    harness.keys("d");
    assert_eq!(state(&harness).1.as_deref(), Some("ci"));
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Enter);
    assert!(harness.writes().is_empty(), "not typed yet");
    assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))), "the disabled verb keeps the dialog");
    harness.keys("ci");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE /v1/connections/{ci}")]);
    assert!(harness.world()["connections"].get(&ci).is_none(), "deleted");
}

#[test]
fn a_default_database_is_refused_before_any_request() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "main-db");
    harness.keys("d");
    assert!(harness.app().overlay.is_none(), "no dialog at all");
    let toast = harness.app().toast.clone().expect("a reason");
    assert_eq!(toast.tone, Tone::Error);
    assert!(toast.text.contains("main-db") && toast.text.contains("default database"), "{}", toast.text);
    assert!(harness.writes().is_empty());
}

#[test]
fn rotate_opens_on_cancel_and_y_sends() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    let before = harness.record("connections", "app-server");
    let id = before["id"].as_str().unwrap().to_owned();
    harness.focus_row(&id);
    harness.keys("o");
    let dialog = harness.confirm();
    assert_eq!(dialog.focus, CANCEL);
    assert!(dialog.lines.join(" ").contains("must be updated"), "{:?}", dialog.lines);
    harness.keys("o");
    assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))), "the opening key does not confirm");
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none(), "Enter presses Cancel");
    assert!(harness.writes().is_empty());

    harness.keys("o");
    harness.keys("y");
    assert_eq!(harness.writes(), [format!("POST /v1/connections/{id}/rotate")]);
    let after = harness.record("connections", "app-server");
    assert_ne!(after["secret"], before["secret"], "the password changed");

    // The rotated strings land in the secret panel, masked, and in memory.
    let panel = harness.secret_panel();
    assert!(!panel.revealed);
    assert_eq!(panel.secrets.len(), 2);
    let secret = after["secret"].as_str().unwrap();
    assert!(panel.secrets.iter().all(|shown| shown.text.contains(secret)), "the new password is in both strings");
    assert!(harness.app().session.secrets.contains_key(&id));
    assert!(harness.toast().contains("rotated connection app-server"), "{}", harness.toast());
}

#[test]
fn rotate_needs_a_connection() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("o");
    assert!(harness.app().overlay.is_none());
    assert!(harness.toast().contains("select a connection"), "{}", harness.toast());
    assert!(harness.writes().is_empty());
}
