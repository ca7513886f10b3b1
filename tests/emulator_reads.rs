//! Every read endpoint of the emulator over loopback HTTP: envelopes, shapes, paging, backups, usage, no secrets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration as Days, TimeZone, Timelike, Utc};
use common::{Emu, assert_id, config, ids};
use ppg::api::{BackupList, Connection, Data, Database, Me, Page, Project, RegionInfo, Usage, Workspace};
use ppg::emulator::{Config, Seed};
use serde_json::Value;

/// The demo world, with `provisioning` and `recovering` lasting longer than any test.
async fn start_demo() -> Emu {
    common::start(Config { ready_after: std::time::Duration::from_secs(3600), ..config(Seed::Demo) }).await
}

/// Every database of the world, through `/v1/databases`.
async fn all_databases(emu: &Emu) -> Vec<Value> {
    emu.list_all("/v1/databases", &[], 100).await.0
}

#[tokio::test]
async fn me_names_the_workspace_and_the_credential() {
    let emu = start_demo().await;
    let reply = emu.get("/v1/me").await;
    reply.expect(200);
    let me: Data<Me> = reply.decode();
    let workspace = me.data.workspace.expect("the demo token belongs to a workspace");
    assert_id(&workspace.id, "wksp_");
    let workspaces: Page<Workspace> = emu.get("/v1/workspaces").await.expect(200).decode();
    assert!(workspaces.data.iter().any(|w| w.id == workspace.id && w.name == workspace.name));
    assert!(!me.data.credential.kind.is_empty());
}

#[tokio::test]
async fn workspaces_list_and_get() {
    let emu = start_demo().await;
    let page: Page<Workspace> = emu.get("/v1/workspaces").await.expect(200).decode();
    assert!(!page.data.is_empty());
    assert!(!page.pagination.has_more);
    assert!(page.data.iter().any(|w| w.name == "Acme"), "the demo workspace is Acme: {page:?}");
    for workspace in &page.data {
        assert_id(&workspace.id, "wksp_");
        assert_eq!(workspace.resource_type, "workspace");
        assert!(workspace.url.contains(&workspace.id), "url {} names {}", workspace.url, workspace.id);
        let one: Data<Workspace> = emu.get(&format!("/v1/workspaces/{}", workspace.id)).await.expect(200).decode();
        assert_eq!(&one.data, workspace);
    }
}

#[tokio::test]
async fn projects_list_and_get() {
    let emu = start_demo().await;
    let workspace_ids = ids(emu.get_json("/v1/workspaces").await["data"].as_array().unwrap());
    let page: Page<Project> = emu.get("/v1/projects").await.expect(200).decode();
    assert!(page.data.len() >= 3, "the demo has several projects: {page:?}");
    assert!(!page.pagination.has_more);
    assert_eq!(page.pagination.next_cursor, None);
    for project in &page.data {
        assert_id(&project.id, "proj_");
        assert_eq!(project.resource_type, "project");
        assert!(workspace_ids.contains(&project.workspace.id));
        let one: Data<Project> = emu.get(&format!("/v1/projects/{}", project.id)).await.expect(200).decode();
        assert_eq!(&one.data, project);
    }
}

#[tokio::test]
async fn databases_by_project_by_filter_and_by_id_agree() {
    let emu = start_demo().await;
    let everything = all_databases(&emu).await;
    let all: BTreeSet<String> = ids(&everything).into_iter().collect();
    assert_eq!(all.len(), everything.len(), "/v1/databases repeats a database");
    let projects = emu.get_json("/v1/projects").await["data"].as_array().unwrap().clone();
    let mut union = BTreeSet::new();
    for project in &projects {
        let project_id = project["id"].as_str().unwrap();
        let page: Page<Database> = emu.get(&format!("/v1/projects/{project_id}/databases")).await.expect(200).decode();
        let names: Vec<&str> = page.data.iter().map(|d| d.name.as_str()).collect();
        assert!(
            (1..=4).contains(&page.data.len()),
            "docs/emulator.md: one to four databases per demo project; {} ({project_id}) has {names:?}",
            project["name"]
        );
        assert_eq!(page.data.iter().filter(|d| d.is_default).count(), 1, "one default database in {project_id}");
        let filtered: Page<Database> =
            emu.get_query("/v1/databases", &[("projectId", project_id)]).await.expect(200).decode();
        let by_project: BTreeSet<_> = page.data.iter().map(|d| d.id.clone()).collect();
        let by_filter: BTreeSet<_> = filtered.data.iter().map(|d| d.id.clone()).collect();
        assert_eq!(by_project, by_filter, "databases of {project_id}");
        for database in &page.data {
            assert_id(&database.id, "db_");
            assert_eq!(database.resource_type, "database");
            assert_eq!(database.project.as_ref().map(|p| p.id.as_str()), Some(project_id));
            let one: Data<Database> = emu.get(&format!("/v1/databases/{}", database.id)).await.expect(200).decode();
            assert_eq!(&one.data, database);
            assert!(union.insert(database.id.clone()), "{} in two projects", database.id);
        }
    }
    assert_eq!(union, all, "the projects' databases are exactly /v1/databases");
    let statuses: BTreeSet<String> = everything.iter().map(|d| d["status"].as_str().unwrap().to_owned()).collect();
    for status in ["ready", "provisioning", "recovering"] {
        assert!(statuses.contains(status), "the demo has a {status} database: {statuses:?}");
    }
}

