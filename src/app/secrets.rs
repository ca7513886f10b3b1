//! The secret panel: every string just minted, masked until `s`, each copyable, `w` to write a `.env` (for
//! connection strings; a service token's panel has no `.env`).
use std::fmt;

use super::copy::mask;
use crate::api::{Connection, CreatedServiceToken};

/// One minted string of the panel.
#[derive(Clone, PartialEq)]
pub struct Secret {
    /// Such as `app-server · pooled`.
    pub label: String,
    pub text: String,
}

/// Leaves the text out, so that no log or panic message can hold it.
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret").field("label", &self.label).field("text", &"…redacted…").finish()
    }
}

/// What the panel's strings are: a connection's (`.env` can hold them) or a service token (it cannot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Minted {
    Credentials,
    ServiceToken,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecretPanel {
    pub minted: Minted,
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

/// The warning of a service token's panel: copy it, and no `.env` (a token is not a database string).
pub fn token_shown_once(copy: &str) -> String {
    format!("The API will not show this token again. Copy it now ({copy}) into a secret store; it does not go in .env.")
}

/// Said when `w` is pressed on a service token's panel.
pub const NO_ENV_FOR_TOKENS: &str = "a service token does not go in .env: copy it into a secret store";

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
        SecretPanel {
            minted: Minted::Credentials,
            title,
            secrets,
            env_lines,
            revealed: false,
            selected: 0,
            note: None,
            confirm_unignored: false,
        }
    }

    /// A new service token's value, titled with its name; nothing for `.env`.
    pub fn service_token(created: &CreatedServiceToken) -> SecretPanel {
        let name = &created.token.name;
        let secret = Secret { label: format!("{name} · service token"), text: created.value.clone() };
        SecretPanel {
            minted: Minted::ServiceToken,
            title: name.clone(),
            secrets: vec![secret],
            env_lines: Vec::new(),
            revealed: false,
            selected: 0,
            note: None,
            confirm_unignored: false,
        }
    }

    /// The panel's heading: `New credentials`, `New service token`.
    pub fn heading(&self) -> &'static str {
        match self.minted {
            Minted::Credentials => "New credentials",
            Minted::ServiceToken => "New service token",
        }
    }

    /// Whether `w` writes these strings to `.env` (a service token's panel never does).
    pub fn writes_env(&self) -> bool {
        self.minted == Minted::Credentials && !self.env_lines.is_empty()
    }

    /// The text as shown: masked unless revealed.
    pub fn shown(&self, secret: &Secret) -> String {
        if self.revealed { secret.text.clone() } else { mask(&secret.text) }
    }
}
