//! What every API command runs with (the client, the output mode, read-only) and how it fails.
use std::io::Write;
use std::process::ExitCode;

use super::exit;
use super::waiting::Waiting;
use crate::api::{self, Client};
use crate::config::{self, Env, Overrides};
use crate::format::sanitize;

pub struct Context {
    pub client: Client,
    pub json: bool,
    pub read_only: bool,
    /// The "waiting for…" line on a terminal's stderr.
    waiting: Option<Waiting>,
}

impl Context {
    /// Resolves the configuration (file < environment < flags) and builds the client. Call it on a tokio
    /// runtime: on a terminal, the waiting line is drawn by a task of its own.
    pub fn new(env: &Env, overrides: &Overrides, json: bool) -> Result<Self, Failure> {
        let path = config::config_path(env);
        let loaded = config::load(&path).map_err(|error| Failure::Usage(error.to_string()))?;
        if let Some(loaded) = &loaded {
            for warning in &loaded.warnings {
                // On stderr, as every note (`output` prints them the same way, and imports this module).
                let _ = writeln!(std::io::stderr(), "ppg: warning: {}", sanitize(warning));
            }
        }
        let settings = config::resolve(loaded.as_ref().map(|loaded| &loaded.file), env, overrides)
            .map_err(|error| Failure::Usage(error.to_string()))?;
        let client = settings.client().map_err(Failure::Usage)?.ok_or_else(|| {
            Failure::Usage(format!(
                "no API token: set PRISMA_POSTGRES_TOKEN, or add a profile with a token to {}",
                path.display()
            ))
        })?;
        tracing::debug!(api_url = %settings.api_url, profile = ?settings.profile, read_only = settings.read_only, "configured");
        let (client, waiting) = match Waiting::start(client.host()) {
            Some((waiting, observer)) => (client.observed(observer), Some(waiting)),
            None => (client, None),
        };
        Ok(Self { client, json, read_only: settings.read_only, waiting })
    }

    /// Clears the waiting line, if any, for good.
    pub fn finish(self) {
        if let Some(waiting) = self.waiting {
            waiting.finish();
        }
    }
}

/// Why a command did not do what was asked; each maps to an exit code of design §1.
#[derive(Debug)]
pub enum Failure {
    Api(api::Error),
    /// A bad flag or argument, or a configuration that cannot work.
    Usage(String),
    /// Refused by a guard (read-only, a missing or wrong confirmation): nothing was sent.
    Refused(String),
    /// Something named does not exist (found without an API error, such as a backup not listed).
    NotFound(String),
    /// The request's outcome is known, but it is not a success; the message says what happened.
    Reported(String),
    /// Nothing to say, only an exit code: stdout was a closed pipe ([`exit::BROKEN_PIPE`]), or the console
    /// ended on a signal (128 + its number).
    Quiet(u8),
}

impl From<api::Error> for Failure {
    fn from(error: api::Error) -> Self {
        Self::Api(error)
    }
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Self::Api(error) if error.is_not_found() => exit::NOT_FOUND,
            Self::NotFound(_) => exit::NOT_FOUND,
            Self::Api(_) | Self::Reported(_) => exit::API,
            Self::Usage(_) => exit::USAGE,
            Self::Refused(_) => exit::REFUSED,
            Self::Quiet(code) => *code,
        }
    }

    /// Prints the failure (escaped: API messages are untrusted) and what to do, then gives the exit code.
    /// A stderr that cannot be written to loses the message, never the exit code.
    pub fn report(self) -> ExitCode {
        let code = self.code();
        let mut stderr = std::io::stderr().lock();
        let _ = match &self {
            Self::Api(error) => match error.advice() {
                Some(advice) => writeln!(stderr, "ppg: error: {}\nppg: {advice}", sanitize(&error.to_string())),
                None => writeln!(stderr, "ppg: error: {}", sanitize(&error.to_string())),
            },
            Self::Usage(message) => writeln!(stderr, "ppg: {}", sanitize(message)),
            Self::Refused(message) => writeln!(stderr, "ppg: refused: {}", sanitize(message)),
            Self::NotFound(message) | Self::Reported(message) => writeln!(stderr, "ppg: {}", sanitize(message)),
            Self::Quiet(_) => Ok(()),
        };
        ExitCode::from(code)
    }
}
