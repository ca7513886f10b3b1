//! Every error the emulator names: its HTTP status, its documented code and the `{error:{code,message}}` body.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{Emu, config, ids, start, start_empty};
use ppg::emulator::{Config, Seed};
use reqwest::Method;
use serde_json::{Value, json};

/// The demo world, whose busy databases stay busy for the whole test.
async fn start_demo() -> Emu {
    start(Config { ready_after: Duration::from_secs(3600), ..config(Seed::Demo) }).await
}

/// Creates a project with its default database and waits until that database is ready.
async fn project_with_ready_default(emu: &Emu) -> (String, String) {
    let body = emu.post("/v1/projects", &json!({"name": "p"})).await.expect(201).json();
    let project_id = body["data"]["id"].as_str().unwrap().to_owned();
    let database_id = body["data"]["database"]["id"].as_str().unwrap().to_owned();
    emu.wait_for_status(&database_id, "ready").await;
    (project_id, database_id)
}

/// The newest completed backup of some demo database: (database id, backup id).
async fn some_backup(emu: &Emu) -> (String, String) {
    for database in emu.list_all("/v1/databases", &[], 100).await.0 {
        let id = database["id"].as_str().unwrap();
        let reply = emu.get(&format!("/v1/databases/{id}/backups")).await;
        if reply.status.as_u16() != 200 {
            continue;
        }
        let body = reply.json();
        if let Some(backup) = body["data"].as_array().unwrap().iter().find(|b| b["status"] == "completed") {
            return (id.to_owned(), backup["id"].as_str().unwrap().to_owned());
        }
    }
    panic!("no demo database has a completed backup");
}

fn restore_body(database_id: &str, backup_id: &str) -> Value {
    json!({"source": {"type": "backup", "databaseId": database_id, "backupId": backup_id}})
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let emu = start_demo().await;
    for path in ["/v1/me", "/v1/projects", "/v1/databases", "/v1/regions/postgres"] {
        emu.get_anonymous(path).await.expect_error_code(401, "unauthorized");
        emu.get_with_token(path, "not-the-token").await.expect_error_code(401, "unauthorized");
    }
    let response =
        common::raw_client().post(emu.url("/v1/projects")).json(&json!({"name": "sneaky"})).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let state = emu.state().await;
    assert!(!common::contains_string(&state, "sneaky"), "an unauthorized create changed the world");
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let emu = start_demo().await;
    let gets = [
        "/v1/workspaces/wksp_nosuch",
        "/v1/projects/proj_nosuch",
        "/v1/projects/proj_nosuch/databases",
        "/v1/databases/db_nosuch",
        "/v1/databases/db_nosuch/backups",
        "/v1/databases/db_nosuch/usage",
        "/v1/connections/con_nosuch",
    ];
    for path in gets {
        emu.get(path).await.expect_error_code(404, "not_found");
    }
    emu.patch("/v1/projects/proj_nosuch", &json!({"name": "x"})).await.expect_error_code(404, "not_found");
    emu.patch("/v1/databases/db_nosuch", &json!({"name": "x"})).await.expect_error_code(404, "not_found");
    for path in ["/v1/projects/proj_nosuch", "/v1/databases/db_nosuch", "/v1/connections/con_nosuch"] {
        emu.delete(path).await.expect_error_code(404, "not_found");
    }
    emu.post("/v1/projects/proj_nosuch/databases", &json!({"name": "x"})).await.expect_error_code(404, "not_found");
    emu.post("/v1/databases/db_nosuch/connections", &json!({"name": "x"})).await.expect_error_code(404, "not_found");
    emu.post("/v1/connections", &json!({"databaseId": "db_nosuch", "name": "x"}))
        .await
        .expect_error_code(404, "not_found");
    emu.post_empty("/v1/connections/con_nosuch/rotate").await.expect_error_code(404, "not_found");
    let (database_id, backup_id) = some_backup(&emu).await;
    emu.post("/v1/databases/db_nosuch/restore", &restore_body(&database_id, &backup_id))
        .await
        .expect_error_code(404, "not_found");
}

