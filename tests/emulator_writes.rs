//! Every mutating endpoint of the emulator: its success status and its effect on the world.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Emu, assert_id, assert_minted, ids, objects_with_id, start_demo, start_empty};
use ppg::api::{Connection, CreatedProject, Data, Database};
use serde_json::{Value, json};

/// The one record of the state file whose `id` is `id`.
fn record(state: &Value, id: &str) -> Value {
    let mut found = Vec::new();
    objects_with_id(state, id, &mut found);
    assert_eq!(found.len(), 1, "records with id {id} in the state: {found:?}");
    found[0].clone()
}

/// The data marker of a database or backup as `/_emulator/state` shows it.
async fn marker(emu: &Emu, id: &str) -> String {
    let state = emu.state().await;
    let record = record(&state, id);
    record["data"].as_str().unwrap_or_else(|| panic!("no data marker in {record}")).to_owned()
}

/// Creates a project with its default database; returns (project id, default database).
async fn create_project(emu: &Emu, name: &str) -> (String, Value) {
    let reply = emu.post("/v1/projects", &json!({"name": name, "region": "eu-central-1"})).await;
    reply.expect(201);
    let body = reply.json();
    (body["data"]["id"].as_str().unwrap().to_owned(), body["data"]["database"].clone())
}

/// Creates a non-default database in `project_id` and waits until it is ready.
async fn create_ready_database(emu: &Emu, project_id: &str, body: Value) -> Value {
    let reply = emu.post(&format!("/v1/projects/{project_id}/databases"), &body).await;
    reply.expect(201);
    let database = reply.json()["data"].clone();
    emu.wait_for_status(database["id"].as_str().unwrap(), "ready").await;
    database
}

/// A restore target of the demo (ready, not default) with connections and completed backups of its own:
/// (target, backup ids newest first).
async fn restorable(emu: &Emu) -> (Value, Vec<String>) {
    let (databases, _) = emu.list_all("/v1/databases", &[], 100).await;
    for database in databases {
        let no_connections = database["connections"].as_array().is_none_or(Vec::is_empty);
        if database["isDefault"] == true || database["status"] != "ready" || no_connections {
            continue;
        }
        let reply = emu.get(&format!("/v1/databases/{}/backups", database["id"].as_str().unwrap())).await;
        if reply.status.as_u16() != 200 {
            continue;
        }
        let backups: Vec<Value> =
            reply.json()["data"].as_array().unwrap().iter().filter(|b| b["status"] == "completed").cloned().collect();
        if backups.len() >= 3 {
            return (database, ids(&backups));
        }
    }
    panic!("the demo has no ready non-default database with connections and completed backups");
}

#[tokio::test]
async fn create_project_mints_its_default_database() {
    let emu = start_empty().await;
    let reply = emu.post("/v1/projects", &json!({"name": "shop", "region": "eu-central-1"})).await;
    reply.expect(201);
    let created: Data<CreatedProject> = reply.decode();
    let project = &created.data.project;
    assert_id(&project.id, "proj_");
    assert_eq!(project.name, "shop");
    assert_eq!(project.default_region.as_deref(), Some("eu-central-1"));
    let database = created.data.database.as_ref().expect("a default database");
    assert_id(&database.id, "db_");
    assert!(database.is_default);
    assert_eq!(database.region.as_ref().map(|r| r.id.as_str()), Some("eu-central-1"));
    assert!(!database.connections.is_empty(), "the default database has a connection");
    for connection in &reply.json()["data"]["database"]["connections"].as_array().unwrap().clone() {
        assert_minted(connection);
    }
    let listed = emu.get_json("/v1/projects").await;
    assert_eq!(ids(listed["data"].as_array().unwrap()), vec![project.id.clone()]);
    let got: Data<Database> = emu.get(&format!("/v1/databases/{}", database.id)).await.expect(200).decode();
    assert_eq!(got.data.project.as_ref().map(|p| p.id.clone()), Some(project.id.clone()));
    let databases = emu.get_json(&format!("/v1/projects/{}/databases", project.id)).await;
    assert_eq!(ids(databases["data"].as_array().unwrap()), vec![database.id.clone()]);
}

#[tokio::test]
async fn create_project_without_a_database() {
    let emu = start_empty().await;
    let reply = emu.post("/v1/projects", &json!({"name": "bare", "createDatabase": false})).await;
    reply.expect(201);
    let body = reply.json();
    assert!(body["data"].get("database").is_some_and(Value::is_null), "database: null in {body}");
    let id = body["data"]["id"].as_str().unwrap();
    let databases = emu.get_json(&format!("/v1/projects/{id}/databases")).await;
    assert_eq!(databases["data"], json!([]));
    assert_eq!(emu.get_json("/v1/databases").await["data"], json!([]));
}

