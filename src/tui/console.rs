//! The console's loop as a function of its inputs: a terminal backend, a stream of input, the runtime (which
//! carries out every effect, copies included) and the replies it sends back. The binary passes the real
//! terminal; tests pass a `TestBackend`, a scripted stream and a runtime talking to an in-process emulator.
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{Event, MouseButton, MouseEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, TestBackend};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Interval;

use super::test_panic;
use crate::app::{self, App, Effect, Msg, Toast};
use crate::runtime::{Flow, Runtime};
use crate::ui::{self, Theme};

/// How long the console waits on its way out for temporary connections to be deleted.
const WIND_DOWN: Duration = Duration::from_secs(10);

/// One input to the console.
#[derive(Debug, Clone)]
pub enum Input {
    /// Something the terminal reported: a key, the mouse, a new size.
    Event(Event),
    /// A signal (its number) asks the process to end.
    Signal(u8),
    /// The terminal could not be read.
    Failed(String),
    /// The input is over (the terminal went away).
    Closed,
}

/// How the console ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit (or the terminal's input ended).
    Quit,
    /// A signal (its number) asked the process to end: SIGHUP, SIGINT, SIGQUIT or SIGTERM.
    Signal(u8),
}

/// A backend whose frames can be shown whole (terminals that support synchronized updates never show a
/// half-drawn frame), and that can be handed over to another program for a while (psql).
pub trait Frames: Backend {
    fn begin_frame(&mut self) {}
    fn end_frame(&mut self) {}
    /// Gives the terminal to another program: the console's modes left.
    fn suspend(&mut self) {}
    /// Takes the terminal back: the console's modes entered again.
    fn resume(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Frames for CrosstermBackend<W> {
    fn begin_frame(&mut self) {
        let _ = execute!(self, BeginSynchronizedUpdate);
    }

    fn end_frame(&mut self) {
        let _ = execute!(self, EndSynchronizedUpdate);
    }

    fn suspend(&mut self) {
        super::terminal::suspend();
    }

    fn resume(&mut self) -> std::io::Result<()> {
        super::terminal::resume()
    }
}

impl Frames for TestBackend {}

/// The console's timing: its beats and its clock.
#[derive(Clone)]
pub struct Pace {
    /// The spinner's beat while something loads (`None`: no beat, so that frames compare exactly).
    pub tick: Option<Duration>,
    /// Reload the visible view this often (config `refresh_interval`).
    pub refresh_every: Option<Duration>,
    /// How long a message stays in the status line (`None`: until the next one, so that frames compare
    /// exactly); a timer runs only while one shows.
    pub toast_for: Option<Duration>,
    /// What time it is, read before every update and every frame.
    pub clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// When the process started, to log the time to the first frame.
    pub started: Instant,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            tick: Some(Duration::from_millis(100)),
            refresh_every: None,
            toast_for: Some(Duration::from_secs(5)),
            clock: Arc::new(Utc::now),
            started: Instant::now(),
        }
    }
}

/// The running console: the app, its terminal, and what is still to be done.
pub struct Console<B: Frames> {
    terminal: Terminal<B>,
    app: App,
    runtime: Runtime,
    replies: UnboundedReceiver<Msg>,
    theme: Theme,
    pace: Pace,
    /// Effects `update` asked for and the runtime has not been given yet.
    pending: Vec<Effect>,
    ticker: Option<Interval>,
    refresher: Option<Interval>,
    /// The message in the status line and when it goes.
    toast: Option<(Toast, tokio::time::Instant)>,
    dirty: bool,
    frames: u64,
}

