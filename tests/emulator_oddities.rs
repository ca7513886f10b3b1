//! API oddities on demand: records' `overrides` merged over their rendered JSON, and big, broken worlds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{Emu, config, ids, start_demo, start_empty};
use ppg::emulator::{Config, Seed};
use serde_json::{Value, json};

/// Starts an emulator on `world`, written as a seed file in `dir`.
async fn start_with(dir: &Path, world: &Value) -> Emu {
    let file = dir.join("world.json");
    std::fs::write(&file, serde_json::to_vec(world).unwrap()).unwrap();
    common::start(Config { ready_after: std::time::Duration::from_secs(3600), ..config(Seed::File(file)) }).await
}

/// Sets `overrides` on the record `id` of the `kind` map (`projects`, `databases`, …) of a state.
fn set(world: &mut Value, kind: &str, id: &str, overrides: Value) {
    let record = &mut world[kind][id];
    assert!(record.is_object(), "no {kind} {id} in the state");
    record["overrides"] = overrides;
}

/// The item of a list answer whose id is `id`.
async fn listed(emu: &Emu, path: &str, query: &[(&str, &str)], id: &str) -> Value {
    let page = emu.get_query(path, query).await.expect(200).json();
    let found = page["data"].as_array().unwrap().iter().find(|item| item["id"] == id).cloned();
    found.unwrap_or_else(|| panic!("{path}: no {id} in {page}"))
}

/// What the demo world looks like with oddities on one record of each kind; returns the world and the
/// ids (project, database, connection, backup's database, backup, region).
async fn odd_world() -> (Value, [String; 6]) {
    let demo = start_demo().await;
    let mut world = demo.state().await;
    let connection = world["connections"].as_object().unwrap().values().next().unwrap().clone();
    let database_id = connection["databaseId"].as_str().unwrap().to_owned();
    let project_id = world["databases"][&database_id]["projectId"].as_str().unwrap().to_owned();
    let backup = world["backups"].as_object().unwrap().values().find(|b| b["status"] == "completed").unwrap().clone();
    let region_id = world["regions"][0]["id"].as_str().unwrap().to_owned();
    let connection_id = connection["id"].as_str().unwrap().to_owned();
    let backup_id = backup["id"].as_str().unwrap().to_owned();
    set(&mut world, "projects", &project_id, json!({"createdAt": "2026-11-01T10:00:00", "tier": {"plan": "pro"}}));
    let database = json!({"status": "archived", "source": {"type": "snapshot", "snapshotId": "snap_1"},
        "branchId": {"$remove": true}, "name": null});
    set(&mut world, "databases", &database_id, database);
    let odd_connection =
        json!({"kind": "mysql", "endpoints": {"pooled": {"$remove": true}, "direct": {"port": "5432"}}});
    set(&mut world, "connections", &connection_id, odd_connection);
    set(&mut world, "backups", &backup_id, json!({"size": 980.4, "createdAt": "2026-11-01T10:00:00"}));
    world["workspace"]["overrides"] = json!({"createdAt": 12});
    world["regions"][0]["overrides"] = json!({"status": "maintenance"});
    let backup_database = backup["databaseId"].as_str().unwrap().to_owned();
    (world, [project_id, database_id, connection_id, backup_database, backup_id, region_id])
}

fn assert_odd_database(database: &Value, connection_id: &str, what: &str) {
    assert_eq!(database["status"], "archived", "{what}: {database}");
    assert_eq!(database["source"], json!({"type": "snapshot", "snapshotId": "snap_1"}), "{what}: deep merge");
    assert!(database.as_object().unwrap().contains_key("name") && database["name"].is_null(), "{what}: null sets null");
    assert!(!database.as_object().unwrap().contains_key("branchId"), "{what}: $remove removes: {database}");
    let nested = database["connections"].as_array().unwrap().iter().find(|c| c["id"] == connection_id);
    assert_odd_connection(nested.unwrap_or_else(|| panic!("{what}: no nested {connection_id}")), what);
}

fn assert_odd_connection(connection: &Value, what: &str) {
    assert_eq!(connection["kind"], "mysql", "{what}: {connection}");
    assert_eq!(connection["endpoints"]["direct"]["port"], "5432", "{what}: {connection}");
    assert_eq!(connection["endpoints"]["direct"]["host"], "db.prisma.io", "{what}: the rest of direct is kept");
    assert!(connection["endpoints"].get("pooled").is_none(), "{what}: pooled removed: {connection}");
}

