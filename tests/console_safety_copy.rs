//! The in-place restore keeps a way back: a copy of the target is made first (checked by default), and the
//! restore is sent only once the copy was accepted; unchecked, only the restore goes; refused, nothing is
//! restored and the status line says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{RestoreMode, RestoreRow, Section};

/// Opens the restore of the second backup of data-platform's `events` in place over its first target, with
/// the target's name typed and the focus on the safety copy's row; gives the target's (id, name).
fn in_place_ready(harness: &mut Harness) -> (String, String) {
    let events = harness.record("databases", "events")["id"].as_str().unwrap().to_owned();
    let backup = harness.backups_of(&events)[1]["id"].as_str().unwrap().to_owned();
    harness.open_section("data-platform", "events", Section::Backups);
    harness.focus_row(&backup);
    harness.keys("r");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    assert_eq!(harness.restore_dialog().mode, RestoreMode::InPlace);
    let (target, name) = harness.restore_dialog().targets[0].clone();
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Tab);
    harness.keys(&name);
    harness.press(KeyCode::Tab);
    assert_eq!(harness.restore_dialog().row, RestoreRow::SafetyCopy);
    (target, name)
}

#[test]
fn unchecked_the_restore_goes_alone() {
    let mut harness = Harness::demo();
    let (target, _) = in_place_ready(&mut harness);
    harness.press(KeyCode::Char(' '));
    assert!(!harness.restore_dialog().safety_copy);
    assert!(harness.frame().contains("[ ] › no copy"), "{}", harness.frame());
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/databases/{target}/restore")]);
    assert!(!harness.toast().contains("before-restore"), "{}", harness.toast());
}

#[test]
fn a_refused_copy_restores_nothing_and_says_so() {
    let databases = Harness::demo().world()["databases"].as_object().unwrap().len();
    let mut harness = Harness::limited(databases);
    let (target, name) = in_place_ready(&mut harness);
    assert!(harness.frame().contains("[x] › copy events first"), "{}", harness.frame());
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes().len(), 1, "the copy was asked for, the restore never: {:?}", harness.writes());
    assert!(harness.writes()[0].ends_with("/databases"), "{:?}", harness.writes());
    let toast = harness.toast();
    assert!(toast.starts_with(&format!("the safety copy of {name} was not made")), "{toast}");
    assert!(toast.contains("plan allows no more databases") && toast.ends_with("so nothing was restored"), "{toast}");
    assert_ne!(harness.world()["databases"][&target]["status"], "recovering");
}
