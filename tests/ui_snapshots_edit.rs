//! Every form, confirmation, restore dialog and the secret panel (masked and revealed) as text, at 100×30 and
//! 80×24, drawn from the demo data; changes are sent to the in-process emulator by the console's own runtime.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::{Harness, render};
use crossterm::event::KeyCode;
use ppg::app::{Node, Overlay, RestoreMode, RestoreRow, Section};

/// The sizes every screen is checked at.
const SIZES: [(u16, u16); 2] = [(100, 30), (80, 24)];

fn snap(harness: &Harness, name: &str) {
    for (width, height) in SIZES {
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), harness.screen(width, height));
    }
}

fn select_project(harness: &mut Harness, name: &str) {
    let project = harness.project_id(name);
    harness.select(&Node::Project(project));
}

#[test]
fn new_project_form() {
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("n");
    assert!(matches!(harness.app().overlay, Some(Overlay::Form(_))));
    harness.keys("shop");
    snap(&harness, "form_new_project");
    // Region and the default-database toggle.
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Tab);
    harness.keys(" ");
    snap(&harness, "form_new_project_choices");
}

#[test]
fn form_refusals() {
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("n");
    harness.press(KeyCode::Enter);
    snap(&harness, "form_empty_name");

    harness.keys(&"a-very-long-project-name-".repeat(3));
    harness.press(KeyCode::Enter);
    assert!(matches!(&harness.app().overlay, Some(Overlay::Form(form)) if form.error.is_some()));
    snap(&harness, "form_too_long");
}

#[test]
fn new_database_form() {
    let mut harness = Harness::demo();
    select_project(&mut harness, "checkout-service");
    harness.keys("n");
    harness.keys("reports");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    assert!(matches!(harness.app().overlay, Some(Overlay::Form(_))));
    snap(&harness, "form_new_database");
}

#[test]
fn new_connection_form_and_an_api_refusal_inside_it() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "main-db");
    harness.keys("n");
    harness.keys("worker");
    snap(&harness, "form_new_connection");

    // The database vanishes meanwhile: the API's 404 is shown in the form, with the input kept.
    let mut harness = Harness::demo();
    let id = harness.open_database("data-platform", "scratch");
    harness.keys("n");
    harness.keys("worker");
    harness.block_on(harness.client.delete_database(&id)).unwrap();
    harness.press(KeyCode::Enter);
    assert_eq!(
        harness.writes(),
        [format!("DELETE /v1/databases/{id}"), format!("POST /v1/databases/{id}/connections")]
    );
    assert!(matches!(&harness.app().overlay, Some(Overlay::Form(form)) if form.error.is_some()));
    snap(&harness, "form_api_error");
}

#[test]
fn rename_form() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("e");
    snap(&harness, "form_rename_database");
    harness.press(KeyCode::Esc);
    select_project(&mut harness, "billing");
    harness.keys("e");
    snap(&harness, "form_rename_project");
}

#[test]
fn delete_dialogs() {
    let mut harness = Harness::demo();
    select_project(&mut harness, "checkout-service");
    harness.press(KeyCode::Char('l'));
    harness.keys("d");
    snap(&harness, "delete_project");
    harness.press(KeyCode::Esc);

    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    snap(&harness, "delete_database");
    harness.keys("analyt");
    snap(&harness, "delete_database_partly_typed");
    // Enter in the field: not the name yet, and the dialog says so.
    harness.press(KeyCode::Enter);
    snap(&harness, "delete_database_not_the_name");
    harness.keys("ics");
    snap(&harness, "delete_database_enabled");
    harness.press(KeyCode::Esc);

    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("d");
    assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))));
    snap(&harness, "delete_connection");
}

#[test]
fn deleting_a_default_database_is_refused_with_the_reason() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "main-db");
    harness.keys("d");
    assert!(harness.app().overlay.is_none());
    snap(&harness, "delete_default_refused");
}

#[test]
fn rotate_dialog() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("o");
    assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))));
    snap(&harness, "rotate");
}