#[tokio::test]
async fn connections_under_a_database_filtered_and_by_id_agree() {
    let emu = start_demo().await;
    let mut seen_pooled = false;
    let mut seen_accelerate = false;
    for database in all_databases(&emu).await {
        let database_id = database["id"].as_str().unwrap();
        let page: Page<Connection> =
            emu.get(&format!("/v1/databases/{database_id}/connections")).await.expect(200).decode();
        let filtered: Page<Connection> =
            emu.get_query("/v1/connections", &[("databaseId", database_id)]).await.expect(200).decode();
        let under: BTreeSet<_> = page.data.iter().map(|c| c.id.clone()).collect();
        let by_filter: BTreeSet<_> = filtered.data.iter().map(|c| c.id.clone()).collect();
        assert_eq!(under, by_filter, "connections of {database_id}");
        let embedded: BTreeSet<String> = ids(database["connections"].as_array().unwrap()).into_iter().collect();
        assert_eq!(embedded, under, "the database's `connections` of {database_id}");
        if let Some(default) = database["defaultConnectionId"].as_str() {
            assert!(under.contains(default), "defaultConnectionId {default} is not a connection of {database_id}");
        }
        for connection in &page.data {
            assert_id(&connection.id, "con_");
            assert_eq!(connection.resource_type, "connection");
            assert_eq!(connection.database.as_ref().map(|d| d.id.as_str()), Some(database_id));
            seen_pooled |= connection.endpoints.pooled.is_some();
            seen_accelerate |= connection.endpoints.accelerate.is_some();
            let one: Data<Connection> =
                emu.get(&format!("/v1/connections/{}", connection.id)).await.expect(200).decode();
            assert_eq!(&one.data, connection);
        }
    }
    assert!(seen_pooled, "some demo connections have pooled endpoints");
    assert!(seen_accelerate, "the demo has a legacy Accelerate connection");
}

#[tokio::test]
async fn backups_honour_limit_order_and_retention() {
    let emu = start_demo().await;
    let mut checked = 0;
    for database in all_databases(&emu).await {
        let path = format!("/v1/databases/{}/backups", database["id"].as_str().unwrap());
        let reply = emu.get_query(&path, &[("limit", "100")]).await;
        if reply.status.as_u16() == 422 {
            continue;
        }
        let all: BackupList = reply.expect(200).decode();
        if all.data.len() < 26 {
            continue;
        }
        checked += 1;
        assert!(!all.pagination.has_more);
        assert_eq!(all.pagination.limit, Some(100.into()));
        assert!(all.meta.backup_retention_days.as_ref().and_then(|days| days.as_u64()).is_some_and(|days| days > 0));
        assert!(all.data.windows(2).all(|w| w[0].created_at >= w[1].created_at), "{path}: newest first");
        let unique: BTreeSet<_> = all.data.iter().map(|b| b.id.clone()).collect();
        assert_eq!(unique.len(), all.data.len(), "{path}: backup ids are unique");

        let default: BackupList = emu.get(&path).await.expect(200).decode();
        assert_eq!(default.data.len(), 25, "{path}: default limit 25");
        assert!(default.pagination.has_more);
        assert_eq!(default.pagination.limit, Some(25.into()));
        assert_eq!(default.data[..], all.data[..25]);
        assert_eq!(default.meta, all.meta);

        let one: BackupList = emu.get_query(&path, &[("limit", "1")]).await.expect(200).decode();
        assert_eq!(one.data[..], all.data[..1]);
        assert!(one.pagination.has_more);
        assert_eq!(one.pagination.limit, Some(1.into()));

        for bad in ["0", "101"] {
            emu.get_query(&path, &[("limit", bad)]).await.expect_error(400);
        }
    }
    assert!(checked >= 2, "several demo databases have 30 days of daily backups; found {checked}");
}

