//! Every typed method of `ppg::api::Client` against a demo emulator, cross-checked with `/_emulator/state`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_support;
mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use client_support::{client_of, log, policy};
use common::{Emu, config, parse_connection_string, start, start_demo};
use futures::StreamExt;
use ppg::api::{
    Connection, DatabaseSource, DatabaseStatus, Error, NewDatabase, NewProject, Project, Query, RegionStatus,
};
use ppg::emulator::{Config, Seed};
use serde_json::{Value, json};

/// The id of the record of `kind` (`projects`, `databases`, …) named `name` in the state.
fn id_named(state: &Value, kind: &str, name: &str) -> String {
    let records = state[kind].as_object().unwrap();
    let found: Vec<&String> = records.iter().filter(|(_, record)| record["name"] == name).map(|(id, _)| id).collect();
    assert_eq!(found.len(), 1, "{kind} named {name}: {found:?}");
    found[0].clone()
}

/// The ids of the records of `kind` whose `field` is `value` (all of them when `field` is empty).
fn ids_where(state: &Value, kind: &str, field: &str, value: &str) -> BTreeSet<String> {
    let records = state[kind].as_object().unwrap();
    records.iter().filter(|(_, record)| field.is_empty() || record[field] == value).map(|(id, _)| id.clone()).collect()
}

fn id_set<'a>(ids: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    ids.into_iter().cloned().collect()
}

/// The password of a minted connection's direct string.
fn minted_password(connection: &Connection) -> String {
    let direct = connection.endpoints.direct.as_ref().unwrap();
    let string = direct.connection_string.as_deref().unwrap_or_else(|| panic!("no minted string in {connection:?}"));
    assert!(connection.endpoints.pooled.as_ref().unwrap().connection_string.is_some(), "{connection:?}");
    parse_connection_string(string, "db.prisma.io").1
}

