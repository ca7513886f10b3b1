//! A PostgreSQL connection string, parsed once into what a connection needs, with its password kept out
//! of every `Debug` and every echo of the URL.
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The port PostgreSQL listens on unless the string says otherwise.
pub const DEFAULT_PORT: u16 = 5432;

/// A password: `Debug` shows a placeholder and there is no `Display`; [`Password::expose`] is called
/// only where the password is handed to PostgreSQL or to psql's environment.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…redacted…)")
    }
}

/// libpq's `sslmode`, with libpq's meanings: `require` encrypts without checking the certificate,
/// `verify-ca` checks it against the root certificates, `verify-full` also checks that it names the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub const NAMES: [&'static str; 6] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

    pub fn parse(text: &str) -> Option<Self> {
        let modes = [Self::Disable, Self::Allow, Self::Prefer, Self::Require, Self::VerifyCa, Self::VerifyFull];
        Self::NAMES.iter().position(|name| *name == text).map(|index| modes[index])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Whether a server that refuses TLS is refused in turn.
    pub fn requires_tls(self) -> bool {
        matches!(self, Self::Require | Self::VerifyCa | Self::VerifyFull)
    }
}

/// Everything ppg needs to reach one PostgreSQL server over TCP and log in.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<Password>,
    /// `None`: the server's default, a database named like the user.
    pub database: Option<String>,
    pub ssl_mode: SslMode,
    /// `sslrootcert`: a PEM file of trusted roots, or `system` for the system's store.
    pub root_cert: Option<PathBuf>,
    /// `connect_timeout`, in whole seconds as libpq reads it; `None` means ppg's default.
    pub connect_timeout: Option<Duration>,
    /// Parameters that ppg does not use, by name (their values may be secret, so they are not kept).
    pub ignored: Vec<String>,
}

/// Why a string is not a connection string ppg can use. The text never repeats the string itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadTarget(pub String);

fn bad(message: impl Into<String>) -> BadTarget {
    BadTarget(message.into())
}

impl Target {
    /// Parses `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…` (also `postgresql://`), with libpq's
    /// query parameters `host`, `port`, `user`, `password`, `dbname`, `sslmode`, `sslrootcert` and
    /// `connect_timeout` overriding the parts before them. One TCP host only.
    pub fn parse(url: &str) -> Result<Self, BadTarget> {
        let url = url.trim();
        let rest = ["postgres://", "postgresql://"]
            .iter()
            .find_map(|scheme| url.strip_prefix(scheme))
            .ok_or_else(|| bad("a connection string starts with postgres:// or postgresql://"))?;
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = before_query.split_once('/').unwrap_or((before_query, ""));
        let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        let mut parts = Parts {
            host: decode(hostport_host(hostport)?, "the host")?,
            port: hostport_port(hostport).map(str::to_owned),
            user: decode(user, "the user")?,
            password: password.map(|text| decode(text, "the password")).transpose()?,
            database: decode(path, "the database name")?,
            ssl_mode: None,
            root_cert: None,
            connect_timeout: None,
            ignored: Vec::new(),
        };
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            parts.set(&decode(key, "a parameter name")?, decode(value, "a parameter")?)?;
        }
        parts.finish()
    }

    /// The string again, with the password replaced by `••••`: safe to print and to log.
    pub fn redacted(&self) -> String {
        let mut text = format!("postgres://{}", encode(&self.user));
        if self.password.is_some() {
            text.push_str(":••••");
        }
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { encode(&self.host) };
        text.push_str(&format!("@{host}:{}/", self.port));
        if let Some(database) = &self.database {
            text.push_str(&encode(database));
        }
        text.push_str(&format!("?sslmode={}", self.ssl_mode.name()));
        if let Some(root) = &self.root_cert {
            text.push_str(&format!("&sslrootcert={}", encode(&root.to_string_lossy())));
        }
        text
    }

    /// `host:port`, with brackets around an IPv6 address.
    pub fn address(&self) -> String {
        match self.host.contains(':') {
            true => format!("[{}]:{}", self.host, self.port),
            false => format!("{}:{}", self.host, self.port),
        }
    }
}

