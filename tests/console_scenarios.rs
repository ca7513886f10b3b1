//! The end-to-end scenarios of `tests/tui_e2e*.rs` driven through the console harness: the real loop, the
//! real runtime and the emulator, with a test terminal, a scripted input and a recording clipboard. (What
//! only a real terminal shows — escape sequences, the terminal restored, exit statuses, panics — stays in
//! the pseudo-terminal tests.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use std::collections::BTreeMap;

use console::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ppg::app::{Node, Overlay, Screen, Section};
use ppg::emulator::Faults;
use ppg::tui::{Ended, Input};
use serde_json::Value;

/// The connections on the server, by id.
fn connections(world: &Value) -> BTreeMap<String, Value> {
    let records = world["connections"].as_object().unwrap();
    records.iter().map(|(id, record)| (id.clone(), record.clone())).collect()
}

#[test]
fn copy_a_connection_id_and_its_pooled_endpoint_then_quit() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("y");
    let Some(Overlay::Copy(menu)) = &harness.app().overlay else { panic!("no copy menu") };
    let items: Vec<(String, String)> = menu.items.iter().map(|item| (item.label.clone(), item.text.clone())).collect();
    let value_of = |label: &str| items.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone()).unwrap();
    let (id, pooled) = (value_of("id"), value_of("pooled host:port"));
    assert!(id.starts_with("con_"), "{items:?}");
    assert!(harness.copied().is_empty(), "nothing copied before Enter");
    let at = |label: &str| items.iter().position(|(l, _)| l == label).unwrap();
    for _ in 0..at("id") {
        harness.keys("j");
    }
    harness.press(KeyCode::Enter);
    assert_eq!(harness.copied(), std::slice::from_ref(&id));
    assert!(harness.app().toast.as_ref().unwrap().text.starts_with("copied id"));
    harness.keys("y");
    for _ in 0..at("pooled host:port") {
        harness.keys("j");
    }
    harness.press(KeyCode::Enter);
    assert_eq!(harness.copied(), [id, pooled]);
    harness.keys("q");
    assert_eq!(harness.ended, Some(Ended::Quit));
}

#[test]
fn without_a_token_the_first_run_screen_offers_the_demo() {
    let mut harness = Harness::first_run();
    assert_eq!(harness.app().screen, Screen::FirstRun);
    assert!(harness.frame().contains("PRISMA_POSTGRES_TOKEN"), "{}", harness.frame());
    harness.keys("d");
    assert_eq!(harness.app().screen, Screen::Browse);
    assert!(harness.app().session.badges.demo);
    assert!(harness.frame().contains("checkout-service"), "the demo's projects:\n{}", harness.frame());
}

#[test]
fn resizing_down_to_a_tiny_window_and_back_never_loses_the_selection() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "main-db");
    let chosen = harness.app().browse.selected.clone();
    for (width, height) in [(60, 15), (20, 5), (1, 1), (0, 0), (100, 30)] {
        harness.input(Input::Event(Event::Resize(width, height)));
        assert_eq!(harness.app().size, (width, height));
        assert_eq!(harness.app().browse.selected, chosen);
    }
    harness.keys("k");
    assert_ne!(harness.app().browse.selected, chosen, "keys still act after the window came back");
}

#[test]
fn an_ending_signal_ends_the_console_with_its_number() {
    for signal in [1, 2, 3, 15] {
        let mut harness = Harness::demo();
        harness.input(Input::Signal(signal));
        assert_eq!(harness.ended, Some(Ended::Signal(signal)));
    }
    let mut harness = Harness::demo();
    harness.input(Input::Closed);
    assert_eq!(harness.ended, Some(Ended::Quit), "the input ending ends the console");
}

#[test]
fn ctrl_c_is_a_key_that_quits() {
    let mut harness = Harness::demo();
    harness.input(Input::Event(Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))));
    assert_eq!(harness.ended, Some(Ended::Quit));
}

