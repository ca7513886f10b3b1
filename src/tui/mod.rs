//! The terminal: set up and restored on every exit path (signals and panics too), and the console run in it.
mod console;
mod terminal;
pub mod test_panic;

use std::time::{Duration, Instant};

use crossterm::event::EventStream;
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::api::Client;
use crate::app::{App, Msg, Options};
use crate::runtime::clipboard::{Clipboard, ClipboardMode, TerminalEnv};
use crate::runtime::{Foreground, Profiles, Runtime, TerminalClipboard};
use crate::ui::Theme;

pub use console::{Console, Ended, Frames, Input, Pace};

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

/// Runs the TUI until the user quits or a signal ends it; the terminal is restored whatever happens: here on
/// every return, and by the panic hook (`cli::crash`, through [`restore_terminal`]) on a panic.
pub async fn run(launch: Launch) -> Result<Ended, String> {
    // Registered before the first frame, so that a signal is never missed once the screen is up.
    let signals = terminal::Signals::register();
    let terminal = terminal::enter(launch.mouse)?;
    let outcome = event_loop(terminal, launch, signals).await;
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
    terminal: ratatui::DefaultTerminal,
    launch: Launch,
    signals: terminal::Signals,
) -> Result<Ended, String> {
    let (tx, replies) = mpsc::unbounded_channel::<Msg>();
    let clipboard = Clipboard::new(launch.clipboard, TerminalEnv::from_process());
    let mut runtime = Runtime::new(launch.client, tx, launch.profiles)
        .with_clipboard(Box::new(TerminalClipboard(clipboard)), launch.clear_clipboard_after);
    if let Some(demo) = launch.demo {
        runtime.adopt_demo(demo);
    }
    let pace = Pace { refresh_every: launch.refresh_every, started: launch.started, ..Pace::default() };
    let foreground = runtime.foreground();
    let console = Console::new(terminal, App::new(launch.options), runtime, replies, launch.theme, pace);
    console.run(inputs(signals, foreground)).await
}

/// The terminal's events and the signals, as one stream of input that says when the terminal went away.
/// Signals are watched by a task of their own, since the console stops reading its input while psql has
/// the terminal: then SIGINT and SIGQUIT (typed at psql) are psql's alone, and SIGTERM and SIGHUP are
/// passed on to psql and end the console once psql is gone.
fn inputs(mut signals: terminal::Signals, foreground: Foreground) -> impl futures::Stream<Item = Input> + Unpin {
    let events = EventStream::new()
        .map(|event| match event {
            Ok(event) => Input::Event(event),
            Err(error) => Input::Failed(error.to_string()),
        })
        .chain(futures::stream::iter([Input::Closed]));
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let number = signals.recv().await;
            if let Some(pid) = foreground.pid() {
                if matches!(number, terminal::SIGINT | terminal::SIGQUIT) {
                    continue;
                }
                pass_on(pid, number);
            }
            if tx.send(Input::Signal(number)).is_err() {
                return;
            }
        }
    });
    let signals = futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|input| (input, rx)) });
    futures::stream::select(Box::pin(signals), events)
}

/// Sends signal `number` to the process `pid` (psql), which decides what it means.
fn pass_on(pid: u32, number: u8) {
    let signal = rustix::process::Signal::from_named_raw(i32::from(number));
    let pid = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw);
    if let (Some(signal), Some(pid)) = (signal, pid) {
        let _ = rustix::process::kill_process(pid, signal);
    }
}
