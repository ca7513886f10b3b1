//! What went wrong on the way to a PostgreSQL answer, and its likely cause in plain words.
use std::time::Duration;

use serde::Serialize;

/// A failure at one step of a connection. Texts come from the resolver, the OS, rustls or the server's
/// error message; none of them carries the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The name did not resolve (the resolver's words).
    NoSuchHost(String),
    /// Nothing listens on the port.
    Refused,
    /// No route, network down, or another OS error while connecting.
    Unreachable(String),
    /// The step did not finish within the limit.
    TimedOut(Duration),
    /// The server answered the TLS request with "no", and `sslmode` demands TLS.
    TlsRefused,
    /// The TLS configuration could not be made (roots not readable).
    TlsSetup(String),
    /// The TLS handshake failed (the reason in plain words).
    Tls(String),
    /// The server answered with an error.
    Server { sqlstate: String, message: String },
    /// The connection closed or broke (the OS's or the driver's words).
    Broken(String),
}

impl Problem {
    /// The problem as a sentence: what happened.
    pub fn message(&self) -> String {
        match self {
            Problem::NoSuchHost(detail) => format!("the host name did not resolve: {detail}"),
            Problem::Refused => "connection refused: nothing listens on that port".to_owned(),
            Problem::Unreachable(detail) => format!("cannot reach the server: {detail}"),
            Problem::TimedOut(limit) => format!("no answer within {}", crate::api::format_seconds(*limit)),
            Problem::TlsRefused => "the server does not offer TLS".to_owned(),
            Problem::TlsSetup(detail) => detail.clone(),
            Problem::Tls(detail) => detail.clone(),
            Problem::Server { sqlstate, message } => format!("{message} (SQLSTATE {sqlstate})"),
            Problem::Broken(detail) => format!("the connection broke: {detail}"),
        }
    }

    /// What is likely behind it, and what to try; `None` when the message says it all.
    pub fn likely(&self) -> Option<&'static str> {
        Some(match self {
            Problem::NoSuchHost(_) => "a typo in the host, or no DNS from here",
            Problem::Refused => "the server is down, or the port is wrong",
            Problem::Unreachable(_) => "no network path to the server from here (a firewall, a VPN, no route)",
            Problem::TimedOut(_) => "a firewall dropping packets, or a server too busy to answer",
            Problem::TlsRefused => {
                "the server has TLS turned off; sslmode=prefer (or disable) connects without it, unencrypted"
            }
            Problem::TlsSetup(_) => return None,
            Problem::Tls(_) => {
                "the server's certificate is not trusted here: name its root with sslrootcert=FILE, or use \
                 sslmode=require to encrypt without checking it"
            }
            Problem::Server { sqlstate, .. } => return likely_for(sqlstate),
            Problem::Broken(_) => "the server or something in between closed the connection",
        })
    }

    /// The SQLSTATE, when the server answered with an error.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            Problem::Server { sqlstate, .. } => Some(sqlstate),
            _ => None,
        }
    }

    /// From a driver error: the server's error with its SQLSTATE, else the deepest words of the chain.
    pub fn of_driver(error: &tokio_postgres::Error) -> Self {
        match error.as_db_error() {
            Some(db) => Problem::Server { sqlstate: db.code().code().to_owned(), message: db.message().to_owned() },
            None => Problem::Broken(deepest(error)),
        }
    }

    /// From an OS error while connecting.
    pub fn of_io(error: &std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::ConnectionRefused => Problem::Refused,
            std::io::ErrorKind::TimedOut => Problem::Unreachable("the connection attempt timed out".to_owned()),
            _ => Problem::Unreachable(error.to_string()),
        }
    }
}

/// The likely cause behind the SQLSTATEs a login meets.
fn likely_for(sqlstate: &str) -> Option<&'static str> {
    Some(match sqlstate {
        "28P01" => {
            "password authentication failed — if the connection was rotated, the old password no longer works; \
             use the string the rotation printed"
        }
        "28000" => "the server refuses this user from here: the role does not exist, or pg_hba.conf does not allow it",
        "3D000" => "the database does not exist (deleted, or a typo in its name)",
        "42501" => "this user may not connect to this database",
        "53300" => "the server has no free connection slots; try the pooled string, or close idle sessions",
        "57P03" => "the server is starting up, shutting down or in recovery; try again shortly",
        "08P01" => "the server did not understand the client (a proxy or pooler in between?)",
        _ => return None,
    })
}

/// The innermost error of a chain: the most specific words ("Connection reset by peer").
fn deepest(error: &(dyn std::error::Error + 'static)) -> String {
    let mut last: &(dyn std::error::Error + 'static) = error;
    let mut depth = 0;
    while let Some(next) = last.source() {
        last = next;
        depth += 1;
        if depth > 16 {
            break;
        }
    }
    last.to_string()
}

/// A problem as `--json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemJson {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likely: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sqlstate: Option<String>,
}

impl From<&Problem> for ProblemJson {
    fn from(problem: &Problem) -> Self {
        Self { message: problem.message(), likely: problem.likely(), sqlstate: problem.sqlstate().map(str::to_owned) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_password_points_at_a_rotation() {
        let problem = Problem::Server { sqlstate: "28P01".into(), message: "password authentication failed".into() };
        assert_eq!(problem.message(), "password authentication failed (SQLSTATE 28P01)");
        assert!(problem.likely().is_some_and(|text| text.contains("rotated")));
        assert_eq!(ProblemJson::from(&problem).sqlstate.as_deref(), Some("28P01"));
        assert_eq!(Problem::Server { sqlstate: "XX000".into(), message: "x".into() }.likely(), None);
    }

    #[test]
    fn network_failures_say_what_to_look_at() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(Problem::of_io(&refused), Problem::Refused);
        assert!(Problem::TlsRefused.likely().is_some_and(|text| text.contains("sslmode=prefer")));
        assert_eq!(Problem::TimedOut(Duration::from_secs(10)).message(), "no answer within 10 s");
    }
}