#[tokio::test]
async fn deleting_a_default_database_is_403() {
    let emu = start_empty().await;
    let (project_id, database_id) = project_with_ready_default(&emu).await;
    emu.delete(&format!("/v1/databases/{database_id}")).await.expect_error_code(403, "forbidden");
    emu.get(&format!("/v1/databases/{database_id}")).await.expect(200);
    emu.delete(&format!("/v1/projects/{project_id}")).await.expect(204);
    emu.get(&format!("/v1/databases/{database_id}")).await.expect_error_code(404, "not_found");
}

#[tokio::test]
async fn restoring_into_a_busy_database_is_409() {
    let emu = start_demo().await;
    let (source_id, backup_id) = some_backup(&emu).await;
    let project_id =
        emu.get_json(&format!("/v1/databases/{source_id}")).await["data"]["project"]["id"].as_str().unwrap().to_owned();
    let created =
        emu.post(&format!("/v1/projects/{project_id}/databases"), &json!({"name": "fresh"})).await.expect(201).json();
    assert_eq!(created["data"]["status"], "provisioning");
    let fresh = created["data"]["id"].as_str().unwrap();
    emu.post(&format!("/v1/databases/{fresh}/restore"), &restore_body(&source_id, &backup_id))
        .await
        .expect_error_code(409, "conflict");

    let (databases, _) = emu.list_all("/v1/databases", &[], 100).await;
    let target = databases
        .iter()
        .find(|d| d["status"] == "ready" && d["isDefault"] == false)
        .expect("a ready non-default demo database");
    let target = target["id"].as_str().unwrap();
    let first = emu.post(&format!("/v1/databases/{target}/restore"), &restore_body(&source_id, &backup_id)).await;
    assert_eq!(first.expect(200).json()["data"]["status"], "recovering");
    emu.post(&format!("/v1/databases/{target}/restore"), &restore_body(&source_id, &backup_id))
        .await
        .expect_error_code(409, "conflict");
    let recovering = databases.iter().find(|d| d["status"] == "recovering").expect("the demo's recovering database");
    let path = format!("/v1/databases/{}/restore", recovering["id"].as_str().unwrap());
    emu.post(&path, &restore_body(&source_id, &backup_id)).await.expect_error_code(409, "conflict");
}

#[tokio::test]
async fn restoring_into_a_default_database_is_422() {
    let emu = start_demo().await;
    let (source_id, backup_id) = some_backup(&emu).await;
    let (databases, _) = emu.list_all("/v1/databases", &[], 100).await;
    let default =
        databases.iter().find(|d| d["isDefault"] == true && d["status"] == "ready").expect("a ready default database");
    let path = format!("/v1/databases/{}/restore", default["id"].as_str().unwrap());
    let before = emu.state().await;
    emu.post(&path, &restore_body(&source_id, &backup_id)).await.expect_error_code(422, "validation_failed");
    assert_eq!(emu.state().await, before, "a refused restore changes nothing");
}

#[tokio::test]
async fn invalid_bodies_are_400() {
    let emu = start_empty().await;
    let (project_id, _) = project_with_ready_default(&emu).await;
    let before = emu.state().await;
    for body in ["{not json", "[1, 2", "\"name\"", "{\"name\": 42}"] {
        emu.send_raw(Method::POST, "/v1/projects", body.to_owned()).await.expect_error_code(400, "bad_request");
    }
    emu.post("/v1/projects", &json!({"name": ""})).await.expect_error_code(400, "bad_request");
    emu.post("/v1/projects", &json!({"name": "x".repeat(300)})).await.expect_error_code(400, "bad_request");
    emu.post("/v1/projects", &json!({"name": "p", "region": "mars-north-1"}))
        .await
        .expect_error_code(400, "bad_request");
    let databases = format!("/v1/projects/{project_id}/databases");
    emu.post(&databases, &json!({"name": ""})).await.expect_error_code(400, "bad_request");
    emu.post(&databases, &json!({"name": "d", "region": "mars-north-1"})).await.expect_error_code(400, "bad_request");
    emu.send_raw(Method::POST, &databases, "{oops".to_owned()).await.expect_error_code(400, "bad_request");
    let after = emu.state().await;
    assert_eq!(ids_of(&after["projects"]), ids_of(&before["projects"]), "no project was created");
    assert_eq!(ids_of(&after["databases"]), ids_of(&before["databases"]), "no database was created");
}

