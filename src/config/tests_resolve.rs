//! Tests of resolution: every precedence rule, the choice of profile, tokens and their commands.

use std::path::Path;
use std::time::Duration;

use super::*;
use crate::api::{REQUEST_TIMEOUT, Token};

const TWO: &str = r#"
[profiles.acme]
token = "tok_acme"
api_url = "https://acme.example/api/"

[profiles.staging]
token_command = "printf tok_staging"
read_only = true
"#;

fn file(text: &str) -> ConfigFile {
    parse(Path::new("/c.toml"), text).unwrap()
}

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_pairs(pairs.iter().copied())
}

fn flags(profile: Option<&str>, api_url: Option<&str>, read_only: bool) -> Overrides {
    Overrides { profile: profile.map(str::to_owned), api_url: api_url.map(str::to_owned), read_only, token: None }
}

fn token_of(settings: &Settings) -> Option<&str> {
    settings.token.as_ref().map(Token::expose)
}

#[test]
fn with_nothing_configured_the_defaults_hold() {
    let settings = resolve(None, &Env::default(), &Overrides::default()).unwrap();
    assert_eq!(settings.api_url, DEFAULT_API_URL);
    assert_eq!((settings.profile, settings.token, settings.token_source), (None, None, TokenSource::None));
    assert!(!settings.read_only);
    assert!(settings.profiles.is_empty());
}

#[test]
fn the_profile_flag_beats_the_environment_which_beats_default_profile() {
    let mut config = file(&format!("default_profile = \"acme\"\n{TWO}[profiles.third]\n"));
    let pick = |config: &ConfigFile, e: &[(&str, &str)], f: Option<&str>| {
        resolve(Some(config), &env(e), &flags(f, None, false)).unwrap().profile
    };
    assert_eq!(pick(&config, &[], None).as_deref(), Some("acme"));
    assert_eq!(pick(&config, &[("PPG_PROFILE", "third")], None).as_deref(), Some("third"));
    assert_eq!(pick(&config, &[("PPG_PROFILE", "third")], Some("staging")).as_deref(), Some("staging"));
    assert_eq!(pick(&config, &[("PPG_PROFILE", "")], None).as_deref(), Some("acme"), "empty counts as unset");

    config.default_profile = None;
    assert_eq!(pick(&config, &[], None), None, "several profiles, none named default: none");
    let with_default = file(&format!("{TWO}[profiles.default]\n"));
    assert_eq!(pick(&with_default, &[], None).as_deref(), Some("default"));
    let only = file("[profiles.solo]\ntoken = \"t\"\n");
    assert_eq!(pick(&only, &[], None).as_deref(), Some("solo"));
}

#[test]
fn profiles_are_listed_sorted_for_the_switcher() {
    let settings = resolve(Some(&file(TWO)), &Env::default(), &Overrides::default()).unwrap();
    assert_eq!(settings.profiles, ["acme", "staging"]);
}

#[test]
fn an_explicit_profile_that_does_not_exist_is_an_error_listing_the_known_ones() {
    let config = file(TWO);
    let from_flag = resolve(Some(&config), &Env::default(), &flags(Some("prod"), None, false)).unwrap_err();
    assert_eq!(from_flag.to_string(), "profile `prod` (from --profile) does not exist; known profiles: acme, staging");
    let from_env = resolve(Some(&config), &env(&[("PPG_PROFILE", "prod")]), &Overrides::default()).unwrap_err();
    assert!(from_env.to_string().contains("(from PPG_PROFILE)"), "{from_env}");
    let no_file = resolve(None, &Env::default(), &flags(Some("prod"), None, false)).unwrap_err();
    assert!(no_file.to_string().ends_with("no profiles are configured"), "{no_file}");
}

#[test]
fn the_environment_token_beats_the_profile_token() {
    let config = file(TWO);
    let e = env(&[("PRISMA_POSTGRES_TOKEN", "tok_env")]);
    let by_env_profile = env(&[("PRISMA_POSTGRES_TOKEN", "tok_env"), ("PPG_PROFILE", "acme")]);
    for (e, f) in [(&e, flags(None, None, false)), (&by_env_profile, flags(None, None, false))] {
        let settings = resolve(Some(&config), e, &f).unwrap();
        assert_eq!((token_of(&settings), &settings.token_source), (Some("tok_env"), &TokenSource::Env));
    }
    let default_chosen = file(&format!("default_profile = \"acme\"\n{TWO}"));
    let settings = resolve(Some(&default_chosen), &e, &Overrides::default()).unwrap();
    assert_eq!((settings.profile.as_deref(), token_of(&settings)), (Some("acme"), Some("tok_env")));
}