#[tokio::test]
async fn patch_and_delete_a_project() {
    let emu = start_empty().await;
    let (project_id, database) = create_project(&emu, "before").await;
    let path = format!("/v1/projects/{project_id}");
    let renamed = emu.patch(&path, &json!({"name": "after"})).await;
    renamed.expect(200);
    assert_eq!(renamed.json()["data"]["name"], "after");
    assert_eq!(emu.get_json(&path).await["data"]["name"], "after");

    let database_id = database["id"].as_str().unwrap();
    let connection_ids = ids(database["connections"].as_array().unwrap());
    let deleted = emu.delete(&path).await;
    deleted.expect(204);
    assert!(deleted.text.is_empty(), "204 has an empty body: {:?}", deleted.text);
    emu.get(&path).await.expect_error_code(404, "not_found");
    emu.get(&format!("/v1/databases/{database_id}")).await.expect_error_code(404, "not_found");
    for connection in connection_ids {
        emu.get(&format!("/v1/connections/{connection}")).await.expect_error_code(404, "not_found");
    }
    assert_eq!(emu.get_json("/v1/projects").await["data"], json!([]));
    assert_eq!(emu.get_json("/v1/databases").await["data"], json!([]));
}

#[tokio::test]
async fn a_new_database_provisions_then_is_ready() {
    let emu = start_empty().await;
    let (project_id, _) = create_project(&emu, "p").await;
    let reply = emu
        .post(&format!("/v1/projects/{project_id}/databases"), &json!({"name": "second", "region": "us-east-1"}))
        .await;
    reply.expect(201);
    let created: Data<Database> = reply.decode();
    assert_eq!(created.data.status.as_str(), "provisioning");
    assert!(!created.data.is_default);
    assert_eq!(created.data.name, "second");
    assert_eq!(created.data.region.as_ref().map(|r| r.id.as_str()), Some("us-east-1"));
    let body = reply.json();
    let connections = body["data"]["connections"].as_array().unwrap();
    assert!(!connections.is_empty());
    connections.iter().for_each(|c| {
        assert_minted(c);
    });
    let ready = emu.wait_for_status(&created.data.id, "ready").await;
    assert_eq!(ready["data"]["name"], "second");
}

#[tokio::test]
async fn patch_and_delete_a_database() {
    let emu = start_empty().await;
    let (project_id, default) = create_project(&emu, "p").await;
    let database = create_ready_database(&emu, &project_id, json!({"name": "extra"})).await;
    let path = format!("/v1/databases/{}", database["id"].as_str().unwrap());
    let renamed = emu.patch(&path, &json!({"name": "renamed"})).await;
    renamed.expect(200);
    assert_eq!(renamed.json()["data"]["name"], "renamed");
    assert_eq!(emu.get_json(&path).await["data"]["name"], "renamed");

    let connection_ids = ids(database["connections"].as_array().unwrap());
    let deleted = emu.delete(&path).await;
    deleted.expect(204);
    assert!(deleted.text.is_empty());
    emu.get(&path).await.expect_error_code(404, "not_found");
    for connection in connection_ids {
        emu.get(&format!("/v1/connections/{connection}")).await.expect_error_code(404, "not_found");
    }
    let left = emu.get_json(&format!("/v1/projects/{project_id}/databases")).await;
    assert_eq!(ids(left["data"].as_array().unwrap()), vec![default["id"].as_str().unwrap().to_owned()]);
}

#[tokio::test]
async fn create_and_delete_connections() {
    let emu = start_empty().await;
    let (_, database) = create_project(&emu, "p").await;
    let database_id = database["id"].as_str().unwrap();
    let under = emu.post(&format!("/v1/databases/{database_id}/connections"), &json!({"name": "worker"})).await;
    under.expect(200);
    let first: Data<Connection> = under.decode();
    assert_minted(&under.json()["data"]);
    assert_eq!(first.data.name, "worker");
    assert_eq!(first.data.database.as_ref().map(|d| d.id.as_str()), Some(database_id));

    let top = emu.post("/v1/connections", &json!({"databaseId": database_id, "name": "cron"})).await;
    top.expect(201);
    let second: Data<Connection> = top.decode();
    assert_minted(&top.json()["data"]);
    assert_eq!(second.data.name, "cron");
    assert_ne!(first.data.id, second.data.id);

    let listed =
        ids(emu.get_json(&format!("/v1/databases/{database_id}/connections")).await["data"].as_array().unwrap());
    assert!(listed.contains(&first.data.id) && listed.contains(&second.data.id), "{listed:?}");

    let deleted = emu.delete(&format!("/v1/connections/{}", first.data.id)).await;
    deleted.expect(204);
    assert!(deleted.text.is_empty());
    emu.get(&format!("/v1/connections/{}", first.data.id)).await.expect_error_code(404, "not_found");
    let listed =
        ids(emu.get_json(&format!("/v1/databases/{database_id}/connections")).await["data"].as_array().unwrap());
    assert!(!listed.contains(&first.data.id) && listed.contains(&second.data.id), "{listed:?}");
}

