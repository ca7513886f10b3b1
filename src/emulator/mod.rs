//! A local emulator of the Prisma Management API: a real axum server over a seeded, optionally persisted world.
mod backing;
mod branching;
mod error;
mod faults;
mod http;
mod ids;
mod model;
mod moment;
mod ops;
mod overrides;
mod persist;
mod recover;
mod render;
mod routes;
mod seed;
mod seed_newer;
mod seed_parts;
mod served;
mod tokens;
mod usage;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use faults::{Faults, RateLimit};
pub use recover::panic_is_caught;
pub use seed::Seed;

/// The token the emulator accepts unless `--token` says otherwise; documented in `docs/emulator.md`.
pub const DEFAULT_TOKEN: &str = "ppg-emulator-token";

/// The longest `--ready-after` that `ppg emulator` accepts: one year as humantime counts it (`1y`,
/// 365.25 days), far below anything that could overflow a date; documented in `docs/emulator.md`.
/// The library itself takes any `Config::ready_after`: one that would overflow a date means never.
pub const MAX_READY_AFTER: Duration = Duration::from_secs(31_557_600);

/// Everything `ppg emulator` can be told.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub seed: Seed,
    /// Load from this file at start (when it exists) and save to it after every change.
    pub state_file: Option<PathBuf>,
    pub token: String,
    pub faults: Faults,
    /// How long `provisioning` and `recovering` last before a database is `ready`; a length that would
    /// overflow a date means they never end (`ppg emulator` refuses more than [`MAX_READY_AFTER`]).
    pub ready_after: Duration,
    /// The instant the seed is built around (default: now); fixed in snapshot tests so times never drift.
    pub clock: Option<chrono::DateTime<chrono::Utc>>,
    /// `--postgres`: an admin connection string to a PostgreSQL server that backs databases and connections.
    pub postgres: Option<String>,
    /// `--max-databases`: the plan's limit; creating a database beyond it answers 402 `planLimitReached`.
    pub max_databases: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 4466)),
            seed: Seed::Demo,
            state_file: None,
            token: DEFAULT_TOKEN.to_owned(),
            faults: Faults::default(),
            ready_after: Duration::from_secs(3),
            clock: None,
            postgres: None,
            max_databases: None,
        }
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot load the seed: {0}")]
    Seed(String),
    #[error("cannot use the state file {path}: {message}")]
    State { path: PathBuf, message: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    /// The PostgreSQL of `--postgres` could not be reached or refused to set up the world.
    #[error("{0}")]
    Postgres(String),
}

/// A running emulator; dropping it stops the server.
pub struct Running {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, to which API paths (`/v1/...`) are appended.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests and waits for the server to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
    }
}

/// Loads the world (state file, else seed), binds `config.addr` and serves in a background task.
pub async fn start(config: Config) -> Result<Running, StartError> {
    if let Some(path) = &config.state_file {
        persist::check_writable(path).map_err(|message| StartError::State { path: path.clone(), message })?;
    }
    let mut world = match &config.state_file {
        Some(path) if path.exists() => persist::load(path)?,
        _ => {
            let ready_after = chrono::Duration::from_std(config.ready_after).unwrap_or(chrono::Duration::MAX);
            seed::build(&config.seed, config.clock.unwrap_or_else(ops::now), ready_after).map_err(StartError::Seed)?
        }
    };
    let backing = match &config.postgres {
        Some(url) => {
            let backing = backing::Backing::connect(url).await.map_err(StartError::Postgres)?;
            let mut synced = backing.sync(&mut world).await;
            if synced.is_err() && config.state_file.is_none() {
                // Nothing remembers this world: what was made of it is dropped again.
                synced = synced.and(backing.teardown(&mut world).await);
            }
            if let Some(path) = &config.state_file {
                // Saved even when the sync failed half-way: the record says what the server holds now.
                let _ = persist::save(path, &world).await;
            }
            synced.map_err(|failure| {
                StartError::Postgres(format!("--postgres: setting up the world failed: {failure}"))
            })?;
            Some(backing)
        }
        None => None,
    };
    if let Some(path) = &config.state_file {
        persist::save(path, &world)
            .await
            .map_err(|error| StartError::State { path: path.clone(), message: error.to_string() })?;
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind { addr: config.addr, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: config.addr, source })?;
    let shared = Arc::new(http::Shared::new(config, world, format!("http://{addr}"), backing));
    let app = routes::router(shared.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        shared.teardown().await;
    });
    Ok(Running { addr, shutdown: Some(stop), task })
}