#[tokio::test]
async fn backups_of_the_remote_database_answer_422() {
    let emu = start_demo().await;
    let mut refused = Vec::new();
    for database in all_databases(&emu).await {
        let id = database["id"].as_str().unwrap().to_owned();
        let reply = emu.get(&format!("/v1/databases/{id}/backups")).await;
        if reply.status.as_u16() == 422 {
            reply.expect_error_code(422, "validation_failed");
            refused.push(id);
        } else {
            reply.expect(200);
        }
    }
    assert_eq!(refused.len(), 1, "exactly one demo database is remote: {refused:?}");
}

fn midnight(day: DateTime<Utc>) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(day.year(), day.month(), day.day(), 0, 0, 0).unwrap()
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn usage(emu: &Emu, database_id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Usage {
    let path = format!("/v1/databases/{database_id}/usage");
    let reply = emu.get_query(&path, &[("startDate", &rfc3339(start)), ("endDate", &rfc3339(end))]).await;
    let usage: Usage = reply.expect(200).decode();
    assert_eq!((usage.period.start, usage.period.end), (start, end), "{path}: the period asked for");
    assert_eq!(usage.metrics.operations.unit, "ops");
    assert_eq!(usage.metrics.storage.unit, "GiB");
    assert!(usage.metrics.operations.used >= 0.0 && usage.metrics.storage.used >= 0.0);
    usage
}

#[tokio::test]
async fn usage_of_a_range_is_the_sum_of_its_days() {
    let emu = start_demo().await;
    let end = midnight(Utc::now());
    let start = end - Days::days(7);
    let mut checked = 0;
    for database in all_databases(&emu).await {
        let id = database["id"].as_str().unwrap();
        let whole = usage(&emu, id, start, end).await;
        if whole.metrics.operations.used <= 0.0 {
            continue;
        }
        checked += 1;
        let mut days = Vec::new();
        for day in 0..7 {
            let from = start + Days::days(day);
            days.push(usage(&emu, id, from, from + Days::days(1)).await);
        }
        let operations: f64 = days.iter().map(|u| u.metrics.operations.used).sum();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
        assert!(
            close(operations, whole.metrics.operations.used),
            "{id}: days sum to {operations} ops, the week has {}",
            whole.metrics.operations.used
        );
        // Storage is a level (GiB held at the end of the period), not a flow: the week ends with its last day.
        let last = days.last().unwrap().metrics.storage.used;
        assert!(
            close(last, whole.metrics.storage.used),
            "{id}: the last day ends at {last} GiB, the week at {}",
            whole.metrics.storage.used
        );
        let distinct: BTreeSet<u64> = days.iter().map(|u| u.metrics.operations.used.to_bits()).collect();
        assert!(distinct.len() > 1, "{id}: usage varies by day");
        let again = usage(&emu, id, start, start + Days::days(1)).await;
        assert_eq!(again.metrics, days[0].metrics, "{id}: usage is deterministic");
    }
    assert!(checked >= 1, "some demo database has usage in the last week");
}

#[tokio::test]
async fn usage_defaults_to_the_current_month_and_rejects_bad_dates() {
    let emu = start_demo().await;
    let database = all_databases(&emu).await.remove(0);
    let path = format!("/v1/databases/{}/usage", database["id"].as_str().unwrap());
    let before = Utc::now();
    let usage: Usage = emu.get(&path).await.expect(200).decode();
    let after = Utc::now();
    let end = usage.period.end;
    assert!(end >= before - Days::seconds(2) && end <= after + Days::seconds(2), "end {end} is now");
    let start = usage.period.start;
    assert_eq!((start.year(), start.month(), start.day()), (end.year(), end.month(), 1), "start of the month");
    assert_eq!((start.hour(), start.minute(), start.second()), (0, 0, 0));
    for bad in [("startDate", "yesterday"), ("endDate", "2025-13-45T00:00:00Z")] {
        emu.get_query(&path, &[bad]).await.expect_error_code(400, "bad_request");
    }
}

#[tokio::test]
async fn regions_postgres_lists_available_regions() {
    let emu = start_demo().await;
    let reply = emu.get("/v1/regions/postgres").await;
    let regions: Data<Vec<RegionInfo>> = reply.expect(200).decode();
    assert!(reply.json().get("pagination").is_none(), "regions are not paged: {}", reply.text);
    let known = ["us-east-1", "us-west-1", "eu-west-3", "eu-central-1", "ap-northeast-1", "ap-southeast-1"];
    assert!(!regions.data.is_empty());
    for region in &regions.data {
        assert!(known.contains(&region.id.as_str()), "unknown region {}", region.id);
        assert_eq!(region.resource_type, "region");
        assert!(!region.name.is_empty());
        assert!(region.status.is_some(), "region {} has a status", region.id);
    }
    assert!(regions.data.iter().any(|r| r.status.as_ref().map(|s| s.as_str()) == Some("available")));
}

#[tokio::test]
async fn paging_projects_by_two_visits_each_once() {
    let emu = start_demo().await;
    let unpaged = ids(emu.get_json("/v1/projects").await["data"].as_array().unwrap());
    assert!(unpaged.len() > 2, "paging by two needs more than two projects");
    let (paged, pages) = emu.list_all("/v1/projects", &[], 2).await;
    assert!(pages.len() >= 2);
    let paged = ids(&paged);
    let mut sorted = paged.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), paged.len(), "a project came twice: {paged:?}");
    let mut expected = unpaged.clone();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(paged, unpaged, "pages come in the list's stable order");
}

