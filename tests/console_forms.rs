//! The forms of the console against the emulator: what was chosen is what the API receives, a name the API
//! would refuse is refused inside the form first, and the API's own refusals (422, 400) stay in the form with
//! the input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{ChoiceValue, Field, FormKind, Node, Section};
use serde_json::json;

/// The labels and values of the open form's choice field number `index`.
fn choices(harness: &Harness, index: usize) -> Vec<(String, ChoiceValue)> {
    let Field::Choice { options, .. } = &harness.form().fields[index] else { panic!("field {index} is no choice") };
    options.iter().map(|choice| (choice.label.clone(), choice.value.clone())).collect()
}

fn region_of(choice: &(String, ChoiceValue)) -> String {
    match &choice.1 {
        ChoiceValue::Text(region) => region.clone(),
        other => panic!("{} is no region: {other:?}", choice.0),
    }
}

#[test]
fn new_project_form_offers_only_available_regions_and_sends_what_was_chosen() {
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("n");
    assert_eq!(harness.form().kind, FormKind::NewProject);
    assert!(harness.writes().is_empty(), "opening a form sends nothing");
    let offered = choices(&harness, 1);
    let mut labels: Vec<String> = offered.iter().map(|(label, _)| label.clone()).collect();
    labels.sort();
    let regions = harness.world()["regions"].as_array().unwrap().clone();
    let mut available: Vec<String> = regions
        .iter()
        .filter(|region| region["available"] == true)
        .map(|region| format!("{} ({})", region["name"].as_str().unwrap(), region["id"].as_str().unwrap()))
        .collect();
    available.sort();
    assert_eq!(labels, available, "every available region, and no other");
    assert!(!labels.iter().any(|label| label.contains("ap-southeast-1")), "Singapore is unavailable: {labels:?}");

    // Name, the second region, and no default database.
    harness.keys("shop");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Tab);
    harness.keys(" ");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), ["POST /v1/projects"]);
    let shop = harness.record("projects", "shop");
    assert_eq!(shop["defaultRegion"].as_str(), Some(region_of(&offered[1]).as_str()));
    let databases = harness.records("databases");
    assert!(!databases.iter().any(|database| database["projectId"] == shop["id"]), "no default database was asked for");
    assert!(harness.app().overlay.is_none(), "nothing minted, nothing to show");
    assert!(harness.toast().contains("created project shop"), "{}", harness.toast());
}

#[test]
fn a_second_enter_while_the_create_is_in_flight_sends_nothing() {
    let mut harness = Harness::slow(std::time::Duration::from_millis(400));
    harness.select(&Node::Workspace);
    harness.keys("n");
    harness.keys("shop");
    harness.ahead(&[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(harness.writes(), ["POST /v1/projects"]);
    harness.record("projects", "shop");
}

#[test]
fn new_database_form_sends_name_region_and_source() {
    let mut harness = Harness::demo();
    let project = harness.select_project("checkout-service");
    harness.keys("n");
    assert_eq!(harness.form().kind, FormKind::NewDatabase { project: project.clone(), branch: None });
    let labels: Vec<String> = choices(&harness, 2).into_iter().map(|(label, _)| label).collect();
    assert_eq!(labels[0], "empty");
    for offered in
        ["backup of main-db from 2026-11-14 03:00", "clone of analytics", "backup of analytics from 2026-11-13 03:00"]
    {
        assert!(labels.iter().any(|label| label == offered), "{offered}: {labels:?}");
    }
    // analytics' backup of the 12th failed: it is no source.
    let failed = harness.backups_of(&harness.database_id("analytics"));
    assert_eq!(
        (failed[2]["status"].as_str(), failed[2]["createdAt"].as_str()),
        (Some("failed"), Some("2026-11-12T03:00:00Z"))
    );
    assert!(!labels.iter().any(|label| label == "backup of analytics from 2026-11-12 03:00"), "{labels:?}");

    // Name, the project's region (the first choice), and the newest backup of main-db.
    harness.keys("reports");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/projects/{project}/databases")]);
    let main = harness.database_id("main-db");
    let newest = harness.backups_of(&main)[0]["id"].clone();
    let reports = harness.record("databases", "reports");
    assert_eq!(reports["projectId"], json!(project));
    assert_eq!(reports["region"], "eu-central-1", "the project's region, not the first one offered");
    assert_eq!(reports["source"], json!({"type": "backup", "databaseId": main, "backupId": newest}));

    // An explicit region and an empty source.
    let mut harness = Harness::demo();
    let project = harness.select_project("checkout-service");
    harness.keys("n");
    harness.keys("blank");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Right);
    let region = region_of(&choices(&harness, 1)[2]);
    assert_ne!(region, "eu-central-1", "not the project's region");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/projects/{project}/databases")]);
    let blank = harness.record("databases", "blank");
    assert_eq!(blank["region"], json!(region));
    assert!(blank["data"].as_str().unwrap().contains("empty"), "no data copied: {blank}");
}

#[test]
fn new_connection_form_sends_the_name_for_the_selected_database() {
    let mut harness = Harness::demo();
    let analytics = harness.open_section("checkout-service", "analytics", Section::Connections);
    harness.keys("n");
    assert_eq!(harness.form().kind, FormKind::NewConnection { database: analytics.clone() });
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/databases/{analytics}/connections")]);
    assert_eq!(harness.record("connections", "worker")["databaseId"], json!(analytics));

    // From the database's own row as well (once the new strings are put away).
    harness.press(KeyCode::Esc);
    let main = harness.open_database("checkout-service", "main-db");
    harness.keys("n");
    harness.keys("batch");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes()[1], format!("POST /v1/databases/{main}/connections"));
    assert_eq!(harness.record("connections", "batch")["databaseId"], json!(main));
}

