//! Every screen and overlay of the TUI as text, at 100×30 and 80×24 (and the small layouts), drawn from the
//! real demo data fetched through the real client from the in-process emulator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::{Harness, render};
use crossterm::event::KeyCode;
use ppg::app::{Node, Overlay, Pane, Screen, Section};

/// The sizes every screen is checked at.
const SIZES: [(u16, u16); 2] = [(100, 30), (80, 24)];

fn snap(harness: &Harness, name: &str) {
    for (width, height) in SIZES {
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), harness.screen(width, height));
    }
}

#[test]
fn first_run() {
    let harness = Harness::first_run();
    assert_eq!(harness.app().screen, Screen::FirstRun);
    snap(&harness, "first_run");
}

#[test]
fn rejected_token() {
    let harness = Harness::refused();
    assert!(matches!(harness.app().screen, Screen::Rejected(_)), "{:?}", harness.app().screen);
    snap(&harness, "rejected");
}

#[test]
fn loading_before_any_answer() {
    let harness = Harness::unanswered();
    assert!(harness.app().is_loading());
    snap(&harness, "loading");
}

#[test]
fn workspace_expanded() {
    let harness = Harness::demo();
    snap(&harness, "workspace");
}

#[test]
fn project_expanded() {
    let mut harness = Harness::demo();
    let project = harness.project_id("checkout-service");
    harness.select(&Node::Project(project));
    harness.press(KeyCode::Char('l'));
    snap(&harness, "project");
}

/// A project with branches: the branch level, one branch open, a preview branch's pane.
#[test]
fn branches_of_a_project() {
    let mut harness = Harness::demo();
    let project = harness.project_id("storefront");
    harness.select(&Node::Project(project.clone()));
    harness.press(KeyCode::Char('l'));
    harness.press(KeyCode::Char('j'));
    harness.press(KeyCode::Char('l'));
    harness.press(KeyCode::Char('j'));
    harness.press(KeyCode::Char('j'));
    assert!(matches!(harness.app().selected_node(), Node::Branch { branch: Some(_), .. }));
    snap(&harness, "branches");
}

#[test]
fn database_selected() {
    let mut harness = Harness::demo();
    harness.open_database("checkout-service", "main-db");
    harness.press(KeyCode::Char('l'));
    snap(&harness, "database");
}

#[test]
fn a_busy_database() {
    let mut harness = Harness::demo();
    harness.open_database("mobile-api", "staging");
    snap(&harness, "database_recovering");
}

#[test]
fn connections() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    snap(&harness, "connections");
    insta::assert_snapshot!("connections_60x15", harness.screen(60, 15));
    harness.press(KeyCode::Tab);
    assert_eq!(harness.app().browse.focus, Pane::Detail);
    snap(&harness, "connections_focused");
}

#[test]
fn backups() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "analytics", Section::Backups);
    snap(&harness, "backups");
    insta::assert_snapshot!("backups_60x15", harness.screen(60, 15));
}

#[test]
fn backups_of_a_remote_database() {
    let mut harness = Harness::demo();
    harness.open_section("data-platform", "warehouse", Section::Backups);
    snap(&harness, "backups_remote");
}

#[test]
fn usage_with_chart() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Usage);
    assert!(!harness.app().is_loading());
    snap(&harness, "usage");
    insta::assert_snapshot!("usage_60x15", harness.screen(60, 15));
}

#[test]
fn filter_editing_then_applied() {
    let mut harness = Harness::demo();
    harness.keys("/");
    harness.keys("ma");
    snap(&harness, "filter_editing");
    harness.press(KeyCode::Enter);
    snap(&harness, "filter_applied");
}

#[test]
fn filter_on_the_pane() {
    let mut harness = Harness::demo();
    harness.press(KeyCode::Tab);
    harness.keys("/ing");
    harness.press(KeyCode::Enter);
    snap(&harness, "filter_pane");
}

