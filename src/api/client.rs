//! The HTTP client of the Management API: auth, timeouts, one pool, paging, retries for reads only.
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::error::{Error, Route};
use super::retry::{RetryPolicy, is_retryable, retry_after};
use super::{DecodeError, ErrorBody, Page, Token, decode};

/// The real API; every path starts with `/v1`.
pub const DEFAULT_API_URL: &str = "https://api.prisma.io";

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub base_url: String,
    pub token: Token,
    pub connect_timeout: Duration,
    /// For one attempt, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientOptions {
    pub fn new(base_url: impl Into<String>, token: Token) -> Self {
        Self {
            base_url: base_url.into(),
            token,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

/// Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Token,
    retry: RetryPolicy,
}

/// Query parameters of a request.
pub type Query = Vec<(&'static str, String)>;

type Answer = Result<(StatusCode, HeaderMap, bytes::Bytes), reqwest::Error>;

impl Client {
    pub fn new(options: ClientOptions) -> Result<Self, String> {
        let base = options.base_url.trim_end_matches('/').to_owned();
        let url = reqwest::Url::parse(&base).map_err(|error| format!("invalid API URL {base:?}: {error}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("invalid API URL {base:?}: it must start with https:// (or http://)"));
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("ppg/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .build()
            .map_err(|error| format!("cannot set up HTTP: {error}"))?;
        Ok(Self { http, base, token: options.token, retry: options.retry })
    }

    async fn send(&self, method: Method, path: &str, query: &Query, body: Option<&serde_json::Value>) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(self.token.expose());
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await?;
        Ok((status, headers, bytes))
    }

    /// A read, retried on 429 (after `Retry-After`), 5xx and network trouble, within the retry budget.
    pub async fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T, Error> {
        let route = Route { method: "GET", path: path.to_owned() };
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let answer = self.send(Method::GET, path, query, None).await;
            let pause = match &answer {
                Ok((status, headers, _)) if is_retryable(*status) => {
                    Some(retry_after(headers).unwrap_or_else(|| self.retry.backoff(attempt)))
                }
                Err(error) if !error.is_builder() => Some(self.retry.backoff(attempt)),
                _ => None,
            };
            if let Some(pause) = pause.filter(|pause| self.retry.allows(attempt, started.elapsed(), *pause)) {
                tracing::debug!(%route, attempt, ?pause, "retrying a read");
                tokio::time::sleep(pause).await;
                attempt += 1;
                continue;
            }
            return match answer {
                Ok((status, _, bytes)) if status.is_success() => decoded(&route, &bytes),
                Ok((status, _, bytes)) => Err(status_error(route, status, &bytes)),
                Err(error) => Err(transport_error(route, &error)),
            };
        }
    }

    /// A change (POST, PATCH, DELETE). Never re-sent once it may have reached the server: only a 429,
    /// which the API answers before doing anything, is tried again. A lost answer is `OutcomeUnknown`.
    pub async fn change(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<bytes::Bytes, Error> {
        let route = Route { method: method_name(&method), path: path.to_owned() };
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            match self.send(method.clone(), path, &Query::new(), body.as_ref()).await {
                Ok((StatusCode::TOO_MANY_REQUESTS, headers, bytes)) => {
                    let pause = retry_after(&headers).unwrap_or_else(|| self.retry.backoff(attempt));
                    if !self.retry.allows(attempt, started.elapsed(), pause) {
                        return Err(status_error(route, StatusCode::TOO_MANY_REQUESTS, &bytes));
                    }
                    tracing::debug!(%route, attempt, ?pause, "rate limited before the change; trying again");
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                Ok((status, _, bytes)) if status.is_success() => return Ok(bytes),
                Ok((status, _, bytes)) if status.is_server_error() => {
                    let detail = status_error(route.clone(), status, &bytes).to_string();
                    let detail = detail.split_once(": ").map_or(detail.as_str(), |(_, rest)| rest).to_owned();
                    return Err(Error::OutcomeUnknown { route, detail: format!("the API answered {detail}") });
                }
                Ok((status, _, bytes)) => return Err(status_error(route, status, &bytes)),
                Err(error) if error.is_connect() => return Err(transport_error(route, &error)),
                Err(error) => {
                    let detail = if error.is_timeout() { "no answer in time" } else { "the connection broke" };
                    return Err(Error::OutcomeUnknown { route, detail: detail.to_owned() });
                }
            }
        }
    }

    /// A change whose answer is a resource.
    pub async fn change_into<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, Error> {
        let route = Route { method: method_name(&method), path: path.to_owned() };
        let bytes = self.change(method, path, body).await?;
        decoded(&route, &bytes)
    }

    /// The pages of a list, one request each, following `nextCursor`.
    pub fn pages<T: DeserializeOwned>(&self, path: &str, query: Query) -> Pages<T> {
        Pages {
            client: self.clone(),
            path: path.to_owned(),
            query,
            cursor: None,
            seen: std::collections::HashSet::new(),
            finished: false,
            item: PhantomData,
        }
    }

    /// Every item of a list, all pages followed to the end.
    pub async fn list_all<T: DeserializeOwned>(&self, path: &str, query: Query) -> Result<Vec<T>, Error> {
        let mut pages = self.pages(path, query);
        let mut items = Vec::new();
        while let Some(page) = pages.next_page().await? {
            items.extend(page);
        }
        Ok(items)
    }
}

/// A list being read page by page, so a caller can show the first page while the rest loads.
pub struct Pages<T> {
    client: Client,
    path: String,
    query: Query,
    cursor: Option<String>,
    /// Every cursor handed out so far: one coming back would loop forever.
    seen: std::collections::HashSet<String>,
    finished: bool,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<T> {
    /// Whether the last page has been handed over.
    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// The next page, or `None` once the list is done.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>, Error> {
        if self.finished {
            return Ok(None);
        }
        let mut query = self.query.clone();
        if let Some(cursor) = &self.cursor {
            query.push(("cursor", cursor.clone()));
        }
        let page: Page<T> = self.client.get(&self.path, &query).await?;
        match page.pagination.next_cursor.filter(|_| page.pagination.has_more) {
            Some(next) if self.seen.contains(&next) => {
                let route = Route { method: "GET", path: self.path.clone() };
                let message = "a cursor came back a second time; stopping rather than looping".to_owned();
                return Err(Error::Decode {
                    route,
                    source: DecodeError { path: "pagination.nextCursor".into(), message },
                });
            }
            Some(next) => {
                self.seen.insert(next.clone());
                self.cursor = Some(next);
            }
            None => {
                if page.pagination.has_more {
                    tracing::warn!(path = %self.path, "hasMore without a nextCursor: taking the list as complete");
                }
                self.finished = true;
            }
        }
        Ok(Some(page.data))
    }
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::POST => "POST",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::PUT => "PUT",
        _ => "GET",
    }
}

fn decoded<T: DeserializeOwned>(route: &Route, bytes: &[u8]) -> Result<T, Error> {
    decode(bytes).map_err(|source| Error::Decode { route: route.clone(), source })
}

/// The API's error body, or a plain description when the answer is not one (a proxy's HTML page, say).
fn status_error(route: Route, status: StatusCode, bytes: &[u8]) -> Error {
    let reason = status.canonical_reason().unwrap_or("error");
    match decode::<ErrorBody>(bytes) {
        Ok(body) => Error::Status {
            route,
            status: status.as_u16(),
            code: Some(body.error.code),
            message: body.error.message,
            hint: body.error.hint,
        },
        Err(_) => {
            let text = String::from_utf8_lossy(bytes);
            let excerpt: String = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(120).collect();
            let message = match excerpt.is_empty() {
                true => format!("{reason} (no error details in the answer)"),
                false => format!("{reason} (the answer is not the API's JSON, perhaps from a proxy: {excerpt})"),
            };
            Error::Status { route, status: status.as_u16(), code: None, message, hint: None }
        }
    }
}

fn transport_error(route: Route, error: &reqwest::Error) -> Error {
    // reqwest's own message names the URL but never the headers, so the token cannot leak through it.
    let detail = std::error::Error::source(error).map_or_else(|| error.to_string(), |source| source.to_string());
    if error.is_timeout() {
        Error::Timeout { route }
    } else if error.is_connect() {
        Error::Unreachable { route, detail }
    } else {
        Error::Network { route, detail }
    }
}
