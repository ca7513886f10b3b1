//! Opening a PostgreSQL session one timed step at a time: resolve, TCP, TLS (ppg's own `SSLRequest`
//! and rustls), then the login by tokio-postgres over that stream.
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::problem::Problem;
use super::target::{SslMode, Target};
use super::tls::{self, TlsFacts};

/// How long one step may take when the string sets no `connect_timeout`.
pub const STEP_LIMIT: Duration = Duration::from_secs(10);

/// The steps of a connection test, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Resolve,
    Connect,
    Tls,
    Authenticate,
    Query,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::Resolve => "resolve",
            Step::Connect => "tcp connect",
            Step::Tls => "tls handshake",
            Step::Authenticate => "authenticate",
            Step::Query => "select 1",
        }
    }
}

/// One step done: how long it took (`None` when it was skipped) and what it found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Done {
    pub step: Step,
    #[serde(rename = "ms", serialize_with = "super::millis::millis_opt")]
    pub took: Option<Duration>,
    pub detail: String,
}

/// The record of an attempt: the steps done and what they established.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    pub steps: Vec<Done>,
    pub addresses: Vec<SocketAddr>,
    pub peer: Option<SocketAddr>,
    pub tls: Option<TlsFacts>,
}

impl Journal {
    fn done(&mut self, step: Step, took: Option<Duration>, detail: String) {
        self.steps.push(Done { step, took, detail });
    }
}

/// A failure, at the step it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub step: Step,
    pub problem: Problem,
}

fn at(step: Step) -> impl Fn(Problem) -> Broken {
    move |problem| Broken { step, problem }
}

/// A logged-in session. The driver task ends when the client is dropped; [`Session::close`] waits for it,
/// so that the server gets its goodbye before the process ends.
pub struct Session {
    pub client: tokio_postgres::Client,
    pub server_version: Option<String>,
    driver: tokio::task::JoinHandle<()>,
}

impl Session {
    /// Ends the session: the driver sends PostgreSQL's `Terminate` and closes the stream (waited for a
    /// moment at most).
    pub async fn close(self) {
        drop(self.client);
        let _ = tokio::time::timeout(Duration::from_millis(500), self.driver).await;
    }
}

