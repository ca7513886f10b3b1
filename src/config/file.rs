//! The config file: its format as typed data, parsing with line numbers, and loading from disk.
//!
//! [`parse`] is pure (text in, [`ConfigFile`] or an error naming the line out); [`load`] adds the
//! reading and the permission check. Unknown keys are errors, so a typo never passes unnoticed.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::url::normalize_api_url;
use super::{ConfigError, line_of};
use crate::api::Token;

/// The config file, every key optional. See `docs/configuration.md` for the meaning of each key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    /// The profile used when neither `--profile` nor `PPG_PROFILE` chooses one. Always names a
    /// profile in `profiles` (checked by [`parse`]).
    pub default_profile: Option<String>,
    /// Mouse support in the TUI (default off, so the terminal's own selection keeps working).
    pub mouse: bool,
    /// How the TUI copies to the clipboard.
    pub clipboard: Clipboard,
    /// The TUI's colours.
    pub theme: Theme,
    /// Clear the clipboard this long after copying a secret; `None` (the default, or `"off"`) never clears.
    pub clear_clipboard_after: Option<Duration>,
    /// Refresh the visible view this often; `None` (the default, or `"off"`) refreshes only on `R`.
    pub refresh_interval: Option<Duration>,
    /// The time limit of one request to the API; `None` keeps the default (30 s). A profile's own wins.
    pub request_timeout: Option<Duration>,
    /// How long a `token_command` may run before it is stopped; `None` keeps the default (10 s).
    pub token_command_timeout: Option<Duration>,
    /// The profiles by name, sorted.
    pub profiles: BTreeMap<String, Profile>,
    /// The `[keys]` table as written; the TUI's keymap parses it.
    pub keys: toml::Table,
}

/// One profile: usually one workspace's token, and optionally its own API URL and read-only mode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub credential: Credential,
    /// Already validated and without a trailing `/`.
    pub api_url: Option<String>,
    pub read_only: bool,
    /// This profile's time limit of one request; beats the top-level `request_timeout`.
    pub request_timeout: Option<Duration>,
}

/// Where a profile's token comes from. `Debug` never shows a token.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Credential {
    /// Neither `token` nor `token_command`.
    #[default]
    None,
    /// `token = "…"`, written in the file.
    Token(Token),
    /// `token_command = "…"`, run with `sh -c` when the token is needed; its stdout is the token.
    Command(String),
}

/// `clipboard = "auto" | "native" | "osc52"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Clipboard {
    /// The native clipboard, falling back to OSC 52 when there is no display or it fails.
    #[default]
    Auto,
    /// Only the native clipboard.
    Native,
    /// Only the OSC 52 escape sequence (works over SSH, inside tmux and screen).
    Osc52,
}

/// `theme = "dark" | "light" | "colorblind"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Dark,
    Light,
    Colorblind,
}

/// A config file that was found and parsed, with the warnings it deserves (shown, never fatal).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub file: ConfigFile,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default_profile: Option<Spanned<String>>,
    #[serde(default)]
    mouse: bool,
    #[serde(default)]
    clipboard: Clipboard,
    #[serde(default)]
    theme: Theme,
    #[serde(default, deserialize_with = "clear_duration")]
    clear_clipboard_after: Option<Duration>,
    #[serde(default, deserialize_with = "refresh_duration")]
    refresh_interval: Option<Duration>,
    #[serde(default, deserialize_with = "request_limit")]
    request_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "command_limit")]
    token_command_timeout: Option<Duration>,
    #[serde(default)]
    profiles: BTreeMap<String, RawProfile>,
    #[serde(default)]
    keys: toml::Table,
}

/// A profile as written. No `Debug`: it holds the token as plain text until it becomes a [`Token`].
/// Spans let [`parse`] name the line of a key that breaks a rule across keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    token: Option<Spanned<String>>,
    token_command: Option<Spanned<String>>,
    api_url: Option<Spanned<String>>,
    #[serde(default)]
    read_only: bool,
    #[serde(default, deserialize_with = "request_limit")]
    request_timeout: Option<Duration>,
}

