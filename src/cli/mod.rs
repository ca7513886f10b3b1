//! Command-line arguments and the commands that run without the TUI.
mod emulator;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for a usage error: a bad flag, an unreadable file, a busy port.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "ppg", version, about = "A keyboard-driven terminal console for Prisma Postgres")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a local emulator of the Prisma Management API.
    Emulator(emulator::EmulatorArgs),
}

/// Parses the arguments and runs the command; the process exits with the returned code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(EXIT_USAGE, &format!("cannot start the async runtime: {error}")),
    };
    match cli.command {
        Some(Command::Emulator(args)) => runtime.block_on(emulator::run(args)),
        None => fail(
            EXIT_USAGE,
            "the interactive console is not built yet; try `ppg emulator --seed demo` (see `ppg --help`)",
        ),
    }
}

/// Prints `ppg: MESSAGE` on stderr and returns `code`.
pub fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("ppg: {message}");
    ExitCode::from(code)
}
