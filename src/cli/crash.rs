//! Panics and error reports (color-eyre): the terminal restored first, then one short paragraph, and exit 101.
//!
//! A panic is a bug in ppg. Whatever thread it happens on, the hook gives the terminal back (when the console
//! holds it), logs the panic with a backtrace (when logging is on), prints a short paragraph (what happened,
//! where the log is, how to report it) and ends the process with [`PANIC`], Rust's own code for a panic. With
//! `RUST_BACKTRACE` set (not `0`), color-eyre's full report with the backtrace is printed instead.
//!
//! One kind of panic is not fatal: a panic inside an emulator handler, which the emulator catches and answers
//! with a 500 (see `emulator::recover`). It is logged and, outside the console, noted in one line.
//!
//! Tests provoke panics with `PPG_TEST_PANIC` (`tui::test_panic`); that code exists in debug builds only.
use std::fmt;
use std::io::{IsTerminal, Write};
use std::panic::PanicHookInfo;
use std::path::PathBuf;
use std::sync::OnceLock;

use color_eyre::config::{HookBuilder, PanicHook, Theme};

use crate::format::sanitize;

/// The exit code after a panic: the one Rust itself uses.
pub const PANIC: u8 = 101;

/// The log file, once logging has started: the paragraph names it.
static LOG_FILE: OnceLock<PathBuf> = OnceLock::new();

/// Installs the panic hook and color-eyre's error hook; `no_color` (or a stderr that is not a terminal)
/// leaves the full report without colours.
pub fn install(no_color: bool) {
    let mut builder = HookBuilder::default().panic_section(Advice);
    if no_color || !std::io::stderr().is_terminal() {
        builder = builder.theme(Theme::new());
    }
    let (panic_hook, eyre_hook) = builder.into_hooks();
    // Only fails when a hook is already installed, which then stays.
    let _ = eyre_hook.install();
    std::panic::set_hook(Box::new(move |info| on_panic(&panic_hook, info)));
}

/// Remembers where the log is, for the paragraph.
pub fn set_log_file(path: PathBuf) {
    let _ = LOG_FILE.set(path);
}

fn on_panic(hook: &PanicHook, info: &PanicHookInfo<'_>) {
    let message = payload(info);
    let location = info.location().map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
    if crate::emulator::panic_is_caught() {
        tracing::error!(%location, panic = %message, "an emulator handler panicked; answered 500");
        if !crate::tui::holds_terminal() {
            let line = format!("ppg: an emulator handler panicked at {location}: {message}; it answered 500");
            let _ = writeln!(std::io::stderr(), "{}", sanitize(&line));
        }
        return;
    }
    // Stdout stays locked until the exit, so no other thread draws a frame over the restored terminal
    // (the lock is reentrant: restoring it from this thread still writes).
    let _drawing_stops = std::io::stdout().lock();
    // The terminal first: a report printed inside the alternate screen would vanish with it.
    crate::tui::restore_terminal();
    if LOG_FILE.get().is_some() {
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(%location, panic = %message, %backtrace, "panic");
    }
    let mut stderr = std::io::stderr().lock();
    let _ = if developer() {
        writeln!(stderr, "{}", hook.panic_report(info))
    } else {
        let what = format!("ppg: internal error: ppg panicked at {location}: {message}");
        writeln!(stderr, "{}\n{Advice} RUST_BACKTRACE=1 shows the full report.", sanitize(&what))
    };
    let _ = stderr.flush();
    drop(stderr);
    // A panic on another thread (a tokio worker) would otherwise leave a console without its terminal.
    std::process::exit(i32::from(PANIC));
}

/// Whether `RUST_BACKTRACE` asks for the full report.
fn developer() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|value| !value.is_empty() && value != "0")
}

/// The panic's message (`panic!` gives a `&str` or a `String`).
fn payload(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "no message".to_owned(),
    }
}

/// Where the log is and how to report the bug; a section of the full report too.
struct Advice;

impl fmt::Display for Advice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "This is a bug in ppg, not in what you did.")?;
        if let Some(path) = LOG_FILE.get() {
            write!(f, " The log is {}.", sanitize(&path.display().to_string()))?;
        }
        write!(f, "\nPlease report it with the command you ran and this message.")
    }
}