fn ids_of(records: &Value) -> Vec<String> {
    match records {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => ids(items),
        other => panic!("not a record collection: {other}"),
    }
}

#[tokio::test]
async fn renaming_a_project_to_nothing_is_422() {
    let emu = start_empty().await;
    let (project_id, _) = project_with_ready_default(&emu).await;
    let path = format!("/v1/projects/{project_id}");
    emu.patch(&path, &json!({"name": ""})).await.expect_error_code(422, "validation_failed");
    assert_eq!(emu.get_json(&path).await["data"]["name"], "p");
}

#[tokio::test]
async fn a_body_over_64_kib_is_413() {
    let emu = start_empty().await;
    let name = "n".repeat(70 * 1024);
    emu.post("/v1/projects", &json!({"name": name})).await.expect_error_code(413, "payload_too_large");
    let padding = " ".repeat(65 * 1024);
    let body = format!("{{\"name\": \"padded\"{padding}}}");
    emu.send_raw(Method::POST, "/v1/projects", body).await.expect_error_code(413, "payload_too_large");
    assert_eq!(emu.get_json("/v1/projects").await["data"], json!([]));
    let small = format!("{{\"name\": \"fits\"{}}}", " ".repeat(60 * 1024));
    emu.send_raw(Method::POST, "/v1/projects", small).await.expect(201);
}

#[tokio::test]
async fn deleting_a_project_with_compute_services_is_400() {
    let emu = start_demo().await;
    let state = emu.state().await;
    let projects = state["projects"].as_object().expect("projects keyed by id in the state");
    let busy: Vec<&String> = projects
        .iter()
        .filter(|(_, project)| project["computeServices"].as_u64().is_some_and(|n| n > 0))
        .map(|(id, _)| id)
        .collect();
    assert!(!busy.is_empty(), "some demo project has compute services");
    for id in busy {
        emu.delete(&format!("/v1/projects/{id}")).await.expect_error_code(400, "bad_request");
        emu.get(&format!("/v1/projects/{id}")).await.expect(200);
    }
}

#[tokio::test]
async fn unknown_endpoints_answer_a_json_404() {
    let emu = start_demo().await;
    emu.get("/v1/nothing-here").await.expect_error_code(404, "not_found");
}

#[tokio::test]
async fn a_ready_after_that_overflows_a_date_means_never_and_fails_nothing() {
    // `ppg emulator` refuses such a flag; the library takes it and never panics on it.
    for seed in [Seed::Demo, Seed::Empty] {
        let emu = start(Config { ready_after: Duration::MAX, ..config(seed) }).await;
        let created = emu.post("/v1/projects", &json!({"name": "forever"})).await.expect(201).json();
        assert_eq!(created["data"]["database"]["status"], "provisioning");
        let database = created["data"]["database"]["id"].as_str().unwrap();
        let project = created["data"]["id"].as_str().unwrap();
        emu.post(&format!("/v1/projects/{project}/databases"), &json!({})).await.expect(201);
        assert_eq!(emu.get_json(&format!("/v1/databases/{database}")).await["data"]["status"], "provisioning");
        emu.get("/v1/databases").await.expect(200);
    }
}
