//! The request log that tests read through `GET /_emulator/requests`.
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    /// `rate-limited`, `failed-before` or `failed-after` when a fault decided the answer.
    pub fault: Option<&'static str>,
}
