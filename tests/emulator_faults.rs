//! Injected faults (failure rate, rate limit, latency, scripted failures and refusals) and the request log of
//! the emulator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{Emu, config, contains_string, start, start_empty};
use ppg::emulator::{Config, Faults, RateLimit, Seed};
use reqwest::header::RETRY_AFTER;
use serde_json::{Value, json};

async fn start_with(seed: Seed, faults: Faults) -> Emu {
    start(Config { faults, ..config(seed) }).await
}

/// Asserts a 500 or 503 with the documented error code.
fn assert_injected_failure(reply: &common::Reply) {
    let status = reply.status.as_u16();
    assert!(status == 500 || status == 503, "{} {}: expected 500 or 503, got {status}", reply.method, reply.path);
    let code = if status == 500 { "internal_error" } else { "service_unavailable" };
    reply.expect_error_code(status, code);
}

#[tokio::test]
async fn a_fail_rate_of_one_fails_every_request() {
    let emu = start_with(Seed::Demo, Faults { fail_rate: 1.0, seed: 3, ..Faults::default() }).await;
    let paths = ["/v1/me", "/v1/workspaces", "/v1/projects", "/v1/databases", "/v1/regions/postgres"];
    let mut statuses = Vec::new();
    for round in 0..4 {
        for path in paths {
            let reply = emu.get(path).await;
            assert_injected_failure(&reply);
            statuses.push(reply.status.as_u16());
        }
        let reply = emu.post("/v1/projects", &json!({"name": format!("round-{round}")})).await;
        assert_injected_failure(&reply);
        statuses.push(reply.status.as_u16());
    }
    assert!(statuses.contains(&500) && statuses.contains(&503), "both failure statuses occur: {statuses:?}");
    let anonymous = emu.get_anonymous("/v1/projects").await;
    assert_injected_failure(&anonymous);
    emu.state().await;
    let logged = emu.requests().await;
    assert_eq!(logged.len(), statuses.len() + 1, "the log has every faulted request");
}

#[tokio::test]
async fn some_failed_creates_were_applied_and_some_not() {
    let emu = start_with(Seed::Empty, Faults { fail_rate: 1.0, seed: 11, ..Faults::default() }).await;
    let names: Vec<String> = (0..24).map(|i| format!("lost-{i}")).collect();
    for name in &names {
        let reply = emu.post("/v1/projects", &json!({"name": name})).await;
        assert_injected_failure(&reply);
    }
    let state = emu.state().await;
    let applied: Vec<&String> = names.iter().filter(|name| contains_string(&state["projects"], name)).collect();
    assert!(!applied.is_empty(), "a failure after handling keeps the change; none of {names:?} was applied");
    assert!(applied.len() < names.len(), "a failure before handling changes nothing; all were applied");
    let projects = state["projects"].as_object().unwrap();
    assert_eq!(projects.len(), applied.len(), "no other project appeared");
}

async fn statuses_of_a_run(seed: u64) -> Vec<u16> {
    let emu = start_with(Seed::Demo, Faults { fail_rate: 0.5, seed, ..Faults::default() }).await;
    let mut statuses = Vec::new();
    for i in 0..40 {
        let reply = match i % 4 {
            0 => emu.get("/v1/projects").await,
            1 => emu.get("/v1/databases").await,
            2 => emu.get("/v1/me").await,
            _ => emu.post("/v1/projects", &json!({"name": format!("p{i}")})).await,
        };
        let status = reply.status.as_u16();
        if status >= 500 {
            assert_injected_failure(&reply);
        }
        statuses.push(status);
    }
    let logged: Vec<u16> = emu.requests().await.iter().map(|r| r["status"].as_u64().unwrap() as u16).collect();
    assert_eq!(logged, statuses, "the log records each status in order");
    statuses
}

#[tokio::test]
async fn the_same_fault_seed_gives_the_same_faults() {
    let first = statuses_of_a_run(42).await;
    let second = statuses_of_a_run(42).await;
    assert_eq!(first, second);
    let failures = first.iter().filter(|s| **s >= 500).count();
    assert!((8..=32).contains(&failures), "about half of 40 fail at rate 0.5: {first:?}");
    assert!(first.iter().any(|s| *s == 200 || *s == 201), "some succeed: {first:?}");
}

#[tokio::test]
async fn a_burst_over_the_rate_limit_gets_429_with_retry_after() {
    let limit: RateLimit = "1/s".parse().unwrap();
    assert_eq!(limit, RateLimit { requests: 1, per: Duration::from_secs(1) });
    let emu = start_with(Seed::Demo, Faults { rate_limit: Some(limit), ..Faults::default() }).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let reply = emu.get("/v1/projects").await;
        statuses.push(reply.status.as_u16());
        if reply.status.as_u16() == 429 {
            reply.expect_error_code(429, "rate_limited");
            let retry = reply
                .headers
                .get(RETRY_AFTER)
                .unwrap_or_else(|| panic!("a 429 without Retry-After: {:?}", reply.headers));
            let seconds: u64 = retry.to_str().unwrap().parse().unwrap_or_else(|_| panic!("Retry-After {retry:?}"));
            assert!(seconds >= 1, "Retry-After {seconds}");
        } else {
            reply.expect(200);
        }
    }
    assert_eq!(statuses[0], 200, "the first request is within the limit: {statuses:?}");
    assert!(statuses.iter().filter(|s| **s == 429).count() >= 3, "a burst of 5 at 1/s is refused: {statuses:?}");
    let logged: Vec<u64> = emu.requests().await.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(logged, statuses.iter().map(|s| u64::from(*s)).collect::<Vec<_>>(), "429s are logged too");
    emu.state().await;
}

