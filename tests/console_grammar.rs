//! One grammar for every dialog and form (issue 11, points 3–5): Tab and Shift-Tab visit every field and every
//! button, Enter in a field sends when it can and otherwise says what is missing, Esc cancels, the focus shows
//! without colour; safe actions are one key away and destructive ones are not; names that are hard to type
//! (invisible characters, a carriage return, 10,000 characters) can be confirmed as shown or by id.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use std::time::Instant;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{App, Button, Focus, RestoreMode, RestoreRow, Section};
use ppg::emulator::Seed;
use ppg::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use serde_json::{Value, json};

const CANCEL: Focus = Focus::Button(Button::Cancel);
const VERB: Focus = Focus::Button(Button::Verb);

/// The open form's focus: a field's label, or the button.
fn form_focus(harness: &Harness) -> String {
    let form = harness.form();
    match form.button() {
        Some(false) => "[ Cancel ]".to_owned(),
        Some(true) => "[ Verb ]".to_owned(),
        None => match &form.fields[form.focus] {
            ppg::app::Field::Text { label, .. }
            | ppg::app::Field::Choice { label, .. }
            | ppg::app::Field::Toggle { label, .. } => (*label).to_owned(),
        },
    }
}

/// The restore dialog's focus stop.
fn restore_focus(harness: &Harness) -> (RestoreRow, Option<Button>) {
    let dialog = harness.restore_dialog();
    (dialog.row, (dialog.row == RestoreRow::Buttons).then_some(dialog.button))
}

#[test]
fn tab_and_shift_tab_visit_every_field_and_every_button_of_a_form() {
    let mut harness = Harness::demo();
    harness.select(&ppg::app::Node::Workspace);
    harness.keys("n");
    let order = ["Name", "Region", "Default database", "[ Cancel ]", "[ Verb ]", "Name"];
    assert_eq!(form_focus(&harness), order[0]);
    for expected in &order[1..] {
        harness.press(KeyCode::Tab);
        assert_eq!(form_focus(&harness), *expected);
    }
    for expected in order[..order.len() - 1].iter().rev() {
        harness.press(KeyCode::BackTab);
        assert_eq!(form_focus(&harness), *expected);
    }
    // Enter on Cancel cancels; Esc anywhere cancels.
    harness.press(KeyCode::BackTab);
    harness.press(KeyCode::BackTab);
    assert_eq!(form_focus(&harness), "[ Cancel ]");
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none());
    harness.keys("n");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());
    assert!(harness.writes().is_empty());
}

#[test]
fn enter_in_a_form_field_sends_or_says_what_is_missing() {
    let mut harness = Harness::demo();
    harness.select(&ppg::app::Node::Workspace);
    harness.keys("n");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.form().error.as_deref(), Some("The name must not be empty."));
    assert!(harness.screen(100, 30).contains("⚠ The name must not be empty."), "said inside the form");
    // From the verb button too.
    harness.keys("shop");
    harness.press(KeyCode::BackTab);
    assert_eq!(form_focus(&harness), "[ Verb ]");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), ["POST /v1/projects"]);
}

#[test]
fn tab_visits_every_button_of_the_confirmations_and_the_restore_dialog() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    for expected in [VERB, Focus::Field, CANCEL, VERB] {
        harness.press(KeyCode::Tab);
        assert_eq!(harness.confirm().focus, expected);
    }
    for expected in [CANCEL, Focus::Field, VERB] {
        harness.press(KeyCode::BackTab);
        assert_eq!(harness.confirm().focus, expected);
    }
    harness.press(KeyCode::Esc);

    // The restore dialog: Tab reaches [ Restore ] (it never did), in both modes.
    harness.focus_newest_backup("checkout-service", "main-db");
    harness.keys("r");
    let stops = [
        (RestoreRow::Mode, None),
        (RestoreRow::Target, None),
        (RestoreRow::Buttons, Some(Button::Cancel)),
        (RestoreRow::Buttons, Some(Button::Verb)),
    ];
    assert_eq!(restore_focus(&harness), stops[3], "opens on [ Restore ]");
    for expected in stops {
        harness.press(KeyCode::Tab);
        assert_eq!(restore_focus(&harness), expected);
    }
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    assert_eq!(harness.restore_dialog().mode, RestoreMode::InPlace);
    let in_place = [
        (RestoreRow::Target, None),
        (RestoreRow::Typed, None),
        (RestoreRow::SafetyCopy, None),
        (RestoreRow::Buttons, Some(Button::Cancel)),
        (RestoreRow::Buttons, Some(Button::Verb)),
        (RestoreRow::Mode, None),
    ];
    for expected in in_place {
        harness.press(KeyCode::Tab);
        assert_eq!(restore_focus(&harness), expected);
    }
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());
    assert!(harness.writes().is_empty());
}

