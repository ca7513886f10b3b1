//! Runs the app's effects: API calls on background tasks (answers come back as `Msg`), the demo, profiles.
pub mod clipboard;
mod envfile;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tokio::sync::{Semaphore, mpsc};
use tokio::task::AbortHandle;

use crate::api::{self, Client, ClientOptions, Observer, Progress};
use crate::app::{Badges, Change, Changed, Effect, Fetch, Msg, Reply};
use crate::config::{self, ConfigFile, Env, Overrides};
use crate::emulator;

/// Per-day usage requests in flight at once (the chart asks for thirty).
const USAGE_CONCURRENCY: usize = 6;

/// What the runtime needs to switch profiles: the config as loaded and the environment.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    pub file: Option<ConfigFile>,
    pub env: Option<Env>,
    pub overrides: Overrides,
}

pub struct Runtime {
    client: Option<Client>,
    tx: mpsc::UnboundedSender<Msg>,
    usage_permits: Arc<Semaphore>,
    /// The in-process emulator of the demo, kept alive as long as the runtime.
    demo: Option<emulator::Running>,
    profiles: Profiles,
    /// The fetch in flight for each thing the app reads: a newer fetch of the same makes the older useless,
    /// and a new API (profile, demo) makes them all useless, so they are aborted.
    fetches: HashMap<String, AbortHandle>,
}

impl Runtime {
    pub fn new(client: Option<Client>, tx: mpsc::UnboundedSender<Msg>, profiles: Profiles) -> Self {
        let client = client.map(|client| client.observed(observer(tx.clone())));
        let usage_permits = Arc::new(Semaphore::new(USAGE_CONCURRENCY));
        Self { client, tx, usage_permits, demo: None, profiles, fetches: HashMap::new() }
    }

    /// Keeps the demo's emulator running for as long as the runtime lives.
    pub fn adopt_demo(&mut self, running: emulator::Running) {
        self.demo = Some(running);
    }

    /// Starts an effect; its outcome arrives later as a `Msg`. `Quit` and `Copy` belong to the terminal loop.
    /// Only starting the demo is awaited here (it binds a loopback port: milliseconds).
    pub async fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Fetch { request, fetch } => self.fetch(request, fetch),
            Effect::Change { request, change } => self.change(request, change),
            Effect::WriteEnv { lines, force } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let outcome = envfile::write(std::path::Path::new(".env"), &lines, force);
                    let _ = tx.send(Msg::EnvWritten(outcome));
                });
            }
            Effect::StartDemo => {
                self.abort_fetches();
                self.start_demo().await;
            }
            Effect::SwitchProfile(name) => {
                self.abort_fetches();
                self.switch_profile(&name);
            }
            Effect::Copy { .. } | Effect::Quit => {}
        }
    }

    fn abort_fetches(&mut self) {
        for (_, task) in self.fetches.drain() {
            task.abort();
        }
    }

    fn fetch(&mut self, request: u64, fetch: Fetch) {
        let Some(client) = self.client.clone() else { return };
        let tx = self.tx.clone();
        let permits = self.usage_permits.clone();
        let slot = slot(&fetch);
        let task = tokio::spawn(async move {
            let send = |reply: Reply| {
                let _ = tx.send(Msg::Reply { request, reply: Box::new(reply) });
            };
            match fetch {
                Fetch::Projects => {
                    let mut pages = client.projects();
                    let mut first = true;
                    loop {
                        match pages.next_page().await {
                            Ok(Some(page)) => send(Reply::Projects { page: Ok(page), first, done: pages.is_done() }),
                            Ok(None) => break,
                            Err(error) => {
                                send(Reply::Projects { page: Err(error), first, done: true });
                                break;
                            }
                        }
                        first = false;
                        if pages.is_done() {
                            break;
                        }
                    }
                }
                Fetch::Usage { .. } => {
                    let _permit = permits.acquire().await;
                    send(answer(&client, fetch).await);
                }
                Fetch::Database { after, .. } => {
                    tokio::time::sleep(after).await;
                    send(answer(&client, fetch).await);
                }
                fetch => send(answer(&client, fetch).await),
            }
        });
        self.fetches.retain(|_, task| !task.is_finished());
        if let Some(older) = self.fetches.insert(slot, task.abort_handle()) {
            older.abort();
        }
    }

    /// Sends a change once; the client never re-sends it, and a lost answer comes back as `OutcomeUnknown`.
    fn change(&self, request: u64, change: Change) {
        let Some(client) = self.client.clone() else { return };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let reply = apply(&client, change).await;
            let _ = tx.send(Msg::Reply { request, reply: Box::new(reply) });
        });
    }

    /// Starts the in-process emulator with the demo seed, then talks to it.
    async fn start_demo(&mut self) {
        if self.demo.is_none() {
            match start_demo_emulator().await {
                Ok((running, client)) => {
                    self.demo = Some(running);
                    self.client = Some(client.observed(observer(self.tx.clone())));
                }
                Err(why) => {
                    let _ = self.tx.send(Msg::ConnectFailed(format!("could not start the demo: {why}")));
                    return;
                }
            }
        }
        let _ = self.tx.send(Msg::Connected(Badges { demo: true, ..Badges::default() }));
    }

    fn switch_profile(&mut self, name: &str) {
        let overrides = Overrides { profile: Some(name.to_owned()), ..self.profiles.overrides.clone() };
        let env = self.profiles.env.clone().unwrap_or_default();
        let settings = match config::resolve(self.profiles.file.as_ref(), &env, &overrides) {
            Ok(settings) => settings,
            Err(error) => {
                let _ = self.tx.send(Msg::ConnectFailed(format!("cannot switch to profile {name}: {error}")));
                return;
            }
        };
        match settings.client() {
            Ok(None) => {
                let _ = self.tx.send(Msg::ConnectFailed(format!("profile {name} has no token")));
            }
            Ok(Some(client)) => {
                self.client = Some(client.observed(observer(self.tx.clone())));
                let badges = Badges { profile: settings.profile.clone(), demo: false, read_only: settings.read_only };
                let _ = self.tx.send(Msg::Connected(badges));
            }
            Err(why) => {
                let _ = self.tx.send(Msg::ConnectFailed(format!("cannot switch to profile {name}: {why}")));
            }
        }
    }
}

