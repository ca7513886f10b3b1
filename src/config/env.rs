//! The environment variables ppg reads, taken once as a snapshot, and the paths derived from them.
//!
//! A snapshot keeps everything else pure: [`Env::from_process`] is the only place that reads the
//! process environment, and tests build an [`Env`] from pairs instead.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::api::Token;

/// The token for the Management API; beats a profile's token unless `--profile` chose the profile.
pub const TOKEN_VAR: &str = "PRISMA_POSTGRES_TOKEN";
/// The API base URL; beats a profile's `api_url`, loses to `--api-url`.
pub const API_URL_VAR: &str = "PPG_API_URL";
/// The profile to use; beats `default_profile`, loses to `--profile`.
pub const PROFILE_VAR: &str = "PPG_PROFILE";
/// The log level or filter; also turns on logging to the state directory.
pub const LOG_VAR: &str = "PPG_LOG";

/// The psql `ppg connect` runs (a path, or a name looked up in `PATH`).
pub const PSQL_VAR: &str = "PPG_PSQL";

/// The variables whose value must be UTF-8 text: a value that is not is an error, never ignored.
const TEXT_VARS: [&str; 4] = [TOKEN_VAR, API_URL_VAR, PROFILE_VAR, LOG_VAR];

/// The environment as ppg sees it. Empty values count as unset. `Debug` is safe to print: the
/// token is a [`Token`], whose `Debug` is redacted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Env {
    /// `PRISMA_POSTGRES_TOKEN`.
    pub token: Option<Token>,
    /// `PPG_API_URL`, as given (validated by [`crate::config::resolve`]).
    pub api_url: Option<String>,
    /// `PPG_PROFILE`.
    pub profile: Option<String>,
    /// `PPG_LOG`.
    pub log: Option<String>,
    /// The variables of [`TEXT_VARS`] that are set to something that is not UTF-8 (and so read as unset).
    pub not_utf8: Vec<&'static str>,
    /// `NO_COLOR` is set to something non-empty (<https://no-color.org>).
    pub no_color: bool,
    /// `XDG_CONFIG_HOME`, only when absolute (the XDG spec says to ignore relative values).
    pub xdg_config_home: Option<PathBuf>,
    /// `XDG_STATE_HOME`, only when absolute.
    pub xdg_state_home: Option<PathBuf>,
    /// `HOME`, or (from the process only) the home directory of the user's account when `HOME` is unset.
    pub home: Option<PathBuf>,
    /// `PPG_PSQL`: the psql that `ppg connect` runs, as given.
    pub psql: Option<OsString>,
    /// `PATH`, where psql is looked for.
    pub path: Option<OsString>,
}

impl Env {
    /// Reads the variables from the process environment. A text variable whose value is not valid UTF-8
    /// is listed in `not_utf8` ([`Env::check`] turns that into an error); the path variables may hold
    /// any bytes.
    pub fn from_process() -> Self {
        let mut env = Self::from_lookup(|name| std::env::var_os(name));
        if env.home.is_none() {
            #[allow(deprecated)] // deprecated before Rust 1.86, correct on every supported version
            let fallback = std::env::home_dir().filter(|home| !home.as_os_str().is_empty());
            env.home = fallback;
        }
        env
    }

    /// Builds a snapshot from name/value pairs, for tests: `Env::from_pairs([("HOME", "/h")])`.
    /// Names ppg does not read are ignored; a later pair replaces an earlier one.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let pairs: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k.as_ref().to_owned(), v.into())).collect();
        Self::from_lookup(|name| pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| OsString::from(v)))
    }

    /// Builds a snapshot from raw values, for tests of values that are not UTF-8.
    pub fn from_os_pairs(pairs: &[(&str, OsString)]) -> Self {
        Self::from_lookup(|name| pairs.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.clone()))
    }

    /// Fails on the first text variable that is not UTF-8, naming it (never its value).
    pub fn check(&self) -> Result<(), super::ConfigError> {
        match self.not_utf8.first() {
            Some(name) => Err(super::ConfigError::EnvNotUtf8 { name }),
            None => Ok(()),
        }
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<OsString>) -> Self {
        let raw = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let text = |name: &str| raw(name).and_then(|value| value.into_string().ok());
        let absolute = |name: &str| raw(name).map(PathBuf::from).filter(|path| path.is_absolute());
        Self {
            token: text(TOKEN_VAR).map(Token::new).filter(|token| !token.is_empty()),
            api_url: text(API_URL_VAR),
            profile: text(PROFILE_VAR),
            log: text(LOG_VAR),
            not_utf8: TEXT_VARS.into_iter().filter(|name| raw(name).is_some_and(|v| v.to_str().is_none())).collect(),
            no_color: raw("NO_COLOR").is_some(),
            xdg_config_home: absolute("XDG_CONFIG_HOME"),
            xdg_state_home: absolute("XDG_STATE_HOME"),
            home: raw("HOME").map(PathBuf::from),
            psql: raw(PSQL_VAR),
            path: raw("PATH"),
        }
    }

    /// The home directory, or `/` when there is none at all (as `$HOME/…` would expand in a shell).
    /// Never the current directory: a config file there could run commands via `token_command`.
    fn home_or_root(&self) -> PathBuf {
        self.home.clone().unwrap_or_else(|| PathBuf::from("/"))
    }
}