/// Opens a session to `target`, recording each step in `journal`.
pub async fn open(target: &Target, journal: &mut Journal) -> Result<Session, Broken> {
    let limit = target.connect_timeout.unwrap_or(STEP_LIMIT);
    let within = |step: Step| move |_| Broken { step, problem: Problem::TimedOut(limit) };

    let started = Instant::now();
    let addresses: Vec<SocketAddr> = match target.host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, target.port)],
        Err(_) => tokio::time::timeout(limit, tokio::net::lookup_host((target.host.as_str(), target.port)))
            .await
            .map_err(within(Step::Resolve))?
            .map_err(|error| Broken { step: Step::Resolve, problem: Problem::NoSuchHost(error.to_string()) })?
            .collect(),
    };
    if addresses.is_empty() {
        return Err(Broken { step: Step::Resolve, problem: Problem::NoSuchHost("no address found".to_owned()) });
    }
    let listed: Vec<String> = addresses.iter().map(|address| address.ip().to_string()).collect();
    journal.done(Step::Resolve, Some(started.elapsed()), listed.join(", "));
    journal.addresses = addresses.clone();

    let started = Instant::now();
    let mut last = Problem::Refused;
    let mut tcp = None;
    for address in &addresses {
        match tokio::time::timeout(limit, TcpStream::connect(address)).await {
            Ok(Ok(stream)) => {
                tcp = Some((stream, *address));
                break;
            }
            Ok(Err(error)) => last = Problem::of_io(&error),
            Err(_) => last = Problem::TimedOut(limit),
        }
    }
    let (mut stream, peer) = tcp.ok_or(Broken { step: Step::Connect, problem: last })?;
    let _ = stream.set_nodelay(true);
    journal.done(Step::Connect, Some(started.elapsed()), peer.to_string());
    journal.peer = Some(peer);

    let wire = match target.ssl_mode {
        SslMode::Disable => {
            journal.done(Step::Tls, None, "not asked for (sslmode=disable)".to_owned());
            Wire::Plain(stream)
        }
        mode => {
            let started = Instant::now();
            let (config, checked) =
                tls::config(target).map_err(|detail| Broken { step: Step::Tls, problem: Problem::TlsSetup(detail) })?;
            let offered = tokio::time::timeout(limit, ask_for_tls(&mut stream))
                .await
                .map_err(within(Step::Tls))?
                .map_err(|error| Broken { step: Step::Tls, problem: Problem::Broken(error.to_string()) })?;
            match offered {
                false if mode.requires_tls() => return Err(Broken { step: Step::Tls, problem: Problem::TlsRefused }),
                false => {
                    journal.done(
                        Step::Tls,
                        None,
                        format!("the server offers none: unencrypted (sslmode={})", mode.name()),
                    );
                    Wire::Plain(stream)
                }
                true => {
                    let name = tls::server_name(&target.host)
                        .map_err(|detail| Broken { step: Step::Tls, problem: Problem::TlsSetup(detail) })?;
                    let connector = tokio_rustls::TlsConnector::from(config);
                    let secured = tokio::time::timeout(limit, connector.connect(name, stream))
                        .await
                        .map_err(within(Step::Tls))?
                        .map_err(|error| Broken { step: Step::Tls, problem: tls_problem(&error) })?;
                    let facts = TlsFacts::of(secured.get_ref().1, checked);
                    let detail = format!("{} {} ({})", facts.protocol, facts.cipher, facts.checked.describe());
                    journal.done(Step::Tls, Some(started.elapsed()), detail);
                    journal.tls = Some(facts);
                    Wire::Tls(Box::new(secured))
                }
            }
        }
    };

    let started = Instant::now();
    let mut config = tokio_postgres::Config::new();
    config.user(&target.user).application_name("ppg").ssl_mode(tokio_postgres::config::SslMode::Disable);
    if let Some(password) = &target.password {
        config.password(password.expose());
    }
    if let Some(database) = &target.database {
        config.dbname(database);
    }
    let (client, connection) = tokio::time::timeout(limit, config.connect_raw(wire, tokio_postgres::NoTls))
        .await
        .map_err(within(Step::Authenticate))?
        .map_err(|error| Problem::of_driver(&error))
        .map_err(at(Step::Authenticate))?;
    let server_version = connection.parameter("server_version").map(str::to_owned);
    let database = target.database.as_deref().unwrap_or(&target.user);
    journal.done(Step::Authenticate, Some(started.elapsed()), format!("as {} to {database}", target.user));
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(Session { client, server_version, driver })
}

/// Sends PostgreSQL's `SSLRequest` and reads the one-byte answer: `S` yes, `N` no.
async fn ask_for_tls(stream: &mut TcpStream) -> io::Result<bool> {
    const SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];
    stream.write_all(&SSL_REQUEST).await?;
    match stream.read_u8().await? {
        b'S' => Ok(true),
        b'N' => Ok(false),
        other => Err(io::Error::other(format!("the server answered the TLS request with byte {other:#04x}"))),
    }
}

/// A handshake error in plain words: rustls's reason when there is one.
fn tls_problem(error: &io::Error) -> Problem {
    match error.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        Some(tls) => Problem::Tls(crate::api::tls_reason(tls)),
        None => Problem::Broken(error.to_string()),
    }
}

/// The stream under the login: TCP, or TLS over it.
enum Wire {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Wire {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Wire::Plain(stream) => Pin::new(stream).poll_read(cx, buf),
            Wire::Tls(stream) => Pin::new(stream.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Wire {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Wire::Plain(stream) => Pin::new(stream).poll_write(cx, buf),
            Wire::Tls(stream) => Pin::new(stream.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Wire::Plain(stream) => Pin::new(stream).poll_flush(cx),
            Wire::Tls(stream) => Pin::new(stream.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Wire::Plain(stream) => Pin::new(stream).poll_shutdown(cx),
            Wire::Tls(stream) => Pin::new(stream.as_mut()).poll_shutdown(cx),
        }
    }
}
