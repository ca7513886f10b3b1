//! The real `ppg` binary's service tokens (`ppg tokens …`: the one ppg uses marked, its value printed once,
//! revoking ppg's own token behind --own-token) and the plan's limit told as such.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use cli_support::Harness;
use ppg::emulator::{Config, Seed};

#[test]
fn tokens_are_listed_with_the_one_ppg_uses_marked() {
    let h = Harness::demo();
    let listed = h.ppg(&["tokens", "list"]);
    listed.ok().has_row(&["ppg emulator", "stok_emulator0000000000000001", "★ this one"]);
    assert!(!listed.stdout.lines().any(|l| l.contains("github-actions") && l.contains("this one")));
    let json = h.ppg(&["tokens", "list", "--json"]).ok().json_array();
    let names: Vec<&str> = json.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["vercel-deploy", "github-actions", "ppg emulator"]);
}

#[test]
fn a_new_token_is_printed_once_and_works_and_marks_itself() {
    let h = Harness::demo();
    let log = h.home.path().join("ppg.log");
    let created = h.ppg(&["tokens", "create", "--name", "deploy-bot", "--log-file", log.to_str().unwrap()]);
    created.ok().stderr_has("created service token deploy-bot").stderr_has("only once");
    let value = created.stdout.trim().to_owned();
    assert!(value.starts_with("ppg_st_") && created.stdout.lines().count() == 1, "{}", created.printed());
    assert!(!created.stderr.contains(&value), "the value only on stdout");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(!logged.is_empty(), "the log was written");
    assert!(!logged.contains(&value), "the value is never logged");
    let record = h.records("serviceTokens").into_iter().find(|t| t["name"] == "deploy-bot").unwrap();
    let id = record["id"].as_str().unwrap().to_owned();
    let as_bot = h.ppg_with_token(&value, &["tokens", "list"]);
    as_bot.ok().has_row(&["deploy-bot", &id, "★ this one"]);

    // Revoking the token ppg runs with takes --own-token on top of --confirm.
    let own = h.ppg_with_token(&value, &["tokens", "revoke", &id, "--confirm", &id]);
    own.code(4).stderr_has("THE ONE THIS ppg IS USING").stderr_has("--own-token");
    let revoked = h.ppg_with_token(&value, &["tokens", "revoke", &id, "--confirm", &id, "--own-token"]);
    revoked.ok().stderr_has("revoked service token deploy-bot");
    h.ppg_with_token(&value, &["tokens", "list"]).code(1).stderr_has("401");
}

#[test]
fn another_token_is_revoked_with_confirm_alone() {
    let h = Harness::demo();
    let github = h.records("serviceTokens").into_iter().find(|t| t["name"] == "github-actions").unwrap();
    let id = github["id"].as_str().unwrap();
    h.ppg(&["tokens", "revoke", id]).code(4).stderr_has(&format!("--confirm {id}"));
    h.ppg(&["tokens", "revoke", id, "--confirm", id]).ok();
    assert!(h.records("serviceTokens").iter().all(|t| t["id"] != id));
    h.ppg(&["tokens", "revoke", id, "--confirm", id]).code(3);
    h.ppg(&["tokens", "create", "--name", "x", "--read-only"]).code(4);
}

#[test]
fn the_plan_limit_is_told_with_where_to_upgrade() {
    let h = Harness::start(Config { max_databases: Some(16), ..common::config(Seed::Demo) });
    let billing = h.id_of("projects", "billing");
    let refused = h.ppg(&["databases", "create", "--project", &billing, "--name", "one-more"]);
    refused.code(1).stderr_has(
        "the workspace's plan allows no more databases: upgrade at https://console.prisma.io/settings/billing",
    );
    let project = h.ppg(&["projects", "create", "--name", "more"]);
    project.code(1).stderr_has("plan allows no more databases");
}

/// A token whose expiry has passed says so; one the API sent without a name shows `-` for it.
#[test]
fn an_expired_token_says_so_and_a_nameless_one_shows_a_dash() {
    let h = Harness::demo_edited(|demo, world| {
        let id = |name: &str| demo.id_of("serviceTokens", name);
        world["serviceTokens"][id("vercel-deploy")]["expiresAt"] = serde_json::json!("2026-01-02T00:00:00Z");
        world["serviceTokens"][id("github-actions")]["name"] = serde_json::json!("");
    });
    let listed = h.ppg(&["tokens", "list"]);
    listed.ok().has_row(&["vercel-deploy", "expired 2026-01-02"]);
    assert!(listed.stdout.lines().any(|line| line.starts_with("- ") && line.contains("never")), "{}", listed.printed());
}