/// The fields as the URL and its query set them, before defaults and checks.
struct Parts {
    host: String,
    port: Option<String>,
    user: String,
    password: Option<String>,
    database: String,
    ssl_mode: Option<String>,
    root_cert: Option<String>,
    connect_timeout: Option<String>,
    ignored: Vec<String>,
}

impl Parts {
    fn set(&mut self, key: &str, value: String) -> Result<(), BadTarget> {
        match key {
            "host" | "hostaddr" => self.host = value,
            "port" => self.port = Some(value),
            "user" => self.user = value,
            "password" => self.password = Some(value),
            "dbname" => self.database = value,
            "sslmode" => self.ssl_mode = Some(value),
            "sslrootcert" => self.root_cert = Some(value),
            "connect_timeout" => self.connect_timeout = Some(value),
            "" => return Err(bad("a query parameter without a name")),
            other => self.ignored.push(other.to_owned()),
        }
        Ok(())
    }

    fn finish(self) -> Result<Target, BadTarget> {
        if self.host.contains(',') {
            return Err(bad("several hosts in one string are not supported: give one host"));
        }
        if self.host.is_empty() || self.host.starts_with('/') {
            return Err(bad("no host: ppg connects over TCP only, so the string needs a host name or address"));
        }
        let port = match self.port.as_deref() {
            None | Some("") => DEFAULT_PORT,
            Some(text) => text.parse::<u16>().ok().filter(|port| *port > 0).ok_or_else(|| {
                bad(format!("the port {:?} is not a TCP port (1 to 65535)", crate::format::sanitize(text)))
            })?,
        };
        if self.user.is_empty() {
            return Err(bad("no user: the string needs USER@ before the host (or ?user=)"));
        }
        let ssl_mode = match self.ssl_mode.as_deref() {
            None | Some("") => SslMode::Prefer,
            Some(text) => SslMode::parse(text).ok_or_else(|| {
                bad(format!("sslmode {:?} is not one of {}", crate::format::sanitize(text), SslMode::NAMES.join(", ")))
            })?,
        };
        let connect_timeout = match self.connect_timeout.as_deref() {
            None | Some("") | Some("0") => None,
            Some(text) => match text.parse::<u64>() {
                Ok(seconds) => Some(Duration::from_secs(seconds.max(2))),
                Err(_) => return Err(bad("connect_timeout is a whole number of seconds")),
            },
        };
        Ok(Target {
            host: self.host,
            port,
            user: self.user,
            password: self.password.map(Password),
            database: Some(self.database).filter(|name| !name.is_empty()),
            ssl_mode,
            root_cert: self.root_cert.filter(|path| !path.is_empty()).map(PathBuf::from),
            connect_timeout,
            ignored: self.ignored,
        })
    }
}

/// The host of `host[:port]` or `[v6][:port]`.
fn hostport_host(hostport: &str) -> Result<&str, BadTarget> {
    if let Some(rest) = hostport.strip_prefix('[') {
        return rest.split_once(']').map(|(host, _)| host).ok_or_else(|| bad("an IPv6 address without its ]"));
    }
    Ok(hostport.rsplit_once(':').map_or(hostport, |(host, _)| host))
}

fn hostport_port(hostport: &str) -> Option<&str> {
    let after_host = match hostport.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or("", |(_, after)| after),
        None => hostport,
    };
    after_host.rsplit_once(':').map(|(_, port)| port)
}

/// Percent-decoding (`%40` → `@`), checked: a broken escape or bytes that are not UTF-8 are refused.
fn decode(text: &str, what: &str) -> Result<String, BadTarget> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
            let byte = hex
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| bad(format!("{what} holds a % that is not followed by two hex digits")))?;
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad(format!("{what} is not UTF-8 once decoded")))
}

/// Percent-encoding of everything but unreserved characters, for the redacted echo.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
