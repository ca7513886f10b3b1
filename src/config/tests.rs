//! Tests of the config file: parsing a full example, errors that name their line, loading and permissions.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

const PATH: &str = "/h/.config/ppg/config.toml";

const FULL: &str = r#"
default_profile = "acme"
mouse = true
clipboard = "osc52"
theme = "colorblind"
clear_clipboard_after = "30s"
refresh_interval = "off"

[profiles.acme]
token = "sk_acme_secret"
api_url = "https://api.prisma.io/"
read_only = false

[profiles.staging]
token_command = "cat ~/.secrets/staging"
read_only = true

[keys]
quit = "q"
"#;

fn parsed(text: &str) -> ConfigFile {
    parse(Path::new(PATH), text).unwrap()
}

fn error(text: &str) -> String {
    let err = parse(Path::new(PATH), text).unwrap_err();
    let shown = err.to_string();
    let debug = format!("{err:?}");
    assert!(!shown.contains("sk_") && !debug.contains("sk_"), "a token leaked: {shown} / {debug}");
    shown
}

#[test]
fn a_full_example_parses_into_typed_settings() {
    let file = parsed(FULL);
    assert_eq!(file.default_profile.as_deref(), Some("acme"));
    assert!(file.mouse);
    assert_eq!(file.clipboard, Clipboard::Osc52);
    assert_eq!(file.theme, Theme::Colorblind);
    assert_eq!(file.clear_clipboard_after, Some(Duration::from_secs(30)));
    assert_eq!(file.refresh_interval, None);
    assert_eq!(file.profiles.keys().collect::<Vec<_>>(), ["acme", "staging"]);
    let acme = &file.profiles["acme"];
    assert_eq!(acme.credential, Credential::Token(crate::api::Token::new("sk_acme_secret")));
    assert_eq!(acme.api_url.as_deref(), Some("https://api.prisma.io"), "trailing slash stripped");
    assert!(!acme.read_only);
    let staging = &file.profiles["staging"];
    assert_eq!(staging.credential, Credential::Command("cat ~/.secrets/staging".to_owned()));
    assert!(staging.read_only);
    assert_eq!(file.keys.get("quit").and_then(|v| v.as_str()), Some("q"));
    assert!(!format!("{file:?}").contains("sk_acme_secret"), "Debug of the file hides tokens");
}

#[test]
fn an_empty_file_means_every_default() {
    let file = parsed("# nothing yet\n");
    assert_eq!(file, ConfigFile::default());
    assert!(!file.mouse);
    assert_eq!((file.clipboard, file.theme), (Clipboard::Auto, Theme::Dark));
}

#[test]
fn durations_accept_off_zero_and_humantime() {
    let file = parsed("clear_clipboard_after = \"1m 30s\"\nrefresh_interval = \"10s\"\n");
    assert_eq!(file.clear_clipboard_after, Some(Duration::from_secs(90)));
    assert_eq!(file.refresh_interval, Some(Duration::from_secs(10)));
    assert_eq!(parsed("clear_clipboard_after = \"0s\"\n").clear_clipboard_after, None);
    let bad = error("\n\nclear_clipboard_after = \"sk_3x\"\n");
    assert_eq!(
        bad,
        format!("{PATH} line 3: clear_clipboard_after is not a duration; write e.g. \"30s\", \"5m\" or \"off\"")
    );
    assert!(error("refresh_interval = \"100ms\"\n").contains("at least 1s"));
}

#[test]
fn an_unknown_top_level_key_is_an_error_naming_it_and_its_line() {
    let shown = error("mouse = true\ncolour = \"dark\"\n");
    assert!(shown.starts_with(&format!("{PATH} line 2: unknown field `colour`")), "{shown}");
}

#[test]
fn an_unknown_profile_key_is_an_error_naming_it_and_its_line() {
    let shown = error("[profiles.acme]\nread_only = true\ntokn = \"sk_typo\"\n");
    assert!(shown.starts_with(&format!("{PATH} line 3: unknown field `tokn`")), "{shown}");
}

