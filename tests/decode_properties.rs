//! Property tests of the API decoders: every contract-valid answer decodes, and broken list items are set aside.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Debug;

use ppg::api::{
    BackupList, Connection, CreatedProject, Data, Database, ErrorBody, Listed, Listing, Me, Page, Project, RegionInfo,
    Usage, Workspace, decode,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

mod decode_support;

use decode_support::*;

/// The broken items are set aside where they were, as sent; the others read as they read alone.
fn set_aside<T>(listing: &Listing<T>, sent: &[Value], broken: &[usize]) -> Result<(), TestCaseError>
where
    T: Listed + Serialize + PartialEq + Debug,
{
    prop_assert_eq!((listing.items.len(), listing.unreadable.len()), (sent.len() - broken.len(), broken.len()));
    for (unreadable, &at) in listing.unreadable.iter().zip(broken) {
        prop_assert_eq!((unreadable.kind, unreadable.position), (T::KIND, at));
        prop_assert_eq!(unreadable.id.as_deref(), text_at(&sent[at], "id"));
        prop_assert_eq!(&serde_json::from_str::<Value>(unreadable.raw.get()).unwrap(), &sent[at]);
        let (path, place) = (unreadable.reason_in("data").path, format!("data[{at}]"));
        prop_assert!(path == place || path.starts_with(&format!("{place}.")), "{} is not in {}", path, place);
    }
    let readable = sent.iter().enumerate().filter(|(at, _)| !broken.contains(at));
    let readable = readable.map(|(_, item)| decode::<T>(item.to_string().as_bytes()).unwrap()).collect::<Vec<_>>();
    prop_assert_eq!(&listing.items, &readable);
    let written = serde_json::to_value(listing).unwrap();
    prop_assert_eq!(written.as_array().unwrap().len(), sent.len());
    for &at in broken {
        prop_assert_eq!(&written[at], &sent[at], "an unreadable item goes back to its place");
    }
    Ok(())
}

fn page_of(items: &[Value]) -> Value {
    json!({"data": items, "pagination": {"nextCursor": null, "hasMore": false}})
}

// ---- Checks ---------------------------------------------------------------------------------------------------------

/// Decodes `sent` as `T`, and checks that `T` serialized decodes again to an equal value.
fn decodes<T: Serialize + DeserializeOwned + PartialEq + Debug>(sent: &Value) -> Result<T, TestCaseError> {
    let text = sent.to_string();
    let decoded: T = decode(text.as_bytes()).map_err(|error| TestCaseError::fail(format!("{error} in {text}")))?;
    let again = serde_json::to_string(&decoded).unwrap();
    let redecoded: T = decode(again.as_bytes()).map_err(|error| TestCaseError::fail(format!("{error} in {again}")))?;
    prop_assert_eq!(&redecoded, &decoded, "serialized as {}", again);
    Ok(decoded)
}

/// Every item sent was read, and none set aside.
fn all_read<'a, T>(listing: &'a Listing<T>, sent: &'a Value) -> Result<Vec<(&'a T, &'a Value)>, TestCaseError> {
    prop_assert!(listing.unreadable.is_empty(), "unreadable: {:?}", listing.unreadable);
    let sent = sent.as_array().unwrap();
    prop_assert_eq!(listing.items.len(), sent.len());
    Ok(listing.items.iter().zip(sent).collect())
}

fn text_at<'a>(sent: &'a Value, key: &str) -> Option<&'a str> {
    sent.get(key).and_then(Value::as_str)
}

fn check_connection(connection: &Connection, sent: &Value) -> Result<(), TestCaseError> {
    prop_assert_eq!(connection.kind.as_str(), text_at(sent, "kind").unwrap());
    prop_assert_eq!(connection.kind.to_string(), text_at(sent, "kind").unwrap());
    let ends = ["direct", "pooled", "accelerate"].into_iter();
    let ends = ends.filter_map(|name| Some((name, sent["endpoints"].get(name)?))).collect::<Vec<_>>();
    let decoded = connection.endpoints.named().collect::<Vec<_>>();
    prop_assert_eq!(decoded.len(), ends.len());
    for ((name, endpoint), (sent_name, sent)) in decoded.into_iter().zip(ends) {
        prop_assert_eq!(name, sent_name);
        prop_assert_eq!(Value::from(endpoint.port.clone()), sent["port"].clone(), "the port is kept as sent");
        prop_assert_eq!(endpoint.connection_string.as_deref(), text_at(sent, "connectionString"));
    }
    prop_assert_eq!(connection.connection_string.as_deref(), text_at(sent, "connectionString"));
    prop_assert_eq!(connection.host.as_ref().and_then(Option::as_deref), text_at(sent, "host"));
    Ok(())
}

