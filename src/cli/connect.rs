//! `ppg connect`: run psql (or `$PPG_PSQL`) with the connection in its environment, never on its command
//! line, and end with psql's exit status; a temporary connection is deleted when psql ends.
use std::ffi::OsString;
use std::path::Path;
use std::process::ExitStatus;

use clap::Args;

use super::context::Failure;
use super::endings::{Endings, SIGHUP, SIGTERM};
use super::exit;
use super::output;
use super::source::{self, Source, SourceArgs, Used};
use crate::config::{Env, Overrides};
use crate::connect::{Target, psql};
use crate::format::sanitize;

#[derive(Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Arguments for psql, after `--`: `ppg connect DB --temporary -- -c 'select 1'`.
    #[arg(last = true, value_name = "PSQL ARGS")]
    psql_args: Vec<OsString>,
}

/// How psql ended, and the signal ppg passed on to it, if any.
struct Ended {
    status: ExitStatus,
    forwarded: Option<u8>,
}

impl Ended {
    /// psql's exit code; 128 + the signal when a signal ended it.
    fn code(&self) -> u8 {
        use std::os::unix::process::ExitStatusExt;
        match (self.status.code(), self.status.signal()) {
            (Some(code), _) => u8::try_from(code).unwrap_or(exit::API),
            (None, Some(signal)) => exit::signal(u8::try_from(signal).unwrap_or(0)),
            (None, None) => self.forwarded.map_or(exit::API, exit::signal),
        }
    }
}

pub async fn run(args: ConnectArgs, env: &Env, overrides: &Overrides, json: bool) -> Result<(), Failure> {
    // psql first: nothing is created for a psql that cannot run.
    let program = psql::find(env.psql.as_deref(), env.path.as_deref()).map_err(Failure::Usage)?;
    let source = source::choose(&args.source)?;
    let mut endings = Endings::listen().map_err(|error| Failure::Usage(format!("cannot watch signals: {error}")))?;
    let database = match source {
        Source::Given { target } => {
            let ended = run_psql(&program, &target, &args.psql_args, &mut endings).await?;
            return finish(ended.code(), None);
        }
        Source::Temporary { database } => database,
    };
    let context = source::context_for_temporary(env, overrides, json)?;
    let endpoint = args.source.endpoint();
    let psql_args = &args.psql_args;
    let outcome = source::temporarily(&context, &database, &mut endings, async |temporary, endings| {
        let target = match temporary.target(endpoint) {
            Ok((target, _)) => target,
            Err(message) => return Used::Done(Err(Failure::Reported(message))),
        };
        Used::Done(run_psql(&program, &target, psql_args, endings).await)
    })
    .await;
    context.finish();
    let (used, left) = outcome?;
    match used {
        Used::Done(Ok(ended)) => finish(ended.code(), left),
        Used::Done(Err(failure)) => {
            if let Some(left) = left {
                output::note(&format!("ppg: {left}"));
            }
            Err(failure)
        }
        Used::Stopped(signal) => finish(exit::signal(signal), left),
    }
}

/// psql's code, unless a temporary connection was left behind: then that is said, and the code is at least 1.
fn finish(code: u8, left: Option<String>) -> Result<(), Failure> {
    let code = match left {
        Some(left) => {
            output::note(&format!("ppg: {left}"));
            code.max(exit::API)
        }
        None => code,
    };
    match code {
        0 => Ok(()),
        code => Err(Failure::Quiet(code)),
    }
}

/// Runs psql to its end. While it runs, SIGINT is left to psql (Ctrl-C reaches both from the terminal, and
/// psql cancels its query); SIGTERM and SIGHUP are passed on to it.
async fn run_psql(program: &Path, target: &Target, args: &[OsString], endings: &mut Endings) -> Result<Ended, Failure> {
    output::note(&format!("ppg: psql to {} (the connection in its environment)", sanitize(&target.redacted())));
    let mut child = tokio::process::Command::from(psql::command(program, target, args))
        .spawn()
        .map_err(|error| Failure::Reported(format!("cannot start {}: {error}", program.display())))?;
    let pid = child.id().and_then(|id| i32::try_from(id).ok()).and_then(rustix::process::Pid::from_raw);
    let mut forwarded = None;
    let status = loop {
        tokio::select! {
            status = child.wait() => break status,
            signal = endings.next() => {
                let passed = match signal {
                    SIGTERM => rustix::process::Signal::TERM,
                    SIGHUP => rustix::process::Signal::HUP,
                    _ => continue,
                };
                forwarded = Some(signal);
                if let Some(pid) = pid {
                    let _ = rustix::process::kill_process(pid, passed);
                }
            }
        }
    };
    let status = status.map_err(|error| Failure::Reported(format!("waiting for psql failed: {error}")))?;
    Ok(Ended { status, forwarded })
}