#[test]
fn create_a_connection_copy_its_pooled_string_then_restore_into_a_new_database() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("e2e-worker");
    harness.press(KeyCode::Enter);
    assert!(matches!(harness.app().overlay, Some(Overlay::Secrets(_))), "the secret panel");
    let world = harness.world();
    let minted: Vec<Value> = connections(&world).into_values().filter(|c| c["name"] == "e2e-worker").collect();
    assert_eq!(minted.len(), 1, "one connection made: {minted:?}");
    let (user, secret) = (minted[0]["user"].as_str().unwrap(), minted[0]["secret"].as_str().unwrap());
    harness.keys("y");
    let copied = harness.copied();
    assert_eq!(copied.len(), 1);
    assert!(copied[0].starts_with(&format!("postgres://{user}:{secret}@")), "the minted pooled string");
    harness.keys("q");

    // Backups, the newest backup, r, Enter: restored into a new database.
    harness.keys("2");
    harness.press(KeyCode::Tab);
    harness.keys("r");
    assert!(matches!(harness.app().overlay, Some(Overlay::Restore(_))), "the restore dialog");
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    let restores: Vec<String> = harness.writes().into_iter().filter(|w| w.contains("/databases")).collect();
    assert_eq!(restores.len(), 2, "the connection, then the new database: {restores:?}");
    assert!(restores[1].starts_with("POST /v1/projects/"), "{restores:?}");
    let databases = harness.world()["databases"].as_object().unwrap().clone();
    let copies: Vec<&Value> =
        databases.values().filter(|d| d["source"]["databaseId"].as_str() == Some(database.as_str())).collect();
    assert_eq!(copies.len(), 1, "one database restored from main-db's backup");
}

/// What the status line or the secret panel said of creating `name`.
fn outcome_of(harness: &Harness, name: &str) -> &'static str {
    if matches!(&harness.app().overlay, Some(Overlay::Secrets(panel)) if panel.secrets[0].label.starts_with(name)) {
        return "created";
    }
    let toast = harness.app().toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default();
    if toast.contains(&format!("the connection {name} WAS created")) {
        "found"
    } else if toast.contains(&format!("no connection named {name} was created")) {
        "not created"
    } else {
        "refused or unknown"
    }
}

#[test]
fn under_a_30_percent_failure_rate_the_server_holds_exactly_the_connections_reported() {
    let mut harness = Harness::faulty(Faults { fail_rate: 0.3, seed: 11, ..Faults::default() });
    harness.open_section("checkout-service", "main-db", Section::Connections);
    let mut reported = Vec::new();
    for n in 1..=5 {
        let name = format!("c{n}");
        harness.keys("n");
        harness.keys(&name);
        harness.press(KeyCode::Enter);
        let outcome = outcome_of(&harness, &name);
        if matches!(outcome, "created" | "found") {
            reported.push(name.clone());
        }
        // Whatever is open (the panel, a form with the API's refusal) is closed before the next.
        while harness.app().overlay.is_some() {
            harness.press(KeyCode::Esc);
        }
        if !matches!(harness.app().browse.selected, Node::Section(_, Section::Connections)) {
            harness.open_section("checkout-service", "main-db", Section::Connections);
        }
    }
    let made: Vec<String> = connections(&harness.world())
        .into_values()
        .filter_map(|c| {
            c["name"].as_str().filter(|name| ["c1", "c2", "c3", "c4", "c5"].contains(name)).map(str::to_owned)
        })
        .collect();
    let mut made_sorted = made.clone();
    made_sorted.sort();
    made_sorted.dedup();
    assert_eq!(made.len(), made_sorted.len(), "nothing created twice: {made:?}");
    assert_eq!(made_sorted, reported, "the server holds exactly what ppg reported as created or found");
    let creates = harness.writes().iter().filter(|w| w.starts_with("POST") && w.ends_with("/connections")).count();
    assert_eq!(creates, 5, "one POST per attempt, never re-sent");
}

#[test]
fn keys_do_nothing_while_the_window_is_too_small() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "analytics");
    let chosen = harness.app().browse.selected.clone();
    harness.input(Input::Event(Event::Resize(40, 10)));
    assert!(harness.frame().contains("ppg needs a larger window"), "{}", harness.frame());
    for key in "djkn/:".chars() {
        harness.keys(&key.to_string());
    }
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none(), "no hidden dialog: {:?}", harness.app().overlay);
    assert!(harness.app().browse.filter.is_none());
    assert_eq!(harness.app().browse.selected, chosen);
    assert!(harness.writes().is_empty());
    harness.input(Input::Event(Event::Resize(100, 30)));
    harness.keys("d");
    assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))), "keys work again");
    harness.press(KeyCode::Esc);
    harness.input(Input::Event(Event::Resize(40, 10)));
    harness.keys("q");
    assert_eq!(harness.ended, Some(Ended::Quit), "q still quits");
}

#[test]
fn a_message_leaves_the_status_line_after_its_time_and_idle_draws_nothing() {
    let mut harness = Harness::demo();
    harness.console_pace().toast_for = Some(std::time::Duration::from_millis(200));
    harness.keys("y");
    assert!(harness.app().toast.as_ref().is_some_and(|toast| toast.text.starts_with("copied workspace id")));
    assert!(harness.frame().contains("copied workspace id"), "{}", harness.frame());
    harness.run_until(|app| app.toast.is_none());
    assert!(!harness.frame().contains("copied workspace id"), "the frame after it went:\n{}", harness.frame());
}

