//! The HTTP client of the Management API: auth, time limits, one pool, retries for reads only, progress.
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::cause::Cause;
use super::error::{Error, Route};
use super::progress::{Observer, Progress};
use super::retry::{RetryPolicy, is_retryable, retry_after};
use super::{ErrorBody, Token, decode, redact};

/// Pages a list may take before ppg stops reading it (100 items each by default: a million items).
pub const MAX_PAGES: usize = 10_000;
/// Pages in a row without a new item after which a list that claims `hasMore` is taken as stuck.
pub const MAX_IDLE_PAGES: usize = 2;
/// The largest answer ppg reads; a larger one is refused rather than held in memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The real API; every path starts with `/v1`.
pub const DEFAULT_API_URL: &str = "https://api.prisma.io";

/// How long setting up a connection (TCP and TLS) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one attempt may take, from connecting to the last byte of the answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub base_url: String,
    pub token: Token,
    pub connect_timeout: Duration,
    /// For one attempt, from connecting to the last byte of the answer.
    pub request_timeout: Duration,
    /// `max_total` bounds a whole read, retries included (see [`Client::get`]).
    pub retry: RetryPolicy,
    /// Told of every attempt, retry and end of a request.
    pub progress: Option<Observer>,
}

impl ClientOptions {
    pub fn new(base_url: impl Into<String>, token: Token) -> Self {
        Self {
            base_url: base_url.into(),
            token,
            connect_timeout: CONNECT_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            retry: RetryPolicy::default(),
            progress: None,
        }
    }

    /// Sets the time limit of one attempt, and bounds a whole read, retries included, to twice that.
    pub fn with_request_timeout(mut self, limit: Duration) -> Self {
        self.request_timeout = limit;
        self.retry.max_total = limit.saturating_mul(2);
        self
    }
}

/// Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    /// `scheme://host:port` of the API, for error messages.
    origin: String,
    token: Token,
    retry: RetryPolicy,
    connect_timeout: Duration,
    request_timeout: Duration,
    progress: Option<Observer>,
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
        if let Some(what) = options.token.unsendable() {
            return Err(format!("the token has {what}, which cannot be sent in an HTTP header"));
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("ppg/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .build()
            .map_err(|error| format!("cannot set up HTTP: {error}"))?;
        Ok(Self {
            http,
            base,
            origin: url.origin().ascii_serialization(),
            token: options.token,
            retry: options.retry,
            connect_timeout: options.connect_timeout,
            request_timeout: options.request_timeout,
            progress: options.progress,
        })
    }

    /// The same client (sharing its pool) telling `observer` of its progress.
    pub fn observed(mut self, observer: Observer) -> Self {
        self.progress = Some(observer);
        self
    }

    /// The API's host (and port, when not the scheme's default), for "waiting for …".
    pub fn host(&self) -> &str {
        self.origin.split_once("://").map_or(self.origin.as_str(), |(_, host)| host)
    }

    fn tell(&self, progress: Progress) {
        if let Some(observer) = &self.progress {
            observer.tell(&progress);
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &Query,
        body: Option<&serde_json::Value>,
        limit: Duration,
    ) -> Answer {
        let mut request =
            self.http.request(method, format!("{}{path}", self.base)).bearer_auth(self.token.expose()).timeout(limit);
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
    ///
    /// The whole read, retries included, ends within `retry.max_total` (twice the request time-out unless
    /// set otherwise): no retry starts when its pause would pass that bound, each attempt's time limit is
    /// cut to what is left of it, and an attempt that timed out is tried again only when a whole new
    /// attempt still fits.
    pub async fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T, Error> {
        let route = Route { method: "GET", path: path.to_owned() };
        let outcome = self.read(&route, query).await;
        self.tell(Progress::Finished { route: route.clone() });
        let body = outcome?;
        decoded(&route, &redact::read_body(body))
    }

    async fn read(&self, route: &Route, query: &Query) -> Result<bytes::Bytes, Error> {
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            self.tell(Progress::Started { route: route.clone(), attempt });
            let limit = self.request_timeout.min(self.retry.max_total.saturating_sub(started.elapsed()));
            let answer = self.send(Method::GET, &route.path, query, None, limit.max(Duration::from_millis(1))).await;
            let retry = match &answer {
                Ok((status, headers, _)) if is_retryable(*status) => Some((
                    retry_after(headers).unwrap_or_else(|| self.retry.backoff(attempt)),
                    status.as_u16().to_string(),
                    false,
                )),
                Err(error) if !error.is_builder() => {
                    let cause = Cause::of(error);
                    let timed_out = matches!(cause, Cause::AnswerTimeout | Cause::ConnectTimeout);
                    Some((self.retry.backoff(attempt), cause.short().to_owned(), timed_out))
                }
                _ => None,
            };
            let elapsed = started.elapsed();
            let retry = retry.filter(|(pause, _, timed_out)| {
                self.retry.allows(attempt, elapsed, *pause)
                    && (!timed_out || elapsed + *pause + self.request_timeout <= self.retry.max_total)
            });
            if let Some((pause, reason, _)) = retry {
                tracing::debug!(%route, attempt, ?pause, %reason, "retrying a read");
                let of = self.retry.max_attempts;
                self.tell(Progress::Retrying { route: route.clone(), next: attempt + 1, of, reason, pause });
                tokio::time::sleep(pause).await;
                attempt += 1;
                continue;
            }
            return match answer {
                Ok((status, _, body)) if status.is_success() => body.bytes(route),
                Ok((status, _, body)) => Err(status_error(route.clone(), status, &body.bytes(route)?)),
                Err(error) => {
                    let error = self.transport_error(route.clone(), &error, limit);
                    Err(if attempt > 1 { error.tried(attempt, started.elapsed()) } else { error })
                }
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
        let outcome = self.send_change(&route, method, body.as_ref()).await;
        self.tell(Progress::Finished { route });
        outcome
    }

    async fn send_change(
        &self,
        route: &Route,
        method: Method,
        body: Option<&serde_json::Value>,
    ) -> Result<bytes::Bytes, Error> {
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            self.tell(Progress::Started { route: route.clone(), attempt });
            let limit = self.request_timeout;
            match self.send(method.clone(), &route.path, &Query::new(), body, limit).await {
                Ok((StatusCode::TOO_MANY_REQUESTS, headers, body)) => {
                    let pause = retry_after(&headers).unwrap_or_else(|| self.retry.backoff(attempt));
                    if !self.retry.allows(attempt, started.elapsed(), pause) {
                        return Err(status_error(route.clone(), StatusCode::TOO_MANY_REQUESTS, &body.bytes(route)?));
                    }
                    tracing::debug!(%route, attempt, ?pause, "rate limited before the change; trying again");
                    let (next, of, reason) = (attempt + 1, self.retry.max_attempts, "429".to_owned());
                    self.tell(Progress::Retrying { route: route.clone(), next, of, reason, pause });
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                Ok((status, _, body)) if status.is_success() => return body.bytes(route),
                Ok((status, _, body)) if status.is_server_error() => {
                    let bytes = body.bytes(route).unwrap_or_default();
                    let detail = status_error(route.clone(), status, &bytes).to_string();
                    let detail = detail.split_once(": ").map_or(detail.as_str(), |(_, rest)| rest).to_owned();
                    let route = route.clone();
                    return Err(Error::OutcomeUnknown { route, detail: format!("the API answered {detail}") });
                }
                Ok((status, _, body)) => return Err(status_error(route.clone(), status, &body.bytes(route)?)),
                Err(error) => {
                    let cause = Cause::of(&error);
                    if cause.nothing_sent() || error.is_builder() {
                        return Err(self.transport_error(route.clone(), &error, limit));
                    }
                    let detail = cause.describe(&self.origin, self.connect_timeout, limit);
                    return Err(Error::OutcomeUnknown { route: route.clone(), detail });
                }
            }
        }
    }

    /// A transport failure named by its cause; `limit` is the time limit the attempt had.
    fn transport_error(&self, route: Route, error: &reqwest::Error, limit: Duration) -> Error {
        let cause = Cause::of(error);
        let detail = cause.describe(&self.origin, self.connect_timeout, limit);
        match cause {
            Cause::AnswerTimeout | Cause::ConnectTimeout => Error::Timeout { route, detail },
            _ if cause.nothing_sent() => Error::Unreachable { route, detail },
            _ => Error::Network { route, detail },
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