impl<B: Frames> Console<B> {
    /// A console for `app`, which `effects` start; `replies` receives what `runtime` sends back.
    pub fn new(
        terminal: Terminal<B>,
        (mut app, effects): (App, Vec<Effect>),
        runtime: Runtime,
        replies: UnboundedReceiver<Msg>,
        theme: Theme,
        pace: Pace,
    ) -> Self {
        if let Ok(size) = terminal.size() {
            app.size = (size.width, size.height);
        }
        app.heights = ui::list_heights;
        app.scroll_limit = ui::scroll_limit;
        let refresher = pace.refresh_every.map(|every| {
            let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            interval
        });
        Console {
            terminal,
            app,
            runtime,
            replies,
            theme,
            pace,
            pending: effects,
            ticker: None,
            refresher,
            toast: None,
            dirty: true,
            frames: 0,
        }
    }

    /// Runs until the user quits, the input ends, a signal arrives or the terminal fails.
    pub async fn run(mut self, mut input: impl Stream<Item = Input> + Unpin) -> Result<Ended, String> {
        let ended = loop {
            if let Some(ended) = self.flush().await.transpose() {
                break ended;
            }
            if let Some(ended) = self.next(&mut input).await.transpose() {
                break ended;
            }
        };
        // A temporary connection being tested is deleted before the process ends.
        self.runtime.wind_down(WIND_DOWN).await;
        ended
    }

    /// Hands the pending effects to the runtime, then draws a frame if anything changed and no reply is
    /// waiting (a burst of replies is drawn once).
    pub async fn flush(&mut self) -> Result<Option<Ended>, String> {
        for effect in std::mem::take(&mut self.pending) {
            match self.runtime.run(effect).await {
                Flow::Continue => {}
                Flow::Quit => {
                    tracing::debug!(frames = self.frames, "quitting");
                    return Ok(Some(Ended::Quit));
                }
                Flow::Psql { database, via } => self.psql(database, via).await?,
            }
        }
        if self.dirty && self.replies.is_empty() {
            self.draw()?;
        }
        Ok(None)
    }

    /// Waits for one input, reply or beat, and hands it to `update`.
    pub async fn next(&mut self, input: &mut (impl Stream<Item = Input> + Unpin)) -> Result<Option<Ended>, String> {
        match (self.app.is_loading(), self.ticker.is_some(), self.pace.tick) {
            (true, false, Some(every)) => self.ticker = Some(tokio::time::interval(every)),
            (false, true, _) => self.ticker = None,
            _ => {}
        }
        let msg = tokio::select! {
            biased;
            Some(msg) = self.replies.recv() => msg,
            input = input.next() => match input.unwrap_or(Input::Closed) {
                Input::Event(event) => match message(&self.app, event) {
                    Some(msg) => msg,
                    None => return Ok(None),
                },
                Input::Signal(number) => {
                    tracing::info!(signal = number, frames = self.frames, "ending on a signal");
                    return Ok(Some(Ended::Signal(number)));
                }
                Input::Failed(error) => return Err(format!("cannot read the terminal: {error}")),
                Input::Closed => return Ok(Some(Ended::Quit)),
            },
            _ = beat(&mut self.ticker) => Msg::Tick,
            _ = beat(&mut self.refresher) => Msg::AutoRefresh,
            () = until(self.toast.as_ref().map(|(_, at)| *at)) => {
                self.toast = None;
                Msg::ToastExpired
            }
        };
        self.update(msg);
        Ok(None)
    }

    /// Hands one message to `update`, the clock read first; its effects wait for the next `flush`.
    pub fn update(&mut self, msg: Msg) {
        self.app.now = (self.pace.clock)();
        let effects = app::update(&mut self.app, msg);
        self.pending.extend(effects);
        self.dirty = true;
        // A new message starts its time in the status line; the timer runs only while one shows.
        match (&self.app.toast, self.pace.toast_for) {
            (Some(toast), Some(shown_for)) if self.toast.as_ref().is_none_or(|(shown, _)| shown != toast) => {
                self.toast = Some((toast.clone(), tokio::time::Instant::now() + shown_for));
            }
            (None, _) => self.toast = None,
            _ => {}
        }
    }