#[test]
fn n_on_backups_or_usage_says_it_makes_a_connection() {
    let mut harness = Harness::demo();
    for (section, key) in [(Section::Backups, "2"), (Section::Usage, "3")] {
        harness.open_section("checkout-service", "main-db", section);
        harness.keys(key);
        harness.keys("n");
        let Some(Overlay::Form(form)) = &harness.app().overlay else { panic!("no form") };
        assert_eq!(form.title, "New connection to main-db");
        let toast = harness.app().toast.as_ref().unwrap().text.clone();
        assert!(toast.contains("are made by Prisma Postgres: n here creates a connection"), "{toast}");
        harness.press(KeyCode::Esc);
    }
    assert!(harness.writes().is_empty(), "nothing is created by opening the form");
}

#[test]
fn the_copy_menu_of_a_connection_without_its_secret_offers_both_ways_to_get_one() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    for (label, opens) in [("rotate this one", "rotate"), ("create a new connection", "form")] {
        harness.keys("y");
        let Some(Overlay::Copy(menu)) = &harness.app().overlay else { panic!("no copy menu") };
        let at = menu.items.iter().position(|item| item.label == label).expect("offered");
        for _ in 0..at {
            harness.keys("j");
        }
        harness.press(KeyCode::Enter);
        match (opens, &harness.app().overlay) {
            ("rotate", Some(Overlay::Confirm(dialog))) => assert!(dialog.title.contains("Rotate"), "{}", dialog.title),
            ("form", Some(Overlay::Form(form))) => assert_eq!(form.title, "New connection to main-db"),
            (_, other) => panic!("{label} opened {other:?}"),
        }
        harness.press(KeyCode::Esc);
    }
    assert!(harness.copied().is_empty(), "nothing copied");
    assert!(harness.writes().is_empty(), "nothing sent without its dialog");
}

#[test]
fn a_jump_typed_before_the_index_arrives_waits_for_it_then_lands() {
    let mut harness = Harness::holding();
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    harness.keys(":");
    assert!(harness.frame().contains("loading the workspace index… (0 of 2 lists)"), "{}", harness.frame());
    harness.keys("scratch");
    harness.press(KeyCode::Enter);
    assert!(matches!(harness.app().overlay, Some(Overlay::Jump(_))), "Enter waits for the index");
    assert!(harness.frame().contains("jumping when the index is here"), "{}", harness.frame());
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    assert!(harness.app().overlay.is_none(), "the jump landed: {:?}", harness.app().overlay);
    let landed = harness.app().browse.selected.clone();
    let Node::Database(id) = landed else { panic!("landed on {landed:?}") };
    assert_eq!(harness.app().data.database_name(&id), "scratch");
}

#[test]
fn jump_results_name_their_parents_and_an_empty_query_lists_projects_first() {
    let mut harness = Harness::demo();
    harness.keys(":");
    let Some(Overlay::Jump(jump)) = &harness.app().overlay else { panic!("no jump") };
    assert!(matches!(jump.matches[0].target, ppg::app::JumpTarget::Project(_)), "{:?}", jump.matches[0]);
    harness.keys("main-db");
    let Some(Overlay::Jump(jump)) = &harness.app().overlay else { panic!("no jump") };
    assert!(jump.matches.iter().any(|m| m.parents == " · checkout-service"), "{:?}", jump.matches);
    assert!(harness.frame().contains("main-db · checkout-service"), "{}", harness.frame());
}

/// `:storefront` means the project storefront, not its connection `storefront-app` that matches as well:
/// a name typed whole comes first, and equal matches go project, branch, database, connection.
#[test]
fn a_name_typed_whole_comes_first_in_the_jump() {
    let mut harness = Harness::demo();
    harness.open_section("storefront", "shop", Section::Connections);
    assert!(!harness.app().data.connections_of(&harness.database_id("shop")).is_empty());
    harness.press(KeyCode::Char('h'));
    for (query, wanted) in [("storefront", "project  storefront  "), ("shop", "database  shop  ")] {
        harness.keys(":");
        harness.keys(query);
        let Some(Overlay::Jump(jump)) = &harness.app().overlay else { panic!("no jump") };
        assert!(jump.matches[0].text.starts_with(wanted), "{query}: {:?}", jump.matches);
        harness.press(KeyCode::Esc);
    }
}
