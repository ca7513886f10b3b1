//! Why a request got no answer, told from the chain of errors under reqwest's: a refused port, no such host,
//! TLS (with its reason), a time-out while connecting or waiting, a reset or closed connection.
//!
//! reqwest says only "client error (Connect)"; the cause sits deeper, in hyper-util's connect error, a
//! `std::io::Error` kind or a `rustls::Error`. The chain never holds request headers, so the token cannot
//! leak through it; the URL shown is the API's origin (scheme, host, port), never a query.
use std::error::Error as StdError;
use std::io::ErrorKind;
use std::time::Duration;

/// What went wrong on the way to an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Nothing listens on the port (`ECONNREFUSED`).
    Refused,
    /// The host name did not resolve; the resolver's own words.
    NoSuchHost(String),
    /// The TLS handshake failed; the reason in plain words.
    Tls(String),
    /// The TCP connection was not set up in time.
    ConnectTimeout,
    /// Connected, but the answer did not come in time.
    AnswerTimeout,
    /// The server reset the connection (`ECONNRESET`, a broken pipe).
    Reset,
    /// The server closed the connection before answering.
    Closed,
    /// Anything else; `connect` when it happened before the request was sent.
    Other { connect: bool, detail: String },
}

impl Cause {
    /// Classifies a reqwest error by walking its `source()` chain (and the errors inside `std::io::Error`s).
    pub fn of(error: &reqwest::Error) -> Self {
        let links = chain(error);
        let io_kind = |kinds: &[ErrorKind]| {
            links.iter().any(|link| link.downcast_ref::<std::io::Error>().is_some_and(|io| kinds.contains(&io.kind())))
        };
        let says = |text: &str| links.iter().any(|link| link.to_string().starts_with(text));
        if error.is_timeout() {
            return if error.is_connect() { Cause::ConnectTimeout } else { Cause::AnswerTimeout };
        }
        if let Some(tls) = links.iter().find_map(|link| link.downcast_ref::<rustls::Error>()) {
            return Cause::Tls(tls_reason(tls));
        }
        if io_kind(&[ErrorKind::ConnectionRefused]) {
            return Cause::Refused;
        }
        if says("dns error") || says("error resolving DNS") {
            return Cause::NoSuchHost(innermost(&links));
        }
        if error.is_connect() && io_kind(&[ErrorKind::TimedOut]) {
            return Cause::ConnectTimeout;
        }
        if io_kind(&[ErrorKind::ConnectionReset, ErrorKind::ConnectionAborted, ErrorKind::BrokenPipe]) {
            return Cause::Reset;
        }
        if says("connection closed before message completed") {
            return Cause::Closed;
        }
        Cause::Other { connect: error.is_connect(), detail: innermost(&links) }
    }

    /// Whether the request surely never reached the server (so even a change may be sent again).
    pub fn nothing_sent(&self) -> bool {
        matches!(self, Cause::Refused | Cause::NoSuchHost(_) | Cause::Tls(_) | Cause::ConnectTimeout)
            || matches!(self, Cause::Other { connect: true, .. })
    }

    /// A few words for a retry notice: "retry 2 of 8 after connection refused".
    pub fn short(&self) -> &'static str {
        match self {
            Cause::Refused => "connection refused",
            Cause::NoSuchHost(_) => "no such host",
            Cause::Tls(_) => "a TLS failure",
            Cause::ConnectTimeout => "a connect time-out",
            Cause::AnswerTimeout => "a time-out",
            Cause::Reset => "connection reset",
            Cause::Closed => "a closed connection",
            Cause::Other { .. } => "a network error",
        }
    }

    /// The whole story for an error message. `origin` is the API's `scheme://host:port`; `connect` and
    /// `answer` are the time limits that were in force.
    pub fn describe(&self, origin: &str, connect: Duration, answer: Duration) -> String {
        let host = origin.split("://").nth(1).unwrap_or(origin);
        match self {
            Cause::Refused => format!("connection refused by {host} (nothing is listening there)"),
            Cause::NoSuchHost(detail) => {
                let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
                format!("no such host {name} (DNS lookup failed: {detail})")
            }
            Cause::Tls(reason) => format!("TLS with {host} failed: {reason}"),
            Cause::ConnectTimeout => format!("timed out after {} connecting to {host}", seconds(connect)),
            Cause::AnswerTimeout => {
                format!("timed out after {} waiting for the answer from {host}", seconds(answer))
            }
            Cause::Reset => format!("connection reset by {host}"),
            Cause::Closed => format!("{host} closed the connection before answering"),
            Cause::Other { detail, .. } => format!("{detail} ({host})"),
        }
    }
}

/// `30 s`, `1.5 s`, `0.2 s`.
pub fn seconds(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

/// Elapsed time to a tenth of a second: `2.0 s`.
pub fn seconds_rounded(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// The error and everything under it, looking inside `std::io::Error`s (whose `source()` skips the error
/// they carry).
fn chain<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut links = Vec::new();
    let mut next = Some(error);
    while let Some(link) = next.take() {
        links.push(link);
        if links.len() >= 32 {
            break;
        }
        next = match link.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => link.source(),
        };
    }
    links
}

/// The words of the deepest error: the most specific ("Name or service not known").
fn innermost(links: &[&(dyn StdError + 'static)]) -> String {
    links.last().map(ToString::to_string).unwrap_or_default()
}

/// A TLS failure in plain words.
pub fn tls_reason(error: &rustls::Error) -> String {
    use rustls::{CertificateError as Cert, Error as Tls};
    let text = match error {
        Tls::InvalidCertificate(cert) => match cert {
            Cert::UnknownIssuer => "the certificate is signed by an unknown authority (not trusted here)",
            Cert::Expired | Cert::ExpiredContext { .. } => "the certificate has expired",
            Cert::NotValidYet | Cert::NotValidYetContext { .. } => "the certificate is not valid yet",
            Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
                "the certificate is not valid for this host name"
            }
            Cert::Revoked => "the certificate has been revoked",
            Cert::BadSignature => "the certificate has a bad signature",
            Cert::BadEncoding => "the certificate is malformed",
            other => return format!("the certificate was rejected ({other:?})"),
        },
        Tls::InvalidMessage(_) | Tls::InappropriateMessage { .. } | Tls::InappropriateHandshakeMessage { .. } => {
            "the server did not answer in TLS (is it a plain http:// server?)"
        }
        Tls::AlertReceived(alert) => return format!("the server ended the handshake ({alert:?})"),
        Tls::NoCertificatesPresented => "the server presented no certificate",
        other => return other.to_string(),
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(Duration::from_millis(200)), "0.2 s");
    }

    #[test]
    fn descriptions_name_the_cause_and_the_host() {
        let (connect, answer) = (Duration::from_secs(5), Duration::from_secs(30));
        let say = |cause: Cause| cause.describe("https://api.prisma.io", connect, answer);
        assert_eq!(say(Cause::Refused), "connection refused by api.prisma.io (nothing is listening there)");
        assert!(say(Cause::NoSuchHost("x".into())).starts_with("no such host api.prisma.io"));
        assert_eq!(say(Cause::ConnectTimeout), "timed out after 5 s connecting to api.prisma.io");
        assert_eq!(say(Cause::AnswerTimeout), "timed out after 30 s waiting for the answer from api.prisma.io");
        assert_eq!(say(Cause::Reset), "connection reset by api.prisma.io");
        let expired = tls_reason(&rustls::Error::InvalidCertificate(rustls::CertificateError::Expired));
        assert_eq!(expired, "the certificate has expired");
        assert!(Cause::Refused.nothing_sent() && !Cause::Reset.nothing_sent());
    }
}
