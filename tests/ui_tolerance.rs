//! The TUI on API data the demo never sends, served by the emulator's `overrides`: unreadable items shown as
//! rows among the readable ones, decimal sizes, times without offset or without meaning, unknown values.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Node, Pane, Section};
use ppg::emulator::Seed;
use serde_json::{Value, json};

/// A harness on `world`, written to a seed file that lives as long as the returned folder.
fn serve(world: &Value) -> (tempfile::TempDir, Harness) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.json");
    std::fs::write(&file, serde_json::to_vec(world).unwrap()).unwrap();
    let harness = Harness::on(Seed::File(file));
    (dir, harness)
}

#[test]
fn ten_thousand_projects_with_one_broken_show_the_rest_and_one_unreadable_row() {
    let mut world = Harness::demo().world();
    let template = world["projects"].as_object().unwrap().values().next().unwrap().clone();
    for kind in ["projects", "databases", "connections", "backups", "branches"] {
        world[kind] = json!({});
    }
    for n in 0..10_000 {
        let id = format!("proj_load{n:05}");
        let mut project = template.clone();
        project["id"] = json!(id);
        project["name"] = json!(format!("load-{n:05}"));
        world["projects"][&id] = project;
    }
    world["projects"]["proj_load05000"]["overrides"] = json!({"name": null});
    let (_dir, mut harness) = serve(&world);

    let projects = harness.app().data.projects.value().unwrap();
    assert_eq!((projects.items.len(), projects.unreadable.len()), (9_999, 1));
    assert_eq!(harness.app().errors.len(), 1, "its reason is in the error log");
    let logged = harness.app().errors[0].error.to_string();
    assert!(logged.contains("GET /v1/projects") && logged.contains("data[5000].name"), "{logged}");
    let toast = harness.app().toast.clone().unwrap().text;
    assert_eq!(toast, "1 project could not be read; ! shows why");

    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Char('G'));
    assert_eq!(harness.app().browse.focus, Pane::Detail);
    let screen = harness.screen(100, 30);
    assert!(screen.contains("› unreadable project proj_load05000"), "{screen}");
    assert!(screen.contains("10000 projects"), "every item is counted: {screen}");
    assert_eq!(harness.app().rows().len(), 1 + 9_999 + 1, "the tree holds what can be opened, and the service tokens");

    harness.press(KeyCode::Enter);
    let toast = harness.app().toast.clone().unwrap();
    assert!(toast.text.contains("unreadable project proj_load05000") && toast.text.contains("name"), "{}", toast.text);
    harness.press(KeyCode::Char('d'));
    assert!(harness.app().overlay.is_none(), "nothing is offered to delete an item ppg cannot read");
    harness.press(KeyCode::Char('y'));
    let text = harness.copied().pop().unwrap();
    assert!(harness.app().toast.as_ref().unwrap().text.starts_with("copied its JSON as sent"));
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["id"], "proj_load05000");
}

#[test]
fn backups_with_decimal_sizes_odd_times_unknown_values_and_a_broken_item() {
    let demo = Harness::demo();
    let mut world = demo.world();
    let databases = world["databases"].as_object().unwrap();
    let database = databases.values().find(|d| d["name"] == "main-db").unwrap()["id"].as_str().unwrap().to_owned();
    let mut backups: Vec<(String, String)> = world["backups"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, b)| b["databaseId"] == database.as_str())
        .map(|(id, b)| (b["createdAt"].as_str().unwrap().to_owned(), id.clone()))
        .collect();
    backups.sort();
    backups.reverse();
    let odd = [
        json!({"size": 980.4, "createdAt": "2026-11-15T09:00:00"}),
        json!({"size": 1228.8, "status": "verifying", "backupType": "snapshot"}),
        json!({"createdAt": "last tuesday"}),
        json!({"id": {"$remove": true}}),
    ];
    for ((_, id), overrides) in backups.iter().zip(odd) {
        world["backups"][id]["overrides"] = overrides;
    }
    let (_dir, mut harness) = serve(&world);
    harness.open_section("checkout-service", "main-db", Section::Backups);
    assert!(matches!(harness.app().selected_node(), Node::Section(_, Section::Backups)));
    insta::assert_snapshot!("odd_backups_100x30", harness.screen(100, 30));
    let screen = harness.screen(100, 30);
    for expected in ["980.4 MiB", "1.2 GiB", "verifying", "snapshot", "Nov 15 09:00"] {
        assert!(screen.contains(expected), "{expected}: {screen}");
    }
    harness.press(KeyCode::Tab);
    harness.press(KeyCode::Char('G'));
    let bottom = harness.screen(100, 30);
    assert!(bottom.contains("› unreadable backup #"), "the broken backup is the last row: {bottom}");
    let last_readable = bottom.lines().filter(|line| line.contains("last tuesday")).count();
    assert_eq!(last_readable, 1, "an unparsed time is shown as sent: {bottom}");
}
