//! Configuration: the config file, the environment and the flags, resolved into the settings ppg runs with.
//!
//! Everything here is pure except a few clearly named functions: [`Env::from_process`] reads the
//! environment, [`load`] reads the config file, and [`run_token_command`] runs a profile's
//! `token_command` (which [`resolve`] calls only when that token is the one in force).
//!
//! Precedence, lowest to highest: built-in defaults < config file < environment < flags. The rules,
//! with the one exception for tokens, are in `docs/configuration.md`.
//!
//! A token's text never appears in an error, a warning or `Debug` output: it travels as
//! [`crate::api::Token`], and error messages about the file describe a bad value without quoting it.

mod command;
mod env;
mod file;
mod resolve;
mod url;

pub use command::{TOKEN_COMMAND_TIMEOUT, run_token_command};
pub use env::{API_URL_VAR, Env, LOG_VAR, PROFILE_VAR, TOKEN_VAR, config_path, state_dir};
pub use file::{Clipboard, ConfigFile, Credential, Loaded, Profile, Theme, load, parse};
pub use resolve::{DEFAULT_API_URL, Overrides, Settings, TokenSource, resolve};
pub use url::normalize_api_url;

use std::path::PathBuf;

/// Everything that can go wrong while reading the configuration or finding the token.
///
/// No variant carries a token: command output is never kept, and messages about the file describe
/// what was expected rather than repeating the value that was found.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but could not be read.
    #[error("{}: cannot read the config file: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },

    /// The file is not valid TOML, or a key or value is wrong. `line` counts from 1.
    #[error("{} line {line}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, message: String },

    /// `--profile` or `PPG_PROFILE` names a profile the config file does not have.
    #[error("profile `{name}` (from {origin}) does not exist; {}", known_profiles(known))]
    UnknownProfile { name: String, origin: &'static str, known: Vec<String> },

    /// `--api-url` or `PPG_API_URL` is not a usable URL. The value is not repeated.
    #[error("the API URL from {origin} {reason}")]
    InvalidApiUrl { origin: &'static str, reason: String },

    /// A profile's `token_command` could not be started.
    #[error("token_command of profile `{profile}` could not be started: {source}")]
    CommandSpawn { profile: String, source: std::io::Error },

    /// A profile's `token_command` exited unsuccessfully. `stderr` is the first line of its error
    /// output (cleaned of control characters, shortened); its standard output is never kept.
    #[error("token_command of profile `{profile}` failed ({status}){}", stderr_suffix(stderr))]
    CommandFailed { profile: String, status: String, stderr: String },

    /// A profile's `token_command` succeeded but printed no token.
    #[error("token_command of profile `{profile}` printed no token on its standard output")]
    CommandEmpty { profile: String },

    /// A profile's `token_command` printed something that is not UTF-8 text.
    #[error("token_command of profile `{profile}` printed something that is not UTF-8 text")]
    CommandNotUtf8 { profile: String },

    /// A profile's `token_command` did not finish in time and was stopped. The command is named (it is
    /// configuration, not a secret); its output is not.
    #[error(
        "token_command of profile `{profile}` (`{command}`) did not finish within {}; it was stopped \
         (raise token_command_timeout in the config file if it needs longer)",
        crate::api::format_seconds(*after)
    )]
    CommandTimedOut { profile: String, command: String, after: std::time::Duration },

    /// The token in force has a character that cannot be sent in an HTTP header. The token is not shown.
    #[error("the token from {origin} has {what}, which cannot be sent in an HTTP header; set it again without it")]
    TokenUnsendable { origin: String, what: &'static str },

    /// An environment variable ppg reads holds bytes that are not UTF-8 text.
    #[error("{name} is not valid UTF-8 text, so ppg cannot use it; set it again or unset it")]
    EnvNotUtf8 { name: &'static str },
}

fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        "no profiles are configured".to_owned()
    } else {
        format!("known profiles: {}", known.join(", "))
    }
}

fn stderr_suffix(stderr: &str) -> String {
    if stderr.is_empty() { String::new() } else { format!(": {stderr}") }
}

/// The 1-based line that byte `offset` of `text` falls on (offsets past the end count as the last line).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    let bytes = text.as_bytes().get(..end).unwrap_or_default();
    1 + bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Makes untrusted text (a command's stderr) safe to show on one line: control characters become
/// spaces, and the result is cut at `max` characters with `…`.
pub(crate) fn one_clean_line(text: &str, max: usize) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    let mut out: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect();
    if line.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_resolve;