#[tokio::test]
async fn overrides_are_served_in_lists_gets_and_nested_connections() {
    let (world, [project, database, connection, backup_database, backup, region]) = odd_world().await;
    let dir = tempfile::tempdir().unwrap();
    let emu = start_with(dir.path(), &world).await;

    for item in [
        listed(&emu, "/v1/projects", &[], &project).await,
        emu.get_json(&format!("/v1/projects/{project}")).await["data"].clone(),
    ] {
        assert_eq!(item["createdAt"], "2026-11-01T10:00:00", "{item}");
        assert_eq!(item["tier"], json!({"plan": "pro"}), "an unknown field is served: {item}");
        assert_eq!(item["type"], "project", "the rest is rendered as usual: {item}");
    }
    let others = emu.get_json("/v1/projects").await["data"].as_array().unwrap().clone();
    assert!(
        others.iter().filter(|p| p["id"] != project.as_str()).all(|p| p.get("tier").is_none()),
        "only one record is odd"
    );

    let project_databases = format!("/v1/projects/{project}/databases");
    let database_path = format!("/v1/databases/{database}");
    assert_odd_database(&listed(&emu, "/v1/databases", &[], &database).await, &connection, "GET /v1/databases");
    assert_odd_database(&listed(&emu, &project_databases, &[], &database).await, &connection, "project databases");
    assert_odd_database(&emu.get_json(&database_path).await["data"], &connection, "GET a database");

    let under = format!("{database_path}/connections");
    assert_odd_connection(&listed(&emu, &under, &[], &connection).await, "connections of a database");
    assert_odd_connection(
        &listed(&emu, "/v1/connections", &[("databaseId", &database)], &connection).await,
        "?databaseId",
    );
    assert_odd_connection(&emu.get_json(&format!("/v1/connections/{connection}")).await["data"], "GET a connection");

    let backups = format!("/v1/databases/{backup_database}/backups");
    let odd_backup = listed(&emu, &backups, &[("limit", "100")], &backup).await;
    assert_eq!((odd_backup["size"].as_f64(), &odd_backup["createdAt"]), (Some(980.4), &json!("2026-11-01T10:00:00")));
    assert_eq!(listed(&emu, "/v1/workspaces", &[], world["workspace"]["id"].as_str().unwrap()).await["createdAt"], 12);
    assert_eq!(listed(&emu, "/v1/regions/postgres", &[], &region).await["status"], "maintenance");
    assert_eq!(listed(&emu, "/v1/regions", &[], &region).await["status"], "maintenance");

    // Answers that mint or change render the same record, overrides included.
    let rotated = emu.post_empty(&format!("/v1/connections/{connection}/rotate")).await.expect(200).json();
    assert_odd_connection(&rotated["data"], "rotate");
    assert!(rotated["data"]["endpoints"]["direct"]["connectionString"].is_string(), "minted strings stay: {rotated}");
    let renamed = emu.patch(&database_path, &json!({"name": "renamed"})).await.expect(200).json();
    assert_odd_database(&renamed["data"], &connection, "PATCH a database");
    let renamed = emu.patch(&format!("/v1/projects/{project}"), &json!({"name": "renamed"})).await.expect(200).json();
    assert_eq!(
        (&renamed["data"]["name"], &renamed["data"]["createdAt"]),
        (&json!("renamed"), &json!("2026-11-01T10:00:00"))
    );
}

#[tokio::test]
async fn overrides_stay_in_the_state_and_are_absent_when_empty() {
    let (world, [project, database, ..]) = odd_world().await;
    let dir = tempfile::tempdir().unwrap();
    let emu = start_with(dir.path(), &world).await;
    let state = emu.state().await;
    assert_eq!(state["projects"][&project]["overrides"], world["projects"][&project]["overrides"]);
    assert_eq!(state["databases"][&database]["overrides"]["name"], Value::Null);
    let plain = state["projects"].as_object().unwrap().values().find(|p| p["id"] != project.as_str()).unwrap();
    assert!(plain.get("overrides").is_none(), "an empty overrides is not written: {plain}");
    let fresh = start_empty().await.state().await;
    assert!(fresh["workspace"].get("overrides").is_none(), "{fresh}");
}

#[tokio::test]
async fn ten_thousand_projects_with_a_broken_one_load_and_page() {
    let mut world = start_empty().await.state().await;
    let broken = "proj_big04321";
    let projects: serde_json::Map<String, Value> = (0..10_000)
        .map(|n| {
            let id = format!("proj_big{n:05}");
            let mut record = json!({"id": id, "name": format!("big-{n}"), "createdAt": "2026-01-01T00:00:00Z",
                "defaultRegion": "us-east-1"});
            if id == broken {
                record["overrides"] = json!({"createdAt": 12, "name": null, "workspace": "nowhere"});
            }
            (id, record)
        })
        .collect();
    world["projects"] = Value::Object(projects);
    let dir = tempfile::tempdir().unwrap();
    let emu = start_with(dir.path(), &world).await;

    let (items, pages) = emu.list_all("/v1/projects", &[], 1000).await;
    assert_eq!(pages.len(), 10, "10,000 projects in pages of 1000");
    let seen = ids(&items);
    let expected: Vec<String> = (0..10_000).map(|n| format!("proj_big{n:05}")).collect();
    assert_eq!(seen, expected, "every project once, in order");
    let odd = items.iter().find(|p| p["id"] == broken).unwrap();
    assert_eq!((&odd["createdAt"], &odd["name"], &odd["workspace"]), (&json!(12), &Value::Null, &json!("nowhere")));

    let first = emu.get_json("/v1/projects").await;
    assert_eq!(first["data"].as_array().unwrap().len(), 100, "the default page is 100");
    assert_eq!(first["pagination"]["hasMore"], true);
    let whole = emu.get_query("/v1/projects", &[("limit", "10000")]).await.expect(200).json();
    assert_eq!(whole["data"].as_array().unwrap().len(), 10_000);
    assert_eq!(whole["pagination"], json!({"nextCursor": null, "hasMore": false}));
    assert_eq!(emu.get_json(&format!("/v1/projects/{broken}")).await["data"]["createdAt"], 12);
}