#[tokio::test]
async fn rotate_mints_a_new_password() {
    let emu = start_empty().await;
    let (_, database) = create_project(&emu, "p").await;
    let created =
        emu.post("/v1/connections", &json!({"databaseId": database["id"], "name": "app"})).await.expect(201).json();
    let id = created["data"]["id"].as_str().unwrap();
    let (user, before) = assert_minted(&created["data"]);
    let rotated = emu.post_empty(&format!("/v1/connections/{id}/rotate")).await;
    rotated.expect(200);
    let body = rotated.json();
    assert_eq!(body["data"]["id"], id);
    let (user_after, after) = assert_minted(&body["data"]);
    assert_eq!(user, user_after, "rotation keeps the user");
    assert_ne!(before, after, "rotation changes the password");
    let state = emu.state().await;
    assert!(!state.to_string().contains(&before), "the old password is gone from the world");
    assert!(state.to_string().contains(&after));
    let again = emu.post_empty(&format!("/v1/connections/{id}/rotate")).await.expect(200).json();
    assert_ne!(assert_minted(&again["data"]).1, after);
}

#[tokio::test]
async fn restore_overwrites_data_and_keeps_connections() {
    let emu = start_demo().await;
    let (target, backups) = restorable(&emu).await;
    let target_id = target["id"].as_str().unwrap();
    let backup_id = &backups[2];
    let connections_path = format!("/v1/databases/{target_id}/connections");
    let connections_before = ids(emu.get_json(&connections_path).await["data"].as_array().unwrap());
    assert!(!connections_before.is_empty(), "the target has connections to keep");
    let state = emu.state().await;
    let credentials_before: Vec<Value> = connections_before.iter().map(|id| record(&state, id)).collect();
    let before = marker(&emu, target_id).await;
    let wanted = marker(&emu, backup_id).await;
    assert_ne!(before, wanted, "the backup holds other data than the database now");

    let source = json!({"type": "backup", "databaseId": target_id, "backupId": backup_id});
    let reply = emu.post(&format!("/v1/databases/{target_id}/restore"), &json!({"source": source})).await;
    reply.expect(200);
    let restored: Data<Database> = reply.decode();
    assert_eq!(restored.data.id, target_id);
    assert_eq!(restored.data.status.as_str(), "recovering");
    assert!(!reply.text.contains("connectionString"), "a restore mints nothing: {}", reply.text);

    emu.wait_for_status(target_id, "ready").await;
    let connections_after = ids(emu.get_json(&connections_path).await["data"].as_array().unwrap());
    assert_eq!(connections_after, connections_before, "the restore keeps the connections");
    let state = emu.state().await;
    let credentials_after: Vec<Value> = connections_after.iter().map(|id| record(&state, id)).collect();
    assert_eq!(credentials_after, credentials_before, "the restore keeps the credentials");
    assert_eq!(marker(&emu, target_id).await, wanted, "the restore brought the backup's data");
}

#[tokio::test]
async fn create_a_database_from_a_backup_or_a_clone() {
    let emu = start_demo().await;
    let (source, backups) = restorable(&emu).await;
    let source_id = source["id"].as_str().unwrap();
    let project_id = source["project"]["id"].as_str().unwrap();
    let backup_id = &backups[1];
    let wanted = marker(&emu, backup_id).await;
    let from_backup = json!({"type": "backup", "databaseId": source_id, "backupId": backup_id});
    let reply = emu
        .post(&format!("/v1/projects/{project_id}/databases"), &json!({"name": "restored-copy", "source": from_backup}))
        .await;
    reply.expect(201);
    let created = reply.json()["data"].clone();
    assert_eq!(created["source"], from_backup);
    assert_eq!(created["isDefault"], false);
    assert_eq!(created["status"], "provisioning");
    let created_id = created["id"].as_str().unwrap();
    assert_ne!(created_id, source_id);
    assert_eq!(marker(&emu, created_id).await, wanted, "the new database starts with the backup's data");
    emu.wait_for_status(created_id, "ready").await;

    let from_database = json!({"type": "database", "databaseId": source_id});
    let reply = emu
        .post(&format!("/v1/projects/{project_id}/databases"), &json!({"name": "clone", "source": from_database}))
        .await;
    reply.expect(201);
    let clone_id = reply.json()["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(marker(&emu, &clone_id).await, marker(&emu, source_id).await, "a clone copies the data");
}

#[tokio::test]
async fn the_state_file_follows_every_change_and_seeds_a_new_emulator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emu = common::start(ppg::emulator::Config {
        state_file: Some(path.clone()),
        ..common::config(ppg::emulator::Seed::Empty)
    })
    .await;
    let (project_id, _) = create_project(&emu, "persisted").await;
    let on_disk: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(on_disk, emu.state().await, "the file holds the world after the change");
    emu.running.shutdown().await;

    let reborn = common::start(common::config(ppg::emulator::Seed::File(path.clone()))).await;
    let projects = reborn.get_json("/v1/projects").await;
    assert_eq!(ids(projects["data"].as_array().unwrap()), vec![project_id]);
    assert_eq!(projects["data"][0]["name"], "persisted");
}
