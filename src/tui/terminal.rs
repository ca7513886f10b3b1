//! The terminal's modes: entered once by the console, and left on every way out (quit, signal, panic).
//!
//! Which modes are in force is kept in one process-wide flag set, so that the panic hook (`cli::crash`), which
//! may run on any thread, restores exactly what was entered, once.
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
