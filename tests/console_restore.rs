//! The restore dialog against the emulator: only databases that may be overwritten are offered, a failed
//! backup is refused, a restore into a new database is `r` then Enter, and one in place needs its
//! target's name typed; what the API receives is what was chosen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use std::collections::BTreeSet;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::api::NewDatabase;
use ppg::app::{Button, Overlay, RestoreMode, RestoreRow, Section};
use serde_json::json;

/// The newest backups of `database` in the world, newest first, by id.
fn backups(harness: &Harness, database: &str) -> Vec<String> {
    harness.backups_of(database).iter().map(|backup| backup["id"].as_str().unwrap().to_owned()).collect()
}

/// Opens the restore dialog on backup `backup` of `database` (in `project`).
fn open_restore(harness: &mut Harness, project: &str, database: &str, backup: &str) {
    harness.open_section(project, database, Section::Backups);
    harness.focus_row(backup);
    harness.keys("r");
}

#[test]
fn restore_offers_no_default_or_busy_database_as_a_target() {
    // data-platform: warehouse is its default; a new database `fresh` is provisioning and `scratch` recovering.
    let mut harness = Harness::unanswered();
    let project = harness.record("projects", "data-platform")["id"].as_str().unwrap().to_owned();
    let id = |name: &str| harness.record("databases", name)["id"].as_str().unwrap().to_owned();
    let (events, feature_store, scratch) = (id("events"), id("feature-store"), id("scratch"));
    let backup = backups(&harness, &events)[0].clone();
    let fresh = NewDatabase { name: Some("fresh".into()), ..NewDatabase::default() };
    harness.block_on(harness.client.create_database(&project, &fresh)).unwrap();
    harness.block_on(harness.client.restore_from(&scratch, &events, &backup)).unwrap();
    harness.settle();

    open_restore(&mut harness, "data-platform", "events", &backup);
    let dialog = harness.restore_dialog();
    let targets: BTreeSet<&str> = dialog.targets.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(targets, BTreeSet::from([events.as_str(), feature_store.as_str()]), "{:?}", dialog.targets);
    assert_eq!(
        (dialog.row, dialog.button, dialog.mode),
        (RestoreRow::Buttons, Button::Verb, RestoreMode::NewDatabase),
        "the safe way, one Enter away"
    );

    // Cycling through every target never lands on another database.
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    assert_eq!(harness.restore_dialog().mode, RestoreMode::InPlace);
    harness.press(KeyCode::Tab);
    let mut seen = BTreeSet::new();
    for code in [KeyCode::Right, KeyCode::Right, KeyCode::Right, KeyCode::Left, KeyCode::Left, KeyCode::Left] {
        seen.insert(harness.restore_dialog().target_name().unwrap().to_owned());
        harness.press(code);
    }
    assert_eq!(seen, BTreeSet::from(["events".to_owned(), "feature-store".to_owned()]));
    harness.press(KeyCode::Esc);

    // A project whose only other database is busy: in place is not even offered.
    let web = harness.open_database("marketing-site", "web");
    let newest = backups(&harness, &web)[0].clone();
    open_restore(&mut harness, "marketing-site", "web", &newest);
    assert!(harness.restore_dialog().targets.is_empty(), "web is the default and preview is provisioning");
    harness.press(KeyCode::Tab);
    assert_eq!(harness.restore_dialog().row, RestoreRow::Mode);
    harness.press(KeyCode::Right);
    assert_eq!(harness.restore_dialog().mode, RestoreMode::NewDatabase, "nothing may be overwritten");
    assert_eq!(harness.writes().len(), 2, "only the two changes made behind the console's back");
}

#[test]
fn restore_of_a_failed_backup_is_refused() {
    let mut harness = Harness::demo();
    let analytics = harness.record("databases", "analytics")["id"].as_str().unwrap().to_owned();
    let failed = harness.backups_of(&analytics).into_iter().find(|backup| backup["status"] == "failed").unwrap();
    open_restore(&mut harness, "checkout-service", "analytics", failed["id"].as_str().unwrap());
    assert!(harness.app().overlay.is_none());
    assert!(harness.toast().contains("failed") && harness.toast().contains("completed"), "{}", harness.toast());
    assert!(harness.writes().is_empty());
}

#[test]
fn r_then_enter_restores_into_a_new_database() {
    // analytics lives in us-east-1, its project in eu-central-1: the copy goes where the backup's database is.
    let mut harness = Harness::demo();
    let analytics = harness.record("databases", "analytics")["id"].as_str().unwrap().to_owned();
    let backup = backups(&harness, &analytics)[0].clone();
    open_restore(&mut harness, "checkout-service", "analytics", &backup);
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none(), "Esc cancels");
    assert!(harness.writes().is_empty());

    harness.keys("r");
    let dialog = harness.restore_dialog();
    assert_eq!(dialog.name.value(), "analytics-20261114-0300", "a name is proposed");
    assert_eq!((dialog.mode, dialog.row, dialog.button), (RestoreMode::NewDatabase, RestoreRow::Buttons, Button::Verb));
    harness.press(KeyCode::Enter);
    let project = harness.project_id("checkout-service");
    assert_eq!(harness.writes(), [format!("POST /v1/projects/{project}/databases")]);
    let copy = harness.record("databases", "analytics-20261114-0300");
    assert_eq!(copy["projectId"], json!(project));
    assert_eq!(copy["region"], "us-east-1");
    assert_eq!(copy["source"], json!({"type": "backup", "databaseId": analytics, "backupId": backup}));
}

