//! The terminal's modes, entered once by the console and left on every way out (quit, signal, panic), and the
//! signals that end the console.
//!
//! Which modes are in force is kept in one process-wide flag set, so that the panic hook (`cli::crash`), which
//! may run on any thread, restores exactly what was entered, once.
//!
//! SIGHUP, SIGINT, SIGQUIT and SIGTERM are received in the event loop; each ends the console with the terminal
//! restored and the exit status 128 + the signal's number, as a shell reports it. In raw mode Ctrl-C is a key,
//! not SIGINT; SIGINT still arrives from `kill -INT`.
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;

const RAW: u8 = 1;
const ALTERNATE: u8 = 2;
const MOUSE: u8 = 4;

/// The modes entered and not yet left.
static MODES: AtomicU8 = AtomicU8::new(0);
/// The modes left for a while (psql has the terminal), to enter again.
static SUSPENDED: AtomicU8 = AtomicU8::new(0);

/// Enters raw mode and the alternate screen, and captures the mouse when asked. On failure, whatever was
/// entered is left again.
pub fn enter(mouse: bool) -> Result<ratatui::DefaultTerminal, String> {
    let entered = (|| {
        enable_raw_mode()?;
        MODES.fetch_or(RAW, Ordering::SeqCst);
        execute!(std::io::stdout(), EnterAlternateScreen)?;
        MODES.fetch_or(ALTERNATE, Ordering::SeqCst);
        if mouse {
            execute!(std::io::stdout(), EnableMouseCapture)?;
            MODES.fetch_or(MOUSE, Ordering::SeqCst);
        }
        ratatui::Terminal::new(CrosstermBackend::new(std::io::stdout()))
    })();
    entered.map_err(|error| {
        restore();
        format!("cannot set up the terminal: {error}")
    })
}

/// Whether the console holds the terminal (raw mode or the alternate screen is in force).
pub fn holds() -> bool {
    MODES.load(Ordering::SeqCst) != 0
}

/// Leaves every mode entered, the cursor shown; does nothing when none is in force. Errors are ignored: a
/// terminal that is gone (after SIGHUP) cannot be restored, and trying must not fail or print.
pub fn restore() {
    let modes = MODES.swap(0, Ordering::SeqCst);
    if modes == 0 {
        return;
    }
    let mut out = std::io::stdout();
    // A frame cut short by a panic would otherwise hold the terminal's synchronized update open.
    let _ = execute!(out, EndSynchronizedUpdate);
    if modes & MOUSE != 0 {
        let _ = execute!(out, DisableMouseCapture);
    }
    if modes & ALTERNATE != 0 {
        let _ = execute!(out, LeaveAlternateScreen);
    }
    let _ = execute!(out, Show);
    let _ = out.flush();
    if modes & RAW != 0 {
        let _ = disable_raw_mode();
    }
}

/// Hands the terminal over for a while (psql runs in it): every mode left, as on exit, and remembered.
pub fn suspend() {
    let modes = MODES.load(Ordering::SeqCst);
    restore();
    SUSPENDED.store(modes, Ordering::SeqCst);
}

/// Takes the terminal back after [`suspend`]: the modes that were in force entered again.
pub fn resume() -> std::io::Result<()> {
    let modes = SUSPENDED.swap(0, Ordering::SeqCst);
    if modes & RAW != 0 {
        enable_raw_mode()?;
        MODES.fetch_or(RAW, Ordering::SeqCst);
    }
    if modes & ALTERNATE != 0 {
        execute!(std::io::stdout(), EnterAlternateScreen)?;
        MODES.fetch_or(ALTERNATE, Ordering::SeqCst);
    }
    if modes & MOUSE != 0 {
        execute!(std::io::stdout(), EnableMouseCapture)?;
        MODES.fetch_or(MOUSE, Ordering::SeqCst);
    }
    Ok(())
}

/// The signals' numbers (the same on Linux and the BSDs, macOS included).
pub const SIGHUP: u8 = 1;
pub const SIGINT: u8 = 2;
pub const SIGQUIT: u8 = 3;
pub const SIGTERM: u8 = 15;

/// Streams of the four signals, registered before the first frame.
pub struct Signals {
    #[cfg(unix)]
    streams: Vec<(u8, tokio::signal::unix::Signal)>,
}

impl Signals {
    /// Registers the handlers; a signal that cannot be registered is logged and left to its default.
    #[cfg(unix)]
    pub fn register() -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        let mut streams = Vec::new();
        for number in [SIGHUP, SIGINT, SIGQUIT, SIGTERM] {
            match signal(SignalKind::from_raw(i32::from(number))) {
                Ok(stream) => streams.push((number, stream)),
                Err(error) => tracing::warn!(number, %error, "cannot handle the signal"),
            }
        }
        Self { streams }
    }

    #[cfg(not(unix))]
    pub fn register() -> Self {
        Self {}
    }

    /// Waits for the next of the signals and gives its number; waits forever when none can arrive.
    #[cfg(unix)]
    pub async fn recv(&mut self) -> u8 {
        if self.streams.is_empty() {
            return std::future::pending().await;
        }
        let waits = self.streams.iter_mut().map(|(number, stream)| {
            let number = *number;
            Box::pin(async move {
                match stream.recv().await {
                    Some(()) => number,
                    // Only when the runtime shuts down: nothing more will arrive.
                    None => std::future::pending().await,
                }
            })
        });
        futures::future::select_all(waits).await.0
    }

    #[cfg(not(unix))]
    pub async fn recv(&mut self) -> u8 {
        std::future::pending().await
    }
}
