//! The one harness of the console's tests: the real loop (`ppg::tui::Console`) on a `TestBackend`, driven by
//! a scripted input, its real runtime talking to an in-process emulator over loopback HTTP, its copies
//! recorded. After each key the harness waits until the console has settled: nothing pending, nothing in
//! flight, the last change drawn.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

mod faults;
mod held;
mod looks;
mod moves;

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::Stream;
use ppg::api::{Client, ClientOptions, Token};
use ppg::app::{App, Badges, Options};
use ppg::emulator::{self, Config, DEFAULT_TOKEN, Faults, Running, Seed};
use ppg::runtime::{ClipboardSink, Profiles, PsqlCommand, Runtime};
use ppg::tui::{Console, Ended, Input, Pace};
use ppg::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The instant both the demo seed and the app are built around. In the past, so that the emulator
/// (which counts usage only up to its own real clock) answers the same figures on every run.
pub const CLOCK: &str = "2026-11-15T12:00:00Z";

/// How long the console may take to settle after one input before the test fails.
const SETTLE_DEADLINE: Duration = Duration::from_secs(60);

pub fn clock() -> DateTime<Utc> {
    CLOCK.parse().expect("a valid instant")
}

/// The input the test types, handed to the console as a stream.
#[derive(Clone, Default)]
pub struct Script(Arc<Mutex<(VecDeque<Input>, Option<Waker>)>>);

impl Script {
    pub fn push(&self, input: Input) {
        let mut script = self.0.lock().unwrap();
        script.0.push_back(input);
        if let Some(waker) = script.1.take() {
            waker.wake();
        }
    }

    fn is_empty(&self) -> bool {
        self.0.lock().unwrap().0.is_empty()
    }
}

