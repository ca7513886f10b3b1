//! The client under trouble: retried reads, honoured `Retry-After`, capped budgets, changes never re-sent,
//! and typed errors for HTML pages, bad JSON, runaway cursors, dropped, silent and refused connections.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_support;
mod common;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use client_support::{
    Socket, TINY_TOKEN, client, client_of, client_with, dead_url, json_answer, log, options, policy, project_json,
    raw_server, scripted, serve, start_faulty,
};
use ppg::api::{Error, Project, Query};
use ppg::emulator::{Faults, RateLimit, Seed};
use serde_json::json;

/// The id of the demo database named `name`.
async fn database_named(emu: &common::Emu, name: &str) -> String {
    let state = emu.state().await;
    let databases = state["databases"].as_object().unwrap();
    databases.iter().find(|(_, d)| d["name"] == name).map(|(id, _)| id.clone()).unwrap()
}

#[tokio::test]
async fn reads_are_retried_through_injected_failures() {
    let emu = start_faulty(Seed::Demo, Faults { fail_rate: 0.5, seed: 7, ..Faults::default() }).await;
    let client = client_of(&emu, policy(10));
    let projects = client.projects().await.unwrap();
    let state = emu.state().await;
    assert_eq!(projects.len(), state["projects"].as_object().unwrap().len());
    client.me().await.unwrap();
    client.databases(None).await.unwrap();
    client.workspaces().await.unwrap();
    let log = log(&emu).await;
    assert!(log.iter().all(|entry| entry.method == "GET"));
    let failed: Vec<_> = log.iter().filter(|entry| entry.fault.is_some()).collect();
    assert!(log[0].path == "/v1/projects" && log[0].fault.is_some(), "seed 7 fails the listing at first: {log:#?}");
    assert!(failed.iter().all(|entry| matches!(entry.status, 500 | 503)), "{failed:#?}");
    assert_eq!(log.iter().filter(|entry| entry.status == 200).count(), 4, "one success per call: {log:#?}");
    client_support::assert_failures_recovered(&log);
}

#[tokio::test]
async fn a_burst_of_reads_waits_out_429s_as_retry_after_says() {
    let limit = RateLimit { requests: 1, per: Duration::from_secs(1) };
    let emu = start_faulty(Seed::Demo, Faults { rate_limit: Some(limit), ..Faults::default() }).await;
    // Four attempts 10–50 ms apart could never outlast a 1/s bucket: only waiting `Retry-After` (1 s) can.
    let client = client_of(&emu, policy(4));
    let (a, b, c) = tokio::join!(client.me(), client.me(), client.me());
    for outcome in [a, b, c] {
        outcome.unwrap();
    }
    let log = log(&emu).await;
    let limited = log.iter().filter(|entry| entry.status == 429).count();
    assert!(limited >= 2, "two of the burst were limited at first: {log:#?}");
    assert!(limited <= 3, "a limited read waits as told before trying again, never hammering: {log:#?}");
    assert!(log.iter().filter(|e| e.status == 429).all(|e| e.fault.as_deref() == Some("rate-limited")));
    assert_eq!(log.iter().filter(|entry| entry.status == 200).count(), 3, "{log:#?}");
    assert_eq!(log.last().unwrap().status, 200);
    client_support::assert_failures_recovered(&log);
}

#[tokio::test]
async fn a_rate_limited_change_is_sent_again_and_applied_once() {
    let limit = RateLimit { requests: 1, per: Duration::from_secs(1) };
    let emu = start_faulty(Seed::Demo, Faults { rate_limit: Some(limit), ..Faults::default() }).await;
    let client = client_of(&emu, policy(4));
    let events = database_named(&emu, "events").await;
    emu.clear_requests().await;
    client.me().await.unwrap();
    let created = client.create_connection(&events, "after-429").await.unwrap();
    let statuses: Vec<(String, u16)> = log(&emu).await.into_iter().map(|e| (e.method, e.status)).collect();
    let expected = [("GET", 200), ("POST", 429), ("POST", 200)].map(|(m, s)| (m.to_owned(), s));
    assert_eq!(statuses, expected, "a 429 comes before anything is done, so it alone is retried");
    let state = emu.state().await;
    let named = state["connections"].as_object().unwrap().values().filter(|c| c["name"] == "after-429").count();
    assert_eq!(named, 1);
    assert!(state["connections"].get(&created.id).is_some());
}

#[tokio::test]
async fn the_retry_budget_caps_the_attempts() {
    let emu = start_faulty(Seed::Demo, Faults { fail_rate: 1.0, seed: 3, ..Faults::default() }).await;
    let client = client_of(&emu, policy(3));
    let error = client.projects().await.unwrap_err();
    assert!(matches!(error, Error::Status { status: 500 | 503, code: Some(_), .. }), "{error:?}");
    let log = log(&emu).await;
    assert_eq!(log.len(), 3, "exactly max_attempts requests: {log:#?}");
    assert!(log.iter().all(|entry| entry.method == "GET" && entry.path == "/v1/projects"));
}

