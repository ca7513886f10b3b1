//! Helpers of the client tests: `ppg::api::Client`s with small retry budgets, the emulator's request log,
//! and tiny loopback servers that misbehave on purpose (HTML errors, bad JSON, dropped or silent sockets).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use ppg::api::{Client, ClientOptions, RetryPolicy, Token};
use ppg::emulator::{Config, Faults, Seed};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::common::{self, Emu};

/// The token the tiny servers are called with; distinctive so a leak is easy to spot.
pub const TINY_TOKEN: &str = "sk_tiny_server_token_4f9a2c";

/// A retry budget that keeps a test fast: `max_attempts` in all, 10–50 ms between them, 5 s at most.
pub fn policy(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(5),
    }
}

pub fn options(base: &str, token: &str, retry: RetryPolicy) -> ClientOptions {
    ClientOptions { retry, ..ClientOptions::new(base, Token::new(token)) }
}

pub fn client_with(options: ClientOptions) -> Client {
    Client::new(options).unwrap_or_else(|error| panic!("the client did not build: {error}"))
}

pub fn client(base: &str, token: &str, retry: RetryPolicy) -> Client {
    client_with(options(base, token, retry))
}

/// A client of the emulator holding its token.
pub fn client_of(emu: &Emu, retry: RetryPolicy) -> Client {
    client(&emu.base, &emu.token, retry)
}

/// Starts an emulator with `seed` and `faults`.
pub async fn start_faulty(seed: Seed, faults: Faults) -> Emu {
    common::start(Config { faults, ..common::config(seed) }).await
}

/// One line of `GET /_emulator/requests`.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    pub fault: Option<String>,
}

/// The emulator's request log, oldest first.
pub async fn log(emu: &Emu) -> Vec<Logged> {
    let text = |entry: &Value, key: &str| entry[key].as_str().map(str::to_owned);
    emu.requests()
        .await
        .iter()
        .map(|entry| Logged {
            method: text(entry, "method").unwrap_or_else(|| panic!("no method in {entry}")),
            path: text(entry, "path").unwrap_or_else(|| panic!("no path in {entry}")),
            query: text(entry, "query"),
            status: entry["status"].as_u64().unwrap_or_else(|| panic!("no status in {entry}")) as u16,
            fault: text(entry, "fault"),
        })
        .collect()
}

/// Asserts that every failed entry of `log` is followed, later on, by a success of the same request.
pub fn assert_failures_recovered(log: &[Logged]) {
    for (at, entry) in log.iter().enumerate().filter(|(_, entry)| entry.status >= 400) {
        let recovered = log[at + 1..].iter().any(|later| {
            later.status == 200
                && (&later.method, &later.path, &later.query) == (&entry.method, &entry.path, &entry.query)
        });
        assert!(recovered, "entry {at} ({entry:?}) is never followed by a success of the same request; log: {log:#?}");
    }
}

/// Serves `router` on a free loopback port; returns `http://ADDR`.
pub async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// A server whose every answer is `answer(n)` for its n-th request (from 1); returns its URL and hit counter.
pub async fn scripted<F>(answer: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(usize) -> axum::response::Response + Clone + Send + Sync + 'static,
{
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().fallback(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let response = answer(n);
        async move { response }
    });
    (serve(router).await, hits)
}

/// What a raw TCP server does with each connection it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Socket {
    /// Reads the request, then closes without a word.
    Drop,
    /// Reads and never answers, until the client gives up.
    Silent,
}

/// A raw TCP server that accepts connections and treats them as `behaviour` says; returns its URL and
/// the number of connections accepted (one per attempt, since a broken connection is never reused).
pub async fn raw_server(behaviour: Socket) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                match behaviour {
                    Socket::Drop => {
                        let _ = socket.read(&mut buffer).await;
                        drop(socket);
                    }
                    Socket::Silent => while matches!(socket.read(&mut buffer).await, Ok(n) if n > 0) {},
                }
            });
        }
    });
    (format!("http://{addr}"), accepted)
}

/// `http://ADDR` of a loopback port nothing listens on: bound, then released.
pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A project as the API writes it, for the tiny servers' pages.
pub fn project_json(id: &str, name: &str) -> Value {
    json!({
        "id": id, "type": "project", "url": format!("https://api.prisma.io/v1/projects/{id}"), "name": name,
        "logicalId": null, "createdAt": "2026-01-05T12:00:00.000Z", "defaultRegion": "eu-central-1",
        "workspace": {"id": "wksp_1", "url": "https://api.prisma.io/v1/workspaces/wksp_1", "name": "Acme"}
    })
}

/// A JSON answer with `status`.
pub fn json_answer(status: u16, body: Value) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(status).unwrap();
    axum::response::IntoResponse::into_response((status, axum::Json(body)))
}
