//! `p`: psql in the console's own terminal. The program is found, a temporary connection made when ppg
//! holds no strings, psql run with the connection in its environment (never its arguments), and the
//! temporary connection deleted when psql ends. The console hands the terminal over around [`Runtime::run_psql`].
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::Runtime;
use super::probing::{end_of, make_temporary};
use crate::app::{PsqlEnded, Via};
use crate::connect::{Endpoint, Target, Temporary, psql};

/// Which psql to run: `$PPG_PSQL` or `psql` in `PATH`, with arguments of its own (tests pass `-c`).
#[derive(Debug, Clone, Default)]
pub struct PsqlCommand {
    pub ppg_psql: Option<OsString>,
    pub path: Option<OsString>,
    pub args: Vec<OsString>,
}

/// The process that has the terminal while the console is away (psql), for the signal watcher: SIGINT and
/// SIGQUIT from the keyboard are psql's (it cancels its query), SIGTERM and SIGHUP are passed on to it.
#[derive(Debug, Clone, Default)]
pub struct Foreground(Arc<Mutex<Option<u32>>>);

impl Foreground {
    /// The process id of the program that has the terminal, if any.
    pub fn pid(&self) -> Option<u32> {
        self.0.lock().ok().and_then(|pid| *pid)
    }

    fn set(&self, pid: Option<u32>) {
        if let Ok(mut held) = self.0.lock() {
            *held = pid;
        }
    }
}

/// psql ready to run: the program, the connection, and the temporary connection to delete after.
pub struct Prepared {
    database: String,
    program: PathBuf,
    target: Target,
    /// What psql connects with: `app-server (direct)`.
    label: String,
    temporary: Option<Temporary>,
}

impl Runtime {
    /// Runs psql as `command` (instead of `$PPG_PSQL`/`PATH` of the environment).
    pub fn with_psql(mut self, command: PsqlCommand) -> Self {
        self.psql = command;
        self
    }

    /// The process that has the terminal while psql runs, shared with the signal watcher.
    pub fn foreground(&self) -> Foreground {
        self.foreground.clone()
    }

    /// Finds psql and the connection for it (making a temporary one when `via` asks); nothing is left
    /// behind when this fails.
    pub async fn prepare_psql(&self, database: String, via: Via) -> Result<Prepared, PsqlEnded> {
        let failed = |why: String| PsqlEnded { database: database.clone(), exit: Err(why), temporary: None };
        let program = psql::find(self.psql.ppg_psql.as_deref(), self.psql.path.as_deref()).map_err(failed)?;
        let (target, label, temporary) = match via {
            Via::Held { connection, strings } => {
                let (endpoint, text) = Via::for_psql(&strings)
                    .ok_or_else(|| failed(format!("ppg holds no pooled or direct string for {connection}")))?;
                let target = Target::parse(text).map_err(|error| {
                    failed(format!("the {endpoint} string of {connection} cannot be used: {error}"))
                })?;
                (target, format!("{connection} ({endpoint})"), None)
            }
            Via::Temporary { database } => {
                let temporary = make_temporary(self.client.clone(), &database).await.map_err(failed)?;
                match temporary.target(Endpoint::Direct) {
                    Ok((target, used)) => {
                        let label = format!("the temporary connection {} ({})", temporary.name(), used.name());
                        (target, label, Some(temporary))
                    }
                    Err(why) => {
                        let end = end_of(temporary).await;
                        return Err(PsqlEnded { database, exit: Err(why), temporary: Some(end) });
                    }
                }
            }
        };
        Ok(Prepared { database, program, target, label, temporary })
    }

    /// Runs psql in the terminal until it ends (the console has handed the terminal over); its exit in
    /// words, or why it could not start.
    pub async fn run_psql(&self, prepared: &Prepared) -> Result<String, String> {
        let Prepared { program, target, label, .. } = prepared;
        println!("ppg: psql on {label}, {}. \\q returns to ppg.", target.redacted());
        let mut child = tokio::process::Command::from(psql::command(program, target, &self.psql.args))
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", program.display()))?;
        self.foreground.set(child.id());
        let status = child.wait().await;
        self.foreground.set(None);
        let status = status.map_err(|error| format!("lost track of psql: {error}"))?;
        use std::os::unix::process::ExitStatusExt;
        Ok(match (status.code(), status.signal()) {
            (Some(code), _) => format!("exit {code}"),
            (None, Some(signal)) => format!("ended by signal {signal}"),
            (None, None) => "ended".to_owned(),
        })
    }

    /// Deletes the temporary connection, if one was made, and says how psql ended.
    pub async fn finish_psql(&self, prepared: Prepared, exit: Result<String, String>) -> PsqlEnded {
        let temporary = match prepared.temporary {
            Some(temporary) => Some(end_of(temporary).await),
            None => None,
        };
        PsqlEnded { database: prepared.database, exit, temporary }
    }
}
