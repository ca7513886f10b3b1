//! The client names why a request got no answer: a time-out (connect or answer, with its duration), a
//! refused port, no such host, a TLS failure with its reason, a reset connection; the whole read stays within
//! its bound; and the progress observer hears of every retry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_support;
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::header;
use client_support::{
    Socket, TINY_TOKEN, client, client_with, dead_url, json_answer, options, policy, raw_server, scripted,
};
use ppg::api::{ClientOptions, Error, Observer, Progress, RetryPolicy, Token};
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// Far above any limit under test, far below "hangs": the tests are about the cause, not the clock.
const GENEROUS: Duration = Duration::from_secs(15);

/// Asserts `error` is a transport error whose message says `words` and never shows the token.
#[track_caller]
fn says(error: &Error, words: &str) {
    let text = error.to_string();
    assert!(text.contains(words), "expected {words:?} in {text:?} ({error:?})");
    assert!(!text.contains(TINY_TOKEN) && !format!("{error:?}").contains(TINY_TOKEN), "{error:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_with_its_duration_within_the_bound() {
    let (base, accepted) = raw_server(Socket::Silent).await;
    // The defaults, with the time limit set as the config file sets it: 1 s, so the whole read ends within 2 s.
    let quick = ClientOptions::new(&base, Token::new(TINY_TOKEN)).with_request_timeout(Duration::from_secs(1));
    assert_eq!(quick.retry.max_total, Duration::from_secs(2));
    let started = Instant::now();
    let error = client_with(quick).me().await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    says(&error, "timed out after 1 s waiting for the answer from 127.0.0.1:");
    assert!(took >= Duration::from_secs(1) && took < GENEROUS, "took {took:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1, "no second attempt fits in the 2 s bound");
}

#[tokio::test]
async fn the_whole_read_with_its_retries_ends_within_max_total() {
    let (base, accepted) = raw_server(Socket::Silent).await;
    let retry = RetryPolicy { max_total: Duration::from_millis(1500), ..policy(10) };
    let options = ClientOptions { request_timeout: Duration::from_millis(400), ..options(&base, TINY_TOKEN, retry) };
    let started = Instant::now();
    let error = client_with(options).me().await.unwrap_err();
    let took = started.elapsed();
    says(&error, "timed out after 0.4 s");
    says(&error, "tried ");
    assert!(took < Duration::from_millis(1500) + Duration::from_secs(1), "bounded by max_total: {took:?}");
    let attempts = accepted.load(std::sync::atomic::Ordering::SeqCst);
    assert!((2..=3).contains(&attempts), "timed-out attempts are retried only while a whole one fits: {attempts}");
}

#[tokio::test]
async fn a_refused_port_says_connection_refused() {
    let error = client(&dead_url(), TINY_TOKEN, policy(2)).me().await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    says(&error, "cannot reach the API: connection refused by 127.0.0.1:");
    says(&error, "tried 2 times");
}

#[tokio::test]
async fn an_unknown_host_says_no_such_host() {
    let error = client("http://no-such-host.invalid", TINY_TOKEN, policy(1)).me().await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    says(&error, "no such host no-such-host.invalid");
}

#[tokio::test]
async fn tls_to_a_plain_http_server_says_tls_and_why() {
    let (base, _) = scripted(|_| json_answer(200, json!({}))).await;
    let https = base.replacen("http://", "https://", 1);
    let error = client(&https, TINY_TOKEN, policy(1)).me().await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "nothing was sent: {error:?}");
    says(&error, "TLS with 127.0.0.1:");
    says(&error, "did not answer in TLS");
    let change = client(&https, TINY_TOKEN, policy(1)).delete_project("proj_1").await.unwrap_err();
    assert!(matches!(change, Error::Unreachable { .. }), "a failed handshake sent nothing: {change:?}");
}

#[tokio::test]
async fn a_reset_connection_says_so() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = vec![0u8; 16 * 1024];
            let _ = socket.read(&mut buffer).await;
            // SO_LINGER 0: closing sends a RST instead of a FIN.
            socket.set_zero_linger().unwrap();
            drop(socket);
        }
    });
    let error = client(&base, TINY_TOKEN, policy(1)).me().await.unwrap_err();
    assert!(matches!(error, Error::Network { .. }), "{error:?}");
    says(&error, "the connection broke: connection reset by 127.0.0.1:");
    let change = client(&base, TINY_TOKEN, policy(1)).delete_project("proj_1").await.unwrap_err();
    assert!(
        matches!(&change, Error::OutcomeUnknown { detail, .. } if detail.contains("connection reset")),
        "{change:?}"
    );
}

#[tokio::test]
async fn the_observer_hears_each_attempt_each_retry_and_the_end() {
    let (base, _) = scripted(|n| {
        if n <= 2 {
            let mut response = json_answer(429, json!({"error": {"code": "rate_limited", "message": "Slow down."}}));
            response.headers_mut().insert(header::RETRY_AFTER, "0".parse().unwrap());
            response
        } else {
            json_answer(
                200,
                json!({"data": {"user": null, "workspace": null, "credential": {"type": "service_token"}}}),
            )
        }
    })
    .await;
    let heard: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = heard.clone();
    let observer = Observer::new(move |progress| sink.lock().unwrap().push(progress.clone()));
    let observed = client(&base, TINY_TOKEN, policy(5)).observed(observer);
    observed.me().await.unwrap();
    let heard = heard.lock().unwrap().clone();
    let kinds: Vec<String> = heard
        .iter()
        .map(|progress| match progress {
            Progress::Started { attempt, .. } => format!("start {attempt}"),
            Progress::Retrying { .. } => progress.retry_notice().unwrap(),
            Progress::Finished { .. } => "end".to_owned(),
        })
        .collect();
    let expected =
        ["start 1", "retry 2 of 5 after 429", "start 2", "retry 3 of 5 after 429", "start 3", "end"].map(String::from);
    assert_eq!(kinds, expected);
    assert!(heard.iter().all(|progress| progress.route().path == "/v1/me"));
}
