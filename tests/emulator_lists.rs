//! The cursor lists' `limit` (at least 1, no maximum) and the filters the SDK declares on the lists.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{Emu, config, ids};
use ppg::emulator::{Config, Seed};
use serde_json::{Value, json};

/// The demo world, with `provisioning` and `recovering` lasting longer than any test.
async fn start_demo() -> Emu {
    common::start(Config { ready_after: std::time::Duration::from_secs(3600), ..config(Seed::Demo) }).await
}

/// The `data` array of a list answer that must be 200.
async fn items(emu: &Emu, path: &str, query: &[(&str, &str)]) -> Vec<Value> {
    let reply = emu.get_query(path, query).await;
    reply.expect(200).json()["data"].as_array().unwrap_or_else(|| panic!("{path}: no data in {}", reply.text)).clone()
}

#[tokio::test]
async fn limits_above_100_are_accepted_on_every_cursor_list() {
    let emu = start_demo().await;
    let database = emu.list_all("/v1/databases", &[], 100).await.0.remove(0);
    let connections = format!("/v1/databases/{}/connections", database["id"].as_str().unwrap());
    let project = emu.list_all("/v1/projects", &[], 100).await.0.remove(0);
    let project_databases = format!("/v1/projects/{}/databases", project["id"].as_str().unwrap());
    let lists =
        ["/v1/projects", "/v1/workspaces", "/v1/databases", "/v1/connections", &connections, &project_databases];
    for path in lists {
        let whole = ids(&emu.list_all(path, &[], 100).await.0);
        for limit in ["101", "1000", "5000", "9223372036854775807"] {
            let reply = emu.get_query(path, &[("limit", limit)]).await;
            let page = reply.expect(200).json();
            assert_eq!(ids(page["data"].as_array().unwrap()), whole, "{path}?limit={limit}");
            assert_eq!(page["pagination"], json!({"nextCursor": null, "hasMore": false}), "{path}?limit={limit}");
        }
    }
}

#[tokio::test]
async fn backups_keep_their_own_range_of_1_to_100() {
    let emu = start_demo().await;
    let mut checked = 0;
    for database in emu.list_all("/v1/databases", &[], 1000).await.0 {
        let path = format!("/v1/databases/{}/backups", database["id"].as_str().unwrap());
        if emu.get(&path).await.status.as_u16() != 200 {
            continue;
        }
        checked += 1;
        emu.get_query(&path, &[("limit", "100")]).await.expect(200);
        for bad in ["0", "101", "1000", "ten"] {
            emu.get_query(&path, &[("limit", bad)]).await.expect_error_code(400, "bad_request");
        }
    }
    assert!(checked > 0, "the demo has databases with backups");
}

#[tokio::test]
async fn logical_id_filters_projects() {
    let emu = start_demo().await;
    let all = emu.list_all("/v1/projects", &[], 1000).await.0;
    for (name, logical) in [("alpha", "app.alpha"), ("beta", "app.beta")] {
        let reply =
            emu.post("/v1/projects", &json!({"name": name, "logicalId": logical, "createDatabase": false})).await;
        assert_eq!(reply.expect(201).json()["data"]["logicalId"], logical);
    }
    let alpha = items(&emu, "/v1/projects", &[("logicalId", "app.alpha")]).await;
    assert_eq!(alpha.len(), 1, "{alpha:?}");
    assert_eq!((alpha[0]["name"].as_str(), alpha[0]["logicalId"].as_str()), (Some("alpha"), Some("app.alpha")));
    for unknown in ["app.gamma", "", "APP.ALPHA"] {
        assert_eq!(items(&emu, "/v1/projects", &[("logicalId", unknown)]).await, Vec::<Value>::new(), "{unknown:?}");
    }
    let everything = emu.list_all("/v1/projects", &[], 1).await.0;
    assert_eq!(everything.len(), all.len() + 2, "without the filter every project is listed");
    let paged = emu.list_all("/v1/projects", &[("logicalId", "app.beta")], 1).await.0;
    assert_eq!(paged.len(), 1, "paging keeps the filter: {paged:?}");
}

#[tokio::test]
async fn logical_id_filters_databases_alone_and_with_the_project() {
    let emu = start_demo().await;
    let databases = emu.list_all("/v1/databases", &[], 1000).await.0;
    let first = &databases[0];
    let other = databases.iter().find(|d| d["project"]["id"] != first["project"]["id"]).unwrap();
    for database in [first, other] {
        let path = format!("/v1/databases/{}", database["id"].as_str().unwrap());
        let reply = emu.patch(&path, &json!({"logicalId": "store.main"})).await;
        assert_eq!(reply.expect(200).json()["data"]["logicalId"], "store.main");
        assert_eq!(emu.get_json(&path).await["data"]["logicalId"], "store.main");
    }
    let found = ids(&items(&emu, "/v1/databases", &[("logicalId", "store.main")]).await);
    let expected: BTreeSet<String> = ids(&[first.clone(), other.clone()]).into_iter().collect();
    assert_eq!(found.into_iter().collect::<BTreeSet<_>>(), expected);
    let project = first["project"]["id"].as_str().unwrap();
    let both = items(&emu, "/v1/databases", &[("logicalId", "store.main"), ("projectId", project)]).await;
    assert_eq!(ids(&both), ids(std::slice::from_ref(first)), "both filters apply");
    assert!(items(&emu, "/v1/databases", &[("logicalId", "store.none")]).await.is_empty());
    assert_eq!(emu.list_all("/v1/databases", &[], 1000).await.0.len(), databases.len());

    // Unique within a project: a second database of the same project cannot take it.
    let sibling = databases.iter().find(|d| d["project"]["id"] == project && d["id"] != first["id"]);
    let sibling = sibling.expect("the demo's first project has several databases");
    let path = format!("/v1/databases/{}", sibling["id"].as_str().unwrap());
    emu.patch(&path, &json!({"logicalId": "store.main"})).await.expect_error_code(409, "conflict");
    emu.patch(&path, &json!({"logicalId": "store.replica"})).await.expect(200);
}

#[tokio::test]
async fn product_filters_the_regions() {
    let emu = start_demo().await;
    let postgres = emu.get_json("/v1/regions/postgres").await["data"].as_array().unwrap().clone();
    let all = items(&emu, "/v1/regions", &[]).await;
    let filtered = items(&emu, "/v1/regions", &[("product", "postgres")]).await;
    assert_eq!(ids(&all), ids(&postgres));
    assert_eq!(filtered, all);
    assert!(filtered.iter().all(|region| region["product"] == "postgres"), "{filtered:?}");
    for other in ["accelerate", "mysql", ""] {
        assert_eq!(items(&emu, "/v1/regions", &[("product", other)]).await, Vec::<Value>::new(), "{other:?}");
    }
}