    /// Hands the terminal to psql and takes it back when psql ends: the same screen and selection, redrawn
    /// whole. Input is not read meanwhile (psql reads the keys); a temporary connection is made first (the
    /// status line says so) and deleted after.
    async fn psql(&mut self, database: String, via: app::Via) -> Result<(), String> {
        if self.dirty {
            self.draw()?;
        }
        let ended = match self.runtime.prepare_psql(database, via).await {
            Err(ended) => ended,
            Ok(prepared) => {
                self.terminal.backend_mut().suspend();
                let exit = self.runtime.run_psql(&prepared).await;
                self.terminal
                    .backend_mut()
                    .resume()
                    .map_err(|error| format!("cannot take the terminal back: {error}"))?;
                self.forget_screen().map_err(|error| format!("cannot redraw: {error}"))?;
                self.runtime.finish_psql(prepared, exit).await
            }
        };
        // The window may have changed size while psql had it.
        if let Ok(size) = self.terminal.size()
            && (size.width, size.height) != self.app.size
        {
            self.update(Msg::Resize(size.width, size.height));
        }
        self.update(Msg::PsqlEnded(ended));
        Ok(())
    }

    /// Clears the screen and makes the next frame draw every cell: what psql left there is gone. (Ratatui's
    /// `clear` asks the terminal where its cursor is, which not every terminal answers.)
    fn forget_screen(&mut self) -> Result<(), String> {
        self.terminal.backend_mut().clear_region(ClearType::All).map_err(|error| error.to_string())?;
        // An empty frame: the last frame drawn is now a blank one, so the next differs from it everywhere.
        self.terminal.draw(|_| {}).map(|_| ()).map_err(|error| error.to_string())
    }

    /// Whether nothing is left to do until the next input: no effect pending, no reply waiting, nothing in
    /// flight that will answer (polls aside), and the last change drawn.
    pub fn is_settled(&self) -> bool {
        // Idle first: a task sends its last reply before it counts as ended, so that reply is seen below.
        self.runtime.is_idle() && self.replies.is_empty() && self.pending.is_empty() && !self.dirty
    }

    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    /// The app's state, for tests that set up a situation no key leads to.
    pub fn app_mut(&mut self) -> &mut App {
        self.dirty = true;
        &mut self.app
    }

    pub fn terminal(&self) -> &Terminal<B> {
        &self.terminal
    }

    /// The terminal, to resize a test backend as a real terminal resizes itself.
    pub fn terminal_mut(&mut self) -> &mut Terminal<B> {
        &mut self.terminal
    }

    /// The console's timing, to change it while it runs (tests shorten a message's time).
    pub fn pace_mut(&mut self) -> &mut Pace {
        &mut self.pace
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    fn draw(&mut self) -> Result<(), String> {
        self.app.now = (self.pace.clock)();
        let (app, theme) = (&self.app, &self.theme);
        self.terminal.backend_mut().begin_frame();
        let drawn = self.terminal.draw(|frame| ui::draw(frame, app, theme)).map(|_| ());
        self.terminal.backend_mut().end_frame();
        drawn.map_err(|error| format!("cannot draw: {error}"))?;
        self.frames += 1;
        if self.frames == 1 {
            tracing::info!(elapsed_ms = self.pace.started.elapsed().as_millis() as u64, "first frame");
            test_panic::test_panic("frame");
            test_panic::test_panic_in_task();
        }
        tracing::trace!(frames = self.frames, "frame drawn");
        self.dirty = false;
        Ok(())
    }
}

/// The message an event means, if any: mouse moves and drags, focus changes and pastes mean nothing.
fn message(app: &App, event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) => Some(Msg::Key(key)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                ui::tree_row_at(app, app.size, mouse.column, mouse.row).map(Msg::SelectRow)
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => Some(Msg::Mouse(mouse)),
            _ => None,
        },
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// Waits until `at`, or forever when there is nothing to wait for.
async fn until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending::<()>().await,
    }
}

/// Waits for the next beat, or forever when there is no beat.
async fn beat(interval: &mut Option<Interval>) {
    match interval {
        Some(interval) => {
            interval.tick().await;
        }
        None => std::future::pending::<()>().await,
    }
}