impl RawProfile {
    /// Checks the rules across keys; an error is the byte offset to report and the message.
    fn into_profile(self, name: &str) -> Result<Profile, (usize, String)> {
        let credential = match (self.token, self.token_command) {
            (Some(token), Some(command)) => {
                let later = token.span().start.max(command.span().start);
                return Err((later, format!("profile `{name}` has both `token` and `token_command`; keep one")));
            }
            (Some(token), None) => {
                let offset = token.span().start;
                let token = Token::new(token.into_inner());
                if token.is_empty() {
                    return Err((offset, format!("the token of profile `{name}` is empty")));
                }
                Credential::Token(token)
            }
            (None, Some(command)) if command.get_ref().trim().is_empty() => {
                return Err((command.span().start, format!("the token_command of profile `{name}` is empty")));
            }
            (None, Some(command)) => Credential::Command(command.into_inner()),
            (None, None) => Credential::None,
        };
        let api_url = match self.api_url {
            Some(url) => Some(
                normalize_api_url(url.get_ref())
                    .map_err(|reason| (url.span().start, format!("the api_url of profile `{name}` {reason}")))?,
            ),
            None => None,
        };
        Ok(Profile { credential, api_url, read_only: self.read_only, request_timeout: self.request_timeout })
    }
}

/// `clear_clipboard_after`: `"off"` or a duration like `"30s"`, `"2m"`; zero means off.
fn clear_duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_duration("clear_clipboard_after", &text).map_err(serde::de::Error::custom)
}

/// `refresh_interval`: the same, but at least one second, so a typo cannot hammer the API.
fn refresh_duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(deserializer)?;
    match parse_duration("refresh_interval", &text).map_err(serde::de::Error::custom)? {
        Some(every) if every < Duration::from_secs(1) => {
            Err(serde::de::Error::custom("refresh_interval must be at least 1s (or \"off\")"))
        }
        every => Ok(every),
    }
}

/// `request_timeout`: a duration, never off (a request without a limit could hang forever).
fn request_limit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(deserializer)?;
    time_limit("request_timeout", &text).map(Some).map_err(serde::de::Error::custom)
}

/// `token_command_timeout`: the same.
fn command_limit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(deserializer)?;
    time_limit("token_command_timeout", &text).map(Some).map_err(serde::de::Error::custom)
}

/// A time limit: a positive duration, "off" not allowed.
fn time_limit(key: &str, text: &str) -> Result<Duration, String> {
    match parse_duration(key, text)? {
        Some(limit) if !text.trim().eq_ignore_ascii_case("off") => Ok(limit),
        _ => Err(format!("{key} must be a duration above zero, e.g. \"30s\"; it cannot be off")),
    }
}

fn parse_duration(key: &str, text: &str) -> Result<Option<Duration>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    match humantime::parse_duration(text) {
        Ok(duration) if duration.is_zero() => Ok(None),
        Ok(duration) => Ok(Some(duration)),
        // The value is not quoted back: whatever was pasted here might be a token.
        Err(_) => Err(format!("{key} is not a duration; write e.g. \"30s\", \"5m\" or \"off\"")),
    }
}

