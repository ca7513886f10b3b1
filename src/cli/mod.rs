//! Command-line arguments and the commands that run without the TUI.
mod account;
mod branches;
mod connect;
mod connections;
mod console;
mod context;
mod crash;
mod databases;
mod emulator;
mod endings;
mod guard;
mod logging;
mod output;
mod ping;
mod plan;
mod projects;
mod recovery;
mod source;
mod tokens;
mod uncertain;
mod waiting;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

pub use context::Failure;

/// Exit codes of design §1, and those of the ways a command ends early.
pub mod exit {
    pub const OK: u8 = 0;
    pub const API: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const NOT_FOUND: u8 = 3;
    pub const REFUSED: u8 = 4;
    /// A panic (a bug in ppg): Rust's own code.
    pub const PANIC: u8 = super::crash::PANIC;
    /// Stdout was a pipe closed by its reader (`ppg projects list | head -1`): 128 + SIGPIPE, the status a
    /// shell reports for `ls | head` when `ls` dies of SIGPIPE.
    pub const BROKEN_PIPE: u8 = 128 + 13;

    /// The console ended on signal `number`: 128 + its number, as a shell reports a process killed by it.
    pub fn signal(number: u8) -> u8 {
        128u8.saturating_add(number)
    }
}

#[derive(Debug, Parser)]
#[command(name = "ppg", version, about = "A keyboard-driven terminal console for Prisma Postgres")]
pub struct Cli {
    /// The profile of the config file to use.
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
    /// Talk to this API instead of https://api.prisma.io (an emulator, a proxy).
    #[arg(long, global = true, value_name = "URL")]
    api_url: Option<String>,
    /// Refuse every change.
    #[arg(long, global = true)]
    read_only: bool,
    /// Print the API's objects as JSON (lists as one array of every page).
    #[arg(long, global = true)]
    json: bool,
    /// Run the console on a built-in demo workspace (an emulator in this process).
    #[arg(long)]
    demo: bool,
    /// Write a log to FILE (level from PPG_LOG, default debug). PPG_LOG alone logs to the state directory.
    #[arg(long, global = true, value_name = "FILE")]
    log_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Who the token belongs to.
    Whoami,
    /// Workspaces the token can see.
    #[command(subcommand)]
    Workspaces(account::ListOnly),
    /// Regions where databases can live.
    #[command(subcommand)]
    Regions(account::ListOnly),
    /// Projects: list, get, create, rename, delete.
    #[command(subcommand)]
    Projects(projects::ProjectsCommand),
    /// Databases: list, get, create, rename, delete.
    #[command(subcommand)]
    Databases(databases::DatabasesCommand),
    /// Branches of a project (production and previews): list, get, create, delete.
    #[command(subcommand)]
    Branches(branches::BranchesCommand),
    /// Connections of a database: list, create, rotate, delete.
    #[command(subcommand)]
    Connections(connections::ConnectionsCommand),
    /// The workspace's service tokens: list, create, revoke.
    #[command(subcommand)]
    Tokens(tokens::TokensCommand),
    /// Backups of a database.
    #[command(subcommand)]
    Backups(recovery::BackupsCommand),
    /// Restore a backup into a new database (--new) or over an existing one (--into, destructive).
    Restore(recovery::RestoreArgs),
    /// Operations and storage of a database for a period.
    Usage(recovery::UsageArgs),
    /// Test a connection from here, step by step: resolve, TCP, TLS, login, server version, round trips.
    Ping(ping::PingArgs),
    /// Run psql with the connection in its environment, never on its command line.
    Connect(connect::ConnectArgs),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Where ppg reads its configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Run a local emulator of the Prisma Management API.
    Emulator(emulator::EmulatorArgs),
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print the path of the config file.
    Path,
}

/// Parses the arguments and runs the command; the process exits with the returned code.
pub fn run() -> ExitCode {
    let started = std::time::Instant::now();
    let env = crate::config::Env::from_process();
    crash::install(env.no_color);
    let cli = Cli::parse();
    if let Err(error) = env.check() {
        return fail(exit::USAGE, &error.to_string());
    }
    let _log = match logging::start(cli.log_file.as_deref(), &env) {
        Ok(guard) => guard,
        Err(message) => return fail(exit::USAGE, &message),
    };
    crate::tui::test_panic::test_panic("start");
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(exit::USAGE, &format!("cannot start the async runtime: {error}")),
    };
    let overrides = crate::config::Overrides {
        profile: cli.profile.clone(),
        api_url: cli.api_url.clone(),
        read_only: cli.read_only,
        token: None,
    };
    let outcome = match cli.command {
        None => runtime.block_on(console::run(&cli, &env, started)),
        Some(Command::Ping(args)) => runtime.block_on(ping::run(args, &env, &overrides, cli.json)),
        Some(Command::Connect(args)) => runtime.block_on(connect::run(args, &env, &overrides, cli.json)),
        Some(Command::Emulator(args)) => return runtime.block_on(emulator::run(args)),
        Some(Command::Completions { shell }) => {
            // clap_complete panics on a failed write: it writes to memory, and the copy to stdout handles
            // a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ppg", &mut script);
            output::write_to(&mut std::io::stdout().lock(), &script)
        }
        Some(Command::Config(ConfigCommand::Path)) => {
            output::out(&format!("{}\n", crate::config::config_path(&env).display()))
        }
        Some(command) => runtime.block_on(async {
            let context = context::Context::new(&env, &overrides, cli.json)?;
            let outcome = dispatch(&context, command).await;
            context.finish();
            outcome
        }),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

async fn dispatch(context: &context::Context, command: Command) -> Result<(), Failure> {
    match command {
        Command::Whoami => account::whoami(context).await,
        Command::Workspaces(account::ListOnly::List) => account::workspaces(context).await,
        Command::Regions(account::ListOnly::List) => account::regions(context).await,
        Command::Projects(command) => projects::run(context, command).await,
        Command::Databases(command) => databases::run(context, command).await,
        Command::Branches(command) => branches::run(context, command).await,
        Command::Connections(command) => connections::run(context, command).await,
        Command::Tokens(command) => tokens::run(context, command).await,
        Command::Backups(command) => recovery::backups(context, command).await,
        Command::Restore(args) => recovery::restore(context, args).await,
        Command::Usage(args) => recovery::usage(context, args).await,
        Command::Completions { .. }
        | Command::Config(_)
        | Command::Emulator(_)
        | Command::Ping(_)
        | Command::Connect(_) => Ok(()),
    }
}

/// Prints `ppg: MESSAGE` on stderr (lost if stderr cannot be written to) and returns `code`.
pub fn fail(code: u8, message: &str) -> ExitCode {
    output::note(&format!("ppg: {message}"));
    ExitCode::from(code)
}