#[test]
fn enter_in_a_dialog_field_confirms_or_says_what_is_missing() {
    let mut harness = Harness::demo();
    harness.focus_newest_backup("checkout-service", "main-db");
    harness.keys("r");
    // The new name emptied, Enter in it: the dialog stays and says why.
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Tab);
    assert_eq!(restore_focus(&harness), (RestoreRow::Target, None));
    for _ in 0..harness.restore_dialog().name.value().chars().count() {
        harness.press(KeyCode::Backspace);
    }
    harness.press(KeyCode::Enter);
    assert_eq!(harness.restore_dialog().error.as_deref(), Some("The name must not be empty."));
    assert!(harness.screen(100, 30).contains("⚠ The name must not be empty."));
    harness.keys("main-copy");
    harness.press(KeyCode::Enter);
    let project = harness.project_id("checkout-service");
    assert_eq!(harness.writes(), [format!("POST /v1/projects/{project}/databases")]);
    harness.record("databases", "main-copy");
}

#[test]
fn safe_is_one_key_away_and_destructive_is_not() {
    let mut harness = Harness::demo();
    harness.focus_newest_backup("checkout-service", "main-db");
    // In place: the buttons move to Cancel, and Enter there only cancels.
    harness.keys("r");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    let dialog = harness.restore_dialog();
    assert_eq!((dialog.mode, dialog.button), (RestoreMode::InPlace, Button::Cancel));
    harness.press(KeyCode::BackTab);
    assert_eq!(restore_focus(&harness), (RestoreRow::Buttons, Some(Button::Verb)));
    harness.press(KeyCode::Enter);
    assert!(harness.restore_dialog().error.is_some(), "the name is needed");
    // Back to a new database: [ Restore ] again, and r Enter from scratch restores.
    harness.press(KeyCode::Esc);
    harness.keys("r");
    harness.press(KeyCode::Enter);
    let project = harness.project_id("checkout-service");
    assert_eq!(harness.writes(), [format!("POST /v1/projects/{project}/databases")]);

    // A delete opens on Cancel: d Enter sends nothing.
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    assert_eq!(harness.confirm().focus, CANCEL);
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none() && harness.writes().is_empty());
}

/// The app drawn without colour (`NO_COLOR`), and the style of the first cell of `text` on screen.
fn plain(app: &App, text: &str) -> (String, Modifier) {
    let mut app = app.clone();
    app.size = (100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| ui::draw(frame, &app, &Theme::plain())).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let screen = terminal.backend().to_string();
    for y in 0..30 {
        let row: String = (0..100).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        if let Some(at) = row.find(text) {
            let column = row[..at].chars().count() as u16;
            return (screen, buffer[(column, y)].modifier);
        }
    }
    panic!("{text:?} is not on screen:\n{screen}");
}

#[test]
fn the_focus_shows_without_colour() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    let (screen, style) = plain(harness.app(), "[ Cancel ]");
    assert!(screen.contains("› [ Cancel ]"), "marked: {screen}");
    assert!(style.contains(Modifier::REVERSED), "and reversed: {style:?}");
    let (screen, style) = plain(harness.app(), "[ Delete ]");
    assert!(!screen.contains("› [ Delete ]") && !style.contains(Modifier::REVERSED));
    harness.keys("ana");
    let (screen, _) = plain(harness.app(), "› name");
    assert!(screen.contains("› name              ana▏"), "the field is marked: {screen}");
    assert!(!screen.contains("› [ Cancel ]"));
}

