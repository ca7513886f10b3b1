//! Logging with `tracing`, to a file only and only when asked (`--log-file`, or `PPG_LOG`).
use std::path::Path;

use crate::config::Env;

/// Keeps the log file open for the life of the process.
pub struct LogGuard;

/// Starts file logging when `--log-file` or `PPG_LOG` asks; `PPG_LOG` holds the level or filter
/// (default `debug`), and without `--log-file` the file is `ppg.log` in the state directory.
pub fn start(log_file: Option<&Path>, env: &Env) -> Result<Option<LogGuard>, String> {
    let filter = env.log.clone();
    if log_file.is_none() && filter.is_none() {
        return Ok(None);
    }
    let path = match log_file {
        Some(path) => path.to_owned(),
        None => crate::config::state_dir(env).join("ppg.log"),
    };
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|error| format!("cannot open the log file {}: {error}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_new(filter.as_deref().unwrap_or("debug"))
        .map_err(|error| format!("PPG_LOG is not a valid level or filter: {error}"))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|error| format!("cannot start logging: {error}"))?;
    Ok(Some(LogGuard))
}