/// Forwards the client's retries to the app as `Msg::Progress`, and the end of a request that was retried
/// (so its notice goes); every other step stays here, so a calm API sends no extra messages.
fn observer(tx: mpsc::UnboundedSender<Msg>) -> Observer {
    let retried: Mutex<HashSet<String>> = Mutex::default();
    Observer::new(move |progress| {
        let forward = match progress {
            Progress::Retrying { route, .. } => {
                retried.lock().map(|mut routes| routes.insert(route.to_string())).ok();
                true
            }
            Progress::Finished { route } => retried.lock().is_ok_and(|mut routes| routes.remove(&route.to_string())),
            Progress::Started { .. } => false,
        };
        if forward {
            let _ = tx.send(Msg::Progress(progress.clone()));
        }
    })
}

/// What a fetch reads, whatever its timing: a newer fetch of the same slot replaces the older.
fn slot(fetch: &Fetch) -> String {
    match fetch {
        Fetch::Usage { database, slot, .. } => format!("usage {database} {slot:?}"),
        Fetch::Database { database, .. } => format!("poll {database}"),
        other => format!("{other:?}"),
    }
}

/// The answer to one fetch, in one reply (a list with all its pages; a poll without its pause).
pub async fn answer(client: &Client, fetch: Fetch) -> Reply {
    match fetch {
        Fetch::Me => Reply::Me(client.me().await),
        Fetch::Projects => Reply::Projects { page: client.projects().all().await, first: true, done: true },
        Fetch::Databases { project } => {
            let (result, cut_short) = partial(client.databases(Some(&project)).until_error().await);
            Reply::Databases { project, result, cut_short }
        }
        Fetch::Connections { database } => {
            let (result, cut_short) = partial(client.connections(&database).until_error().await);
            Reply::Connections { database, result, cut_short }
        }
        Fetch::Backups { database } => {
            let result = client.backups(&database, Some(100)).await;
            Reply::Backups { database, result }
        }
        Fetch::Usage { database, slot, start, end } => {
            let result = client.usage(&database, Some(start), Some(end)).await;
            Reply::Usage { database, slot, result }
        }
        Fetch::Database { database, .. } => {
            let result = client.database(&database).await;
            Reply::Database { database, result }
        }
        Fetch::AllDatabases => Reply::AllDatabases(client.databases(None).all().await),
        Fetch::AllConnections => Reply::AllConnections(client.all_connections().all().await),
        Fetch::Regions => Reply::Regions(client.postgres_regions().await),
    }
}

/// A list read up to a failure: what was read when anything was (with the failure aside), else the failure.
fn partial<T>(
    (listing, error): (api::Listing<T>, Option<api::Error>),
) -> (Result<api::Listing<T>, api::Error>, Option<api::Error>) {
    match error {
        Some(error) if listing.total() == 0 => (Err(error), None),
        cut_short => (Ok(listing), cut_short),
    }
}

/// Sends `change` once and gives its answer as a reply.
pub async fn apply(client: &Client, change: Change) -> Reply {
    let result = send_change(client, &change).await;
    Reply::Changed { change, result }
}

async fn send_change(client: &Client, change: &Change) -> Result<Changed, api::Error> {
    let boxed = |database: api::Database| Changed::Database(Box::new(database));
    Ok(match change {
        Change::CreateProject { name, region, create_database } => {
            let new =
                api::NewProject { name: Some(name.clone()), region: region.clone(), create_database: *create_database };
            Changed::Project(Box::new(client.create_project(&new).await?))
        }
        Change::CreateDatabase { project, name, region, source } => {
            let new = api::NewDatabase { name: Some(name.clone()), region: region.clone(), source: source.clone() };
            boxed(client.create_database(project, &new).await?)
        }
        Change::CreateConnection { database, name } => {
            Changed::Connection(Box::new(client.create_connection(database, name).await?))
        }
        Change::RenameProject { id, name } => client.rename_project(id, name).await.map(|_| Changed::Done)?,
        Change::RenameDatabase { id, name } => client.rename_database(id, name).await.map(|_| Changed::Done)?,
        Change::DeleteProject { id } => client.delete_project(id).await.map(|()| Changed::Done)?,
        Change::DeleteDatabase { id } => client.delete_database(id).await.map(|()| Changed::Done)?,
        Change::DeleteConnection { id } => client.delete_connection(id).await.map(|()| Changed::Done)?,
        Change::Rotate { id } => Changed::Connection(Box::new(client.rotate_connection(id).await?)),
        Change::Restore { target, source_database, backup } => {
            boxed(client.restore_from(target, source_database, backup).await?)
        }
    })
}

/// The demo's emulator on a free loopback port, and a client for it.
pub async fn start_demo_emulator() -> Result<(emulator::Running, Client), String> {
    let config = emulator::Config {
        addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        seed: emulator::Seed::Demo,
        ..emulator::Config::default()
    };
    let running = emulator::start(config).await.map_err(|error| error.to_string())?;
    let client = Client::new(ClientOptions::new(running.base_url(), api::Token::new(emulator::DEFAULT_TOKEN)))?;
    Ok((running, client))
}
