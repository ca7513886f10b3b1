//! The emulator's HTTP layer: shared state, the router, the fault and auth guard, and extractors.
use std::sync::Mutex;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use super::Config;
use super::backing::{Backing, Served};
use super::error::ApiError;
use super::faults::{Fate, FaultState};
use super::model::World;
use super::ops::Moment;
use super::persist;
use super::recover::lock;
use super::render::Renderer;

/// One line of the request log that tests read through `GET /_emulator/requests`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    /// `rate-limited`, `failed-before` or `failed-after` when a fault decided the answer.
    pub fault: Option<&'static str>,
}

/// Largest request body accepted; larger ones answer 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler shares. The world sits behind an async lock so a change and its save stay in order.
pub struct Shared {
    world: tokio::sync::Mutex<World>,
    /// `--postgres`: the server every change is carried out in.
    backing: Option<Backing>,
    config: Config,
    base_url: String,
    faults: Mutex<FaultState>,
    log: Mutex<Vec<LoggedRequest>>,
}

pub type AppState = std::sync::Arc<Shared>;

impl Shared {
    pub fn new(config: Config, world: World, base_url: String, backing: Option<Backing>) -> Self {
        let faults = Mutex::new(FaultState::new(config.faults.clone()));
        let world = tokio::sync::Mutex::new(world);
        Self { world, backing, config, base_url, faults, log: Mutex::new(Vec::new()) }
    }

    fn moment(&self) -> Moment {
        let ready_after = chrono::Duration::from_std(self.config.ready_after).unwrap_or(chrono::Duration::MAX);
        Moment { now: super::ops::now(), ready_after, max_databases: self.config.max_databases }
    }

    /// Answers from the world as it is now (lifecycles advanced first).
    pub async fn read<R>(&self, answer: impl FnOnce(&Renderer) -> Result<R, ApiError>) -> Result<R, ApiError> {
        self.apply(false, |_, _| Ok(()), |renderer, ()| answer(renderer)).await?
    }

    /// Applies `op`, saves the world when a state file is set, then renders the answer under the same lock.
    /// Every op checks before it touches anything, so an error means nothing changed.
    pub async fn change<T, R>(
        &self,
        op: impl FnOnce(&mut World, Moment) -> Result<T, ApiError>,
        answer: impl FnOnce(&Renderer, T) -> R,
    ) -> Result<R, ApiError> {
        self.apply(true, op, answer).await
    }

    async fn apply<T, R>(
        &self,
        mutating: bool,
        op: impl FnOnce(&mut World, Moment) -> Result<T, ApiError>,
        answer: impl FnOnce(&Renderer, T) -> R,
    ) -> Result<R, ApiError> {
        let moment = self.moment();
        let mut world = self.world.lock().await;
        let advanced = world.advance(moment.now);
        let before = (mutating && self.backing.is_some()).then(|| world.clone());
        let mut outcome = op(&mut world, moment);
        if let (Some(backing), Some(before), Ok(_)) = (&self.backing, before, &outcome)
            && let Err(failure) = backing.sync(&mut world).await
        {
            outcome = Err(self.roll_back(backing, &mut world, before, &failure).await);
        }
        // With PostgreSQL, even a refused change may have moved the record of what the server holds.
        if (advanced || (mutating && (outcome.is_ok() || self.backing.is_some())))
            && let Some(path) = &self.config.state_file
        {
            persist::save(path, &world).await.map_err(|error| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("The emulator could not save its state: {error}"),
                )
            })?;
        }
        let value = outcome?;
        let served = self.served(&world);
        Ok(answer(&Renderer { world: &world, base: &self.base_url, served: served.as_ref() }, value))
    }

    /// Where minted strings point, when PostgreSQL backs the emulator.
    fn served(&self, world: &World) -> Option<Served> {
        Some(self.backing.as_ref()?.served(world.postgres.as_ref()?))
    }

    /// After PostgreSQL refused a change: the world goes back to what it was (keeping the record of what the
    /// server now holds), the server is brought back in line as far as it goes, and the answer is a 500.
    async fn roll_back(&self, backing: &Backing, world: &mut World, mut before: World, failure: &str) -> ApiError {
        tracing::warn!(%failure, "the emulator's PostgreSQL refused a change; rolled back");
        before.postgres = world.postgres.take();
        *world = before;
        let _ = backing.sync(world).await;
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("The emulator's PostgreSQL refused the change: {failure}"),
        )
        .with_hint("Nothing was changed. Check the server given to --postgres, then try again.")
    }

    /// Drops what the emulator made in PostgreSQL (when its world is not kept in a state file).
    pub async fn teardown(&self) {
        if let Some(backing) = &self.backing
            && self.config.state_file.is_none()
        {
            let mut world = self.world.lock().await;
            if let Err(failure) = backing.teardown(&mut world).await {
                tracing::warn!(%failure, "the emulator could not drop what it made in PostgreSQL");
            }
        }
    }

    fn log(&self, entry: LoggedRequest) {
        lock(&self.log).push(entry);
    }
}

