//! The secret panel: every string just minted, masked until `s`, each copyable, `w` to write a `.env`.
use super::copy::mask;
use crate::api::{Connection, Endpoint};

/// One minted string of the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Secret {
    /// Such as `app-server · pooled`.
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecretPanel {
    pub secrets: Vec<Secret>,
    /// The `.env` lines (`DATABASE_URL`, `DIRECT_URL`) of the first connection.
    pub env_lines: Vec<String>,
    pub revealed: bool,
    pub selected: usize,
    /// Said after `w`: where the lines went, or why not.
    pub note: Option<String>,
    /// Set when `.env` is not ignored by git: `w` again writes anyway.
    pub confirm_unignored: bool,
}

/// The warning the panel always shows.
pub const SHOWN_ONCE: &str = "The API will not show these again. Copy them now (y), or write them to .env (w).";

fn string(endpoint: &Option<Endpoint>) -> Option<String> {
    endpoint.as_ref().and_then(|endpoint| endpoint.connection_string.clone())
}

/// `DATABASE_URL` (pooled, else direct, else Accelerate) and `DIRECT_URL` (direct) for a connection.
pub fn env_lines(connection: &Connection) -> Vec<String> {
    let endpoints = &connection.endpoints;
    let (direct, pooled, accelerate) =
        (string(&endpoints.direct), string(&endpoints.pooled), string(&endpoints.accelerate));
    let mut lines = Vec::new();
    if let Some(main) =
        pooled.or_else(|| direct.clone()).or(accelerate).or_else(|| connection.connection_string.clone())
    {
        lines.push(format!("DATABASE_URL=\"{main}\""));
    }
    if let Some(direct) = direct {
        lines.push(format!("DIRECT_URL=\"{direct}\""));
    }
    lines
}

impl SecretPanel {
    pub fn new(connections: Vec<Connection>) -> SecretPanel {
        let mut secrets = Vec::new();
        for connection in &connections {
            let endpoints = &connection.endpoints;
            for (kind, endpoint) in
                [("direct", &endpoints.direct), ("pooled", &endpoints.pooled), ("accelerate", &endpoints.accelerate)]
            {
                if let Some(text) = string(endpoint) {
                    secrets.push(Secret { label: format!("{} · {kind}", connection.name), text });
                }
            }
        }
        let env_lines = connections.first().map(env_lines).unwrap_or_default();
        SecretPanel { secrets, env_lines, revealed: false, selected: 0, note: None, confirm_unignored: false }
    }

    /// The text as shown: masked unless revealed.
    pub fn shown(&self, secret: &Secret) -> String {
        if self.revealed { secret.text.clone() } else { mask(&secret.text) }
    }
}
