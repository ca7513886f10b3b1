//! Shared helpers of the emulator tests: start an emulator, talk to it over loopback HTTP, poll.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use ppg::api::ErrorBody;
use ppg::emulator::{self, Config, Running, Seed};
use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How long any condition may take before a test gives up.
pub const DEADLINE: Duration = Duration::from_secs(15);
/// The pause between two looks at a condition.
pub const POLL: Duration = Duration::from_millis(25);

/// A config for tests: a free loopback port, the given seed, a short `ready_after`.
pub fn config(seed: Seed) -> Config {
    Config { addr: "127.0.0.1:0".parse().unwrap(), seed, ready_after: Duration::from_millis(300), ..Config::default() }
}

/// A client that never goes through a proxy (loopback only).
pub fn raw_client() -> Client {
    Client::builder().no_proxy().build().unwrap()
}

/// A running emulator and a client holding its token.
pub struct Emu {
    pub running: Running,
    pub base: String,
    pub token: String,
    pub client: Client,
}

/// Starts an emulator with `config`, panicking with the start error.
pub async fn start(config: Config) -> Emu {
    let token = config.token.clone();
    let running = match emulator::start(config).await {
        Ok(running) => running,
        Err(error) => panic!("the emulator did not start: {error}"),
    };
    let base = running.base_url();
    assert!(base.starts_with("http://127.0.0.1:"), "base_url: {base}");
    assert_eq!(base, format!("http://{}", running.addr()));
    Emu { running, base, token, client: raw_client() }
}

pub async fn start_demo() -> Emu {
    start(config(Seed::Demo)).await
}

pub async fn start_empty() -> Emu {
    start(config(Seed::Empty)).await
}

/// One HTTP answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub method: Method,
    pub path: String,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    /// The body as JSON, panicking with the body when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|error| {
            panic!("{} {}: body is not JSON ({error}): {:?}", self.method, self.path, self.text)
        })
    }

    /// The body decoded into a wire type; a mismatch names the field.
    pub fn decode<T: DeserializeOwned>(&self) -> T {
        ppg::api::decode(self.text.as_bytes())
            .unwrap_or_else(|error| panic!("{} {}: {error}\nbody: {}", self.method, self.path, self.text))
    }

    /// Asserts the status, showing the body when it differs.
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{} {}: expected {status}, got {} with body {}",
            self.method,
            self.path,
            self.status,
            self.text
        );
        self
    }

    /// Asserts an error status with the body `{error:{code,message}}` and returns that body.
    pub fn expect_error(&self, status: u16) -> ErrorBody {
        self.expect(status);
        let value = self.json();
        let error =
            value.get("error").unwrap_or_else(|| panic!("{} {}: no `error` in {}", self.method, self.path, self.text));
        assert!(error["code"].is_string(), "{} {}: error.code missing in {}", self.method, self.path, self.text);
        assert!(error["message"].is_string(), "{} {}: error.message missing in {}", self.method, self.path, self.text);
        let body: ErrorBody = self.decode();
        assert!(!body.error.code.is_empty(), "{} {}: empty error code", self.method, self.path);
        assert!(!body.error.message.is_empty(), "{} {}: empty error message", self.method, self.path);
        body
    }

    /// Asserts an error status and the documented code for it.
    pub fn expect_error_code(&self, status: u16, code: &str) -> ErrorBody {
        let body = self.expect_error(status);
        assert_eq!(body.error.code, code, "{} {}: body {}", self.method, self.path, self.text);
        body
    }
}

