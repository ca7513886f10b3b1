//! The terminal: set up and restored on every exit path (signals and panics too), and the one `select!` loop.
mod terminal;
pub mod test_panic;

use std::io::Write;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, MouseButton, MouseEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::api::Client;
use crate::app::{self, App, Effect, Msg, Options};
use crate::runtime::clipboard::{Clipboard, ClipboardMode, CopyPath, Multiplexer, TerminalEnv};
use crate::runtime::{Profiles, Runtime};
use crate::ui::{self, Theme};

/// The spinner's beat while something loads; no beat at all when idle.
const TICK: Duration = Duration::from_millis(100);

/// Everything the TUI starts with.
pub struct Launch {
    pub options: Options,
    pub client: Option<Client>,
    /// The demo's emulator, when started before the TUI (`ppg --demo`).
    pub demo: Option<crate::emulator::Running>,
    pub profiles: Profiles,
    pub theme: Theme,
    pub mouse: bool,
    pub clipboard: ClipboardMode,
    /// When the process started, to log the time to the first frame.
    pub started: Instant,
    /// Reload the visible view this often (config `refresh_interval`; off by default).
    pub refresh_every: Option<Duration>,
    /// Empty the clipboard this long after a copy (config `clear_clipboard_after`; off by default).
    pub clear_clipboard_after: Option<Duration>,
}

/// How the console ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit (or the terminal's input ended).
    Quit,
    /// A signal (its number) asked the process to end: SIGHUP, SIGINT, SIGQUIT or SIGTERM.
    Signal(u8),
}

/// Runs the TUI until the user quits or a signal ends it; the terminal is restored whatever happens: here on
/// every return, and by the panic hook (`cli::crash`, through [`restore_terminal`]) on a panic.
pub async fn run(launch: Launch) -> Result<Ended, String> {
    // Registered before the first frame, so that a signal is never missed once the screen is up.
    let signals = terminal::Signals::register();
    let mut terminal = terminal::enter(launch.mouse)?;
    let outcome = event_loop(&mut terminal, launch, signals).await;
    terminal::restore();
    outcome
}

/// Whether the console holds the terminal now (raw mode, the alternate screen).
pub fn holds_terminal() -> bool {
    terminal::holds()
}

/// Gives the terminal back (mouse, alternate screen, cursor, raw mode) if the console holds it; for the panic
/// hook. Safe to call from any thread, and more than once.
pub fn restore_terminal() {
    terminal::restore();
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    launch: Launch,
    mut signals: terminal::Signals,
) -> Result<Ended, String> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let mut runtime = Runtime::new(launch.client, tx.clone(), launch.profiles);
    if let Some(demo) = launch.demo {
        runtime.adopt_demo(demo);
    }
    let mut clipboard = Clipboard::new(launch.clipboard, TerminalEnv::from_process());
    let (mut app, effects) = App::new(launch.options);
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let mut pending: Vec<Effect> = effects;
    let mut events = EventStream::new();
    let mut ticker: Option<tokio::time::Interval> = None;
    let mut clear_at: Option<tokio::time::Instant> = None;
    let mut refresher =
        launch.refresh_every.map(|every| tokio::time::interval_at(tokio::time::Instant::now() + every, every));
    let mut dirty = true;
    let mut frames: u64 = 0;
    loop {
        for effect in pending.drain(..) {
            match effect {
                Effect::Quit => {
                    tracing::debug!(frames, "quitting");
                    return Ok(Ended::Quit);
                }
                Effect::Copy { text, label } => {
                    let outcome = copy(&mut clipboard, &text);
                    if outcome.is_ok() {
                        clear_at = launch.clear_clipboard_after.map(|after| tokio::time::Instant::now() + after);
                    }
                    let _ = tx.send(Msg::Copied { label, outcome });
                }
                other => runtime.run(other).await,
            }
        }
        if dirty && rx.is_empty() {
            app.now = chrono::Utc::now();
            // A synchronized update: terminals that support it show the frame whole, never half-drawn.
            let _ = execute!(std::io::stdout(), BeginSynchronizedUpdate);
            let drawn = terminal.draw(|frame| ui::draw(frame, &app, &launch.theme));
            let _ = execute!(std::io::stdout(), EndSynchronizedUpdate);
            drawn.map_err(|error| format!("cannot draw: {error}"))?;
            frames += 1;
            if frames == 1 {
                tracing::info!(elapsed_ms = launch.started.elapsed().as_millis() as u64, "first frame");
                test_panic::test_panic("frame");
                test_panic::test_panic_in_task();
            }
            tracing::trace!(frames, "frame drawn");
            dirty = false;
        }
        match (app.is_loading(), ticker.is_some()) {
            (true, false) => ticker = Some(tokio::time::interval(TICK)),
            (false, true) => ticker = None,
            _ => {}
        }
        let msg = tokio::select! {
            biased;
            number = signals.recv() => {
                tracing::info!(signal = number, frames, "ending on a signal");
                return Ok(Ended::Signal(number));
            }
            Some(msg) = rx.recv() => msg,
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Mouse(mouse))) => match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) => {
                        match ui::tree_row_at(&app, app.size, mouse.column, mouse.row) {
                            Some(index) => Msg::SelectRow(index),
                            None => continue,
                        }
                    }
                    MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => Msg::Mouse(mouse),
                    // Moves and drags change nothing: no message, no frame.
                    _ => continue,
                },
                Some(Ok(Event::Resize(width, height))) => Msg::Resize(width, height),
                Some(Ok(_)) => continue,
                Some(Err(error)) => return Err(format!("cannot read the terminal: {error}")),
                None => return Ok(Ended::Quit),
            },
            _ = tick(&mut ticker) => Msg::Tick,
            _ = tick(&mut refresher) => Msg::AutoRefresh,
            _ = until(clear_at) => {
                clear_at = None;
                Msg::ClipboardCleared(copy(&mut clipboard, ""))
            }
        };
        app.now = chrono::Utc::now();
        pending = app::update(&mut app, msg);
        dirty = true;
    }
}

/// Waits for the next beat, or forever when there is no ticker.
async fn tick(ticker: &mut Option<tokio::time::Interval>) {
    match ticker {
        Some(ticker) => {
            ticker.tick().await;
        }
        None => std::future::pending::<()>().await,
    }
}

/// Waits until `at`, or forever when there is nothing to wait for.
async fn until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending::<()>().await,
    }
}

/// Copies through the clipboard (OSC 52 goes straight to the terminal); the toast names the path.
fn copy(clipboard: &mut Clipboard, text: &str) -> Result<String, String> {
    let mut out = std::io::stdout();
    let path = clipboard.copy(text, &mut out).map_err(|error| error.to_string())?;
    let _ = out.flush();
    Ok(match path {
        CopyPath::Native => "system clipboard".to_owned(),
        CopyPath::Osc52 { wrapped_for: None } => "OSC 52".to_owned(),
        CopyPath::Osc52 { wrapped_for: Some(Multiplexer::Tmux) } => "OSC 52 via tmux".to_owned(),
        CopyPath::Osc52 { wrapped_for: Some(Multiplexer::Screen) } => "OSC 52 via screen".to_owned(),
    })
}
