//! The HTTP client of the Management API: auth, timeouts, one pool, paging, retries for reads only.
use std::collections::HashSet;
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::error::{Error, Route};
use super::listing::{RawPage, raw_id};
use super::retry::{RetryPolicy, is_retryable, retry_after};
use super::{ErrorBody, Listed, Listing, Token, decode, redact};

/// Pages a list may take before ppg stops reading it (100 items each by default: a million items).
pub const MAX_PAGES: usize = 10_000;
/// Pages in a row without a new item after which a list that claims `hasMore` is taken as stuck.
pub const MAX_IDLE_PAGES: usize = 2;
/// The largest answer ppg reads; a larger one is refused rather than held in memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

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

type Answer = Result<(StatusCode, HeaderMap, Body), reqwest::Error>;

/// An answer's body, unless it was larger than `MAX_BODY_BYTES`.
enum Body {
    Read(bytes::Bytes),
    TooLarge,
}

impl Body {
    fn bytes(self, route: &Route) -> Result<bytes::Bytes, Error> {
        match self {
            Body::Read(bytes) => Ok(bytes),
            Body::TooLarge => Err(Error::TooLarge { route: route.clone(), limit: MAX_BODY_BYTES }),
        }
    }
}

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
        let mut response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        if response.content_length().is_some_and(|length| length > MAX_BODY_BYTES as u64) {
            return Ok((status, headers, Body::TooLarge));
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Ok((status, headers, Body::TooLarge));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, Body::Read(body.freeze())))
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
                Ok((status, _, body)) if status.is_success() => {
                    decoded(&route, &redact::read_body(body.bytes(&route)?))
                }
                Ok((status, _, body)) => Err(status_error(route.clone(), status, &body.bytes(&route)?)),
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
                Ok((StatusCode::TOO_MANY_REQUESTS, headers, body)) => {
                    let pause = retry_after(&headers).unwrap_or_else(|| self.retry.backoff(attempt));
                    if !self.retry.allows(attempt, started.elapsed(), pause) {
                        return Err(status_error(route.clone(), StatusCode::TOO_MANY_REQUESTS, &body.bytes(&route)?));
                    }
                    tracing::debug!(%route, attempt, ?pause, "rate limited before the change; trying again");
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                Ok((status, _, body)) if status.is_success() => return body.bytes(&route),
                Ok((status, _, body)) if status.is_server_error() => {
                    let bytes = body.bytes(&route).unwrap_or_default();
                    let detail = status_error(route.clone(), status, &bytes).to_string();
                    let detail = detail.split_once(": ").map_or(detail.as_str(), |(_, rest)| rest).to_owned();
                    return Err(Error::OutcomeUnknown { route, detail: format!("the API answered {detail}") });
                }
                Ok((status, _, body)) => return Err(status_error(route.clone(), status, &body.bytes(&route)?)),
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
    pub fn pages<T: Listed>(&self, path: &str, query: Query) -> Pages<T> {
        Pages {
            client: self.clone(),
            path: path.to_owned(),
            query,
            cursor: None,
            cursors: HashSet::new(),
            ids: HashSet::new(),
            read: 0,
            pages: 0,
            idle_pages: 0,
            finished: false,
            stopped: None,
            item: PhantomData,
        }
    }
}

/// Awaiting a list reads all of it (`Pages::all`).
impl<T: Listed + Send + 'static> std::future::IntoFuture for Pages<T> {
    type Output = Result<Listing<T>, Error>;
    type IntoFuture = std::pin::Pin<Box<dyn Future<Output = Self::Output> + Send>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.all())
    }
}

/// A list being read page by page, so a caller can show the first page while the rest loads.
pub struct Pages<T> {
    client: Client,
    path: String,
    query: Query,
    cursor: Option<String>,
    /// Every cursor handed out so far: one coming back would loop forever.
    cursors: HashSet<String>,
    /// Ids of the items read so far, to tell a page that brings nothing new.
    ids: HashSet<String>,
    /// Items read so far, readable or not.
    read: usize,
    pages: usize,
    /// Pages in a row that brought no new item.
    idle_pages: usize,
    finished: bool,
    /// Why reading stopped early, told by the call after the page that showed it.
    stopped: Option<Error>,
    item: PhantomData<fn() -> T>,
}

impl<T: Listed> Pages<T> {
    /// Whether the last page has been handed over (and no error is still to be told).
    pub fn is_done(&self) -> bool {
        self.finished && self.stopped.is_none()
    }

    /// The next page, or `None` once the list is done. Items already handed over (by id) are left out, and
    /// the positions of unreadable items count every item handed over before them. When the server's paging
    /// goes wrong, the page is still handed over and the next call gives the error.
    pub async fn next_page(&mut self) -> Result<Option<Listing<T>>, Error> {
        if let Some(error) = self.stopped.take() {
            return Err(error);
        }
        if self.finished {
            return Ok(None);
        }
        let mut query = self.query.clone();
        if let Some(cursor) = &self.cursor {
            query.push(("cursor", cursor.clone()));
        }
        let page: RawPage = self.client.get(&self.path, &query).await.inspect_err(|_| self.finished = true)?;
        self.pages += 1;
        let sent = page.data.len();
        let fresh: Vec<_> =
            page.data.into_iter().filter(|raw| raw_id(raw).is_none_or(|id| self.ids.insert(id))).collect();
        if fresh.len() < sent {
            tracing::warn!(path = %self.path, repeated = sent - fresh.len(), "items already listed came again; left out");
        }
        self.idle_pages = if fresh.is_empty() { self.idle_pages + 1 } else { 0 };
        let mut data = Listing::<T>::decode(fresh);
        for item in &mut data.unreadable {
            item.position += self.read;
        }
        self.read += data.total();
        let stop = match page.pagination.next_cursor.filter(|_| page.pagination.has_more) {
            Some(_) if self.idle_pages >= MAX_IDLE_PAGES => Some(format!(
                "the API said more items follow, but {MAX_IDLE_PAGES} pages in a row brought no new one \
                 ({} items in {} pages)",
                self.read, self.pages
            )),
            Some(_) if self.pages >= MAX_PAGES => {
                Some(format!("the list had not ended after {MAX_PAGES} pages ({} items)", self.read))
            }
            Some(next) if self.cursors.contains(&next) => Some("a cursor came back a second time".to_owned()),
            Some(next) => {
                self.cursors.insert(next.clone());
                self.cursor = Some(next);
                None
            }
            None => {
                if page.pagination.has_more {
                    tracing::warn!(path = %self.path, "hasMore without a nextCursor: taking the list as complete");
                }
                self.finished = true;
                None
            }
        };
        if let Some(detail) = stop {
            self.finished = true;
            self.stopped = Some(Error::Paging { route: Route { method: "GET", path: self.path.clone() }, detail });
        }
        Ok(Some(data))
    }

    /// Every item, all pages followed to the end; any failure fails the whole list.
    pub async fn all(self) -> Result<Listing<T>, Error> {
        match self.until_error().await {
            (listing, None) => Ok(listing),
            (_, Some(error)) => Err(error),
        }
    }

    /// Every item up to the first failure, and that failure: what was read is still worth showing.
    pub async fn until_error(mut self) -> (Listing<T>, Option<Error>) {
        let mut listing = Listing::default();
        loop {
            match self.next_page().await {
                Ok(Some(page)) => listing.append(page),
                Ok(None) => return (listing, None),
                Err(error) => return (listing, Some(error)),
            }
        }
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
