//! What can go wrong talking to the API, each case carrying what a user needs to act on it.
//! Messages come from the network: whoever prints them escapes them first (`format::sanitize`).
use std::fmt;

use super::DecodeError;

/// The request an error belongs to, such as `GET /v1/projects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The API answered with an error status and (usually) its `{error:{code,message,hint}}` body.
    #[error("{route}: {status} {message}{}", hint_suffix(hint))]
    Status { route: Route, status: u16, code: Option<String>, message: String, hint: Option<String> },
    /// Nothing reached the server (connection refused, no such host, TLS): safe to try again. `detail`
    /// names the cause and the host, such as "connection refused by 127.0.0.1:4466 (nothing is listening there)".
    #[error("{route}: cannot reach the API: {detail}")]
    Unreachable { route: Route, detail: String },
    /// A request that did not finish in time, even after retries: "timed out after 30 s waiting for the
    /// answer from api.prisma.io", or "… connecting to …".
    #[error("{route}: {detail}")]
    Timeout { route: Route, detail: String },
    /// A read that broke off midway, even after retries: "connection reset by …", "… closed the connection
    /// before answering".
    #[error("{route}: the connection broke: {detail}")]
    Network { route: Route, detail: String },
    /// The answer did not have the contract's shape.
    #[error("{route}: the API answered in an unexpected shape: {source}")]
    Decode { route: Route, source: DecodeError },
    /// An answer larger than ppg reads (`MAX_BODY_BYTES`), refused rather than held in memory.
    #[error("{route}: the answer is larger than {} MiB; ppg does not read answers that large", limit / (1024 * 1024))]
    TooLarge { route: Route, limit: usize },
    /// A list whose pages did not end (cursors or pages that bring nothing new): ppg stopped reading it.
    #[error("{route}: the list did not end: {detail}; stopped reading it")]
    Paging { route: Route, detail: String },
    /// A change was sent but its answer was lost: it may or may not have happened.
    #[error("{route}: the outcome is unknown ({detail}); the change may or may not have been applied")]
    OutcomeUnknown { route: Route, detail: String },
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_deref().map(|hint| format!(" (hint: {hint})")).unwrap_or_default()
}

impl Error {
    pub fn route(&self) -> &Route {
        match self {
            Self::Status { route, .. }
            | Self::Unreachable { route, .. }
            | Self::Timeout { route, .. }
            | Self::Network { route, .. }
            | Self::Decode { route, .. }
            | Self::Paging { route, .. }
            | Self::TooLarge { route, .. }
            | Self::OutcomeUnknown { route, .. } => route,
        }
    }

    /// The same transport failure, saying how many attempts it took (a read retried before giving up).
    pub fn tried(self, attempts: u32, elapsed: std::time::Duration) -> Self {
        let note =
            |detail: String| format!("{detail}; tried {attempts} times in {}", super::cause::seconds_rounded(elapsed));
        match self {
            Self::Unreachable { route, detail } => Self::Unreachable { route, detail: note(detail) },
            Self::Timeout { route, detail } => Self::Timeout { route, detail: note(detail) },
            Self::Network { route, detail } => Self::Network { route, detail: note(detail) },
            other => other,
        }
    }

    /// The HTTP status when the API answered with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// What to do about it, in a few words, for the status line and the CLI.
    pub fn advice(&self) -> Option<&'static str> {
        match self {
            Self::Status { status: 401, .. } => {
                Some("check the token: PRISMA_POSTGRES_TOKEN, or the profile's token in the config file")
            }
            Self::Status { status: 402, .. } => {
                Some("the workspace's plan allows no more: upgrade it in the Prisma Console")
            }
            Self::Status { status: 403, .. } => Some("the token is not allowed to do this"),
            Self::Status { status: 429, .. } => Some("the API is rate limiting; wait a little and try again"),
            Self::Status { status: 500.., .. }
            | Self::Unreachable { .. }
            | Self::Timeout { .. }
            | Self::Network { .. } => Some("the API or the network is having trouble; try again shortly"),
            Self::OutcomeUnknown { .. } => Some("check what exists before trying again, so nothing is made twice"),
            _ => None,
        }
    }
}