/// The inspection endpoints beside the API: the request log, the world, scripted faults.
pub fn inspection() -> Router<AppState> {
    Router::new()
        .route("/_emulator/requests", get(list_requests).delete(clear_requests))
        .route("/_emulator/state", get(dump_state))
        .route("/_emulator/faults", axum::routing::post(script_fault).delete(clear_faults))
}

/// Rate limit, latency, the failure roll, then the bearer token; every outcome is logged.
pub async fn guard(State(shared): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    // The guard runs inside the `/v1` nest, which has already stripped the prefix.
    let path = format!("/v1{}", request.uri().path());
    let query = request.uri().query().map(str::to_owned);
    let admitted = lock(&shared.faults).admit(Instant::now());
    let (response, fault) = match admitted {
        Err(retry_after) => (rate_limited(retry_after), Some("rate-limited")),
        Ok(()) => {
            let (latency, fate) = {
                let mut faults = lock(&shared.faults);
                (faults.latency(), faults.fate_of(&method, &path))
            };
            if !latency.is_zero() {
                tokio::time::sleep(latency).await;
            }
            match fate {
                Fate::FailBefore(status) => (failure(status), Some("failed-before")),
                Fate::Refuse { status, message, hint } => {
                    let refusal = ApiError::new(status, message);
                    let refusal = match hint {
                        Some(hint) => refusal.with_hint(hint),
                        None => refusal,
                    };
                    (refusal.into_response(), Some("failed-before"))
                }
                Fate::FailAfter(status) => {
                    let _lost = authorize_and_run(&shared, request, next).await;
                    (failure(status), Some("failed-after"))
                }
                Fate::Serve => (authorize_and_run(&shared, request, next).await, None),
            }
        }
    };
    shared.log(LoggedRequest { method, path, query, status: response.status().as_u16(), fault });
    response
}

/// The emulator's own `--token`, or the value of a live service token created through the API.
async fn authorize_and_run(shared: &Shared, request: Request, next: Next) -> Response {
    let presented = request.headers().get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    let bearer = presented.and_then(|value| value.strip_prefix("Bearer "));
    let accepted = match bearer {
        Some(token) if token == shared.config.token => true,
        Some(token) => super::tokens::token_with_value(&*shared.world.lock().await, token).is_some(),
        None => false,
    };
    if !accepted {
        let message = if presented.is_some() { "The token is not valid." } else { "Missing authorization token." };
        return ApiError::new(StatusCode::UNAUTHORIZED, message)
            .with_hint("Send the header `Authorization: Bearer <token>` with a valid service token.")
            .into_response();
    }
    next.run(request).await
}

fn rate_limited(retry_after: u64) -> Response {
    let mut response = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests.")
        .with_hint(format!("Retry after {retry_after} second(s)."))
        .into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

fn failure(status: StatusCode) -> Response {
    let message = match status {
        StatusCode::SERVICE_UNAVAILABLE => "The service is temporarily unavailable (injected fault).",
        _ => "An internal error occurred (injected fault).",
    };
    ApiError::new(status, message).with_hint("Try again; the request may or may not have been applied.").into_response()
}

async fn list_requests(State(shared): State<AppState>) -> Response {
    let log = lock(&shared.log).clone();
    Json(serde_json::json!({ "data": log })).into_response()
}

async fn clear_requests(State(shared): State<AppState>) -> StatusCode {
    lock(&shared.log).clear();
    StatusCode::NO_CONTENT
}

async fn script_fault(State(shared): State<AppState>, Body(scripted): Body<super::faults::Scripted>) -> Response {
    match lock(&shared.faults).script(scripted) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(why) => ApiError::bad_request(why).into_response(),
    }
}

async fn clear_faults(State(shared): State<AppState>) -> StatusCode {
    lock(&shared.faults).clear_scripted();
    StatusCode::NO_CONTENT
}

async fn dump_state(State(shared): State<AppState>) -> Response {
    let world = shared.world.lock().await;
    Json(&*world).into_response()
}

/// A JSON request body; an empty body reads as `{}`, and every rejection is an API error body.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            ApiError::new(rejection.status(), format!("The request body could not be read: {}", rejection.body_text()))
        })?;
        if bytes.len() > BODY_LIMIT {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The request body exceeds {BODY_LIMIT} bytes."),
            ));
        }
        let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &bytes };
        crate::api::decode(text)
            .map(Body)
            .map_err(|error| ApiError::bad_request(format!("Invalid request body: {error}")))
    }
}

/// Query parameters; a malformed one is a 400 with an API error body.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(value)| Params(value))
            .map_err(|rejection| ApiError::bad_request(format!("Invalid query parameters: {}", rejection.body_text())))
    }
}
