//! Changes whose answer the emulator loses (`fail-after`: applied, then 500; `fail-before`: 500, nothing
//! done): the console never sends them again on its own, re-reads the list, and says what it found there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::api::{Error, RetryPolicy};
use ppg::app::{Node, Section};

/// Sends "create connection `name`" on checkout-service's main-db with its answer lost, after the
/// connection was made (`made`) or before; checks that it was not sent again and that the list was re-read.
/// Returns the database's id.
fn lose_a_connection_create(harness: &mut Harness, name: &str, made: bool) -> String {
    lose_a_connection_create_and_relist(harness, name, made, false)
}

/// The same, the re-read of the list failing at every attempt the client makes when `relist_fails`.
fn lose_a_connection_create_and_relist(harness: &mut Harness, name: &str, made: bool, relist_fails: bool) -> String {
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    let path = format!("/v1/databases/{database}/connections");
    if made {
        harness.lose_after("POST", &path);
    } else {
        harness.lose_before("POST", &path);
    }
    if relist_fails {
        harness.fail_reads(&path, RetryPolicy::default().max_attempts as usize);
    }
    harness.keys("n");
    harness.keys(name);
    harness.press(KeyCode::Enter);
    let create = format!("POST {path}");
    assert_eq!(harness.writes(), std::slice::from_ref(&create), "never re-sent on its own");
    assert!(harness.requests_after(&create).contains(&format!("GET {path}")), "the list is read again");
    assert!(harness.app().overlay.is_none(), "the form gave way");
    let lost = harness.app().errors.iter().any(|logged| matches!(logged.error, Error::OutcomeUnknown { .. }));
    assert!(lost, "the lost answer is logged: {:?}", harness.app().errors);
    database
}

/// The ids of the connections of `database` named `name` in the world.
fn named(harness: &Harness, database: &str, name: &str) -> Vec<String> {
    let records = harness.records("connections").into_iter();
    let records = records.filter(|record| record["databaseId"] == database && record["name"] == name);
    records.map(|record| record["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_lost_create_that_did_happen_is_reported_as_created() {
    let mut harness = Harness::demo();
    let database = lose_a_connection_create(&mut harness, "worker", true);
    let made = named(&harness, &database, "worker");
    assert_eq!(made.len(), 1, "the emulator made it");
    assert!(harness.app().activity.pending_check.is_none(), "settled");
    let toast = harness.toast();
    assert!(toast.contains(&format!("WAS created ({})", made[0])) && toast.contains("worker"), "{toast}");
}

#[test]
fn a_lost_create_that_did_not_happen_is_reported_as_not_created() {
    let mut harness = Harness::demo();
    let database = lose_a_connection_create(&mut harness, "worker", false);
    assert!(named(&harness, &database, "worker").is_empty());
    assert!(harness.toast().contains("no connection named worker was created"), "{}", harness.toast());
    assert!(harness.app().activity.pending_check.is_none());
}

#[test]
fn an_older_connection_with_the_same_name_is_not_taken_for_the_lost_one() {
    // main-db already has a connection named ci.
    let mut harness = Harness::demo();
    let database = lose_a_connection_create(&mut harness, "ci", false);
    let older = named(&harness, &database, "ci");
    assert_eq!(older.len(), 1);
    assert!(harness.toast().contains("no connection named ci was created"), "{}", harness.toast());

    // Made this time: the new one is claimed, not the older one.
    let mut harness = Harness::demo();
    lose_a_connection_create(&mut harness, "ci", true);
    let both = named(&harness, &database, "ci");
    let new: Vec<&String> = both.iter().filter(|id| !older.contains(id)).collect();
    assert_eq!(new.len(), 1, "{both:?}");
    assert!(harness.toast().contains(&format!("WAS created ({})", new[0])), "{}", harness.toast());
}

#[test]
fn when_the_re_list_fails_r_settles_the_lost_create() {
    let mut harness = Harness::demo();
    let database = lose_a_connection_create_and_relist(&mut harness, "worker", true, true);
    let path = format!("/v1/databases/{database}/connections");
    assert!(harness.app().activity.pending_check.is_some(), "still to be settled: {}", harness.toast());
    let failed = harness.app().errors.iter().any(|logged| logged.error.to_string().contains(&format!("GET {path}")));
    assert!(failed, "the failed re-read is logged: {:?}", harness.app().errors);

    assert_eq!(harness.app().selected_node(), Node::Section(database.clone(), Section::Connections));
    harness.keys("R");
    let made = named(&harness, &database, "worker");
    assert!(harness.toast().contains(&format!("WAS created ({})", made[0])), "{}", harness.toast());
    assert!(harness.app().activity.pending_check.is_none());
    assert_eq!(harness.writes().len(), 1, "R only reads");
}

#[test]
fn a_lost_project_or_database_create_is_settled_by_its_list() {
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.lose_after("POST", "/v1/projects");
    harness.keys("n");
    harness.keys("shop");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), ["POST /v1/projects"]);
    assert!(harness.requests_after("POST /v1/projects").contains(&"GET /v1/projects".to_owned()));
    let shop = harness.record("projects", "shop")["id"].as_str().unwrap().to_owned();
    assert!(harness.toast().contains(&format!("project shop WAS created ({shop})")), "{}", harness.toast());

    // A restore into a new database is a create: its project's list settles it.
    let mut harness = Harness::demo();
    let analytics = harness.open_section("checkout-service", "analytics", Section::Backups);
    let project = harness.project_id("checkout-service");
    let create = format!("/v1/projects/{project}/databases");
    harness.lose_before("POST", &create);
    let backup = harness.backups_of(&analytics)[0]["id"].as_str().unwrap().to_owned();
    harness.focus_row(&backup);
    harness.keys("r");
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST {create}")]);
    assert!(harness.requests_after(&format!("POST {create}")).contains(&format!("GET {create}")));
    let toast = harness.toast();
    assert!(toast.contains("no database named analytics-20261114-0300 was created"), "{toast}");
}

