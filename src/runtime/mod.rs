//! Runs the app's effects: API calls on background tasks (answers come back as `Msg`), the demo, profiles.
mod calls;
pub mod clipboard;
mod copying;
mod envfile;
mod probing;
mod psql;
mod tmux;

pub use calls::{answer, apply};
pub use copying::{ClipboardSink, NoClipboard, TerminalClipboard};
pub use psql::{Foreground, Prepared, PsqlCommand};

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::task::AbortHandle;

use crate::api::{self, Client, ClientOptions, Observer, Progress};
use crate::app::{Badges, Change, Effect, Fetch, Msg, Reply, Via};
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
    /// Fetches and changes in flight (a change is never aborted: it is sent once and its answer awaited).
    flights: Arc<Flights>,
    clipboard: Box<dyn ClipboardSink>,
    /// Empty the clipboard this long after a copy (config `clear_clipboard_after`).
    clear_after: Option<Duration>,
    /// The timer of the pending clear; a newer copy replaces it.
    clear_timer: Option<AbortHandle>,
    /// Which psql `p` runs.
    psql: PsqlCommand,
    /// psql's process while it has the terminal.
    foreground: Foreground,
    /// Tests in flight that hold a temporary connection, which must be deleted before the process ends.
    temporaries: Arc<Flights>,
}

/// The count of fetches and changes in flight, and a notice each time one ends.
#[derive(Debug, Default)]
pub struct Flights {
    count: AtomicUsize,
    ended: Notify,
}

impl Flights {
    fn start(self: &Arc<Self>) -> Flight {
        self.count.fetch_add(1, Ordering::SeqCst);
        Flight(self.clone())
    }

    /// Waits until a fetch or change ends (at once if one ended since the last wait).
    pub async fn ended(&self) {
        self.ended.notified().await;
    }
}

/// One fetch or change in flight; it ends when dropped (its task done or aborted).
struct Flight(Arc<Flights>);

impl Drop for Flight {
    fn drop(&mut self) {
        self.0.count.fetch_sub(1, Ordering::SeqCst);
        self.0.ended.notify_one();
    }
}

/// Whether the console goes on after an effect.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
    Continue,
    Quit,
    /// Hand the terminal to psql on `database` (the console does: see `Runtime::prepare_psql`).
    Psql {
        database: String,
        via: Via,
    },
}

impl Runtime {
    pub fn new(client: Option<Client>, tx: mpsc::UnboundedSender<Msg>, profiles: Profiles) -> Self {
        let client = client.map(|client| client.observed(observer(tx.clone())));
        let usage_permits = Arc::new(Semaphore::new(USAGE_CONCURRENCY));
        let psql = psql_of(profiles.env.as_ref());
        Self {
            client,
            tx,
            usage_permits,
            demo: None,
            profiles,
            fetches: HashMap::new(),
            flights: Arc::default(),
            clipboard: Box::new(NoClipboard),
            clear_after: None,
            clear_timer: None,
            psql,
            foreground: Foreground::default(),
            temporaries: Arc::default(),
        }
    }

    /// Copies go to `clipboard`, which is emptied `clear_after` each copy when that is set.
    pub fn with_clipboard(mut self, clipboard: Box<dyn ClipboardSink>, clear_after: Option<Duration>) -> Self {
        self.clipboard = clipboard;
        self.clear_after = clear_after;
        self
    }

    /// Whether nothing the app waits for is in flight: every fetch and change has ended, its replies sent
    /// (a poll still waiting out its pause does not count: it answers later by design).
    pub fn is_idle(&self) -> bool {
        self.flights.count.load(Ordering::SeqCst) == 0
    }

    /// Notified each time a fetch or change ends (after its last reply was sent), for a caller that waits
    /// until the runtime is idle.
    pub fn ended(&self) -> Arc<Flights> {
        self.flights.clone()
    }