/// Where the config file lives: `$XDG_CONFIG_HOME/ppg/config.toml`, else `$HOME/.config/ppg/config.toml`.
pub fn config_path(env: &Env) -> PathBuf {
    let base = env.xdg_config_home.clone().unwrap_or_else(|| env.home_or_root().join(".config"));
    base.join("ppg").join("config.toml")
}

/// Where log files go: `$XDG_STATE_HOME/ppg`, else `$HOME/.local/state/ppg`.
pub fn state_dir(env: &Env) -> PathBuf {
    let base = env.xdg_state_home.clone().unwrap_or_else(|| env.home_or_root().join(".local").join("state"));
    base.join("ppg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_config_home_wins_over_home() {
        let env = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")]);
        assert_eq!(config_path(&env), PathBuf::from("/x/ppg/config.toml"));
        assert_eq!(config_path(&Env::from_pairs([("HOME", "/h")])), PathBuf::from("/h/.config/ppg/config.toml"));
    }

    #[test]
    fn empty_or_relative_xdg_values_are_ignored() {
        let empty = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", ""), ("XDG_STATE_HOME", "")]);
        assert_eq!(config_path(&empty), PathBuf::from("/h/.config/ppg/config.toml"));
        assert_eq!(state_dir(&empty), PathBuf::from("/h/.local/state/ppg"));
        let relative = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", "cfg"), ("XDG_STATE_HOME", "st")]);
        assert_eq!(config_path(&relative), PathBuf::from("/h/.config/ppg/config.toml"));
        assert_eq!(state_dir(&relative), PathBuf::from("/h/.local/state/ppg"));
    }

    #[test]
    fn state_dir_follows_xdg_state_home() {
        assert_eq!(state_dir(&Env::from_pairs([("HOME", "/h"), ("XDG_STATE_HOME", "/s")])), PathBuf::from("/s/ppg"));
    }

    #[test]
    fn without_any_home_the_paths_are_absolute_never_relative_to_the_current_directory() {
        assert_eq!(config_path(&Env::default()), PathBuf::from("/.config/ppg/config.toml"));
        assert!(state_dir(&Env::default()).is_absolute());
    }

    #[test]
    fn from_pairs_reads_the_known_variables_and_treats_empty_as_unset() {
        let env = Env::from_pairs([
            ("PRISMA_POSTGRES_TOKEN", " tok "),
            ("PPG_API_URL", "http://x"),
            ("PPG_PROFILE", ""),
            ("NO_COLOR", "1"),
            ("UNRELATED", "y"),
        ]);
        assert_eq!(env.token.as_ref().map(Token::expose), Some("tok"));
        assert_eq!(env.api_url.as_deref(), Some("http://x"));
        assert_eq!(env.profile, None);
        assert!(env.no_color);
        assert!(!Env::from_pairs([("NO_COLOR", ""), ("PRISMA_POSTGRES_TOKEN", "  ")]).no_color);
        assert_eq!(Env::from_pairs([("PRISMA_POSTGRES_TOKEN", "  ")]).token, None);
        assert_eq!(Env::from_pairs([("PPG_PROFILE", "a"), ("PPG_PROFILE", "b")]).profile.as_deref(), Some("b"));
    }

    #[cfg(unix)]
    #[test]
    fn a_text_variable_that_is_not_utf8_is_an_error_naming_it() {
        use std::os::unix::ffi::OsStrExt;
        let bad = std::ffi::OsStr::from_bytes(b"ab\xffcd").to_owned();
        let env = Env::from_os_pairs(&[("PPG_PROFILE", bad.clone()), ("HOME", bad)]);
        assert_eq!(env.not_utf8, vec![PROFILE_VAR], "paths may hold any bytes");
        let message = env.check().unwrap_err().to_string();
        assert!(message.contains("PPG_PROFILE") && message.contains("UTF-8"), "{message}");
        assert!(Env::from_pairs([("PPG_PROFILE", "ok")]).check().is_ok());
    }
}
