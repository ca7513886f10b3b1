//! The terminal: set up and restored on every exit path (panics too), and the one `select!` loop.
use std::io::Write;
use std::time::{Duration, Instant};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream, MouseButton, MouseEventKind};
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

/// Runs the TUI until the user quits; the terminal is restored whatever happens.
pub async fn run(launch: Launch) -> Result<(), String> {
    let mouse = launch.mouse;
    let mut terminal = ratatui::try_init().map_err(|error| format!("cannot set up the terminal: {error}"))?;
    // ratatui's own hook leaves the alternate screen and raw mode; this one also gives the mouse and
    // the cursor back, so a panic never leaves the terminal unusable.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture, Show);
        hook(info);
    }));
    if mouse {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
    }
    let outcome = event_loop(&mut terminal, launch).await;
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = execute!(std::io::stdout(), Show);
    outcome
}

async fn event_loop(terminal: &mut ratatui::DefaultTerminal, launch: Launch) -> Result<(), String> {
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
                    return Ok(());
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
                None => return Ok(()),
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