#[test]
fn in_place_restore_does_nothing_on_enter_until_the_targets_name_is_typed() {
    let mut harness = Harness::demo();
    let events = harness.record("databases", "events")["id"].as_str().unwrap().to_owned();
    let backup = backups(&harness, &events)[1].clone();
    open_restore(&mut harness, "data-platform", "events", &backup);
    harness.press(KeyCode::Tab);
    assert_eq!(harness.restore_dialog().row, RestoreRow::Mode);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Tab);
    let first = harness.restore_dialog().target_name().unwrap().to_owned();
    harness.press(KeyCode::Right);
    let (target, name) = harness.restore_dialog().targets[1].clone();
    assert_eq!(harness.restore_dialog().target_name(), Some(name.as_str()));
    harness.press(KeyCode::Tab);
    assert_eq!(harness.restore_dialog().row, RestoreRow::Typed);
    harness.press(KeyCode::Tab);
    assert_eq!(harness.restore_dialog().row, RestoreRow::SafetyCopy);
    assert!(harness.restore_dialog().safety_copy, "a safety copy is made unless unchecked");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    let dialog = harness.restore_dialog();
    assert_eq!((dialog.row, dialog.button, dialog.enabled()), (RestoreRow::Buttons, Button::Verb, false));

    // Enter alone, repeatedly: nothing.
    for _ in 0..3 {
        harness.press(KeyCode::Enter);
        assert!(matches!(harness.app().overlay, Some(Overlay::Restore(_))), "the dialog stays");
    }

    assert!(harness.restore_dialog().error.as_deref().unwrap_or_default().starts_with("Type "), "says what is missing");

    // Another database's name does not count: Enter in the field says so and keeps the dialog.
    harness.press(KeyCode::BackTab);
    harness.press(KeyCode::BackTab);
    harness.press(KeyCode::BackTab);
    assert_eq!(harness.restore_dialog().row, RestoreRow::Typed);
    harness.keys(&first);
    harness.press(KeyCode::Enter);
    let dialog = harness.restore_dialog();
    assert_eq!(dialog.row, RestoreRow::Typed);
    assert!(
        dialog.error.as_deref().unwrap_or_default().starts_with("That is not the target's name."),
        "{:?}",
        dialog.error
    );
    assert!(harness.writes().is_empty(), "{first} is not the target");

    // Choosing another target clears what was typed.
    for _ in 0..first.len() {
        harness.press(KeyCode::Backspace);
    }
    harness.keys(&name);
    assert!(harness.restore_dialog().enabled());
    harness.press(KeyCode::Up);
    harness.press(KeyCode::Left);
    assert_eq!(harness.restore_dialog().target_name(), Some(first.as_str()));
    assert_eq!(harness.restore_dialog().typed.value(), "", "a new target starts over");
    harness.press(KeyCode::Right);
    assert_eq!(harness.restore_dialog().target_name(), Some(name.as_str()));
    harness.press(KeyCode::Tab);
    harness.keys(&name);
    harness.press(KeyCode::Enter);
    // The safety copy first, then (only once it was accepted) the restore.
    let project = harness.world()["databases"][&target]["projectId"].as_str().unwrap().to_owned();
    assert_eq!(
        harness.writes(),
        [format!("POST /v1/projects/{project}/databases"), format!("POST /v1/databases/{target}/restore")]
    );
    assert!(harness.app().overlay.is_none());
    let restored = &harness.world()["databases"][&target];
    assert_eq!(restored["status"], "recovering");
    assert_eq!(restored["source"], json!({"type": "backup", "databaseId": events, "backupId": backup}));
    let copy = format!("{name}-before-restore-20261115-120000");
    let copies = harness.records("databases");
    let made = copies.iter().find(|database| database["name"] == copy.as_str()).expect("the safety copy");
    assert_eq!(made["source"], json!({"type": "database", "databaseId": target}));
    let toast = harness.toast();
    assert!(toast.contains(&format!("its data before is kept in {copy}: delete it (d)")), "{toast}");
}

#[test]
fn an_in_place_restore_is_announced_and_polled() {
    let mut harness = Harness::demo();
    let events = harness.record("databases", "events")["id"].as_str().unwrap().to_owned();
    let backup = backups(&harness, &events)[0].clone();
    open_restore(&mut harness, "data-platform", "events", &backup);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Tab);
    let (target, name) = harness.restore_dialog().targets[0].clone();
    harness.press(KeyCode::Tab);
    harness.keys(&name);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST /v1/databases/{target}/restore")]);
    assert!(harness.toast().contains("restore started"), "{}", harness.toast());
    let record = harness.backups_of(&events).into_iter().find(|record| record["id"] == backup.as_str()).unwrap();
    let taken = record["createdAt"].as_str().unwrap()[..16].replace('T', " ");
    let sending = format!("restoring the backup of events from {taken} UTC over {name}…");
    assert!(harness.app().messages.iter().any(|message| message.text == sending), "no message {sending}");
    assert!(
        harness.app().activity.polling.contains_key(&target),
        "the target is polled: {:?}",
        harness.app().activity.polling
    );
    assert_eq!(harness.world()["databases"][&target]["status"], "recovering");
}