#[test]
fn restore_dialogs() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Backups);
    harness.press(KeyCode::Tab);
    harness.keys("r");
    assert!(matches!(harness.app().overlay, Some(Overlay::Restore(_))));
    // Opens on [ Restore ]: `r` Enter restores into a new database.
    snap(&harness, "restore_new_database");
    harness.press(KeyCode::Left);
    snap(&harness, "restore_new_database_cancel_focused");

    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Tab);
    let Some(Overlay::Restore(dialog)) = &harness.app().overlay else { panic!("no restore dialog") };
    assert_eq!((dialog.mode, dialog.row), (RestoreMode::InPlace, RestoreRow::Target));
    assert_eq!(dialog.target_name(), Some("analytics"));
    snap(&harness, "restore_in_place");
    harness.press(KeyCode::Tab);
    harness.keys("analytics");
    snap(&harness, "restore_in_place_typed");
}

#[test]
fn restore_with_nothing_to_overwrite() {
    let mut harness = Harness::demo();
    harness.open_section("marketing-site", "web", Section::Backups);
    harness.press(KeyCode::Tab);
    harness.keys("r");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    let Some(Overlay::Restore(dialog)) = &harness.app().overlay else { panic!("no restore dialog") };
    assert!(dialog.targets.is_empty(), "web is the default and preview is provisioning");
    assert_eq!(dialog.mode, RestoreMode::NewDatabase);
    snap(&harness, "restore_no_target");
}

#[test]
fn secret_panel_masked_and_revealed() {
    let mut harness = Harness::demo();
    let database = harness.open_database("checkout-service", "main-db");
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/databases/{database}/connections")]);
    let Some(Overlay::Secrets(panel)) = &harness.app().overlay else { panic!("no panel: {:?}", harness.app().overlay) };
    assert!(!panel.revealed);
    let password = panel.secrets[0].text.split(['@', ':']).nth(2).unwrap().to_owned();
    assert!(password.starts_with("sk_"), "{password}");
    for (width, height) in SIZES {
        assert!(!harness.screen(width, height).contains(&password), "masked at {width}×{height}");
    }
    snap(&harness, "secrets_masked");
    harness.keys("j");
    harness.keys("s");
    for (width, height) in SIZES {
        let screen = harness.screen(width, height);
        // The revealed string wraps, so its password may straddle two lines; its start is there.
        assert!(screen.contains(&password[..12]), "revealed at {width}×{height}:\n{screen}");
    }
    snap(&harness, "secrets_revealed");
}

#[test]
fn secret_panel_of_a_new_project() {
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("n");
    harness.keys("shop");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), ["POST /v1/projects"]);
    assert!(harness.world()["projects"].to_string().contains("shop"));
    assert!(matches!(harness.app().overlay, Some(Overlay::Secrets(_))));
    snap(&harness, "secrets_new_project");
}

#[test]
fn read_only_refusal() {
    let mut harness = Harness::demo();
    harness.app_mut().session.badges.read_only = true;
    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    assert!(harness.app().overlay.is_none());
    snap(&harness, "read_only_refused");
}

#[test]
fn every_dialog_draws_at_every_size() {
    let mut states = Vec::new();
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("n");
    harness.press(KeyCode::Enter);
    states.push(harness.app().clone());
    harness.press(KeyCode::Esc);
    harness.open_section("checkout-service", "main-db", Section::Backups);
    harness.press(KeyCode::Tab);
    harness.keys("r");
    states.push(harness.app().clone());
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    states.push(harness.app().clone());
    harness.press(KeyCode::Esc);
    harness.keys("1");
    harness.press(KeyCode::Tab);
    harness.keys("d");
    states.push(harness.app().clone());
    harness.press(KeyCode::Esc);
    harness.keys("o");
    states.push(harness.app().clone());
    harness.press(KeyCode::Esc);
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    states.push(harness.app().clone());
    harness.keys("s");
    states.push(harness.app().clone());
    for app in &states {
        assert!(app.overlay.is_some());
        for width in [20, 40, 50, 51, 59, 60, 72, 73, 74, 79, 80, 81, 100, 200] {
            for height in [5, 8, 12, 13, 15, 19, 20, 24, 30, 60] {
                render(app, width, height);
            }
        }
    }
}