#[test]
fn jump_with_a_query() {
    let mut harness = Harness::demo();
    harness.keys(":");
    harness.keys("prod");
    assert!(matches!(&harness.app().overlay, Some(Overlay::Jump(jump)) if !jump.matches.is_empty()));
    snap(&harness, "jump");
}

#[test]
fn help() {
    let mut harness = Harness::demo();
    harness.keys("?");
    snap(&harness, "help");
}

#[test]
fn an_error_inline_in_the_log_and_in_the_pane() {
    let mut harness = Harness::demo();
    let id = harness.open_database("data-platform", "scratch");
    harness.block_on(harness.client.delete_database(&id)).unwrap();
    harness.keys("1");
    assert!(harness.app().data.connections[&id].error().is_some());
    snap(&harness, "error_state");
    harness.keys("!");
    snap(&harness, "error_log");
}

#[test]
fn copy_menu_without_a_secret() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("y");
    assert!(matches!(harness.app().overlay, Some(Overlay::Copy(_))));
    snap(&harness, "copy_menu");
}

#[test]
fn copy_menu_with_a_secret() {
    let mut harness = Harness::demo();
    harness.copy_menu_with_minted_strings();
    assert!(matches!(harness.app().overlay, Some(Overlay::Copy(_))));
    snap(&harness, "copy_menu_secret");
    harness.keys("jjjj");
    harness.press(KeyCode::Enter);
    let text = harness.copied().pop().unwrap();
    assert!(text.contains("://"), "the menu hands the full string to the clipboard");
}

#[test]
fn small_windows() {
    let mut harness = Harness::demo();
    insta::assert_snapshot!("workspace_60x15", harness.screen(60, 15));
    insta::assert_snapshot!("too_small_40x10", harness.screen(40, 10));
    harness.open_database("checkout-service", "main-db");
    insta::assert_snapshot!("database_60x15", harness.screen(60, 15));
}

#[test]
fn a_long_list_draws_only_what_is_visible() {
    let harness = Harness::demo();
    let mut app = harness.app().clone();
    let projects = app.data.projects.value().unwrap().clone();
    let template = projects[0].clone();
    let many: Vec<_> = (0..10_000)
        .map(|n| ppg::api::Project { id: format!("proj_{n:05}"), name: format!("project-{n:05}"), ..template.clone() })
        .collect();
    *app.data.projects = ppg::app::Loadable::Loaded(many.into());
    app.browse.selected = Node::Project("proj_04999".into());
    let screen = render(&app, 100, 30);
    assert!(screen.lines().any(|line| line.contains("›  ▸ project-04999")), "{screen}");
    app.browse.selected = Node::Workspace;
    app.browse.focus = Pane::Detail;
    app.browse.detail_selected = Some(ppg::app::RowKey::Id("proj_09000".into()));
    let screen = render(&app, 100, 30);
    assert!(screen.contains("› project-09000"), "{screen}");
}

#[test]
fn every_screen_draws_at_every_size() {
    let mut harness = Harness::demo();
    let mut states = vec![harness.app().clone()];
    harness.open_section("checkout-service", "main-db", Section::Usage);
    states.push(harness.app().clone());
    harness.keys("2");
    harness.press(KeyCode::Tab);
    states.push(harness.app().clone());
    for keys in ["?", "!", ":", "/"] {
        let mut app = harness.app().clone();
        let effects = ppg::app::update(
            &mut app,
            ppg::app::Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Char(keys.chars().next().unwrap()))),
        );
        drop(effects);
        states.push(app);
    }
    harness.keys("1");
    harness.press(KeyCode::Tab);
    harness.keys("y");
    states.push(harness.app().clone());
    for app in &states {
        for width in [50, 51, 59, 60, 79, 80, 81, 100, 200] {
            for height in [12, 13, 15, 19, 20, 24, 30, 60] {
                render(app, width, height);
            }
        }
    }
}

#[test]
fn service_tokens() {
    let mut harness = Harness::demo();
    harness.select(&Node::ServiceTokens);
    harness.press(KeyCode::Tab);
    assert_eq!(harness.app().browse.focus, Pane::Detail);
    snap(&harness, "service_tokens");
}
