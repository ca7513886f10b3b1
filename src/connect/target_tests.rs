#![allow(clippy::unwrap_used)]
use super::*;

#[test]
fn a_prisma_string_parses_into_its_parts() {
    let target = Target::parse("postgres://ab12:sk_secret@db.prisma.io:5432/?sslmode=require").unwrap();
    assert_eq!(target.host, "db.prisma.io");
    assert_eq!(target.port, 5432);
    assert_eq!(target.user, "ab12");
    assert_eq!(target.password.as_ref().map(Password::expose), Some("sk_secret"));
    assert_eq!(target.database, None);
    assert_eq!(target.ssl_mode, SslMode::Require);
    assert!(target.ignored.is_empty());
}

#[test]
fn defaults_escapes_ipv6_and_the_query_overrides() {
    let target = Target::parse("postgresql://u%40x:p%2Fw%3A@[::1]/my%20db").unwrap();
    assert_eq!((target.host.as_str(), target.port), ("::1", DEFAULT_PORT));
    assert_eq!(target.user, "u@x");
    assert_eq!(target.password.unwrap().expose(), "p/w:");
    assert_eq!(target.database.as_deref(), Some("my db"));
    assert_eq!(target.ssl_mode, SslMode::Prefer);

    let target = Target::parse(
        "postgres://a@h/d?host=other&port=6543&user=b&password=c&dbname=e&sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=1&options=-c%20x",
    )
    .unwrap();
    assert_eq!((target.host.as_str(), target.port, target.user.as_str()), ("other", 6543, "b"));
    assert_eq!(target.password.unwrap().expose(), "c");
    assert_eq!(target.database.as_deref(), Some("e"));
    assert_eq!(target.ssl_mode, SslMode::VerifyFull);
    assert_eq!(target.root_cert, Some(PathBuf::from("/ca.pem")));
    assert_eq!(target.connect_timeout, Some(Duration::from_secs(2)), "libpq's minimum of 2 s");
    assert_eq!(target.ignored, vec!["options".to_owned()]);
}

#[test]
fn bad_strings_are_refused_without_repeating_the_password() {
    let cases = [
        ("mysql://u:sk_x@h/", "postgres://"),
        ("postgres://u:sk_x@/db", "no host"),
        ("postgres://u:sk_x@h1,h2/db", "several hosts"),
        ("postgres://u:sk_x@h/?host=/run/postgresql", "TCP only"),
        ("postgres://u:sk_x@h:99999/", "not a TCP port"),
        ("postgres://u:sk_x@h:0/", "not a TCP port"),
        ("postgres://:sk_x@h/", "no user"),
        ("postgres://u:sk_x@h/?sslmode=maybe", "not one of disable"),
        ("postgres://u:sk_%zz@h/", "two hex digits"),
        ("postgres://u:sk_%ff@h/", "not UTF-8"),
        ("postgres://u:sk_x@[::1/", "IPv6"),
        ("postgres://u:sk_x@h/?connect_timeout=soon", "whole number"),
    ];
    for (url, expected) in cases {
        let error = Target::parse(url).unwrap_err().to_string();
        assert!(error.contains(expected), "{url}: {error}");
        assert!(!error.contains("sk_"), "{url}: the error repeats the password: {error}");
    }
}

#[test]
fn the_redacted_echo_hides_the_password_and_keeps_the_rest() {
    let url =
        "postgres://me:sk_topsecret@[::1]:6000/app?sslmode=verify-full&sslrootcert=/etc/ca.pem&password=sk_topsecret";
    let target = Target::parse(url).unwrap();
    let shown = target.redacted();
    assert_eq!(shown, "postgres://me:••••@[::1]:6000/app?sslmode=verify-full&sslrootcert=/etc/ca.pem");
    assert!(!format!("{target:?}").contains("sk_topsecret"), "Debug leaks the password");
    assert_eq!(Target::parse("postgres://me@h/").unwrap().redacted(), "postgres://me@h:5432/?sslmode=prefer");
    assert_eq!(target.address(), "[::1]:6000");
}

#[test]
fn every_sslmode_round_trips_through_its_name() {
    for name in SslMode::NAMES {
        assert_eq!(SslMode::parse(name).unwrap().name(), name);
    }
    assert!(SslMode::Require.requires_tls() && SslMode::VerifyFull.requires_tls());
    assert!(!SslMode::Prefer.requires_tls() && !SslMode::Allow.requires_tls());
}