#[test]
fn a_profile_chosen_by_flag_keeps_its_own_token_over_the_environment() {
    let config = file(&format!("{TWO}[profiles.bare]\n"));
    let e = env(&[("PRISMA_POSTGRES_TOKEN", "tok_env")]);
    let acme = resolve(Some(&config), &e, &flags(Some("acme"), None, false)).unwrap();
    assert_eq!((token_of(&acme), &acme.token_source), (Some("tok_acme"), &TokenSource::Profile("acme".to_owned())));
    let staging = resolve(Some(&config), &e, &flags(Some("staging"), None, false)).unwrap();
    assert_eq!(token_of(&staging), Some("tok_staging"));
    assert_eq!(staging.token_source, TokenSource::ProfileCommand("staging".to_owned()));
    let bare = resolve(Some(&config), &e, &flags(Some("bare"), None, false)).unwrap();
    assert_eq!((token_of(&bare), &bare.token_source), (Some("tok_env"), &TokenSource::Env), "no token of its own");
}

#[test]
fn a_token_override_beats_everything() {
    let mut f = flags(Some("acme"), None, false);
    f.token = Some(Token::new("tok_flag"));
    let settings = resolve(Some(&file(TWO)), &env(&[("PRISMA_POSTGRES_TOKEN", "tok_env")]), &f).unwrap();
    assert_eq!((token_of(&settings), &settings.token_source), (Some("tok_flag"), &TokenSource::Flag));
}

#[test]
fn a_token_command_runs_only_when_its_token_is_needed() {
    let config = file("[profiles.p]\ntoken_command = \"exit 3\"\n");
    let e = env(&[("PRISMA_POSTGRES_TOKEN", "tok_env")]);
    let settings = resolve(Some(&config), &e, &Overrides::default()).unwrap();
    assert_eq!(token_of(&settings), Some("tok_env"), "the failing command was never run");
    let err = resolve(Some(&config), &Env::default(), &Overrides::default()).unwrap_err();
    assert!(err.to_string().contains("exit status: 3"), "{err}");
}

#[test]
fn the_api_url_flag_beats_the_environment_which_beats_the_profile() {
    let config = file(&format!("default_profile = \"acme\"\n{TWO}"));
    let url =
        |e: &[(&str, &str)], f: Option<&str>| resolve(Some(&config), &env(e), &flags(None, f, false)).unwrap().api_url;
    assert_eq!(url(&[], None), "https://acme.example/api");
    assert_eq!(url(&[("PPG_API_URL", "http://127.0.0.1:4466/")], None), "http://127.0.0.1:4466");
    assert_eq!(url(&[("PPG_API_URL", "http://127.0.0.1:4466")], Some("http://localhost:9")), "http://localhost:9");
    let staging = resolve(Some(&config), &Env::default(), &flags(Some("staging"), None, false)).unwrap();
    assert_eq!(staging.api_url, DEFAULT_API_URL, "a profile without api_url uses the default");
}

#[test]
fn a_bad_api_url_is_an_error_naming_where_it_came_from() {
    let bad_flag = resolve(None, &Env::default(), &flags(None, Some("localhost:4466"), false)).unwrap_err();
    assert_eq!(bad_flag.to_string(), "the API URL from --api-url must start with http:// or https://");
    let bad_env = resolve(None, &env(&[("PPG_API_URL", "https://u:sk_pw@host")]), &Overrides::default()).unwrap_err();
    assert!(bad_env.to_string().contains("PPG_API_URL") && !bad_env.to_string().contains("sk_pw"), "{bad_env}");
    for bad in ["https://", "https://:80", "http://a b", "https://h/?q=1", "https://h/#x", "mailto:x"] {
        assert!(super::url::normalize_api_url(bad).is_err(), "{bad} should be refused");
    }
    assert_eq!(super::url::normalize_api_url("HTTPS://Host:8080/base//").unwrap(), "HTTPS://Host:8080/base");
}

#[test]
fn read_only_is_the_flag_or_the_profile() {
    let config = file(TWO);
    let ro = |profile: &str, flag: bool| {
        resolve(Some(&config), &Env::default(), &flags(Some(profile), None, flag)).unwrap().read_only
    };
    assert!(!ro("acme", false));
    assert!(ro("acme", true));
    assert!(ro("staging", false), "the profile says read-only; no flag can undo it");
    assert!(ro("staging", true));
}

#[cfg(unix)]
#[test]
fn run_token_command_returns_the_trimmed_output() {
    assert_eq!(run_token_command("p", "printf tok123", TOKEN_COMMAND_TIMEOUT).unwrap().expose(), "tok123");
    assert_eq!(run_token_command("p", "printf '  tok456\\n'", TOKEN_COMMAND_TIMEOUT).unwrap().expose(), "tok456");
    assert_eq!(
        run_token_command("p", "read x; printf 'stdin closed:%s' \"$x\"", TOKEN_COMMAND_TIMEOUT).unwrap().expose(),
        "stdin closed:"
    );
}