/// A completed backup of `database` in the state: (id, data marker).
fn completed_backup(state: &Value, database: &str) -> (String, String) {
    let backups = state["backups"].as_object().unwrap();
    let (id, backup) = backups.iter().find(|(_, b)| b["databaseId"] == database && b["status"] == "completed").unwrap();
    (id.clone(), backup["data"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn account_workspaces_and_regions_match_the_emulator() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let state = emu.state().await;
    let me = client.me().await.unwrap();
    assert_eq!(me.user.as_ref().unwrap().email, state["user"]["email"]);
    assert_eq!(me.workspace.as_ref().unwrap().id, state["workspace"]["id"]);
    assert_eq!(me.credential.kind, "service_token");
    let workspaces = client.workspaces().await.unwrap();
    assert_eq!(workspaces.len(), 1);
    assert_eq!((workspaces[0].id.as_str(), workspaces[0].name.as_str()), ("wksp_acme0demo0workspace0001", "Acme"));
    let regions = client.postgres_regions().await.unwrap();
    let expected = state["regions"].as_array().unwrap();
    assert_eq!(regions.len(), expected.len());
    for (region, record) in regions.iter().zip(expected) {
        assert_eq!(
            (region.id.as_str(), region.name.as_str()),
            (record["id"].as_str().unwrap(), record["name"].as_str().unwrap())
        );
        let status = if record["available"] == true { RegionStatus::Available } else { RegionStatus::Unavailable };
        assert_eq!(region.status, Some(status), "{region:?}");
    }
}

#[tokio::test]
async fn projects_list_and_get_match_the_emulator() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let state = emu.state().await;
    let projects = client.projects().await.unwrap();
    assert_eq!(id_set(projects.iter().map(|p| &p.id)), ids_where(&state, "projects", "", ""));
    for project in &projects {
        assert_eq!(project.name, state["projects"][&project.id]["name"]);
        assert_eq!(client.project(&project.id).await.unwrap(), *project);
    }
}

#[tokio::test]
async fn projects_are_created_renamed_and_deleted() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let new = NewProject { name: Some("with-db".into()), region: Some("eu-west-3".into()), create_database: true };
    let created = client.create_project(&new).await.unwrap();
    assert_eq!(
        (created.project.name.as_str(), created.project.default_region.as_deref()),
        ("with-db", Some("eu-west-3"))
    );
    let database = created.database.expect("a default database");
    assert!(database.is_default);
    let password = minted_password(&database.connections[0]);
    let state = emu.state().await;
    assert_eq!(state["databases"][&database.id]["projectId"], created.project.id.as_str());
    assert_eq!(state["connections"][&database.connections[0].id]["secret"], password.as_str());

    let bare = NewProject { name: Some("bare".into()), region: None, create_database: false };
    let bare = client.create_project(&bare).await.unwrap();
    assert_eq!(bare.database, None);
    let state = emu.state().await;
    assert!(ids_where(&state, "databases", "projectId", &bare.project.id).is_empty());
    assert_eq!(client.databases(Some(&bare.project.id)).await.unwrap().items, vec![]);

    let renamed = client.rename_project(&bare.project.id, "renamed").await.unwrap();
    assert_eq!((renamed.id.as_str(), renamed.name.as_str()), (bare.project.id.as_str(), "renamed"));
    assert_eq!(emu.state().await["projects"][&bare.project.id]["name"], "renamed");
    client.delete_project(&created.project.id).await.unwrap();
    let state = emu.state().await;
    assert!(state["projects"].get(&created.project.id).is_none());
    assert!(state["databases"].get(&database.id).is_none(), "the project's databases go with it");
    assert!(client.project(&created.project.id).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn databases_all_per_project_and_one_match_the_emulator() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let state = emu.state().await;
    let all = client.databases(None).await.unwrap();
    assert_eq!(id_set(all.iter().map(|d| &d.id)), ids_where(&state, "databases", "", ""));
    for project in state["projects"].as_object().unwrap().keys() {
        let mine = client.databases(Some(project)).await.unwrap();
        assert_eq!(id_set(mine.iter().map(|d| &d.id)), ids_where(&state, "databases", "projectId", project));
        assert!(mine.iter().all(|d| d.project.as_ref().unwrap().id == *project));
    }
    let main = id_named(&state, "databases", "main-db");
    let database = client.database(&main).await.unwrap();
    assert_eq!((database.name.as_str(), database.is_default), ("main-db", true));
    assert_eq!(
        id_set(database.connections.iter().map(|c| &c.id)),
        ids_where(&state, "connections", "databaseId", &main)
    );
    assert!(database.connections.iter().all(|c| c.endpoints.direct.as_ref().unwrap().connection_string.is_none()));
}

#[tokio::test]
async fn databases_are_created_from_nothing_and_from_a_backup_renamed_and_deleted() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let state = emu.state().await;
    let project = id_named(&state, "projects", "checkout-service");
    let main = id_named(&state, "databases", "main-db");
    let new = NewDatabase { name: Some("plain".into()), ..NewDatabase::default() };
    let plain = client.create_database(&project, &new).await.unwrap();
    assert_eq!(
        (plain.name.as_str(), plain.status.clone(), plain.is_default),
        ("plain", DatabaseStatus::Provisioning, false)
    );
    assert_eq!(plain.region.as_ref().unwrap().id, "eu-central-1", "inherits the project's region");
    minted_password(&plain.connections[0]);

    let (backup, marker) = completed_backup(&state, &main);
    let source = DatabaseSource::Backup { database_id: main.clone(), backup_id: backup.clone() };
    let new =
        NewDatabase { name: Some("restored".into()), region: Some("us-east-1".into()), source: Some(source.clone()) };
    let restored = client.create_database(&project, &new).await.unwrap();
    assert_eq!(restored.source, Some(source));
    minted_password(&restored.connections[0]);
    let state = emu.state().await;
    assert_eq!(state["databases"][&restored.id]["data"], marker.as_str(), "the backup's data was copied");
    assert_eq!(state["databases"][&restored.id]["region"], "us-east-1");

    let renamed = client.rename_database(&plain.id, "plainer").await.unwrap();
    assert_eq!(renamed.name, "plainer");
    assert_eq!(emu.state().await["databases"][&plain.id]["name"], "plainer");
    client.delete_database(&plain.id).await.unwrap();
    assert!(emu.state().await["databases"].get(&plain.id).is_none());
    assert!(client.database(&plain.id).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn connections_are_listed_minted_rotated_and_deleted() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let state = emu.state().await;
    let events = id_named(&state, "databases", "events");
    let listed = client.connections(&events).await.unwrap();
    assert_eq!(id_set(listed.iter().map(|c| &c.id)), ids_where(&state, "connections", "databaseId", &events));
    for connection in &listed {
        assert_eq!(client.connection(&connection.id).await.unwrap(), *connection);
        assert_eq!(connection.connection_string, None, "reads never carry secrets");
    }

    let created = client.create_connection(&events, "ci-runner").await.unwrap();
    assert_eq!((created.name.as_str(), created.database.as_ref().unwrap().id.as_str()), ("ci-runner", events.as_str()));
    let first = minted_password(&created);
    assert_eq!(emu.state().await["connections"][&created.id]["secret"], first.as_str());
    let rotated = client.rotate_connection(&created.id).await.unwrap();
    let second = minted_password(&rotated);
    assert_ne!(first, second, "rotation mints a new password");
    assert_eq!(emu.state().await["connections"][&created.id]["secret"], second.as_str());

    client.delete_connection(&created.id).await.unwrap();
    assert!(emu.state().await["connections"].get(&created.id).is_none());
    assert!(client.connection(&created.id).await.unwrap_err().is_not_found());
}

fn midnight(at: DateTime<Utc>) -> DateTime<Utc> {
    at.date_naive().and_time(chrono::NaiveTime::MIN).and_utc()
}

#[tokio::test]
async fn backups_restore_and_usage_match_the_emulator() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let state = emu.state().await;
    let main = id_named(&state, "databases", "main-db");
    let five = client.backups(&main, Some(5)).await.unwrap();
    assert_eq!(
        (five.data.len(), five.pagination.has_more, five.meta.backup_retention_days),
        (5, true, Some(30.into()))
    );
    assert!(five.data.windows(2).all(|pair| pair[0].created_at >= pair[1].created_at), "newest first");
    let default = client.backups(&main, None).await.unwrap();
    assert_eq!(default.data.len(), 25);
    assert_eq!(default.data[..5], five.data[..]);
    assert!(default.data.iter().all(|b| state["backups"][&b.id]["databaseId"] == main.as_str()));

    let analytics = id_named(&state, "databases", "analytics");
    let (backup, marker) = completed_backup(&state, &main);
    let backup = default.data.iter().find(|b| b.id == backup).unwrap();
    let restored = client.restore(&analytics, &main, backup).await.unwrap();
    assert_eq!((restored.id.as_str(), restored.status.clone()), (analytics.as_str(), DatabaseStatus::Recovering));
    assert_eq!(emu.state().await["databases"][&analytics]["data"], marker.as_str());

    let today = midnight(Utc::now());
    let (start, middle, end) = (today - Duration::days(40), today - Duration::days(30), today - Duration::days(20));
    let whole = client.usage(&main, Some(start), Some(end)).await.unwrap();
    assert_eq!((whole.period.start, whole.period.end), (start, end));
    let first = client.usage(&main, Some(start), Some(middle)).await.unwrap();
    let second = client.usage(&main, Some(middle), Some(end)).await.unwrap();
    let ops = |u: &ppg::api::Usage| u.metrics.operations.used;
    assert!(ops(&whole) > 0.0);
    assert_eq!(ops(&whole), ops(&first) + ops(&second), "a range is the sum of its parts");
    let rfc = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (path, start_text, end_text) = (format!("/v1/databases/{main}/usage"), rfc(start), rfc(end));
    let raw = emu.get_query(&path, &[("startDate", &start_text), ("endDate", &end_text)]).await;
    assert_eq!(raw.expect(200).json()["metrics"]["operations"]["used"].as_f64(), Some(ops(&whole)));
    let month = client.usage(&main, None, None).await.unwrap();
    let first_of_month = chrono::Datelike::with_day(&Utc::now().date_naive(), 1).unwrap();
    assert_eq!(month.period.start, first_of_month.and_time(chrono::NaiveTime::MIN).and_utc());
}

