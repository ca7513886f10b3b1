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
    /// Names what the strings open: `worker (main-db)`.
    pub title: String,
    /// Each connection's pooled string first (it is what `DATABASE_URL` holds), then direct, Accelerate.
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

/// The endpoint whose string goes first: the one `DATABASE_URL` holds.
const POOLED: &str = "pooled";

/// `worker (main-db)`; `2 connections (main-db)`; the database's name when the answer carried it.
fn title(connections: &[Connection]) -> String {
    let named = match connections {
        [one] => one.name.clone(),
        many => format!("{} connections", many.len()),
    };
    match connections.first().and_then(|connection| connection.database.as_ref()) {
        Some(database) => format!("{named} ({})", database.name),
        None => named,
    }
}

/// The warning the panel always shows, with the keys in force for copying and writing.
pub fn shown_once(copy: &str, write_env: &str) -> String {
    format!("The API will not show these again. Copy them now ({copy}), or write them to .env ({write_env}).")
}

impl SecretPanel {
    pub fn new(connections: Vec<Connection>) -> SecretPanel {
        let mut secrets = Vec::new();
        for connection in &connections {
            let mut minted: Vec<(&str, &str)> = connection.minted().collect();
            minted.sort_by_key(|(kind, _)| [POOLED, "direct"].iter().position(|first| first == kind).unwrap_or(2));
            for (kind, text) in minted {
                secrets.push(Secret { label: format!("{} · {kind}", connection.name), text: text.to_owned() });
            }
        }
        let title = title(&connections);
        let env_lines = connections.first().map(Connection::env_lines).unwrap_or_default();
        SecretPanel { title, secrets, env_lines, revealed: false, selected: 0, note: None, confirm_unignored: false }
    }

    /// The text as shown: masked unless revealed.
    pub fn shown(&self, secret: &Secret) -> String {
        if self.revealed { secret.text.clone() } else { mask(&secret.text) }
    }
}
