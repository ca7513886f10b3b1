//! The workspace's plan in the console: its name in the header, a warning badge with the upgrade address when
//! usage is blocked, and a database the plan does not allow refused in plain words (HTTP 402
//! `planLimitReached`), with nothing created.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Node, Overlay};
use ppg::emulator::Seed;
use serde_json::json;

fn header(harness: &Harness) -> String {
    harness.frame().lines().next().unwrap().to_owned()
}

#[test]
fn the_header_names_the_plan() {
    let harness = Harness::demo();
    let header = header(&harness);
    assert!(header.contains("Pro plan · DEMO"), "{header}");
}

#[test]
fn blocked_usage_is_a_warning_badge_with_the_upgrade_address() {
    let mut world = Harness::demo().world();
    world["subscription"]["usageBlocked"] = json!(true);
    world["subscription"]["upgradeUrl"] = json!("https://console.example/upgrade");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.json");
    std::fs::write(&file, serde_json::to_vec(&world).unwrap()).unwrap();
    let harness = Harness::on(Seed::File(file));
    let screen = harness.screen(160, 30);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("⚠ usage blocked: upgrade at https://console.example/upgrade · Pro plan"), "{header}");
}

#[test]
fn a_database_beyond_the_plan_is_refused_in_plain_words_and_nothing_is_made() {
    let databases = Harness::demo().world()["databases"].as_object().unwrap().len();
    let mut harness = Harness::limited(databases);
    let project = harness.project_id("billing");
    harness.select(&Node::Project(project));
    harness.keys("n");
    harness.keys("extra");
    harness.press(KeyCode::Enter);
    let expected =
        "the workspace's plan allows no more databases: upgrade at https://console.prisma.io/settings/billing";
    let Some(Overlay::Form(form)) = &harness.app().overlay else { panic!("the form stays open") };
    assert_eq!(form.error.as_deref(), Some(expected));
    assert_eq!(harness.toast(), expected);
    assert_eq!(harness.world()["databases"].as_object().unwrap().len(), databases, "nothing was created");
}