#[tokio::test]
async fn a_failed_change_is_never_resent_and_its_outcome_is_unknown() {
    let emu = start_faulty(Seed::Demo, Faults { fail_rate: 1.0, seed: 5, ..Faults::default() }).await;
    let client = client_of(&emu, policy(5));
    let events = database_named(&emu, "events").await;
    let error = client.create_connection(&events, "maybe").await.unwrap_err();
    let answered = |detail: &str| detail.contains("500") || detail.contains("503");
    assert!(
        matches!(&error, Error::OutcomeUnknown { route, detail } if route.method == "POST" && answered(detail)),
        "{error:?}"
    );
    assert!(error.to_string().contains("may or may not"), "{error}");
    let first = log(&emu).await;
    assert_eq!(first.len(), 1, "one POST, never re-sent: {first:#?}");
    assert_eq!(
        (first[0].method.as_str(), first[0].path.as_str()),
        ("POST", format!("/v1/databases/{events}/connections").as_str())
    );
    let state = emu.state().await;
    let applied = state["connections"].as_object().unwrap().values().filter(|c| c["name"] == "maybe").count();
    assert!(applied <= 1, "created at most once, whatever the fault");
    let project = state["projects"].as_object().unwrap().keys().next().unwrap().clone();
    let connection = state["connections"].as_object().unwrap().keys().next().unwrap().clone();
    let renamed = client.rename_project(&project, "renamed").await.unwrap_err();
    let deleted = client.delete_connection(&connection).await.unwrap_err();
    for error in [&renamed, &deleted] {
        assert!(matches!(error, Error::OutcomeUnknown { .. }), "{error:?}");
    }
    let methods: Vec<String> = log(&emu).await.into_iter().map(|entry| entry.method).collect();
    assert_eq!(methods, ["POST", "PATCH", "DELETE"], "no change is ever sent twice");

    let calm = common::start_demo().await;
    let calm_client = client_of(&calm, policy(5));
    let missing = calm_client.create_connection("db_missing", "x").await.unwrap_err();
    assert!(
        matches!(&missing, Error::Status { status: 404, code: Some(code), .. } if code == "not_found"),
        "{missing:?}"
    );
    let refused = calm_client.delete_database(&database_named(&calm, "main-db").await).await.unwrap_err();
    assert!(matches!(&refused, Error::Status { status: 403, .. }), "a guard is a plain status: {refused:?}");
    assert_eq!(log(&calm).await.len(), 2, "one request each");
}