#[tokio::test]
async fn latency_delays_but_breaks_nothing() {
    let latency = Duration::from_millis(150);
    let emu = start_with(Seed::Empty, Faults { latency, ..Faults::default() }).await;
    let began = Instant::now();
    let created = emu.post("/v1/projects", &json!({"name": "slow"})).await;
    assert!(began.elapsed() >= latency, "the request took {:?}", began.elapsed());
    created.expect(201);
    let began = Instant::now();
    let listed = emu.get_json("/v1/projects").await;
    assert!(began.elapsed() >= latency);
    assert_eq!(listed["data"][0]["name"], "slow");
    let began = Instant::now();
    emu.state().await;
    emu.requests().await;
    assert!(began.elapsed() < latency * 2, "the inspection endpoints are not delayed");
}

#[tokio::test]
async fn the_request_log_lists_and_clears() {
    let emu = start_empty().await;
    assert_eq!(emu.requests().await, Vec::<serde_json::Value>::new(), "a fresh emulator has an empty log");
    emu.get_query("/v1/projects", &[("limit", "2")]).await.expect(200);
    emu.get("/v1/projects/proj_nosuch").await.expect(404);
    emu.post("/v1/projects", &json!({"name": "logged"})).await.expect(201);
    emu.get_anonymous("/v1/me").await.expect(401);
    emu.state().await;
    let log = emu.requests().await;
    let seen: Vec<(String, String, Option<String>, u64)> = log
        .iter()
        .map(|entry| {
            (
                entry["method"].as_str().unwrap().to_owned(),
                entry["path"].as_str().unwrap().to_owned(),
                entry["query"].as_str().map(str::to_owned),
                entry["status"].as_u64().unwrap(),
            )
        })
        .collect();
    for entry in &log {
        assert!(entry.get("query").is_some(), "query is present (null when none): {entry}");
    }
    let expected = vec![
        ("GET".to_owned(), "/v1/projects".to_owned(), Some("limit=2".to_owned()), 200),
        ("GET".to_owned(), "/v1/projects/proj_nosuch".to_owned(), None, 404),
        ("POST".to_owned(), "/v1/projects".to_owned(), None, 201),
        ("GET".to_owned(), "/v1/me".to_owned(), None, 401),
    ];
    assert_eq!(seen, expected);

    let cleared = common::raw_client().delete(emu.url("/_emulator/requests")).send().await.unwrap();
    assert_eq!(cleared.status().as_u16(), 204);
    assert_eq!(emu.requests().await, Vec::<serde_json::Value>::new());
    emu.get("/v1/me").await.expect(200);
    let log = emu.requests().await;
    assert_eq!(log.len(), 1);
    assert_eq!((log[0]["method"].as_str(), log[0]["path"].as_str()), (Some("GET"), Some("/v1/me")));
    emu.clear_requests().await;
    assert!(emu.requests().await.is_empty());
}

/// `POST /_emulator/faults` with `body`; its status.
async fn script(emu: &Emu, body: &serde_json::Value) -> u16 {
    let reply = emu.client.post(emu.url("/_emulator/faults")).json(body).send().await.unwrap();
    reply.status().as_u16()
}

#[tokio::test]
async fn a_scripted_refusal_answers_its_4xx_in_the_error_envelope_and_applies_nothing() {
    let emu = start_empty().await;
    let refusal = json!({"fate": "fail-before", "status": 422, "method": "POST", "path": "/v1/projects",
                         "message": "A project named shop already exists.", "hint": "Pick another name."});
    assert_eq!(script(&emu, &refusal).await, 204);
    emu.get("/v1/projects").await.expect(200);
    let refused = emu.post("/v1/projects", &json!({"name": "shop"})).await;
    let body = refused.expect_error_code(422, "validation_failed");
    assert_eq!(body.error.message, "A project named shop already exists.");
    assert_eq!(body.error.hint.as_deref(), Some("Pick another name."));
    assert!(!contains_string(&emu.state().await["projects"], "shop"), "a refusal applies nothing");

    // Without a message, a default one; used once, then the request is served.
    assert_eq!(script(&emu, &json!({"fate": "fail-before", "status": 400, "path": "/v1/projects"})).await, 204);
    let body = emu.post("/v1/projects", &json!({"name": "shop"})).await.expect_error_code(400, "bad_request");
    assert!(body.error.message.contains("injected fault"), "{}", body.error.message);
    assert_eq!(body.error.hint, None);
    emu.post("/v1/projects", &json!({"name": "shop"})).await.expect(201);
    let faults: Vec<Value> = emu.requests().await.iter().map(|entry| entry["fault"].clone()).collect();
    assert_eq!(faults, [Value::Null, json!("failed-before"), json!("failed-before"), Value::Null]);

    // What cannot be a refusal is refused.
    for wrong in [
        json!({"fate": "fail-after", "status": 422}),
        json!({"fate": "fail-before", "status": 418}),
        json!({"fate": "fail-before", "status": 500, "message": "no"}),
    ] {
        assert_eq!(script(&emu, &wrong).await, 400, "{wrong}");
    }
}