#[test]
fn esc_cancels_a_form_without_sending() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());
    assert!(harness.writes().is_empty());
    assert!(!harness.records("connections").iter().any(|connection| connection["name"] == "worker"));
}

#[test]
fn an_empty_or_too_long_name_is_refused_inside_the_form_and_nothing_is_sent() {
    let mut harness = Harness::demo();
    for (kind, project) in [("project", None), ("database", Some("checkout-service"))] {
        match project {
            None => harness.select(&Node::Workspace),
            Some(name) => {
                harness.select_project(name);
            }
        }
        harness.keys("n");
        harness.press(KeyCode::Enter);
        let error = harness.form().error.clone().unwrap_or_else(|| panic!("{kind}: no error for an empty name"));
        assert!(error.contains("empty"), "{kind}: {error}");
        harness.press(KeyCode::Esc);
    }
    assert!(harness.writes().is_empty(), "an empty name sends nothing");

    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("   ");
    harness.press(KeyCode::Enter);
    assert!(harness.form().error.as_ref().is_some_and(|error| error.contains("empty")), "blanks only are empty");
    for _ in 0..3 {
        harness.press(KeyCode::Backspace);
    }
    assert_eq!(harness.form().error, None, "editing clears the error");

    let long = "x".repeat(65);
    harness.keys(&long);
    harness.press(KeyCode::Enter);
    let error = harness.form().error.clone().expect("an error for a long name");
    assert!(error.contains("too long") && error.contains("64"), "{error}");
    assert_eq!(harness.form_name(), long, "what was typed is kept");
    assert_eq!(harness.form().pending, None);
    assert!(harness.writes().is_empty(), "65 characters send nothing");

    harness.press(KeyCode::Backspace);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/databases/{database}/connections")], "64 is allowed");
    assert_eq!(harness.record("connections", &"x".repeat(64))["databaseId"], json!(database));

    // Renames are validated the same way.
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    harness.keys("e");
    assert_eq!(harness.form_name(), "analytics", "the rename form starts from the current name");
    for _ in 0.."analytics".len() {
        harness.press(KeyCode::Backspace);
    }
    harness.press(KeyCode::Enter);
    assert!(harness.form().error.as_ref().is_some_and(|error| error.contains("empty")));
    assert!(harness.writes().is_empty());
}

#[test]
fn rename_sends_the_new_name() {
    let mut harness = Harness::demo();
    let analytics = harness.open_database("checkout-service", "analytics");
    harness.keys("e");
    harness.press(KeyCode::Backspace);
    harness.keys("al");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("PATCH /v1/databases/{analytics}")]);
    assert_eq!(harness.world()["databases"][&analytics]["name"], "analytical");
    assert_eq!(harness.toast(), "renamed database analytics to analytical");

    let billing = harness.select_project("billing");
    harness.keys("e");
    assert_eq!(harness.form_name(), "billing");
    harness.keys("-2");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes()[1], format!("PATCH /v1/projects/{billing}"));
    assert_eq!(harness.world()["projects"][&billing]["name"], "billing-2");
    assert_eq!(harness.toast(), "renamed project billing to billing-2");
}

#[test]
fn an_api_422_keeps_the_form_open_with_the_message_and_the_input() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    let path = format!("/v1/databases/{database}/connections");
    harness.refuse("POST", &path, 422, "A connection named worker already exists.", Some("Pick another name."));
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST {path}")]);
    let form = harness.form();
    assert_eq!(form.pending, None, "the form takes keys again");
    let shown = form.error.clone().expect("the API's message in the form");
    assert!(
        shown.contains("422") && shown.contains("already exists") && shown.contains("Pick another name"),
        "{shown}"
    );
    assert_eq!(harness.form_name(), "worker", "the input is kept");
    assert_eq!(harness.app().errors.len(), 1, "and logged");
    assert!(!harness.records("connections").iter().any(|connection| connection["name"] == "worker"));

    // Fixing the name and sending again is the user's call.
    harness.keys("-2");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST {path}"), format!("POST {path}")]);
    assert_eq!(harness.record("connections", "worker-2")["databaseId"], json!(database));
}

#[test]
fn an_api_400_on_a_rename_is_shown_in_the_form_too() {
    let mut harness = Harness::demo();
    let billing = harness.select_project("billing");
    harness.refuse("PATCH", &format!("/v1/projects/{billing}"), 400, "Bad name.", None);
    harness.keys("e");
    harness.keys("!");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("PATCH /v1/projects/{billing}")]);
    let error = harness.form().error.clone().unwrap_or_default();
    assert!(error.contains("400") && error.contains("Bad name."), "{error}");
    assert_eq!(harness.form_name(), "billing!");
    assert_eq!(harness.world()["projects"][&billing]["name"], "billing");
}