/// A demo world whose main-db connections are renamed: one with a zero-width space, one with a carriage
/// return, one 10,000 characters long. Returns the harness and the three ids.
fn odd_names() -> (tempfile::TempDir, Harness, [String; 3]) {
    let mut world = Harness::demo().world();
    let main = world["databases"].as_object().unwrap().values().find(|d| d["name"] == "main-db").unwrap()["id"].clone();
    let mut ids: Vec<String> = world["connections"]
        .as_object()
        .unwrap()
        .values()
        .filter(|connection| connection["databaseId"] == main)
        .map(|connection| connection["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    // A third one, copied from the first.
    let mut third = world["connections"][&ids[0]].clone();
    third["id"] = json!("con_oddnames0000000000000000");
    world["connections"]["con_oddnames0000000000000000"] = third;
    ids.push("con_oddnames0000000000000000".to_owned());
    let names = ["ad\u{200b}min".to_owned(), "line\rbreak".to_owned(), "x".repeat(10_000)];
    for (id, name) in ids.iter().zip(&names) {
        world["connections"][id]["name"] = json!(name);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.json");
    std::fs::write(&file, serde_json::to_vec(&world).unwrap()).unwrap();
    let mut harness = Harness::on(Seed::File(file));
    harness.open_section("checkout-service", "main-db", Section::Connections);
    (dir, harness, [ids[0].clone(), ids[1].clone(), ids[2].clone()])
}

fn deleted(harness: &Harness, id: &str) -> bool {
    harness.world()["connections"].get(id).is_none_or(Value::is_null)
}

#[test]
fn names_with_invisible_characters_or_a_carriage_return_can_be_typed_as_shown() {
    let (_dir, mut harness, [zero_width, carriage, _]) = odd_names();
    for (id, shown) in [(&zero_width, "ad\\u{200b}min"), (&carriage, "line\\rbreak")] {
        harness.focus_row(id);
        harness.keys("d");
        assert_eq!(harness.confirm().require.as_ref().unwrap().shown, shown);
        assert!(harness.screen(100, 30).contains(&format!("Type {shown} (or its id")), "shown as elsewhere");
        harness.keys(shown);
        harness.press(KeyCode::Enter);
        assert!(harness.app().overlay.is_none(), "{shown} confirmed");
        assert!(deleted(&harness, id), "{shown} deleted");
    }
}

#[test]
fn a_ten_thousand_character_name_fits_and_is_confirmed_by_its_shown_form_or_its_id() {
    let (_dir, mut harness, [_, _, long]) = odd_names();
    harness.focus_row(&long);
    harness.keys("d");
    let name = harness.confirm().require.clone().unwrap();
    assert_eq!(name.shown.chars().count(), 40, "{}", name.shown);
    assert!(name.shown.starts_with("xxxx") && name.shown.contains('…') && name.shown.ends_with("xxxx"));
    for (width, height) in [(100, 30), (80, 24)] {
        let screen = harness.screen(width, height);
        assert!(screen.contains("[ Cancel ]") && screen.contains("[ Delete ]"), "buttons on screen:\n{screen}");
        assert!(screen.contains("  name "), "the input on screen:\n{screen}");
    }
    // The shown form with three dots for the ellipsis.
    harness.keys(&name.shown.replace('…', "..."));
    assert!(harness.confirm().enabled(), "accepted as shown");
    harness.press(KeyCode::Esc);
    // The id.
    harness.keys("d");
    harness.keys(&long);
    harness.press(KeyCode::Enter);
    assert!(deleted(&harness, &long));
}

#[test]
fn ten_thousand_keys_into_a_name_cost_the_same_at_the_end_as_at_the_start() {
    let (_dir, mut harness, [_, _, long]) = odd_names();
    harness.focus_row(&long);
    harness.keys("d");
    let keys = vec![KeyCode::Char('x'); 100];
    let started = Instant::now();
    let mut laps = Vec::new();
    for _ in 0..100 {
        let lap = Instant::now();
        harness.ahead(&keys);
        laps.push(lap.elapsed());
    }
    let total = started.elapsed();
    assert_eq!(harness.confirm().typed.value().len(), 10_000);
    assert!(harness.confirm().enabled(), "the whole name typed matches");
    let first: std::time::Duration = laps[..10].iter().sum();
    let last: std::time::Duration = laps[90..].iter().sum();
    println!("10,000 keys into a name through the harness: {total:?} (first 1,000: {first:?}, last 1,000: {last:?})");
    assert!(last < first * 4 + std::time::Duration::from_millis(500), "per-key cost grows: {first:?} → {last:?}");
    let screen = harness.screen(100, 30);
    assert!(screen.contains("[ Delete ]") && screen.contains("› name              …xxx"), "{screen}");
}
