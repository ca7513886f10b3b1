//! A tiny synchronous runtime for UI tests: the real app and client against the in-process demo emulator,
//! every fetch answered before the next key, so each screen is drawn from real, deterministic data.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ppg::api::{Client, ClientOptions, Token};
use ppg::app::{App, Badges, Effect, Fetch, Msg, Node, Options, Reply, Section, update};
use ppg::emulator::{self, Config, DEFAULT_TOKEN, Running, Seed};
use ppg::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The instant both the demo seed and the app are built around. In the past, so that the emulator
/// (which counts usage only up to its own real clock) answers the same figures on every run.
pub const CLOCK: &str = "2026-11-15T12:00:00Z";

pub fn clock() -> DateTime<Utc> {
    CLOCK.parse().expect("a valid instant")
}

pub struct Harness {
    runtime: tokio::runtime::Runtime,
    pub emulator: Running,
    pub client: Client,
    pub app: App,
    /// Effects not yet run (kept only by `unanswered`).
    pub pending: Vec<Effect>,
    /// What `Effect::Copy` asked for, in order.
    pub copied: Vec<(String, String)>,
}

impl Harness {
    /// The demo, loaded: `/v1/me` and the projects answered.
    pub fn demo() -> Harness {
        Harness::with(DEFAULT_TOKEN, true, true, true)
    }

    /// A world of the test's making (a state file, see `world`), loaded like the demo.
    pub fn on(seed: Seed) -> Harness {
        Harness::build(DEFAULT_TOKEN, true, true, true, seed)
    }

    /// The demo with nothing answered yet: everything is loading.
    pub fn unanswered() -> Harness {
        Harness::with(DEFAULT_TOKEN, true, true, false)
    }

    /// No token: the first-run screen.
    pub fn first_run() -> Harness {
        Harness::with(DEFAULT_TOKEN, false, false, true)
    }

    /// A token the emulator refuses.
    pub fn refused() -> Harness {
        Harness::with("not-the-token", true, false, true)
    }

    fn with(token: &str, has_token: bool, demo: bool, answer: bool) -> Harness {
        Harness::build(token, has_token, demo, answer, Seed::Demo)
    }

    fn build(token: &str, has_token: bool, demo: bool, answer: bool, seed: Seed) -> Harness {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            seed,
            // Busy databases stay busy for the whole test, whatever the real clock says.
            ready_after: Duration::from_secs(100 * 365 * 86_400),
            clock: Some(clock()),
            ..Config::default()
        };
        let emulator = runtime.block_on(emulator::start(config)).unwrap();
        let client = Client::new(ClientOptions::new(emulator.base_url(), Token::new(token))).unwrap();
        let options = Options {
            has_token,
            badges: Badges { demo, ..Badges::default() },
            now: Some(clock()),
            ..Options::default()
        };
        let (app, effects) = App::new(options);
        let mut harness = Harness { runtime, emulator, client, app, pending: Vec::new(), copied: Vec::new() };
        if answer {
            harness.run(effects);
        } else {
            harness.pending = effects;
        }
        harness
    }

    /// Runs `effects` and everything their answers ask for, until nothing is left (polls are skipped;
    /// changes are left unsent).
    pub fn run(&mut self, effects: Vec<Effect>) {
        self.drive(effects, false);
    }

    fn fetch(&self, fetch: Fetch) -> Option<Reply> {
        let client = &self.client;
        self.runtime.block_on(async {
            match fetch {
                Fetch::Database { .. } => None,
                fetch => Some(ppg::runtime::answer(client, fetch).await),
            }
        })
    }

    /// The emulator's world as a state file would hold it, to build other worlds from.
    pub fn world(&self) -> serde_json::Value {
        let url = format!("{}/_emulator/state", self.emulator.base_url());
        self.block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
    }

    /// Blocks on a future with the harness's runtime (client calls made by a test).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Presses one key and runs what it asks for.
    pub fn press(&mut self, code: KeyCode) {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let effects = update(&mut self.app, Msg::Key(KeyEvent::new(code, modifiers)));
        self.run(effects);
    }

    /// Types each character as a key press.
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Moves the tree's selection onto `node` with `j`/`k`, as a user would.
    pub fn select(&mut self, node: &Node) {
        for _ in 0..500 {
            let rows = self.app.rows();
            let target = rows.iter().position(|row| &row.node == node).expect("the node is in the tree");
            let at = self.app.tree_index(&rows);
            if target == at {
                return;
            }
            self.press(if target > at { KeyCode::Char('j') } else { KeyCode::Char('k') });
        }
        panic!("could not reach {node:?}");
    }

    pub fn project_id(&self, name: &str) -> String {
        self.app.data.projects().iter().find(|project| project.name == name).expect("a demo project").id.clone()
    }

    /// The id of a database by name (its project's databases must be loaded).
    pub fn database_id(&self, name: &str) -> String {
        let databases = self.app.data.databases.values().filter_map(|d| d.value()).flatten();
        databases.into_iter().find(|database| database.name == name).expect("a loaded database").id.clone()
    }

    /// Opens a project and selects one of its databases, loading what they show.
    pub fn open_database(&mut self, project: &str, database: &str) -> String {
        let project = self.project_id(project);
        self.select(&Node::Project(project.clone()));
        if !self.app.expanded.contains(&Node::Project(project)) {
            self.press(KeyCode::Char('l'));
        }
        let id = self.database_id(database);
        self.select(&Node::Database(id.clone()));
        id
    }

    /// Opens a section of a database with `1`–`3`.
    pub fn open_section(&mut self, project: &str, database: &str, section: Section) -> String {
        let id = self.open_database(project, database);
        self.keys(match section {
            Section::Connections => "1",
            Section::Backups => "2",
            Section::Usage => "3",
        });
        id
    }

    /// The screen as text at `width`×`height`.
    pub fn screen(&self, width: u16, height: u16) -> String {
        render(&self.app, width, height)
    }
}

/// Draws `app` on a test terminal and returns the buffer as text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut app = app.clone();
    app.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(frame, &app, &Theme::dark())).unwrap();
    terminal.backend().to_string()
}

impl Harness {
    /// Runs `effects` as [`Harness::run`] does, and also sends each `Effect::Change` to the emulator through
    /// `ppg::runtime::apply`, feeding its answer back to the app. Returns the changes sent, in order.
    pub fn run_sending(&mut self, effects: Vec<Effect>) -> Vec<ppg::app::Change> {
        self.drive(effects, true)
    }

    /// The one loop behind `run` and `run_sending`: fetches answered, copies kept, changes sent when `send`.
    fn drive(&mut self, effects: Vec<Effect>, send: bool) -> Vec<ppg::app::Change> {
        let mut sent = Vec::new();
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            let reply = match effect {
                Effect::Fetch { request, fetch } => self.fetch(fetch).map(|reply| (request, reply)),
                Effect::Change { request, change } if send => {
                    sent.push(change.clone());
                    Some((request, self.runtime.block_on(ppg::runtime::apply(&self.client, change))))
                }
                Effect::Copy { text, label } => {
                    self.copied.push((label, text));
                    None
                }
                _ => None,
            };
            if let Some((request, reply)) = reply {
                queue.extend(update(&mut self.app, Msg::Reply { request, reply: Box::new(reply) }));
            }
        }
        sent
    }

    /// Presses one key and runs what it asks for, changes included; returns the changes sent.
    pub fn press_sending(&mut self, code: KeyCode) -> Vec<ppg::app::Change> {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let effects = update(&mut self.app, Msg::Key(KeyEvent::new(code, modifiers)));
        self.run_sending(effects)
    }
}