impl Emu {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request with the emulator's token.
    pub async fn send(&self, method: Method, path: &str, query: &[(&str, &str)], body: Option<&Value>) -> Reply {
        let mut request = self.client.request(method.clone(), self.url(path)).bearer_auth(&self.token);
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        read(method, path, request).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, &[], None).await
    }

    pub async fn get_query(&self, path: &str, query: &[(&str, &str)]) -> Reply {
        self.send(Method::GET, path, query, None).await
    }

    /// GET that must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path).await.expect(200).json()
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::POST, path, &[], Some(body)).await
    }

    /// POST without a body (rotate).
    pub async fn post_empty(&self, path: &str) -> Reply {
        self.send(Method::POST, path, &[], None).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::PATCH, path, &[], Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, &[], None).await
    }

    /// A request with a raw body and content type, with the token.
    pub async fn send_raw(&self, method: Method, path: &str, body: String) -> Reply {
        let request = self
            .client
            .request(method.clone(), self.url(path))
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        read(method, path, request).await
    }

    /// A request without any token.
    pub async fn get_anonymous(&self, path: &str) -> Reply {
        read(Method::GET, path, self.client.get(self.url(path))).await
    }

    /// A request with another token.
    pub async fn get_with_token(&self, path: &str, token: &str) -> Reply {
        read(Method::GET, path, self.client.get(self.url(path)).bearer_auth(token)).await
    }

    /// `GET /_emulator/state` (no token, never faulted).
    pub async fn state(&self) -> Value {
        read(Method::GET, "/_emulator/state", self.client.get(self.url("/_emulator/state"))).await.expect(200).json()
    }

    /// `GET /_emulator/requests` as its list of entries.
    pub async fn requests(&self) -> Vec<Value> {
        let reply = read(Method::GET, "/_emulator/requests", self.client.get(self.url("/_emulator/requests"))).await;
        let value = reply.expect(200).json();
        value["data"].as_array().unwrap_or_else(|| panic!("/_emulator/requests: no `data` array in {value}")).clone()
    }

    /// `DELETE /_emulator/requests`, which must answer 204.
    pub async fn clear_requests(&self) {
        read(Method::DELETE, "/_emulator/requests", self.client.delete(self.url("/_emulator/requests")))
            .await
            .expect(204);
    }

    /// Follows `nextCursor` from the first page of `path` with `limit` until `hasMore` is false,
    /// returning every item seen, in order, and the raw texts of the pages.
    pub async fn list_all(&self, path: &str, extra: &[(&str, &str)], limit: u32) -> (Vec<Value>, Vec<String>) {
        let limit = limit.to_string();
        let mut items = Vec::new();
        let mut texts = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            let mut query: Vec<(&str, &str)> = extra.to_vec();
            query.push(("limit", &limit));
            if let Some(cursor) = &cursor {
                query.push(("cursor", cursor));
            }
            let reply = self.get_query(path, &query).await;
            reply.expect(200);
            let page = reply.json();
            let data = page["data"].as_array().unwrap_or_else(|| panic!("{path}: no data in {page}"));
            assert!(
                data.len() <= limit.parse().unwrap(),
                "{path}: a page of {} items exceeds limit {limit}",
                data.len()
            );
            items.extend(data.iter().cloned());
            texts.push(reply.text.clone());
            let has_more = page["pagination"]["hasMore"]
                .as_bool()
                .unwrap_or_else(|| panic!("{path}: no pagination.hasMore in {page}"));
            if !has_more {
                return (items, texts);
            }
            let next = page["pagination"]["nextCursor"]
                .as_str()
                .unwrap_or_else(|| panic!("{path}: hasMore without a nextCursor in {page}"));
            assert!(!data.is_empty(), "{path}: an empty page that claims hasMore");
            cursor = Some(next.to_owned());
        }
        panic!("{path}: more than 1000 pages");
    }

    /// Polls the database until its status is `status`.
    pub async fn wait_for_status(&self, database_id: &str, status: &str) -> Value {
        let path = format!("/v1/databases/{database_id}");
        let mut last = Value::Null;
        let reached = wait_until(DEADLINE, async || {
            last = self.get_json(&path).await;
            last["data"]["status"] == status
        })
        .await;
        assert!(reached, "{path} never became {status}; last: {last}");
        last
    }
}