fn check_database(database: &Database, sent: &Value) -> Result<(), TestCaseError> {
    prop_assert_eq!(database.status.as_str(), text_at(sent, "status").unwrap());
    prop_assert_eq!(database.status.to_string(), text_at(sent, "status").unwrap());
    prop_assert_eq!(database.default_connection_id.as_deref(), text_at(sent, "defaultConnectionId"));
    prop_assert_eq!(database.branch_id.as_deref(), text_at(sent, "branchId"));
    prop_assert_eq!(database.region.is_some(), sent["region"].is_object());
    prop_assert_eq!(
        database.source.as_ref().map(|source| source.kind()),
        sent["source"].get("type").and_then(Value::as_str)
    );
    for (connection, sent) in all_read(&database.connections, &sent["connections"])? {
        check_connection(connection, sent)?;
    }
    if let Some(keys) = &database.api_keys {
        all_read(keys, &sent["apiKeys"])?;
    }
    Ok(())
}

const CASES: u32 = 64;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn workspaces_projects_and_regions_decode(
        workspaces in page(vec(workspace(), 0..8)),
        projects in page(vec(project(), 0..8)),
        regions in data(vec(region(), 0..8).prop_map(Value::from)),
        one in data(workspace()),
    ) {
        let page: Page<Workspace> = decodes(&workspaces)?;
        for (workspace, sent) in all_read(&page.data, &workspaces["data"])? {
            prop_assert_eq!(&workspace.name, sent["name"].as_str().unwrap());
            prop_assert_eq!(workspace.created_at.as_sent(), sent["createdAt"].as_str().unwrap());
            prop_assert!(workspace.created_at.at().is_some(), "an RFC 3339 time reads as an instant");
        }
        prop_assert_eq!(page.pagination.next_cursor.as_deref(), text_at(&workspaces["pagination"], "nextCursor"));
        let page: Page<Project> = decodes(&projects)?;
        for (project, sent) in all_read(&page.data, &projects["data"])? {
            prop_assert_eq!(project.logical_id.as_deref(), text_at(sent, "logicalId"));
            prop_assert_eq!(project.default_region.as_deref(), text_at(sent, "defaultRegion"));
            prop_assert_eq!(&project.workspace.id, sent["workspace"]["id"].as_str().unwrap());
        }
        let list: Data<Listing<RegionInfo>> = decodes(&regions)?;
        for (region, sent) in all_read(&list.data, &regions["data"])? {
            prop_assert_eq!(region.status.as_ref().map(|status| status.as_str()), text_at(sent, "status"));
            prop_assert_eq!(region.product.as_deref(), text_at(sent, "product"));
        }
        decodes::<Data<Workspace>>(&one)?;
    }

    #[test]
    fn databases_decode(
        list in page(vec(database(Answer::Read), 0..5)),
        created in data(database(Answer::Minted)),
        project in created_project(),
    ) {
        let page: Page<Database> = decodes(&list)?;
        for (database, sent) in all_read(&page.data, &list["data"])? {
            check_database(database, sent)?;
        }
        let one: Data<Database> = decodes(&created)?;
        check_database(&one.data, &created["data"])?;
        let one: Data<CreatedProject> = decodes(&project)?;
        prop_assert_eq!(&one.data.project.name, project["data"]["name"].as_str().unwrap());
        prop_assert_eq!(one.data.database.is_some(), project["data"]["database"].is_object());
        if let Some(database) = &one.data.database {
            check_database(database, &project["data"]["database"])?;
        }
    }

    #[test]
    fn connections_decode(
        list in page(vec(connection(Answer::Read), 0..8)),
        minted in data(connection(Answer::Minted)),
    ) {
        let page: Page<Connection> = decodes(&list)?;
        for (connection, sent) in all_read(&page.data, &list["data"])? {
            check_connection(connection, sent)?;
            prop_assert_eq!(connection.minted().count(), 0, "reads mint nothing");
        }
        let one: Data<Connection> = decodes(&minted)?;
        check_connection(&one.data, &minted["data"])?;
        prop_assert!(one.data.database_url().is_some(), "a minted connection has a URL");
        prop_assert_eq!(one.data.minted().count(), one.data.endpoints.named().count());
    }

    #[test]
    fn backups_usage_me_and_errors_decode(list in backup_list(), usage in usage(), me in me(), error in error_body()) {
        let backups: BackupList = decodes(&list)?;
        for (backup, sent) in all_read(&backups.data, &list["data"])? {
            prop_assert_eq!(backup.created_at.as_sent(), sent["createdAt"].as_str().unwrap());
            prop_assert_eq!(backup.backup_type.as_str(), sent["backupType"].as_str().unwrap());
            prop_assert_eq!(backup.status.to_string(), sent["status"].as_str().unwrap());
            prop_assert_eq!(backup.size.clone().map(Value::from), sent.get("size").cloned(), "size kept as sent");
            let size = backup.size.as_ref().and_then(|size| size.as_f64());
            prop_assert_eq!(size, sent.get("size").and_then(Value::as_f64));
            prop_assert_eq!(backup.resource_type.as_deref(), text_at(sent, "type"));
        }
        let days = backups.meta.backup_retention_days.map(Value::from);
        prop_assert_eq!(days.as_ref(), Some(&list["meta"]["backupRetentionDays"]));
        let limit = backups.pagination.limit.map(Value::from).unwrap_or_default();
        prop_assert_eq!(&limit, &list["pagination"]["limit"]);
        let decoded: Usage = decodes(&usage)?;
        prop_assert_eq!(decoded.metrics.operations.used, usage["metrics"]["operations"]["used"].as_f64().unwrap());
        prop_assert_eq!(&decoded.metrics.storage.unit, usage["metrics"]["storage"]["unit"].as_str().unwrap());
        let decoded: Data<Me> = decodes(&me)?;
        prop_assert_eq!(decoded.data.user.is_some(), me["data"]["user"].is_object());
        prop_assert_eq!(&decoded.data.credential.kind, me["data"]["credential"]["type"].as_str().unwrap());
        let decoded: ErrorBody = decodes(&error)?;
        prop_assert_eq!(decoded.error.hint.as_deref(), text_at(&error["error"], "hint"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn broken_workspaces_and_projects_are_set_aside(
        (workspaces, at) in broken_list(workspace(), WORKSPACE),
        (projects, broken) in broken_list(project(), PROJECT),
    ) {
        set_aside(&decodes::<Page<Workspace>>(&page_of(&workspaces))?.data, &workspaces, &at)?;
        set_aside(&decodes::<Page<Project>>(&page_of(&projects))?.data, &projects, &broken)?;
    }

    #[test]
    fn broken_databases_and_connections_are_set_aside(
        (databases, at) in broken_list(database(Answer::Read), DATABASE),
        (connections, broken) in broken_list(connection(Answer::Read), CONNECTION),
    ) {
        set_aside(&decodes::<Page<Database>>(&page_of(&databases))?.data, &databases, &at)?;
        set_aside(&decodes::<Page<Connection>>(&page_of(&connections))?.data, &connections, &broken)?;
    }

    #[test]
    fn broken_backups_and_regions_are_set_aside(
        (backups, at) in broken_list(backup(), BACKUP),
        (regions, broken) in broken_list(region(), REGION),
    ) {
        let list = json!({"data": backups, "meta": {"backupRetentionDays": 7},
                          "pagination": {"hasMore": false, "limit": 25}});
        set_aside(&decodes::<BackupList>(&list)?.data, &backups, &at)?;
        set_aside(&decodes::<Data<Listing<RegionInfo>>>(&json!({ "data": regions }))?.data, &regions, &broken)?;
    }
}

// ---- Edge cases -----------------------------------------------------------------------------------------------------

fn one_page<T: Listed>(items: Value) -> Page<T> {
    decode(page_of(items.as_array().unwrap()).to_string().as_bytes()).unwrap()
}

#[test]
fn ten_thousand_projects_with_one_broken_in_the_middle() {
    let project = |n: usize| {
        json!({"id": format!("proj_{n}"), "type": "project", "url": "u", "name": format!("p{n}"), "logicalId": null,
               "createdAt": "2026-01-05T12:00:00Z", "defaultRegion": null,
               "workspace": {"id": "w", "url": "u", "name": "W"}})
    };
    let mut items = (0..10_000).map(project).collect::<Vec<_>>();
    items[5_000]["name"] = json!(5_000);
    let page: Page<Project> = one_page(Value::from(items));
    assert_eq!((page.data.items.len(), page.data.unreadable.len()), (9_999, 1));
    let unreadable = &page.data.unreadable[0];
    assert_eq!((unreadable.position, unreadable.id.as_deref()), (5_000, Some("proj_5000")));
    assert_eq!(unreadable.reason_in("data").path, "data[5000].name");
    assert_eq!((page.data[4_999].id.as_str(), page.data[5_000].id.as_str()), ("proj_4999", "proj_5001"));
}

/// Times and enum-like fields take any JSON (kept as its text), so these items are readable, not broken.
#[test]
fn times_and_enums_that_are_not_strings_are_kept_as_json_text() {
    let page: Page<Connection> = one_page(json!([
        {"id": "c1", "name": "n", "createdAt": {"at": 1}, "kind": null},
        {"id": "c2", "name": "n", "createdAt": 1700000000, "kind": 5,
         "endpoints": {"direct": {"host": "h", "port": "5432"}}}
    ]));
    assert!(page.data.unreadable.is_empty());
    let [first, second] = [&page.data[0], &page.data[1]];
    assert_eq!((first.created_at.as_sent(), first.created_at.at(), first.kind.as_str()), (r#"{"at":1}"#, None, "null"));
    assert_eq!((second.created_at.as_sent(), second.kind.to_string().as_str()), ("1700000000", "5"));
    assert_eq!(second.endpoints.direct, None, "a port that is not a number drops its endpoint, not the connection");
    let again: Page<Connection> = decode(&serde_json::to_vec(&page).unwrap()).unwrap();
    assert_eq!(again, page);
}

/// Fields read through `or_default` degrade; sources keep what they do not know.
#[test]
fn fields_that_degrade_and_sources_that_are_kept() {
    let database = |source: Value| {
        json!({"id": "db", "name": "n", "status": "ready", "createdAt": "x", "isDefault": "yes", "region": "eu",
               "defaultConnectionId": 5, "connections": {}, "branchId": [], "source": source})
    };
    let sources = [json!({"databaseId": "d"}), json!({"type": 5}), json!({"type": "backup", "databaseId": "d"})];
    let page: Page<Database> = one_page(sources.iter().cloned().map(database).collect());
    assert!(page.data.unreadable.is_empty());
    let first = &page.data[0];
    assert_eq!(
        (first.is_default, &first.region, &first.default_connection_id, &first.branch_id),
        (false, &None, &None, &None)
    );
    assert_eq!((first.connections.total(), &first.source), (0, &None), "a source without a type reads as none");
    let kinds = page.data.iter().skip(1).map(|database| database.source.as_ref().unwrap().kind()).collect::<Vec<_>>();
    assert_eq!(kinds, ["5", "backup"], "a backup source without its backupId is kept as another type");
    let written = serde_json::to_value(&page.data[2]).unwrap();
    assert_eq!(written["source"], sources[2], "and written back as sent");
}

/// A lone surrogate escape is legal JSON syntax but no Rust string: only its item is set aside.
#[test]
fn a_lone_surrogate_sets_only_its_item_aside() {
    let body = r#"{"data": [{"id": "w1", "name": "ok", "createdAt": "x"},
                            {"id": "w2", "name": "\ud800", "createdAt": "x"}],
                   "pagination": {"nextCursor": null, "hasMore": false}}"#;
    let page: Page<Workspace> = decode(body.as_bytes()).unwrap();
    assert_eq!((page.data.items.len(), page.data.unreadable[0].id.as_deref()), (1, Some("w2")));
    assert_eq!(page.data.unreadable[0].reason_in("data").path, "data[1].name");
    assert_eq!(page.data.unreadable[0].raw.get(), r#"{"id": "w2", "name": "\ud800", "createdAt": "x"}"#);
}

/// serde would fill a struct from an array, field by field; an item of a list must be an object.
#[test]
fn an_array_item_is_unreadable_not_a_resource() {
    let body = r#"{"data": [["a", "b", "c", "d", "e"]], "pagination": {"nextCursor": null, "hasMore": false}}"#;
    let page: Page<Workspace> = decode(body.as_bytes()).unwrap();
    assert_eq!((page.data.items.len(), page.data.unreadable.len()), (0, 1));
    assert_eq!(page.data.unreadable[0].reason_in("data").path, "data[0]");
}

/// Decimals with every digit, and integers beyond 2^53, are kept exactly (no last-digit drift).
#[test]
fn full_precision_numbers_are_kept_exactly() {
    let body = r#"{"data": [{"id": "b", "backupType": "full", "createdAt": "x", "status": "completed",
                   "size": 394301.33835633675}, {"id": "c", "backupType": "full", "createdAt": "x",
                   "status": "completed", "size": 268e165}], "meta": {"backupRetentionDays": 7},
                   "pagination": {"hasMore": false, "limit": null}}"#;
    let list: BackupList = decode(body.as_bytes()).unwrap();
    let sizes: Vec<f64> = list.data.iter().map(|backup| backup.size.as_ref().unwrap().as_f64().unwrap()).collect();
    assert_eq!(sizes, [394301.33835633675, 268e165]);
}