/// Parses the text of a config file. `path` is only used in error messages, which name the line.
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let invalid = |offset: usize, message: String| ConfigError::Invalid {
        path: path.to_path_buf(),
        line: line_of(text, offset),
        message,
    };
    let deserializer = toml::Deserializer::parse(text).map_err(|err| invalid(start(&err), err.message().to_owned()))?;
    let raw: RawFile = serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let key = err.path().to_string();
        // `Spanned` values add a private segment to the path; the user never wrote it.
        let key = key.split('.').filter(|segment| !segment.starts_with("$__")).collect::<Vec<_>>().join(".");
        invalid(start(err.inner()), describe(err.inner().message(), &key))
    })?;
    if let Some(name) = &raw.default_profile
        && !raw.profiles.contains_key(name.get_ref())
    {
        let message = format!("default_profile `{}` is not a profile in this file", name.get_ref());
        return Err(invalid(name.span().start, message));
    }
    let mut profiles = BTreeMap::new();
    for (name, profile) in raw.profiles {
        let profile = profile.into_profile(&name).map_err(|(offset, message)| invalid(offset, message))?;
        profiles.insert(name, profile);
    }
    Ok(ConfigFile {
        default_profile: raw.default_profile.map(Spanned::into_inner),
        mouse: raw.mouse,
        clipboard: raw.clipboard,
        theme: raw.theme,
        clear_clipboard_after: raw.clear_clipboard_after,
        refresh_interval: raw.refresh_interval,
        request_timeout: raw.request_timeout,
        token_command_timeout: raw.token_command_timeout,
        profiles,
        keys: raw.keys,
    })
}

fn start(err: &toml::de::Error) -> usize {
    err.span().map_or(0, |span| span.start)
}

/// Rewrites serde's "invalid type: string \"…\", expected a boolean" as "invalid type: expected a
/// boolean for profiles.acme.read_only", and "unknown variant `…`" likewise: the value found is
/// dropped (it might be a token pasted into the wrong key) and the key is named instead.
fn describe(message: &str, key: &str) -> String {
    for kind in ["invalid type", "invalid value", "invalid length"] {
        if let Some(rest) = message.strip_prefix(kind).and_then(|rest| rest.strip_prefix(": "))
            && let Some((_, expected)) = rest.split_once(", expected ")
        {
            return format!("{kind}: expected {expected} for {key}");
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((_, expected)) = rest.split_once(", expected ")
    {
        return format!("unknown value for {key}, expected {expected}");
    }
    if key.is_empty() || key == "." || message.contains(key) || message.starts_with("unknown field") {
        message.to_owned()
    } else {
        format!("{message} (in {key})")
    }
}

/// Reads and parses the config file at `path`. `Ok(None)` when there is no such file.
pub fn load(path: &Path) -> Result<Option<Loaded>, ConfigError> {
    let Some((text, mode)) = read_config(path)? else { return Ok(None) };
    let file = parse(path, &text)?;
    let warnings = permission_warnings(path, mode, &file);
    Ok(Some(Loaded { file, warnings }))
}

/// The file's text and (on unix) its permission bits; `None` when it does not exist.
fn read_config(path: &Path) -> Result<Option<(String, Option<u32>)>, ConfigError> {
    use std::io::Read;
    let read_error = |source| ConfigError::Read { path: path.to_path_buf(), source };
    let mut handle = match std::fs::File::open(path) {
        Ok(handle) => handle,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(read_error(err)),
    };
    let metadata = handle.metadata().map_err(read_error)?;
    let mut text = String::new();
    handle.read_to_string(&mut text).map_err(read_error)?;
    Ok(Some((text, mode_of(&metadata))))
}

#[cfg(unix)]
fn mode_of(metadata: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(metadata.permissions().mode())
}

#[cfg(not(unix))]
fn mode_of(_metadata: &std::fs::Metadata) -> Option<u32> {
    None
}

/// Warnings about a file others may read (when it holds a token) or write (when it runs commands).
pub(crate) fn permission_warnings(path: &Path, mode: Option<u32>, file: &ConfigFile) -> Vec<String> {
    let Some(mode) = mode else { return Vec::new() };
    let path = path.display();
    let has = |want: fn(&Credential) -> bool| file.profiles.values().any(|profile| want(&profile.credential));
    let mut warnings = Vec::new();
    if mode & 0o077 != 0 && has(|c| matches!(c, Credential::Token(_))) {
        warnings.push(format!("{path} holds a token and is readable by other users; run: chmod 600 {path}"));
    }
    if mode & 0o022 != 0 && has(|c| matches!(c, Credential::Command(_))) {
        warnings.push(format!("{path} runs a token_command and is writable by other users; run: chmod 600 {path}"));
    }
    warnings
}