#[tokio::test]
async fn an_html_502_from_a_proxy_is_a_clear_status_error() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    let (base, hits) =
        scripted(move |_| (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html")], page).into_response()).await;
    let error = client(&base, TINY_TOKEN, policy(3)).projects().await.unwrap_err();
    match &error {
        Error::Status { status: 502, code: None, message, hint: None, .. } => {
            assert!(message.contains("not the API's JSON") && message.contains("502 Bad Gateway"), "{message}");
        }
        other => panic!("expected a 502 without a code, got {other:?}"),
    }
    assert_eq!(hits.load(Ordering::SeqCst), 3, "a 502 on a read is retried within the budget");
    let change = client(&base, TINY_TOKEN, policy(3)).delete_project("proj_1").await.unwrap_err();
    assert!(matches!(change, Error::OutcomeUnknown { .. }), "{change:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 4, "the change was sent once");
}

#[tokio::test]
async fn a_wrong_field_type_names_the_field_and_the_endpoint() {
    let (base, _) = scripted(|_| {
        let page =
            json!({"data": [project_json("proj_1", "one")], "pagination": {"hasMore": "no", "nextCursor": null}});
        json_answer(200, page)
    })
    .await;
    let error = client(&base, TINY_TOKEN, policy(3)).projects().await.unwrap_err();
    match &error {
        Error::Decode { route, source } => {
            assert_eq!((route.method, route.path.as_str()), ("GET", "/v1/projects"));
            assert_eq!(source.path, "pagination.hasMore");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(shown.contains("GET /v1/projects") && shown.contains("pagination.hasMore"), "{shown}");
}

/// A list server whose n-th page holds one project and points at `cursor(n)`; it ends after 20 pages
/// so a client that loops is caught by a wrong answer instead of hanging the test.
async fn runaway_list(cursor: fn(usize) -> &'static str) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    scripted(move |n| {
        let more = n < 20;
        let next = if more { json!(cursor(n)) } else { json!(null) };
        json_answer(200, json!({"data": [project_json(&format!("proj_{n}"), "p")], "pagination": {"hasMore": more, "nextCursor": next}}))
    })
    .await
}

#[tokio::test]
async fn a_cursor_that_never_advances_is_an_error_not_a_loop() {
    let (base, hits) = runaway_list(|_| "stuck").await;
    let error = client(&base, TINY_TOKEN, policy(3)).projects().await.unwrap_err();
    assert!(matches!(&error, Error::Paging { detail, .. } if detail.contains("cursor came back")), "{error:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 2, "stops at the first repeated cursor");
    let mut pages = client(&base, TINY_TOKEN, policy(3)).pages::<Project>("/v1/projects", Query::new());
    assert_eq!(pages.next_page().await.unwrap().map(|page| page.len()), Some(1), "the first page is handed over");
    assert!(pages.next_page().await.unwrap().is_some(), "the second page, which repeats the cursor, is handed over");
    assert!(!pages.is_done(), "the error is still to be told");
    assert!(pages.next_page().await.is_err(), "and the next call tells it");
}

#[tokio::test]
async fn a_cursor_that_comes_back_is_an_error_not_a_loop() {
    let (base, hits) = runaway_list(|n| if n % 2 == 1 { "a" } else { "b" }).await;
    let outcome = client(&base, TINY_TOKEN, policy(3)).projects().await;
    let served = hits.load(Ordering::SeqCst);
    assert!(
        outcome.is_err(),
        "cursors a, b, a, … revisit pages; the client read {served} pages and answered {:?}",
        outcome.as_ref().map(|listing| listing.len())
    );
    assert!(served <= 3, "stops once a cursor repeats; read {served} pages");
}

#[tokio::test]
async fn a_dropped_connection_retries_a_read_and_makes_a_change_unknown() {
    let (base, accepted) = raw_server(Socket::Drop).await;
    let error = client(&base, TINY_TOKEN, policy(3)).projects().await.unwrap_err();
    assert!(matches!(&error, Error::Network { detail, .. } if detail.contains("closed the connection")), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3, "the read was tried max_attempts times");
    let change = client(&base, TINY_TOKEN, policy(3)).create_connection("db_1", "x").await.unwrap_err();
    assert!(
        matches!(&change, Error::OutcomeUnknown { detail, .. } if detail.contains("closed the connection before answering")),
        "{change:?}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 4, "the change was sent once");
}

#[tokio::test]
async fn a_silent_server_times_out_reads_and_makes_a_change_unknown() {
    let (base, accepted) = raw_server(Socket::Silent).await;
    let quick = |attempts| {
        client_with(ppg::api::ClientOptions {
            request_timeout: Duration::from_millis(200),
            ..options(&base, TINY_TOKEN, policy(attempts))
        })
    };
    let error = quick(3).me().await.unwrap_err();
    assert!(matches!(&error, Error::Timeout { route, .. } if route.path == "/v1/me"), "{error:?}");
    assert!(error.to_string().contains("timed out after 0.2 s waiting for the answer"), "{error}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    let change = quick(3).rotate_connection("con_1").await.unwrap_err();
    assert!(matches!(&change, Error::OutcomeUnknown { detail, .. } if detail.contains("timed out")), "{change:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 4, "the change was sent once");
}

#[tokio::test]
async fn a_refused_connection_is_unreachable_for_reads_and_changes() {
    let base = dead_url();
    let read = client(&base, TINY_TOKEN, policy(3)).projects().await.unwrap_err();
    assert!(matches!(read, Error::Unreachable { .. }), "{read:?}");
    let change = client(&base, TINY_TOKEN, policy(3)).create_project(&Default::default()).await.unwrap_err();
    assert!(
        matches!(&change, Error::Unreachable { route, .. } if route.method == "POST"),
        "nothing was sent: {change:?}"
    );
    assert!(!change.to_string().contains(TINY_TOKEN));
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_gives_up_at_once() {
    let (base, hits) = scripted(|_| {
        let body = json!({"error": {"code": "rate_limited", "message": "Too many requests."}});
        let mut response = json_answer(429, body);
        response.headers_mut().insert(header::RETRY_AFTER, "30".parse().unwrap());
        response
    })
    .await;
    let error = client(&base, TINY_TOKEN, policy(5)).me().await.unwrap_err();
    assert!(
        matches!(&error, Error::Status { status: 429, code: Some(code), .. } if code == "rate_limited"),
        "{error:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1, "waiting 30 s would exceed max_total (5 s)");
}

#[tokio::test]
async fn the_user_agent_and_the_bearer_token_reach_the_server() {
    let seen: Arc<Mutex<Vec<HeaderMap>>> = Arc::default();
    let recorder = seen.clone();
    let router = axum::Router::new().fallback(move |headers: HeaderMap| {
        recorder.lock().unwrap().push(headers);
        let me = json!({"data": {"user": null, "workspace": null, "credential": {"type": "service_token", "id": null, "name": null}}});
        async move { json_answer(200, me) }
    });
    let base = serve(router).await;
    client(&base, TINY_TOKEN, policy(1)).me().await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let header = |name: header::HeaderName| seen[0].get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(header(header::USER_AGENT), Some(format!("ppg/{}", env!("CARGO_PKG_VERSION"))));
    assert_eq!(header(header::AUTHORIZATION), Some(format!("Bearer {TINY_TOKEN}")));
}
