//! The strings the API mints, as the console keeps and shows them: masked in the secret panel until `s`,
//! copied exactly as the emulator minted them, offered for `.env`, and still in the copy menu later.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Node, Overlay, Section};
use serde_json::Value;

/// The direct and pooled strings of a connection record of the world, as the emulator mints them.
fn strings(record: &Value) -> (String, String) {
    let (user, secret) = (record["user"].as_str().unwrap(), record["secret"].as_str().unwrap());
    let string = |host: &str| format!("postgres://{user}:{secret}@{host}:5432/?sslmode=require");
    (string("db.prisma.io"), string("pooled.db.prisma.io"))
}

/// The ids of the connections of `database` in the world.
fn connections_of(harness: &Harness, database: &str) -> Vec<String> {
    let records = harness.records("connections").into_iter().filter(|record| record["databaseId"] == database);
    records.map(|record| record["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_created_connection_is_kept_shown_masked_revealed_with_s_and_copied_exactly() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    let create = format!("POST /v1/databases/{database}/connections");
    assert_eq!(harness.writes(), std::slice::from_ref(&create));
    let refreshed = harness.requests_after(&create);
    assert!(refreshed.contains(&format!("GET /v1/databases/{database}/connections")), "{refreshed:?}");

    let worker = harness.record("connections", "worker");
    let id = worker["id"].as_str().unwrap().to_owned();
    let (direct, pooled) = strings(&worker);
    let kept = harness.app().session.secrets.get(&id).expect("kept in memory");
    let kept_strings = (kept.endpoints.direct.clone().unwrap(), kept.endpoints.pooled.clone().unwrap());
    assert_eq!(kept_strings.0.connection_string.as_deref(), Some(direct.as_str()));
    assert_eq!(kept_strings.1.connection_string.as_deref(), Some(pooled.as_str()));
    let panel = harness.secret_panel();
    assert!(!panel.revealed, "masked at first");
    let labels: Vec<&str> = panel.secrets.iter().map(|secret| secret.label.as_str()).collect();
    assert_eq!(labels, ["worker · pooled", "worker · direct"], "the pooled string (DATABASE_URL) first");
    assert_eq!(panel.title, "worker (main-db)", "the title names the connection and its database");
    let password = worker["secret"].as_str().unwrap();
    let screen = harness.screen(100, 30);
    assert!(!screen.contains(&password[..12]), "a masked panel shows no password:\n{screen}");
    assert!(screen.contains("will not show these again"), "{screen}");
    assert!(harness.toast().contains("created connection worker"), "{}", harness.toast());
    assert!(harness.app().data.connections_of(&database).iter().any(|c| c.id == id), "the list was refreshed behind");

    harness.keys("s");
    assert!(harness.secret_panel().revealed);
    let screen = harness.screen(100, 30);
    assert!(screen.contains(&password[..12]), "revealed:\n{screen}");

    harness.keys("y");
    harness.keys("jy");
    assert_eq!(harness.copied(), [pooled.clone(), direct.clone()], "each string exactly as minted");
    assert!(matches!(harness.app().overlay, Some(Overlay::Secrets(_))), "copying keeps the panel");

    // What `w` writes to .env (not pressed here: it writes into the working directory).
    let lines = &harness.secret_panel().env_lines;
    assert_eq!(lines, &[format!("DATABASE_URL=\"{pooled}\""), format!("DIRECT_URL=\"{direct}\"")]);

    harness.keys("s");
    assert!(!harness.secret_panel().revealed, "s hides again");
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());

    // Later in the session the copy menu still offers the minted string.
    harness.focus_row(&id);
    harness.keys("y");
    let Some(Overlay::Copy(menu)) = &harness.app().overlay else { panic!("no copy menu: {:?}", harness.app().overlay) };
    let offered = menu.items.iter().find(|item| item.label == "pooled connection string").map(|item| item.text.clone());
    assert_eq!(offered, Some(pooled));
    assert_eq!(harness.writes(), [create], "nothing else was sent");
}

#[test]
fn a_new_database_or_project_shows_its_minted_strings_too() {
    let mut harness = Harness::demo();
    let project = harness.select_project("checkout-service");
    harness.keys("n");
    harness.keys("reports");
    harness.press(KeyCode::Enter);
    let create = format!("POST /v1/projects/{project}/databases");
    assert_eq!(harness.writes(), std::slice::from_ref(&create));
    let reports = harness.record("databases", "reports")["id"].as_str().unwrap().to_owned();
    let panel = harness.secret_panel();
    assert!(panel.secrets.len() == 2 && !panel.revealed, "{panel:?}");
    let minted = connections_of(&harness, &reports);
    assert_eq!(minted.len(), 1, "{minted:?}");
    assert!(harness.app().session.secrets.contains_key(&minted[0]));
    assert!(harness.app().activity.polling.contains_key(&reports), "the provisioning database is polled");
    let refreshed = harness.requests_after(&create);
    assert!(refreshed.contains(&format!("GET /v1/projects/{project}/databases")), "{refreshed:?}");

    let mut harness = Harness::demo();
    harness.select(&Node::Workspace);
    harness.keys("n");
    harness.keys("shop");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), ["POST /v1/projects"]);
    let shop = harness.record("projects", "shop")["id"].clone();
    let database = harness.records("databases").into_iter().find(|database| database["projectId"] == shop).unwrap();
    let minted = connections_of(&harness, database["id"].as_str().unwrap());
    assert_eq!(harness.secret_panel().secrets.len(), 2);
    assert!(harness.app().session.secrets.contains_key(&minted[0]));
    let refreshed = harness.requests_after("POST /v1/projects");
    assert!(refreshed.contains(&"GET /v1/projects".to_owned()), "{refreshed:?}");
}