    /// Waits (at most `limit`) until no test holds a temporary connection, so that each is deleted before
    /// the process ends; the console calls it on its way out, whatever ended it.
    pub async fn wind_down(&self, limit: Duration) {
        let temporaries = self.temporaries.clone();
        let _ = tokio::time::timeout(limit, async move {
            while temporaries.count.load(Ordering::SeqCst) > 0 {
                temporaries.ended().await;
            }
        })
        .await;
    }

    /// Keeps the demo's emulator running for as long as the runtime lives.
    pub fn adopt_demo(&mut self, running: emulator::Running) {
        self.demo = Some(running);
    }

    /// Carries out an effect; its outcome arrives later as a `Msg`. Only starting the demo is awaited here
    /// (it binds a loopback port: milliseconds) and a copy (the clipboard answers at once).
    pub async fn run(&mut self, effect: Effect) -> Flow {
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
            Effect::Copy { text, label } => self.copy(&text, label),
            Effect::ClearClipboard => {
                let outcome = self.clipboard.copy("");
                let _ = self.tx.send(Msg::ClipboardCleared(outcome));
            }
            Effect::Test { request, database, via } => self.test(request, database, via),
            Effect::Psql { database, via } => return Flow::Psql { database, via },
            Effect::Quit => return Flow::Quit,
        }
        Flow::Continue
    }

    /// Copies now, says how it went, and when the config asks for it, schedules the clipboard's clearing
    /// (a newer copy starts the wait over).
    fn copy(&mut self, text: &str, label: String) {
        let outcome = self.clipboard.copy(text);
        let copied = outcome.is_ok();
        let _ = self.tx.send(Msg::Copied { label, outcome });
        if let (true, Some(after)) = (copied, self.clear_after) {
            if let Some(older) = self.clear_timer.take() {
                older.abort();
            }
            let tx = self.tx.clone();
            let timer = tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let _ = tx.send(Msg::ClearClipboard);
            });
            self.clear_timer = Some(timer.abort_handle());
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
        // A poll counts as in flight only once its pause is over.
        let flights = self.flights.clone();
        let mut flight = (!matches!(fetch, Fetch::Database { .. })).then(|| flights.start());
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
                    flight = Some(flights.start());
                    send(answer(&client, fetch).await);
                }
                fetch => send(answer(&client, fetch).await),
            }
            drop(flight);
        });
        self.fetches.retain(|_, task| !task.is_finished());
        if let Some(older) = self.fetches.insert(slot, task.abort_handle()) {
            older.abort();
        }
    }

    /// Sends a change once; the client never re-sends it, and a lost answer comes back as `OutcomeUnknown`.
    fn change(&mut self, request: u64, change: Change) {
        let Some(client) = self.client.clone() else { return };
        let tx = self.tx.clone();
        let flight = self.flights.start();
        tokio::spawn(async move {
            let reply = apply(&client, change).await;
            let _ = tx.send(Msg::Reply { request, reply: Box::new(reply) });
            drop(flight);
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
                let badges = Badges {
                    profile: settings.profile.clone(),
                    demo: false,
                    read_only: settings.read_only,
                    host: settings.host_badge(),
                };
                let _ = self.tx.send(Msg::Connected(badges));
            }
            Err(why) => {
                let _ = self.tx.send(Msg::ConnectFailed(format!("cannot switch to profile {name}: {why}")));
            }
        }
    }
}

/// psql as the environment names it (`$PPG_PSQL`, `PATH`); the process's own when the config was not read.
fn psql_of(env: Option<&Env>) -> PsqlCommand {
    match env {
        Some(env) => PsqlCommand { ppg_psql: env.psql.clone(), path: env.path.clone(), args: Vec::new() },
        None => PsqlCommand {
            ppg_psql: std::env::var_os(crate::connect::psql::PSQL_VAR),
            path: std::env::var_os("PATH"),
            args: Vec::new(),
        },
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