async fn read(method: Method, path: &str, request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.unwrap_or_else(|error| panic!("{method} {path}: request failed: {error}"));
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    Reply { method, path: path.to_owned(), status, headers, text }
}

/// Polls `condition` every [`POLL`] until it holds (true) or `timeout` has passed (false).
pub async fn wait_until<F>(timeout: Duration, mut condition: F) -> bool
where
    F: AsyncFnMut() -> bool,
{
    let deadline = Instant::now() + timeout;
    loop {
        if condition().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The ids of a list of JSON resources.
pub fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|item| item["id"].as_str().unwrap_or_else(|| panic!("no id in {item}")).to_owned()).collect()
}

/// Asserts that an id is its kind's prefix followed by lowercase letters and digits.
pub fn assert_id(id: &str, prefix: &str) {
    let rest = id.strip_prefix(prefix).unwrap_or_else(|| panic!("id {id:?} does not start with {prefix:?}"));
    assert!(
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        "id {id:?}: after {prefix:?} only lowercase letters and digits are allowed"
    );
}

/// Every JSON object (at any depth) whose `id` is `id`.
pub fn objects_with_id<'a>(value: &'a Value, id: &str, found: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                found.push(value);
            }
            for child in map.values() {
                objects_with_id(child, id, found);
            }
        }
        Value::Array(items) => {
            for child in items {
                objects_with_id(child, id, found);
            }
        }
        _ => {}
    }
}

/// Whether any string (at any depth) of `value` equals `text`.
pub fn contains_string(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s == text,
        Value::Object(map) => map.values().any(|child| contains_string(child, text)),
        Value::Array(items) => items.iter().any(|child| contains_string(child, text)),
        _ => false,
    }
}

/// Checks a minted Postgres connection string of the contract's form and returns (user, password).
pub fn parse_connection_string(text: &str, host: &str) -> (String, String) {
    let rest = text.strip_prefix("postgres://").unwrap_or_else(|| panic!("{text:?} does not start with postgres://"));
    let (credentials, location) = rest.split_once('@').unwrap_or_else(|| panic!("{text:?} has no '@'"));
    let (user, password) = credentials.split_once(':').unwrap_or_else(|| panic!("{text:?} has no USER:PASSWORD"));
    assert_eq!(user.len(), 64, "{text:?}: USER must be 64 hex characters");
    assert!(user.chars().all(|c| c.is_ascii_hexdigit()), "{text:?}: USER must be hex");
    assert!(password.starts_with("sk_") && password.len() > 3, "{text:?}: PASSWORD must start with sk_");
    let expected = [format!("{host}:5432/?sslmode=require"), format!("{host}:5432/postgres?sslmode=require")];
    assert!(expected.iter().any(|e| e == location), "{text:?}: expected {host}:5432/?sslmode=require after '@'");
    (user.to_owned(), password.to_owned())
}

/// Checks that a connection from a minting response carries a direct string (and a pooled one when it has a
/// pooled endpoint); returns the direct (user, password).
pub fn assert_minted(connection: &Value) -> (String, String) {
    let direct = &connection["endpoints"]["direct"];
    assert_eq!(direct["host"], "db.prisma.io", "direct endpoint of {connection}");
    assert_eq!(direct["port"], 5432, "direct endpoint of {connection}");
    let string = direct["connectionString"]
        .as_str()
        .unwrap_or_else(|| panic!("no endpoints.direct.connectionString in {connection}"));
    let credentials = parse_connection_string(string, "db.prisma.io");
    let pooled = &connection["endpoints"]["pooled"];
    if !pooled.is_null() {
        assert_eq!(pooled["host"], "pooled.db.prisma.io", "pooled endpoint of {connection}");
        let string = pooled["connectionString"]
            .as_str()
            .unwrap_or_else(|| panic!("no endpoints.pooled.connectionString in {connection}"));
        parse_connection_string(string, "pooled.db.prisma.io");
    }
    credentials
}