#[test]
fn a_wrong_type_names_the_line_and_the_key_but_not_the_value() {
    let text = "mouse = false\n\n[profiles.acme]\ntoken_command = \"pass acme\"\n\n\nread_only = \"sk_pasted_here\"\n";
    assert_eq!(error(text), format!("{PATH} line 7: invalid type: expected a boolean for profiles.acme.read_only"));
    assert_eq!(
        error("[profiles.a]\ntoken = 5\n"),
        format!("{PATH} line 2: invalid type: expected a string for profiles.a.token")
    );
    let theme = error("\ntheme = \"sk_pasted_theme\"\n");
    assert_eq!(theme, format!("{PATH} line 2: unknown value for theme, expected one of `dark`, `light`, `colorblind`"));
}

#[test]
fn broken_toml_names_its_line_without_quoting_it() {
    let shown = error("mouse = true\n[profiles.acme]\ntoken = \"sk_unterminated\n");
    assert!(shown.starts_with(&format!("{PATH} line 3: ")), "{shown}");
    assert!(error("a = 1\nb = 2\n= 3\n").starts_with(&format!("{PATH} line 3: ")));
    assert!(error("mouse = true\nmouse = false\n").starts_with(&format!("{PATH} line 2: ")));
}

#[test]
fn token_and_token_command_together_are_an_error() {
    let shown = error("[profiles.acme]\ntoken = \"sk_both\"\n\ntoken_command = \"pass acme\"\n");
    assert_eq!(shown, format!("{PATH} line 4: profile `acme` has both `token` and `token_command`; keep one"));
    let inline = error("mouse = true\nprofiles = { acme = { token = \"sk_a\", token_command = \"b\" } }\n");
    assert!(inline.starts_with(&format!("{PATH} line 2: profile `acme` has both")), "{inline}");
}

#[test]
fn profile_values_are_checked() {
    assert!(error("[profiles.a]\ntoken = \"  \"\n").contains("line 2: the token of profile `a` is empty"));
    assert!(
        error("[profiles.a]\ntoken_command = \"\"\n").contains("line 2: the token_command of profile `a` is empty")
    );
    let url = error("[profiles.a]\n\napi_url = \"ftp://example.com\"\n");
    assert_eq!(url, format!("{PATH} line 3: the api_url of profile `a` must start with http:// or https://"));
}

#[test]
fn default_profile_must_name_a_profile() {
    let shown = error("\ndefault_profile = \"prod\"\n[profiles.staging]\n");
    assert_eq!(shown, format!("{PATH} line 2: default_profile `prod` is not a profile in this file"));
}

#[test]
fn line_numbers_count_from_one() {
    assert_eq!(line_of("abc", 0), 1);
    assert_eq!(line_of("a\nb\nc", 4), 3);
    assert_eq!(line_of("a\n", 99), 2);
}

fn write_config(dir: &Path, text: &str, mode: u32) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    set_mode(&path, mode);
    path
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

#[test]
fn a_missing_file_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(load(&dir.path().join("nope.toml")).unwrap(), None);
}

#[test]
fn load_reports_the_path_and_line_of_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "mouse = true\nmouse = maybe\n", 0o600);
    let shown = load(&path).unwrap_err().to_string();
    assert!(shown.starts_with(&format!("{} line 2: ", path.display())), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_token_in_a_file_others_can_read_gets_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FULL, 0o644);
    let loaded = load(&path).unwrap().unwrap();
    let shown = path.display();
    let expected = format!("{shown} holds a token and is readable by other users; run: chmod 600 {shown}");
    assert_eq!(loaded.warnings, [expected]);
    assert_eq!(loaded.file, parsed(FULL));

    set_mode(&path, 0o600);
    assert_eq!(load(&path).unwrap().unwrap().warnings, Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_readable_file_without_a_literal_token_gets_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "[profiles.a]\ntoken_command = \"pass a\"\n", 0o644);
    assert!(load(&path).unwrap().unwrap().warnings.is_empty());
}

#[cfg(unix)]
#[test]
fn a_token_command_in_a_file_others_can_write_gets_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "[profiles.a]\ntoken_command = \"pass a\"\n", 0o664);
    let warnings = load(&path).unwrap().unwrap().warnings;
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("runs a token_command and is writable by other users"), "{warnings:?}");
}
