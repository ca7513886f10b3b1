//! Read-only mode on the real console: from every reachable kind of selection, no key and no pair of keys
//! (nor a third inside a dialog or filter) sends a change to the emulator; the mutating keys say why, and
//! read-only set while a dialog is open still sends nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use std::collections::HashSet;
use std::mem::Discriminant;

use console::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ppg::app::{Action, App, CopyMenu, Jump, Node, Overlay, Section};
use ppg::tui::Input;

/// Every key of the keymap but quitting (which ends the console), and the keys dialogs use besides.
fn all_keys(app: &App) -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = Action::ALL
        .iter()
        .filter(|action| **action != Action::Quit)
        .flat_map(|action| app.session.keymap.keys(*action).to_vec())
        .map(|key| KeyEvent::new(key.code, key.modifiers))
        .collect();
    for code in [
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Char(' '),
        KeyCode::Char('c'),
    ] {
        keys.push(KeyEvent::new(code, KeyModifiers::NONE));
    }
    let mut seen = HashSet::new();
    keys.retain(|key| seen.insert(*key));
    keys
}

fn press(harness: &mut Harness, key: KeyEvent) {
    harness.input(Input::Event(Event::Key(key)));
}

/// The demo in read-only mode, and the selections the walk starts from.
fn read_only_starts() -> (Harness, Vec<(&'static str, App)>) {
    // A small terminal: it draws three times faster than 100×30, and the walk draws twice a key.
    let mut harness = Harness::demo_at(60, 20);
    harness.app_mut().session.badges.read_only = true;
    let mut starts = Vec::new();
    harness.select(&Node::Workspace);
    starts.push(("workspace", harness.app().clone()));
    harness.press(KeyCode::Tab);
    starts.push(("workspace table", harness.app().clone()));
    let project = harness.select_project("checkout-service");
    starts.push(("project", harness.app().clone()));
    harness.press(KeyCode::Char('l'));
    let analytics = harness.database_id("analytics");
    harness.focus_row(&analytics);
    starts.push(("project table on a database", harness.app().clone()));
    harness.select_project("billing");
    starts.push(("another project", harness.app().clone()));
    harness.open_database("checkout-service", "main-db");
    starts.push(("default database", harness.app().clone()));
    harness.select(&Node::Database(analytics));
    starts.push(("database", harness.app().clone()));
    let main = harness.open_section("checkout-service", "main-db", Section::Connections);
    starts.push(("connections", harness.app().clone()));
    let connection = harness.record("connections", "app-server")["id"].as_str().unwrap().to_owned();
    harness.focus_row(&connection);
    starts.push(("a connection", harness.app().clone()));
    harness.open_section("checkout-service", "main-db", Section::Backups);
    starts.push(("backups", harness.app().clone()));
    let backup = harness.backups_of(&main)[0]["id"].as_str().unwrap().to_owned();
    harness.focus_row(&backup);
    starts.push(("a backup", harness.app().clone()));
    harness.open_section("checkout-service", "main-db", Section::Usage);
    starts.push(("usage", harness.app().clone()));
    assert!(starts.iter().all(|(_, app)| app.session.badges.read_only));
    let _ = project;
    (harness, starts)
}

/// What decides where a key leads: the selection, the focused pane, what covers the panes (its kind only when
/// `inside`), and whether a filter is open. The walk goes on from each such state once.
fn signature(app: &App, inside: bool) -> String {
    let node = app.selected_node();
    let overlay = app.overlay.as_ref().map(std::mem::discriminant);
    let filter = app.browse.filter.as_ref().map(|filter| filter.editing);
    if inside {
        let kind = format!("{node:?}").split('(').next().unwrap_or_default().to_owned();
        return format!("{kind} {:?} {overlay:?} {filter:?}", app.browse.focus);
    }
    format!("{node:?} {:?} {overlay:?} {filter:?}", app.browse.focus)
}

/// Walks every key from each of `starts`, every second key after it, and inside an overlay or a filter one
/// more; fails at the first change the emulator receives. Returns the presses and the overlays reached.
fn walk(harness: &mut Harness, starts: &[(&str, App)]) -> (usize, HashSet<Discriminant<Overlay>>) {
    let keys = all_keys(&starts[0].1);
    let mut pressed = 0usize;
    let mut overlays = HashSet::new();
    let (mut walked, mut walked_inside) = (HashSet::new(), HashSet::new());
    for (name, start) in starts {
        for first in &keys {
            *harness.app_mut() = start.clone();
            press(harness, *first);
            pressed += 1;
            let one = harness.app().clone();
            if !walked.insert(signature(&one, false)) {
                continue;
            }
            for second in &keys {
                *harness.app_mut() = one.clone();
                press(harness, *second);
                pressed += 1;
                let two = harness.app().clone();
                if let Some(overlay) = &two.overlay {
                    overlays.insert(std::mem::discriminant(overlay));
                }
                // Inside an overlay or a filter, one more key of every kind.
                if (two.overlay.is_some() || two.browse.filter.is_some()) && walked_inside.insert(signature(&two, true))
                {
                    for third in &keys {
                        *harness.app_mut() = two.clone();
                        press(harness, *third);
                        pressed += 1;
                    }
                }
            }
            assert!(harness.ended.is_none(), "{name}: {first:?}: the console ended");
            assert_eq!(harness.writes(), Vec::<String>::new(), "read-only, {name}: {first:?} then any key");
            harness.forget_requests();
        }
    }
    (pressed, overlays)
}

/// The overlays read-only mode can open: help, the error log, jump and the copy menu.
fn kinds() -> [Discriminant<Overlay>; 4] {
    let jump = Overlay::Jump(Jump::default());
    let menu = Overlay::Copy(CopyMenu { title: String::new(), items: Vec::new(), selected: 0, note: None });
    [Overlay::Help { scroll: 0, beneath: None }, Overlay::ErrorLog { scroll: 0 }, jump, menu]
        .map(|overlay| std::mem::discriminant(&overlay))
}

/// The starts of the first walk (each walk takes half of them, so that the two run side by side).
const TREE_AND_TABLES: [&str; 6] =
    ["workspace", "workspace table", "project", "project table on a database", "another project", "a connection"];

#[test]
fn read_only_produces_no_change_for_any_key_from_the_tree_and_the_tables() {
    let (mut harness, mut starts) = read_only_starts();
    starts.retain(|(name, _)| TREE_AND_TABLES.contains(name));
    let (pressed, overlays) = walk(&mut harness, &starts);
    assert!(pressed > 2_000, "{pressed} presses");
    assert_eq!(overlays, HashSet::from(kinds()), "every overlay was reached");
}

#[test]
fn read_only_produces_no_change_for_any_key_from_databases_and_their_sections() {
    let (mut harness, mut starts) = read_only_starts();
    starts.retain(|(name, _)| !TREE_AND_TABLES.contains(name));
    let (pressed, overlays) = walk(&mut harness, &starts);
    assert!(pressed > 2_000, "{pressed} presses");
    assert_eq!(overlays, HashSet::from(kinds()), "every overlay was reached");
}

#[test]
fn read_only_refuses_mutating_keys_with_a_reason() {
    let (mut harness, starts) = read_only_starts();
    for (name, start) in &starts {
        for action in Action::ALL.into_iter().filter(|action| action.is_mutating()) {
            *harness.app_mut() = start.clone();
            let key = start.session.keymap.keys(action)[0];
            press(&mut harness, KeyEvent::new(key.code, key.modifiers));
            assert!(harness.app().overlay.is_none(), "{name}, {action:?}: no dialog opens");
            assert!(harness.toast().contains("read-only"), "{name}, {action:?}: {}", harness.toast());
        }
    }
    assert!(harness.writes().is_empty());
}

#[test]
fn read_only_set_while_a_dialog_is_open_still_sends_nothing() {
    // Each dialog, filled in so that its next key would send.
    let mut ready: Vec<(&str, Harness, KeyCode)> = Vec::new();
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("worker");
    ready.push(("new connection", harness, KeyCode::Enter));

    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    harness.keys("analytics");
    ready.push(("delete", harness, KeyCode::Enter));

    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    let connection = harness.record("connections", "app-server")["id"].as_str().unwrap().to_owned();
    harness.focus_row(&connection);
    harness.keys("o");
    ready.push(("rotate", harness, KeyCode::Char('y')));

    let mut harness = Harness::demo();
    harness.focus_newest_backup("checkout-service", "main-db");
    harness.keys("r");
    ready.push(("restore into a new database", harness, KeyCode::Enter));

    for (name, mut harness, key) in ready {
        assert!(harness.app().overlay.is_some(), "{name}: the dialog is open");
        harness.app_mut().session.badges.read_only = true;
        harness.press(key);
        assert!(harness.writes().is_empty(), "{name}: {:?}", harness.writes());
        assert!(harness.toast().contains("read-only"), "{name}: {}", harness.toast());
    }
}
