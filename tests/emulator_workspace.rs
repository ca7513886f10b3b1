//! The workspace's plan and service tokens in the emulator: the subscription, `--max-databases` answering
//! 402 `planLimitReached`, tokens minted, listed newest first, usable as bearer tokens, and revoked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_id, config, start, start_demo};
use ppg::emulator::{Config, Seed};
use serde_json::json;

const WORKSPACE: &str = "wksp_acme0demo0workspace0001";

#[tokio::test]
async fn the_subscription_names_the_plan_and_where_to_upgrade() {
    let emu = start_demo().await;
    let data = emu.get_json(&format!("/v1/workspaces/{WORKSPACE}/subscription")).await["data"].clone();
    assert_eq!(data["planName"], "Pro");
    assert_eq!(data["usageBlocked"], false);
    assert!(data["upgradeUrl"].as_str().unwrap().starts_with("https://"));
    emu.get("/v1/workspaces/wksp_nothere/subscription").await.expect_error_code(404, "not_found");
}

#[tokio::test]
async fn max_databases_refuses_one_more_with_402_plan_limit_reached() {
    let emu = start(Config { max_databases: Some(16), ..config(Seed::Demo) }).await;
    let (projects, _) = emu.list_all("/v1/projects", &[], 100).await;
    let project = projects[0]["id"].as_str().unwrap();
    let before = emu.state().await;
    let refused = emu.post(&format!("/v1/projects/{project}/databases"), &json!({"name": "one-more"})).await;
    let body = refused.expect_error_code(402, "planLimitReached");
    assert!(body.error.hint.unwrap().contains("https://"), "the hint says where to upgrade");
    emu.post("/v1/databases", &json!({"projectId": project})).await.expect_error_code(402, "planLimitReached");
    emu.post("/v1/projects", &json!({"name": "more"})).await.expect_error_code(402, "planLimitReached");
    emu.post("/v1/projects", &json!({"name": "bare", "createDatabase": false})).await.expect(201);
    let after = emu.state().await;
    assert_eq!(before["databases"], after["databases"], "nothing was created");
}

#[tokio::test]
async fn tokens_are_minted_once_listed_newest_first_and_revoked() {
    let emu = start_demo().await;
    let path = format!("/v1/workspaces/{WORKSPACE}/service-tokens");
    let (seeded, _) = emu.list_all(&path, &[], 1).await;
    let names: Vec<&str> = seeded.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["vercel-deploy", "github-actions", "ppg emulator"], "newest first");
    assert!(seeded.iter().all(|t| t["type"] == "serviceToken" && t.get("value").is_none()));

    let created = emu.post(&path, &json!({"name": "ci"})).await;
    let token = created.expect(201).json()["data"].clone();
    assert_id(token["id"].as_str().unwrap(), "stok_");
    let value = token["value"].as_str().unwrap().to_owned();
    assert!(value.ends_with(token["valueHint"].as_str().unwrap().trim_start_matches('…')));
    let (listed, _) = emu.list_all(&path, &[], 100).await;
    assert_eq!(listed[0]["id"], token["id"], "the newest first");
    assert!(listed.iter().all(|t| t.get("value").is_none()), "the value is never listed");

    let me = emu.get_with_token("/v1/me", &value).await;
    let credential = me.expect(200).json()["data"]["credential"].clone();
    assert_eq!((&credential["id"], &credential["name"]), (&token["id"], &json!("ci")), "the token presented");
    let own = emu.get_json("/v1/me").await["data"]["credential"]["id"].clone();
    assert_eq!(own, "stok_emulator0000000000000001");

    let id = token["id"].as_str().unwrap();
    emu.delete(&format!("{path}/{id}")).await.expect(204);
    emu.get_with_token("/v1/me", &value).await.expect_error_code(401, "unauthorized");
    emu.delete(&format!("{path}/{id}")).await.expect_error_code(404, "not_found");
    emu.post(&path, &json!({"name": " "})).await.expect_error(422);
    emu.post("/v1/workspaces/wksp_nothere/service-tokens", &json!({"name": "x"})).await.expect_error(404);
    let (elsewhere, _) = emu.list_all("/v1/workspaces/wksp_nothere/service-tokens", &[], 100).await;
    assert!(elsewhere.is_empty(), "an unknown workspace lists nothing");
}