#[cfg(unix)]
#[test]
fn a_failing_token_command_names_the_profile_status_and_stderr_never_stdout() {
    let err =
        run_token_command("acme", "printf sk_leaked_stdout; echo 'vault is locked' >&2; exit 3", TOKEN_COMMAND_TIMEOUT)
            .unwrap_err();
    let shown = err.to_string();
    assert_eq!(shown, "token_command of profile `acme` failed (exit status: 3): vault is locked");
    assert!(!format!("{err:?}").contains("sk_leaked_stdout"));
    let quiet = run_token_command("acme", "exit 3", TOKEN_COMMAND_TIMEOUT).unwrap_err().to_string();
    assert_eq!(quiet, "token_command of profile `acme` failed (exit status: 3)");
    let empty = run_token_command("acme", "true", TOKEN_COMMAND_TIMEOUT).unwrap_err().to_string();
    assert_eq!(empty, "token_command of profile `acme` printed no token on its standard output");
}

#[test]
fn debug_output_never_shows_a_token() {
    let config = file(TWO);
    let e = env(&[("PRISMA_POSTGRES_TOKEN", "tok_env_secret"), ("HOME", "/h")]);
    let settings = resolve(Some(&config), &e, &flags(Some("acme"), None, false)).unwrap();
    let shown = format!("{settings:?} {e:?} {config:?} {:?}", flags(None, None, true));
    for secret in ["tok_acme", "tok_env_secret"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert_eq!(settings.token_source.to_string(), "the token of profile `acme`");
}

#[test]
fn an_api_url_ending_in_v1_is_the_server_wherever_it_comes_from() {
    let config = file("[profiles.local]\ntoken = \"t\"\napi_url = \"http://127.0.0.1:4466/v1/\"\n");
    let from_file = resolve(Some(&config), &Env::default(), &Overrides::default()).unwrap();
    assert_eq!(from_file.api_url, "http://127.0.0.1:4466");
    let from_env = resolve(None, &env(&[("PPG_API_URL", "http://127.0.0.1:1/v1")]), &Overrides::default()).unwrap();
    assert_eq!(from_env.api_url, "http://127.0.0.1:1");
    let from_flag = resolve(None, &Env::default(), &flags(None, Some("https://api.prisma.io/v1"), false)).unwrap();
    assert_eq!(from_flag.api_url, DEFAULT_API_URL);
}

#[test]
fn the_request_timeout_is_the_profiles_then_the_files_then_30_seconds() {
    let config = file(
        "request_timeout = \"45s\"\n[profiles.quick]\ntoken = \"t\"\nrequest_timeout = \"2s\"\n\
         [profiles.plain]\ntoken = \"t\"\n",
    );
    let timeout = |profile: &str| {
        resolve(Some(&config), &Env::default(), &flags(Some(profile), None, false)).unwrap().request_timeout
    };
    assert_eq!(timeout("quick"), Duration::from_secs(2));
    assert_eq!(timeout("plain"), Duration::from_secs(45));
    assert_eq!(resolve(None, &Env::default(), &Overrides::default()).unwrap().request_timeout, REQUEST_TIMEOUT);
    for bad in ["request_timeout = \"off\"", "request_timeout = \"0s\"", "request_timeout = \"soon\""] {
        let err = parse(Path::new("/c.toml"), bad).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("request_timeout"), "{err}");
    }
    let err = parse(Path::new("/c.toml"), "token_command_timeout = \"off\"").unwrap_err().to_string();
    assert!(err.contains("token_command_timeout"), "{err}");
}

#[test]
fn a_token_that_cannot_be_sent_is_refused_naming_its_source() {
    let err = resolve(None, &env(&[("PRISMA_POSTGRES_TOKEN", "sk_a\nsk_b")]), &Overrides::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("PRISMA_POSTGRES_TOKEN") && text.contains("a line break"), "{text}");
    assert!(!text.contains("sk_") && !format!("{err:?}").contains("sk_"), "{text}");
    let config = file("[profiles.p]\ntoken = \"sk_é\"\n");
    let err = resolve(Some(&config), &Env::default(), &Overrides::default()).unwrap_err().to_string();
    assert!(err.contains("profile `p`") && err.contains("non-ASCII"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_token_command_timeout_comes_from_the_file() {
    let config = file("token_command_timeout = \"200ms\"\n[profiles.slow]\ntoken_command = \"sleep 30\"\n");
    let started = std::time::Instant::now();
    let err = resolve(Some(&config), &Env::default(), &Overrides::default()).unwrap_err();
    assert!(matches!(&err, ConfigError::CommandTimedOut { command, .. } if command == "sleep 30"), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

#[test]
fn the_header_names_an_api_that_is_not_the_default() {
    let with = |url: &str| {
        let overrides = Overrides { api_url: Some(url.to_owned()), ..Overrides::default() };
        resolve(None, &Env::default(), &overrides).unwrap().host_badge()
    };
    assert_eq!(with("https://api.prisma.io"), None);
    assert_eq!(with("http://127.0.0.1:4466"), Some("127.0.0.1:4466".to_owned()));
    assert_eq!(with("https://staging.example.com/"), Some("staging.example.com".to_owned()));
}
