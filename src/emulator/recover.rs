//! Handler failures become answers: a panic inside a handler is a 500 with the usual error body.
//!
//! Without this, a panic unwinds through hyper's connection task and the client sees a dropped
//! connection. The world sits behind a `tokio::sync::Mutex`, which is not poisoned by a panic, and the
//! small std locks (faults, request log) recover from poisoning, so later requests are served as usual.
use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;

use super::error::ApiError;

/// Middleware: runs the rest of the stack and turns a panic into `500 internal_error`.
pub async fn catch_panics(request: Request, next: Next) -> Response {
    match AssertUnwindSafe(Catching(Box::pin(next.run(request)))).catch_unwind().await {
        Ok(response) => response,
        Err(payload) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("The emulator failed while handling the request: {}", describe(payload.as_ref())),
        )
        .with_hint("This is a bug in the emulator; the request may or may not have been applied.")
        .into_response(),
    }
}

thread_local! {
    /// How many [`Catching`] futures are being polled on this thread right now.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Whether a panic on this thread right now will be caught by [`catch_panics`]: the process's panic hook
/// asks, so that such a panic is logged and does not end the process.
pub fn panic_is_caught() -> bool {
    CATCHING.with(|catching| catching.get() > 0)
}

/// Polls the handler with [`CATCHING`] raised, so that a panic during the poll is known to be caught.
struct Catching<F>(Pin<Box<F>>);

impl<F: Future> Future for Catching<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        /// Lowers the count again, also when the poll unwinds.
        struct Lower;
        impl Drop for Lower {
            fn drop(&mut self) {
                CATCHING.with(|catching| catching.set(catching.get().saturating_sub(1)));
            }
        }
        CATCHING.with(|catching| catching.set(catching.get() + 1));
        let _lower = Lower;
        self.0.as_mut().poll(cx)
    }
}

/// The text of a panic payload (`panic!` gives a `&str` or a `String`).
fn describe(payload: &(dyn Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "a panic without a message".to_owned(),
    }
}

/// Locks a std mutex even when an earlier holder panicked: its data is plain, never left half-changed.
pub fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::sync::Arc;

    use axum::Router;
    use axum::extract::State;
    use axum::routing::get;
    use serde_json::Value;

    use super::*;
    use crate::emulator::http::{AppState, Shared};
    use crate::emulator::{Config, seed};

    async fn boom(State(shared): State<AppState>) -> Response {
        // Panics in the middle of a change, while the world's lock is held.
        let answer = shared.change(|_, _| -> Result<(), ApiError> { panic!("boom at the core") }, |_, ()| ()).await;
        format!("{answer:?}").into_response()
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_later_requests_are_served() {
        let config = Config::default();
        let world = seed::build(&seed::Seed::Demo, chrono::Utc::now(), chrono::Duration::seconds(3)).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared::new(config.clone(), world, base.clone(), None));
        let app = Router::new()
            .route("/boom", get(boom))
            .with_state(shared.clone())
            .layer(axum::middleware::from_fn(catch_panics))
            .merge(crate::emulator::routes::router(shared));
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let client = reqwest::Client::builder().no_proxy().build().unwrap();

        for _ in 0..2 {
            let reply = client.get(format!("{base}/boom")).send().await.expect("an answer, not a dropped connection");
            assert_eq!(reply.status().as_u16(), 500);
            let body: Value = reply.json().await.unwrap();
            assert_eq!(body["error"]["code"], "internal_error", "{body}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains("boom at the core"), "{message}");
        }
        let projects = client.get(format!("{base}/v1/projects")).bearer_auth(&config.token).send().await.unwrap();
        assert_eq!(projects.status().as_u16(), 200, "the world is still usable after a panic under its lock");
        server.abort();
    }

    #[tokio::test]
    async fn the_panic_hook_can_tell_a_caught_panic_from_another() {
        assert!(!panic_is_caught(), "outside a handler");
        let inside = AssertUnwindSafe(Catching(Box::pin(async { panic_is_caught() }))).catch_unwind().await;
        assert_eq!(inside.ok(), Some(true), "while a handler is polled");
        let unwound = AssertUnwindSafe(Catching(Box::pin(async { panic!("caught") }))).catch_unwind().await;
        assert!(unwound.is_err());
        assert!(!panic_is_caught(), "lowered again after a panic unwound through the poll");
    }

    #[test]
    fn a_poisoned_lock_is_still_usable() {
        let mutex = Arc::new(std::sync::Mutex::new(1));
        let poisoner = mutex.clone();
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.lock().unwrap();
            panic!("poison");
        })
        .join();
        assert!(mutex.is_poisoned());
        *lock(&mutex) += 1;
        assert_eq!(*lock(&mutex), 2);
    }
}