impl Stream for Script {
    type Item = Input;

    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Input>> {
        let mut script = self.0.lock().unwrap();
        match script.0.pop_front() {
            Some(input) => Poll::Ready(Some(input)),
            None => {
                script.1 = Some(context.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// A clipboard that keeps what it was given.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<String>>>);

impl ClipboardSink for Recorder {
    fn copy(&mut self, text: &str) -> Result<ppg::app::CopiedTo, String> {
        self.0.lock().unwrap().push(text.to_owned());
        Ok(ppg::app::CopiedTo::System)
    }
}

pub struct Harness {
    runtime: tokio::runtime::Runtime,
    pub emulator: Running,
    /// A client of the emulator, for changes a test makes behind the console's back.
    pub client: Client,
    console: Console<TestBackend>,
    script: Script,
    clipboard: Recorder,
    /// How the console ended, once it did.
    pub ended: Option<Ended>,
    /// When the test delivers the runtime's replies itself: see [`Harness::holding`].
    held: Option<held::Held>,
}

impl Harness {
    /// The demo, loaded: `/v1/me` and the projects answered.
    pub fn demo() -> Harness {
        Harness::build(DEFAULT_TOKEN, true, true, Seed::Demo, true)
    }

    /// The demo, loaded, its emulator answering every request `latency` late: keys typed ahead (`ahead`) are
    /// handled while the answer to an earlier one is still on its way.
    pub fn slow(latency: Duration) -> Harness {
        let config = Config { faults: Faults { latency, ..Faults::default() }, ..Harness::config(Seed::Demo) };
        Harness::configured(DEFAULT_TOKEN, true, true, config, (100, 30)).settled()
    }

    /// The demo, loaded, on a terminal of `width`×`height` (a small one draws faster, for long walks).
    pub fn demo_at(width: u16, height: u16) -> Harness {
        Harness::configured(DEFAULT_TOKEN, true, true, Harness::config(Seed::Demo), (width, height)).settled()
    }

    /// A world of the test's making (a state file, see `world`), loaded like the demo.
    pub fn on(seed: Seed) -> Harness {
        Harness::build(DEFAULT_TOKEN, true, true, seed, true)
    }

    /// The demo's world as `edit` leaves it (given the demo's harness, to look ids up in), loaded.
    pub fn demo_edited(edit: impl FnOnce(&Harness, &mut serde_json::Value)) -> Harness {
        let demo = Harness::demo();
        let mut world = demo.world();
        edit(&demo, &mut world);
        let file = tempfile::NamedTempFile::new().expect("a temporary file");
        std::fs::write(file.path(), world.to_string()).expect("the world written");
        Harness::on(Seed::File(file.path().to_owned()))
    }

    /// The demo with nothing answered yet: everything is loading.
    pub fn unanswered() -> Harness {
        Harness::build(DEFAULT_TOKEN, true, true, Seed::Demo, false)
    }

    /// No token: the first-run screen.
    pub fn first_run() -> Harness {
        Harness::build(DEFAULT_TOKEN, false, false, Seed::Demo, true)
    }

    /// A token the emulator refuses.
    pub fn refused() -> Harness {
        Harness::build("not-the-token", true, false, Seed::Demo, true)
    }

    /// The demo served with `faults` (a failure rate, latency…), loaded.
    pub fn faulty(faults: Faults) -> Harness {
        Harness::configured(DEFAULT_TOKEN, true, true, Config { faults, ..Harness::config(Seed::Demo) }, (100, 30))
            .settled()
    }

    /// The demo backed by the PostgreSQL at `admin` (its strings connect), loaded; `p` runs `psql`.
    pub fn backed(admin: &str, psql: PsqlCommand) -> Harness {
        let config = Config { postgres: Some(admin.to_owned()), ..Harness::config(Seed::Demo) };
        Harness::with_psql(DEFAULT_TOKEN, true, true, config, (100, 30), psql).settled()
    }

    /// The demo, loaded, where `p` runs `psql`.
    pub fn demo_with_psql(psql: PsqlCommand) -> Harness {
        Harness::with_psql(DEFAULT_TOKEN, true, true, Harness::config(Seed::Demo), (100, 30), psql).settled()
    }

    /// The demo, loaded, its plan allowing `max_databases` databases in all (one more answers 402).
    pub fn limited(max_databases: usize) -> Harness {
        let config = Config { max_databases: Some(max_databases), ..Harness::config(Seed::Demo) };
        Harness::configured(DEFAULT_TOKEN, true, true, config, (100, 30)).settled()
    }

    /// The emulator's configuration for `seed`: the test clock, busy databases busy for the whole test.
    fn config(seed: Seed) -> Config {
        Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            seed,
            ready_after: Duration::from_secs(100 * 365 * 86_400),
            clock: Some(clock()),
            ..Config::default()
        }
    }

    fn build(token: &str, has_token: bool, demo: bool, seed: Seed, settle: bool) -> Harness {
        let harness = Harness::configured(token, has_token, demo, Harness::config(seed), (100, 30));
        if settle { harness.settled() } else { harness }
    }

    fn settled(mut self) -> Harness {
        self.settle();
        self
    }

    /// A harness on an emulator configured so, on a terminal of `size`, not settled yet.
    fn configured(token: &str, has_token: bool, demo: bool, config: Config, size: (u16, u16)) -> Harness {
        Harness::with_psql(token, has_token, demo, config, size, batch_psql(&["select 1"]))
    }

    fn with_psql(
        token: &str,
        has_token: bool,
        demo: bool,
        config: Config,
        size: (u16, u16),
        psql: PsqlCommand,
    ) -> Harness {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let emulator = runtime.block_on(emulator::start(config)).unwrap();
        let client = Client::new(ClientOptions::new(emulator.base_url(), Token::new(token))).unwrap();
        let options = Options {
            has_token,
            badges: Badges { demo, ..Badges::default() },
            now: Some(clock()),
            ..Options::default()
        };
        let (tx, replies) = tokio::sync::mpsc::unbounded_channel();
        let clipboard = Recorder::default();
        let ppg_runtime = Runtime::new(Some(client.clone()), tx, Profiles::default())
            .with_clipboard(Box::new(clipboard.clone()), None)
            .with_psql(psql);
        let pace = Pace { tick: None, toast_for: None, clock: Arc::new(clock), ..Pace::default() };
        let terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        let console = Console::new(terminal, App::new(options), ppg_runtime, replies, Theme::dark(), pace);
        Harness { runtime, emulator, client, console, script: Script::default(), clipboard, ended: None, held: None }
    }

    /// Lets the console work until it has settled (or ended).
    pub fn settle(&mut self) {
        let Harness { runtime, console, script, ended, held, .. } = self;
        if ended.is_some() {
            return;
        }
        *ended = runtime.block_on(async {
            tokio::time::timeout(SETTLE_DEADLINE, async {
                loop {
                    if let Some(end) = console.flush().await.expect("the console runs") {
                        return Some(end);
                    }
                    // Idle first: a task sends its last reply before it counts as ended, so it is taken below.
                    let idle = console.runtime().is_idle();
                    if let Some(held) = held.as_mut() {
                        while let Ok(msg) = held.from_runtime.try_recv() {
                            held.waiting.push(msg);
                        }
                    }
                    if idle && console.is_settled() && script.is_empty() {
                        return None;
                    }
                    // Whatever comes first: an input or reply, or the end of something in flight.
                    let flights = console.runtime().ended();
                    tokio::select! {
                        next = console.next(script) => {
                            if let Some(end) = next.expect("the console runs") {
                                return Some(end);
                            }
                        }
                        () = flights.ended() => {}
                    }
                }
            })
            .await
            .expect("the console settles in time")
        });
    }

    /// Lets the console run (timers included) until `done` holds for the app, or fails after the deadline.
    pub fn run_until(&mut self, done: impl Fn(&App) -> bool) {
        let Harness { runtime, console, script, .. } = self;
        runtime.block_on(async {
            tokio::time::timeout(SETTLE_DEADLINE, async {
                while !done(console.app()) {
                    console.flush().await.expect("the console runs");
                    if !done(console.app()) {
                        console.next(script).await.expect("the console runs");
                    }
                }
                console.flush().await.expect("the console runs");
            })
            .await
            .expect("the condition came true in time")
        });
    }

    /// The console's timing.
    pub fn console_pace(&mut self) -> &mut Pace {
        self.console.pace_mut()
    }

    /// The app as the console holds it now.
    pub fn app(&self) -> &App {
        self.console.app()
    }

    /// The app's state, to set up what no key leads to; the console draws it on the next settle.
    pub fn app_mut(&mut self) -> &mut App {
        self.console.app_mut()
    }

    /// What went to the clipboard, in order.
    pub fn copied(&self) -> Vec<String> {
        self.clipboard.0.lock().unwrap().clone()
    }

    /// Hands one input to the console and waits until it has settled.
    pub fn input(&mut self, input: Input) {
        if let Input::Event(Event::Resize(width, height)) = input {
            // A real terminal has its new size before it reports it.
            self.console.terminal_mut().backend_mut().resize(width, height);
        }
        self.script.push(input);
        self.settle();
    }

    /// Presses one key (upper-case letters with Shift) and waits until the console has settled.
    pub fn press(&mut self, code: KeyCode) {
        self.input(Input::Event(Event::Key(KeyEvent::new(code, shift(code)))));
    }

    /// Hands all of `codes` to the console at once, then waits until it has settled: the later keys are
    /// handled as they come, not after the answers to the earlier ones (see `slow`).
    pub fn ahead(&mut self, codes: &[KeyCode]) {
        for code in codes {
            self.script.push(Input::Event(Event::Key(KeyEvent::new(*code, shift(*code)))));
        }
        self.settle();
    }

    /// Types each character as a key press.
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// The console's last frame, as the test terminal holds it.
    pub fn frame(&self) -> String {
        self.console.terminal().backend().to_string()
    }

    /// The emulator's world as a state file would hold it, to build other worlds from.
    pub fn world(&self) -> serde_json::Value {
        let url = format!("{}/_emulator/state", self.emulator.base_url());
        self.block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
    }

    /// The changes the emulator received, in order (`POST /v1/…`), from its request log.
    pub fn writes(&self) -> Vec<String> {
        let url = format!("{}/_emulator/requests", self.emulator.base_url());
        let log: serde_json::Value = self.block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() });
        let requests = log["data"].as_array().unwrap();
        requests
            .iter()
            .filter(|request| request["method"] != "GET")
            .map(|request| format!("{} {}", request["method"].as_str().unwrap(), request["path"].as_str().unwrap()))
            .collect()
    }

    /// Blocks on a future with the harness's runtime (client calls made by a test).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The screen as text at `width`×`height` (the app drawn at that size; the console's own size is kept).
    pub fn screen(&self, width: u16, height: u16) -> String {
        render(self.app(), width, height)
    }

    /// The screen at `width`×`height` cell by cell, with the dark theme's styles (for pictures).
    pub fn buffer(&self, width: u16, height: u16) -> Buffer {
        drawn(self.app(), width, height).buffer().clone()
    }
}

/// `psql` from `PATH` running `commands` and ending, never reading the test's input.
pub fn batch_psql(commands: &[&str]) -> PsqlCommand {
    let mut args: Vec<std::ffi::OsString> = ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"].map(Into::into).to_vec();
    for command in commands {
        args.extend(["-c".into(), (*command).into()]);
    }
    PsqlCommand { ppg_psql: None, path: std::env::var_os("PATH"), args }
}

/// Shift for upper-case letters.
fn shift(code: KeyCode) -> KeyModifiers {
    match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    }
}

/// Draws `app` on a test terminal and returns the buffer as text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    drawn(app, width, height).to_string()
}

/// Draws `app` at `width`×`height` in the dark theme on a test terminal.
fn drawn(app: &App, width: u16, height: u16) -> TestBackend {
    let mut app = app.clone();
    app.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(frame, &app, &Theme::dark())).unwrap();
    terminal.backend().clone()
}
