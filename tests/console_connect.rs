//! `t` and `p` in the console: a connection tested in the background (each endpoint, step by step, in the
//! database's panes) and psql opened in the console's terminal; with the strings ppg holds, or through a
//! temporary connection that the user accepts first. The tests marked PostgreSQL run the emulator backed by
//! a real server (so that the strings connect) and skip with a message without one, except in CI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;
mod console;
mod pg_support;

use console::{Harness, batch_psql};
use crossterm::event::KeyCode;
use ppg::app::{Check, Node, Overlay, Section};
use ppg::runtime::PsqlCommand;

/// The latest test of `database`, finished.
fn finished(harness: &Harness, database: &str) -> Check {
    let check = harness.app().session.checks.get(database).cloned().expect("a test of the database");
    assert!(check.outcome.is_some(), "the test is over: {check:?}");
    check
}

/// The `METHOD PATH` of the changes that reached the emulator, ids replaced by their kind.
fn changes(harness: &Harness) -> Vec<String> {
    harness
        .writes()
        .iter()
        .map(|line| {
            line.split('/')
                .map(|part| match part.split_once('_') {
                    Some((kind @ ("db" | "con"), _)) => kind.to_owned(),
                    _ => part.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

#[test]
fn without_a_password_t_offers_a_temporary_connection_and_esc_makes_nothing() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    let ci = harness.record("connections", "ci")["id"].as_str().unwrap().to_owned();
    harness.focus_row(&ci);
    harness.keys("t");
    let Some(Overlay::Offer(offer)) = &harness.app().overlay else { panic!("an offer: {:?}", harness.app().overlay) };
    assert_eq!((offer.database.as_str(), offer.connection.as_deref()), (database.as_str(), Some("ci")));
    let frame = harness.frame();
    assert!(frame.contains("ppg holds no password for ci"), "{frame}");
    assert!(frame.contains("temporary connection"), "{frame}");
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());
    assert!(harness.app().session.checks.is_empty());
    assert_eq!(harness.writes(), Vec::<String>::new(), "nothing was created");
}

#[test]
fn read_only_refuses_the_temporary_connection_before_anything_is_sent() {
    let mut harness = Harness::demo();
    harness.app_mut().session.badges.read_only = true;
    harness.open_database("checkout-service", "main-db");
    for key in ["t", "p"] {
        harness.keys(key);
        assert!(harness.app().overlay.is_none(), "{key}: no offer in read-only mode");
        let toast = harness.toast();
        assert!(toast.contains("read-only") && toast.contains("temporary connection"), "{key}: {toast}");
    }
    assert_eq!(harness.writes(), Vec::<String>::new());
}

#[test]
fn on_a_workspace_or_project_t_and_p_say_what_to_select() {
    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("t");
    assert_eq!(harness.toast(), "select a database or a connection to test it");
    harness.select_project("billing");
    harness.keys("p");
    assert_eq!(harness.toast(), "select a database or a connection to open psql on it");
    assert!(harness.app().overlay.is_none());
}

#[test]
fn p_without_psql_says_how_to_get_it_and_makes_no_temporary_connection() {
    let nowhere = PsqlCommand { ppg_psql: None, path: Some("/nonexistent".into()), args: Vec::new() };
    let mut harness = Harness::demo_with_psql(nowhere);
    let selected = harness.open_database("checkout-service", "main-db");
    harness.keys("p");
    harness.press(KeyCode::Enter);
    let toast = harness.toast();
    assert!(toast.contains("psql is not installed") && toast.contains("postgresql-client"), "{toast}");
    assert_eq!(harness.writes(), Vec::<String>::new(), "psql is looked for before anything is made");
    assert_eq!(harness.app().selected_node(), Node::Database(selected));
}

#[test]
fn an_older_test_answering_late_does_not_replace_the_newer_one() {
    let mut harness = Harness::holding();
    let answer_all = |harness: &mut Harness| {
        while harness.waiting() > 0 {
            harness.deliver(0);
        }
    };
    answer_all(&mut harness);
    let project = harness.project_id("checkout-service");
    harness.select(&Node::Project(project));
    harness.keys("l");
    answer_all(&mut harness);
    let database = harness.database_id("main-db");
    harness.select(&Node::Database(database.clone()));
    answer_all(&mut harness);
    harness.keys("t");
    harness.press(KeyCode::Enter);
    harness.keys("t");
    harness.press(KeyCode::Enter);
    let newer = harness.app().session.checks[&database].request;
    assert_eq!(harness.waiting(), 2, "both tests answered, and their answers wait");
    harness.deliver(1);
    assert!(harness.app().session.checks[&database].outcome.is_some());
    let shown = harness.app().session.checks[&database].clone();
    harness.deliver(0);
    assert_eq!(harness.app().session.checks[&database], shown, "the older answer changed nothing");
    assert_eq!(shown.request, newer);
}

#[test]
fn postgresql_t_tests_both_endpoints_of_a_connection_made_here_and_a_rotation_shows_at_authentication() {
    let Some(admin) = pg_support::admin_url() else { return };
    let mut harness = Harness::backed(&admin, batch_psql(&["select 1"]));
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    assert!(matches!(harness.app().overlay, Some(Overlay::Secrets(_))), "the new strings are shown");
    harness.press(KeyCode::Esc);
    let worker = harness.record("connections", "worker")["id"].as_str().unwrap().to_owned();
    harness.focus_row(&worker);
    let before = harness.writes().len();
    harness.keys("t");
    assert!(harness.app().overlay.is_none(), "ppg holds the strings: no offer");
    let check = finished(&harness, &database);
    let probes = check.outcome.as_ref().unwrap().probes.as_ref().unwrap();
    let endpoints: Vec<&str> = probes.iter().map(|probe| probe.endpoint.as_str()).collect();
    assert_eq!(endpoints, ["pooled", "direct"]);
    assert!(probes.iter().all(|probe| probe.answered()), "{probes:?}");
    assert_eq!(check.subject, "worker");
    assert_eq!(harness.writes().len(), before, "testing held strings changes nothing");
    let frame = harness.screen(140, 40);
    assert!(frame.contains("✓ pooled and direct answered  test at 12:00:00 of worker"), "{frame}");
    assert!(frame.contains("✓ pooled") && frame.contains("✓ direct"), "{frame}");
    assert!(frame.contains("authenticate") && frame.contains("select 1"), "{frame}");
    assert!(harness.toast().contains("tested worker: pooled and direct answered"), "{}", harness.toast());

    // Rotated behind ppg's back: the strings it holds stop working, and the test says where and why.
    harness.block_on(harness.client.rotate_connection(&worker)).unwrap();
    harness.keys("t");
    let check = finished(&harness, &database);
    let probes = check.outcome.as_ref().unwrap().probes.as_ref().unwrap();
    for probe in probes {
        let failure = probe.failure.as_ref().expect("the old password fails");
        assert_eq!(failure.step, "authenticate", "{probe:?}");
        assert!(failure.message.contains("28P01"), "{failure:?}");
        assert!(failure.likely.as_deref().unwrap_or_default().contains("rotat"), "{failure:?}");
    }
    assert_eq!(check.summary(), "pooled and direct failed at authenticate");
    let frame = harness.screen(140, 40);
    assert!(frame.contains("✗ pooled and direct failed at authenticate"), "{frame}");
    assert!(frame.contains("✗ authenticate failed:") && frame.contains("likely:"), "{frame}");
}

#[test]
fn postgresql_t_through_a_temporary_connection_creates_tests_and_deletes_it() {
    let Some(admin) = pg_support::admin_url() else { return };
    let mut harness = Harness::backed(&admin, batch_psql(&["select 1"]));
    let database = harness.open_database("checkout-service", "main-db");
    harness.keys("t");
    harness.press(KeyCode::Enter);
    let check = finished(&harness, &database);
    let tested = check.outcome.as_ref().unwrap();
    assert!(tested.probes.as_ref().unwrap().iter().all(|probe| probe.answered()), "{tested:?}");
    let Some(ppg::app::TemporaryEnd::Deleted { name }) = &tested.temporary else { panic!("{tested:?}") };
    assert!(name.starts_with("ppg-temp-"), "{name}");
    assert_eq!(changes(&harness), ["POST /v1/databases/db/connections", "DELETE /v1/connections/con"]);
    assert!(harness.records("connections").iter().all(|connection| connection["name"] != name.as_str()));
    assert_eq!(check.subject, format!("main-db through {name} (deleted)"));
    let frame = harness.screen(200, 40);
    assert!(frame.contains(&format!("of main-db through {name} (deleted)")), "{frame}");
}

#[test]
fn postgresql_p_runs_psql_and_comes_back_to_the_same_screen_and_selection() {
    let Some(admin) = pg_support::admin_url() else { return };
    let mut harness = Harness::backed(&admin, batch_psql(&["select 1"]));
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    let app_server = harness.record("connections", "app-server")["id"].as_str().unwrap().to_owned();
    harness.focus_row(&app_server);
    let before = harness.frame();
    harness.keys("p");
    let Some(Overlay::Offer(offer)) = &harness.app().overlay else { panic!("an offer") };
    assert_eq!(offer.connection.as_deref(), Some("app-server"));
    harness.press(KeyCode::Enter);
    let toast = harness.toast();
    assert!(toast.starts_with("psql ended (exit 0); the temporary connection ppg-temp-"), "{toast}");
    assert!(toast.ends_with("was deleted"), "{toast}");
    assert_eq!(changes(&harness), ["POST /v1/databases/db/connections", "DELETE /v1/connections/con"]);
    assert_eq!(harness.app().selected_node(), Node::Section(database, Section::Connections));
    let after = harness.frame();
    let table = |frame: &str| frame.lines().skip(1).take(8).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(table(&after), table(&before), "the same screen, the same row selected");
}

#[test]
fn postgresql_p_reports_psql_s_failure_and_still_deletes_the_temporary_connection() {
    let Some(admin) = pg_support::admin_url() else { return };
    let mut harness = Harness::backed(&admin, batch_psql(&["select * from no_such_table"]));
    harness.open_database("checkout-service", "main-db");
    harness.keys("p");
    harness.press(KeyCode::Enter);
    let toast = harness.toast();
    assert!(toast.starts_with("psql ended (exit 1)") && toast.ends_with("was deleted"), "{toast}");
    assert_eq!(changes(&harness), ["POST /v1/databases/db/connections", "DELETE /v1/connections/con"]);
}
