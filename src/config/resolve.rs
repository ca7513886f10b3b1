//! Resolution: the config file, the environment and the flags combined into the [`Settings`] ppg runs with.
//!
//! Precedence, lowest to highest: built-in defaults < config file < environment < flags, with one
//! exception: a token from `PRISMA_POSTGRES_TOKEN` does not override the token of a profile chosen
//! explicitly with `--profile` (a flag on this command line says more than an ambient variable).

use std::fmt;

use std::time::Duration;

use super::ConfigError;
use super::command::{TOKEN_COMMAND_TIMEOUT, run_token_command};
use super::env::{API_URL_VAR, Env, PROFILE_VAR, TOKEN_VAR};
use super::file::{ConfigFile, Credential, Profile};
use super::url::normalize_api_url;
use crate::api::{REQUEST_TIMEOUT, Token};

/// The Management API used when nothing else is configured.
pub const DEFAULT_API_URL: &str = "https://api.prisma.io";

/// What the command line says: `--profile`, `--api-url`, `--read-only`, and a token if the caller
/// accepts one there (ppg's CLI has no `--token` flag today; tokens on a command line leak into
/// `ps` and shell history).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub profile: Option<String>,
    pub api_url: Option<String>,
    pub read_only: bool,
    pub token: Option<Token>,
}

/// Where the token in force came from, named without showing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// [`Overrides::token`].
    Flag,
    /// `PRISMA_POSTGRES_TOKEN`.
    Env,
    /// The `token` key of the named profile.
    Profile(String),
    /// The output of the named profile's `token_command`.
    ProfileCommand(String),
    /// No token anywhere: the TUI shows its first-run screen, the CLI asks for one.
    None,
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Flag => f.write_str("the command line"),
            TokenSource::Env => f.write_str(TOKEN_VAR),
            TokenSource::Profile(name) => write!(f, "the token of profile `{name}`"),
            TokenSource::ProfileCommand(name) => write!(f, "the token_command of profile `{name}`"),
            TokenSource::None => f.write_str("nowhere (no token is configured)"),
        }
    }
}

/// The settings in force. `Debug` is safe to print: the token is redacted.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The profile in force, if any.
    pub profile: Option<String>,
    pub token: Option<Token>,
    pub token_source: TokenSource,
    /// Validated, without a trailing `/` or `/v1`.
    pub api_url: String,
    /// The time limit of one request: the profile's `request_timeout`, the file's, or 30 s.
    pub request_timeout: Duration,
    pub read_only: bool,
    /// Every profile in the config file, sorted (for the TUI's profile switch).
    pub profiles: Vec<String>,
}

impl Settings {
    /// The API's `host[:port]` when it is not the default one (the console's header shows it, as k9s shows
    /// its context), else `None`.
    pub fn host_badge(&self) -> Option<String> {
        if self.api_url == DEFAULT_API_URL {
            return None;
        }
        let rest = self.api_url.split_once("://").map_or(self.api_url.as_str(), |(_, rest)| rest);
        Some(rest.split('/').next().unwrap_or(rest).to_owned())
    }

    /// The one way to build an API client from settings: its URL, token and time limit (`None`: no token).
    pub fn client(&self) -> Result<Option<crate::api::Client>, String> {
        let Some(token) = self.token.clone() else { return Ok(None) };
        let options =
            crate::api::ClientOptions::new(self.api_url.clone(), token).with_request_timeout(self.request_timeout);
        crate::api::Client::new(options).map(Some)
    }
}

/// How the profile in force was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chosen {
    Flag,
    Env,
    Implicit,
}

/// Combines the file (if any), the environment and the flags. Runs the chosen profile's
/// `token_command` only when its token is the one that wins.
pub fn resolve(file: Option<&ConfigFile>, env: &Env, flags: &Overrides) -> Result<Settings, ConfigError> {
    let profiles: Vec<String> = file.map(|file| file.profiles.keys().cloned().collect()).unwrap_or_default();
    let chosen = choose_profile(file, env, flags, &profiles)?;
    let profile = chosen.as_ref().and_then(|(name, _)| file.and_then(|file| file.profiles.get(name)));
    let empty = Profile::default();
    let profile_data = profile.unwrap_or(&empty);

    // The environment's token wins over the profile's, unless `--profile` chose a profile that has one.
    let env_wins = match &chosen {
        Some((_, Chosen::Flag)) => matches!(profile_data.credential, Credential::None),
        _ => true,
    };
    let (token, token_source) = match (&flags.token, &env.token) {
        (Some(token), _) => (Some(token.clone()), TokenSource::Flag),
        (None, Some(token)) if env_wins => (Some(token.clone()), TokenSource::Env),
        _ => {
            let limit = file.and_then(|file| file.token_command_timeout).unwrap_or(TOKEN_COMMAND_TIMEOUT);
            profile_token(chosen.as_ref().map(|(name, _)| name.as_str()), &profile_data.credential, limit)?
        }
    };
    if let Some(what) = token.as_ref().and_then(Token::unsendable) {
        return Err(ConfigError::TokenUnsendable { origin: token_source.to_string(), what });
    }

    let api_url = match (&flags.api_url, &env.api_url, &profile_data.api_url) {
        (Some(url), _, _) => validated(url, "--api-url")?,
        (None, Some(url), _) => validated(url, API_URL_VAR)?,
        (None, None, Some(url)) => url.clone(),
        (None, None, None) => DEFAULT_API_URL.to_owned(),
    };

    Ok(Settings {
        profile: chosen.map(|(name, _)| name),
        token,
        token_source,
        api_url,
        request_timeout: profile_data
            .request_timeout
            .or_else(|| file.and_then(|file| file.request_timeout))
            .unwrap_or(REQUEST_TIMEOUT),
        read_only: flags.read_only || profile_data.read_only,
        profiles,
    })
}

/// `--profile` > `PPG_PROFILE` > `default_profile` > a profile named `default` > the only profile.
fn choose_profile(
    file: Option<&ConfigFile>,
    env: &Env,
    flags: &Overrides,
    known: &[String],
) -> Result<Option<(String, Chosen)>, ConfigError> {
    let explicit = match (&flags.profile, &env.profile) {
        (Some(name), _) => Some((name, Chosen::Flag, "--profile")),
        (None, Some(name)) => Some((name, Chosen::Env, PROFILE_VAR)),
        (None, None) => None,
    };
    if let Some((name, how, origin)) = explicit {
        if !known.contains(name) {
            return Err(ConfigError::UnknownProfile { name: name.clone(), origin, known: known.to_vec() });
        }
        return Ok(Some((name.clone(), how)));
    }
    let implicit = file.and_then(|file| file.default_profile.clone()).or_else(|| match known {
        [only] => Some(only.clone()),
        _ => known.iter().find(|name| *name == "default").cloned(),
    });
    Ok(implicit.map(|name| (name, Chosen::Implicit)))
}

fn profile_token(
    name: Option<&str>,
    credential: &Credential,
    limit: Duration,
) -> Result<(Option<Token>, TokenSource), ConfigError> {
    match (name, credential) {
        (Some(name), Credential::Token(token)) => Ok((Some(token.clone()), TokenSource::Profile(name.to_owned()))),
        (Some(name), Credential::Command(command)) => {
            let token = run_token_command(name, command, limit)?;
            Ok((Some(token), TokenSource::ProfileCommand(name.to_owned())))
        }
        _ => Ok((None, TokenSource::None)),
    }
}

fn validated(url: &str, origin: &'static str) -> Result<String, ConfigError> {
    normalize_api_url(url).map_err(|reason| ConfigError::InvalidApiUrl { origin, reason })
}