#[tokio::test]
async fn list_all_and_pages_follow_the_cursor_over_250_connections() {
    let emu = start_demo().await;
    let client = client_of(&emu, policy(2));
    let tools = id_named(&emu.state().await, "databases", "tools");
    let path = format!("/v1/databases/{tools}/connections");
    let (emu_ref, path_ref) = (&emu, &path);
    let posts = futures::stream::iter(0..250)
        .map(|i| async move { emu_ref.post(path_ref, &json!({"name": format!("bulk-{i:03}")})).await });
    let replies: Vec<_> = posts.buffer_unordered(16).collect().await;
    assert!(replies.iter().all(|reply| reply.status == 200), "every connection was created");
    let expected = ids_where(&emu.state().await, "connections", "databaseId", &tools);
    assert_eq!(expected.len(), 250);

    let all = client.connections(&tools).await.unwrap();
    assert_eq!(all.len(), 250, "each connection exactly once");
    assert_eq!(id_set(all.iter().map(|c| &c.id)), expected);

    emu.clear_requests().await;
    let mut pages = client.pages::<Connection>(&path, Query::new());
    let mut sizes = Vec::new();
    while let Some(page) = pages.next_page().await.unwrap() {
        sizes.push(page.len());
        assert_eq!(log(&emu).await.len(), sizes.len(), "one request per page, as the caller asks");
    }
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(pages.next_page().await.unwrap(), None, "a finished list stays finished");
    let queries: Vec<Option<String>> = log(&emu).await.into_iter().map(|entry| entry.query).collect();
    assert_eq!(queries.len(), 3);
    assert_eq!(queries[0], None);
    assert!(queries[1..].iter().all(|q| q.as_deref().is_some_and(|q| q.starts_with("cursor="))), "{queries:?}");

    let small = client.pages::<Connection>(&path, vec![("limit", "7".into())]).await.unwrap();
    assert_eq!(id_set(small.iter().map(|c| &c.id)), expected);
    assert_eq!(small.len(), 250);
}