#[tokio::test]
async fn paging_databases_and_connections() {
    let emu = start_demo().await;
    let unpaged: BTreeSet<String> =
        ids(emu.get_json("/v1/databases").await["data"].as_array().unwrap()).into_iter().collect();
    for limit in [1, 3] {
        let paged = ids(&emu.list_all("/v1/databases", &[], limit).await.0);
        assert_eq!(paged.len(), unpaged.len(), "limit {limit}: {paged:?}");
        assert_eq!(paged.into_iter().collect::<BTreeSet<_>>(), unpaged);
    }
    let mut paged_some = false;
    for database_id in &unpaged {
        let path = format!("/v1/databases/{database_id}/connections");
        let whole: BTreeSet<String> = ids(emu.get_json(&path).await["data"].as_array().unwrap()).into_iter().collect();
        if whole.len() < 2 {
            continue;
        }
        paged_some = true;
        let paged = ids(&emu.list_all(&path, &[], 1).await.0);
        assert_eq!(paged.len(), whole.len());
        assert_eq!(paged.into_iter().collect::<BTreeSet<_>>(), whole);
        let filtered = ids(&emu.list_all("/v1/connections", &[("databaseId", database_id)], 1).await.0);
        assert_eq!(filtered.len(), whole.len());
        assert_eq!(filtered.into_iter().collect::<BTreeSet<_>>(), whole);
    }
    assert!(paged_some, "some demo database has two or more connections");
}

#[tokio::test]
async fn limit_below_one_or_not_a_number_is_400() {
    let emu = start_demo().await;
    let database = all_databases(&emu).await.remove(0);
    let connections = format!("/v1/databases/{}/connections", database["id"].as_str().unwrap());
    for path in ["/v1/projects", "/v1/workspaces", "/v1/databases", "/v1/connections", connections.as_str()] {
        for bad in ["0", "-1", "ten", "1.5"] {
            emu.get_query(path, &[("limit", bad)]).await.expect_error_code(400, "bad_request");
        }
        emu.get_query(path, &[("limit", "100")]).await.expect(200);
    }
}

#[tokio::test]
async fn reads_never_carry_connection_strings() {
    let emu = start_demo().await;
    let mut texts = Vec::new();
    for path in ["/v1/me", "/v1/workspaces", "/v1/projects", "/v1/databases", "/v1/regions/postgres"] {
        texts.push(emu.get(path).await.expect(200).text.clone());
    }
    for project in ids(emu.get_json("/v1/projects").await["data"].as_array().unwrap()) {
        texts.push(emu.get(&format!("/v1/projects/{project}")).await.expect(200).text.clone());
        texts.push(emu.get(&format!("/v1/projects/{project}/databases")).await.expect(200).text.clone());
    }
    for database in ids(&all_databases(&emu).await) {
        texts.push(emu.get(&format!("/v1/databases/{database}")).await.expect(200).text.clone());
        let reply = emu.get(&format!("/v1/databases/{database}/connections")).await;
        texts.push(reply.expect(200).text.clone());
        texts.push(emu.get_query("/v1/connections", &[("databaseId", &database)]).await.expect(200).text.clone());
        for connection in ids(reply.json()["data"].as_array().unwrap()) {
            texts.push(emu.get(&format!("/v1/connections/{connection}")).await.expect(200).text.clone());
        }
    }
    assert!(texts.len() > 20);
    for text in &texts {
        assert!(!text.contains("connectionString"), "a read shows a connection string: {text}");
    }
}
