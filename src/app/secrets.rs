//! The secret panel: every string just minted, masked until `s`, each copyable, `w` to write a `.env`.
use super::copy::mask;
use crate::api::Connection;

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

impl SecretPanel {
    pub fn new(connections: Vec<Connection>) -> SecretPanel {
        let mut secrets = Vec::new();
        for connection in &connections {
            for (kind, text) in connection.minted() {
                secrets.push(Secret { label: format!("{} · {kind}", connection.name), text: text.to_owned() });
            }
        }
        let env_lines = connections.first().map(Connection::env_lines).unwrap_or_default();
        SecretPanel { secrets, env_lines, revealed: false, selected: 0, note: None, confirm_unignored: false }
    }

    /// The text as shown: masked unless revealed.
    pub fn shown(&self, secret: &Secret) -> String {
        if self.revealed { secret.text.clone() } else { mask(&secret.text) }
    }
}