#[tokio::test]
async fn a_seed_file_of_250_projects_is_listed_whole() {
    let empty = common::start_empty().await;
    let mut world = empty.state().await;
    for i in 0..250 {
        let id = format!("proj_bulk{i:04}");
        world["projects"][&id] = json!({
            "id": id, "name": format!("bulk-{i}"), "createdAt": "2026-01-05T12:00:00Z", "defaultRegion": "us-east-1"
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.json");
    std::fs::write(&file, world.to_string()).unwrap();
    let emu: Emu = start(Config { seed: Seed::File(file), ..config(Seed::Empty) }).await;
    let client = client_of(&emu, policy(2));
    let projects = client.projects().await.unwrap();
    let names: BTreeSet<String> = projects.iter().map(|p| p.name.clone()).collect();
    assert_eq!((projects.len(), names.len()), (250, 250));
    assert_eq!(names, (0..250).map(|i| format!("bulk-{i}")).collect());
    let first = client.pages::<Project>("/v1/projects", Query::new()).next_page().await.unwrap().unwrap();
    assert_eq!(first.len(), 100);
    assert_eq!(first[..], projects[..100]);
}

#[tokio::test]
async fn not_found_and_unauthorized_are_typed_and_never_show_the_token() {
    let token = "sk_emulator_secret_5be1c0de";
    let emu = start(Config { token: token.into(), ..config(Seed::Demo) }).await;
    let client = client_of(&emu, policy(2));
    let error = client.project("proj_missing").await.unwrap_err();
    match &error {
        Error::Status { route, status: 404, code: Some(code), message, hint: Some(hint) } => {
            assert_eq!(
                (route.method, route.path.as_str(), code.as_str()),
                ("GET", "/v1/projects/proj_missing", "not_found")
            );
            assert!(message.contains("proj_missing"), "{message}");
            assert!(!hint.is_empty());
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }
    assert!(error.is_not_found());
    assert!(error.to_string().contains("404") && error.to_string().contains("proj_missing"), "{error}");
    let escaped = client.project("../projects").await.unwrap_err();
    assert_eq!(escaped.route().path, "/v1/projects/%2E%2E%2Fprojects");
    assert!(escaped.is_not_found(), "an id stays one path segment: {escaped:?}");
    assert!(client.database("db_missing").await.unwrap_err().is_not_found());
    assert!(client.connection("con_missing").await.unwrap_err().is_not_found());
    assert!(client.delete_connection("con_missing").await.unwrap_err().is_not_found(), "a change's 404 too");

    let wrong = "sk_wrong_token_77aa91";
    let intruder = client_support::client(&emu.base, wrong, policy(2));
    let denied = intruder.me().await.unwrap_err();
    assert!(
        matches!(&denied, Error::Status { status: 401, code: Some(code), .. } if code == "unauthorized"),
        "{denied:?}"
    );
    assert!(denied.advice().unwrap().contains("token"));
    let shown = [
        denied.to_string(),
        format!("{denied:?}"),
        error.to_string(),
        format!("{error:?}"),
        format!("{client:?}"),
        format!("{intruder:?}"),
        format!("{:?}", client_support::options(&emu.base, token, policy(2))),
    ];
    for text in &shown {
        assert!(!text.contains(token) && !text.contains(wrong), "a token leaked: {text}");
    }
}