/// Sends an in-place restore of events' newest backup over another database of data-platform, its answer
/// lost after the restore started (`made`) or before; returns the target's id and name.
fn lose_an_in_place_restore(harness: &mut Harness, made: bool) -> (String, String) {
    let events = harness.open_section("data-platform", "events", Section::Backups);
    let backup = harness.backups_of(&events)[0]["id"].as_str().unwrap().to_owned();
    harness.focus_row(&backup);
    harness.keys("r");
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    let (target, name) = harness.restore_dialog().targets[1].clone();
    assert_ne!(target, events);
    let path = format!("/v1/databases/{target}/restore");
    if made {
        harness.lose_after("POST", &path);
    } else {
        harness.lose_before("POST", &path);
    }
    harness.press(KeyCode::Tab);
    harness.keys(&name);
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST {path}")], "never re-sent");
    let project = harness.project_id("data-platform");
    let relisted = harness.requests_after(&format!("POST {path}"));
    assert!(relisted.contains(&format!("GET /v1/projects/{project}/databases")), "the target's list: {relisted:?}");
    assert!(!harness.toast().contains("looking"), "after the re-list the status line says what was found");
    (target, name)
}

#[test]
fn a_lost_in_place_restore_is_checked_and_reported() {
    // It did not start: the target is still ready, its data still its own.
    let mut harness = Harness::demo();
    let (target, name) = lose_an_in_place_restore(&mut harness, false);
    assert_eq!(harness.world()["databases"][&target]["status"], "ready");
    let toast = harness.toast();
    assert!(toast.contains(&format!("unknown whether the restore over {name} started")), "{toast}");
    assert!(!harness.app().activity.polling.contains_key(&target));

    // It started: said so, and the target is watched.
    let mut harness = Harness::demo();
    let (target, name) = lose_an_in_place_restore(&mut harness, true);
    assert_eq!(harness.world()["databases"][&target]["status"], "recovering");
    let toast = harness.toast();
    assert!(toast.contains(&format!("the restore over {name} WAS started")), "{toast}");
    assert!(harness.app().activity.polling.contains_key(&target));
}

/// A lost delete is told by its verdict, naming what was deleted, and where the selection went when it was
/// deleted: the verdict is not replaced by "… is gone".
#[test]
fn a_lost_delete_is_told_by_its_verdict_by_name() {
    for made in [true, false] {
        let mut harness = Harness::demo();
        let analytics = harness.open_database("checkout-service", "analytics");
        let toast = harness.lose_a_delete(&format!("/v1/databases/{analytics}"), "analytics", made);
        if made {
            assert_eq!(toast, "the database analytics WAS deleted, though the answer was lost; selected main-db");
        } else {
            assert_eq!(toast, "the database analytics was NOT deleted: it is safe to try again");
        }

        let mut harness = Harness::demo();
        let database = harness.open_section("checkout-service", "main-db", Section::Connections);
        let connection = harness.app().data.connections_of(&database)[0].clone();
        harness.focus_row(&connection.id);
        let path = format!("/v1/connections/{}", connection.id);
        let toast = harness.lose_a_delete(&path, &connection.name, made);
        let name = &connection.name;
        if made {
            assert!(
                toast.starts_with(&format!("the connection {name} WAS deleted, though the answer was lost")),
                "{toast}"
            );
        } else {
            assert_eq!(toast, format!("the connection {name} was NOT deleted: it is safe to try again"));
        }
    }
}

/// A rename whose answer was lost is told by what the list shows, naming the project as it was.
#[test]
fn a_lost_rename_is_told_by_its_verdict_by_name() {
    for made in [true, false] {
        let mut harness = Harness::demo();
        let billing = harness.select_project("billing");
        let path = format!("/v1/projects/{billing}");
        if made {
            harness.lose_after("PATCH", &path);
        } else {
            harness.lose_before("PATCH", &path);
        }
        harness.keys("e");
        harness.keys("-2");
        harness.press(KeyCode::Enter);
        assert_eq!(harness.writes(), [format!("PATCH {path}")], "sent once, never again");
        let toast = harness.toast();
        if made {
            assert_eq!(toast, "the project billing WAS renamed to billing-2, though the answer was lost");
        } else {
            assert_eq!(toast, "the project billing was NOT renamed: still billing; it is safe to try again");
        }
    }
}
