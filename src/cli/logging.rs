//! Logging with `tracing`, to a file only and only when asked (`--log-file`, or `PPG_LOG`).
//!
//! The file is created with mode 0600 (it may name resources and errors). `--log-file` never creates a
//! folder: a missing one is a usage error that names it. `PPG_LOG` alone logs to `ppg.log` in the state
//! directory, which is created (0700) when missing.
use std::path::{Path, PathBuf};

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
    let filter = tracing_subscriber::EnvFilter::try_new(filter.as_deref().unwrap_or("debug"))
        .map_err(|error| format!("PPG_LOG is not a valid level or filter: {error}"))?;
    let path = match log_file {
        Some(path) => {
            check_folder(path)?;
            path.to_owned()
        }
        None => {
            let folder = crate::config::state_dir(env);
            create_private_folder(&folder)
                .map_err(|error| format!("cannot create the state folder {}: {error}", folder.display()))?;
            folder.join("ppg.log")
        }
    };
    let file = open_private(&path).map_err(|error| format!("cannot open the log file {}: {error}", path.display()))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|error| format!("cannot start logging: {error}"))?;
    super::crash::set_log_file(std::path::absolute(&path).unwrap_or(path));
    Ok(Some(LogGuard))
}

/// The folder of a `--log-file` must exist: a typo in it is reported, not made into new folders.
fn check_folder(path: &Path) -> Result<(), String> {
    let folder: PathBuf = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => return Ok(()),
    };
    match std::fs::metadata(&folder) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(format!("cannot write the log file {}: {} is not a folder", path.display(), folder.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "cannot write the log file {}: the folder {} does not exist (ppg does not create it)",
            path.display(),
            folder.display()
        )),
        Err(error) => Err(format!("cannot write the log file {}: {}: {error}", path.display(), folder.display())),
    }
}

/// Creates `folder` and its parents; the folders it creates are private to the user.
fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

/// Opens `path` for appending, creating it readable and writable by the user only. An existing file keeps
/// its mode.
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
