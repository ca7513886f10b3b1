//! Running a profile's `token_command`: the one place where configuration starts a process.
//!
//! The command runs with `sh -c`, its stdin closed and its output captured. The first line of its
//! standard output is the token (so `pass show NAME`, whose later lines hold notes, works as is).
//! On failure the error names the profile, the exit status and the first line of standard error;
//! standard output is never put into an error, whatever happened. A command that runs longer than its
//! time limit (`token_command_timeout`, 10 s by default) is killed and named in the error.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use super::{ConfigError, one_clean_line};
use crate::api::Token;

/// How much of the command's stderr an error message may quote.
const STDERR_CHARS: usize = 200;

/// How long a `token_command` may run unless the config file says otherwise.
pub const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a running command is checked on.
const POLL: Duration = Duration::from_millis(20);

/// Runs `command` for `profile`, for at most `limit`, and returns the token it printed.
pub fn run_token_command(profile: &str, command: &str, limit: Duration) -> Result<Token, ConfigError> {
    let output = match execute(command, limit) {
        Ok(Some(output)) => output,
        Ok(None) => {
            return Err(ConfigError::CommandTimedOut {
                profile: profile.to_owned(),
                command: one_clean_line(command, STDERR_CHARS),
                after: limit,
            });
        }
        Err(source) => return Err(ConfigError::CommandSpawn { profile: profile.to_owned(), source }),
    };
    token_from_output(profile, &output)
}

/// Starts `sh -c COMMAND` with stdin from `/dev/null`, capturing stdout and stderr, and waits for it up
/// to `limit`; `None` when it ran longer (it is then killed).
fn execute(command: &str, limit: Duration) -> std::io::Result<Option<Output>> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Both pipes are drained on threads of their own, so a chatty command never blocks on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let Some(status) = wait(&mut child, limit)? else {
        let _ = child.kill();
        let _ = child.wait();
        // The readers are left to finish on their own: a grandchild may still hold the pipes open.
        return Ok(None);
    };
    let collect = |reader: std::thread::JoinHandle<Vec<u8>>| reader.join().unwrap_or_default();
    Ok(Some(Output { status, stdout: collect(stdout), stderr: collect(stderr) }))
}

/// Reads a pipe to its end on a thread; an absent pipe reads as empty.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The child's exit status once it exits, or `None` when `limit` passes first.
fn wait(child: &mut Child, limit: Duration) -> std::io::Result<Option<ExitStatus>> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if started.elapsed() >= limit {
            return Ok(None);
        }
        std::thread::sleep(POLL.min(limit.saturating_sub(started.elapsed())));
    }
}

/// Turns the finished command into a token or an error. Pure, so the rules are tested without processes.
fn token_from_output(profile: &str, output: &Output) -> Result<Token, ConfigError> {
    let stdout = std::str::from_utf8(&output.stdout);
    let first_line = stdout.map(|text| text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default());
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut stderr = one_clean_line(&stderr, STDERR_CHARS);
        // A command that echoed its output to stderr too must not leak it through the error.
        if let Ok(line) = first_line
            && !line.is_empty()
            && stderr.contains(line)
        {
            stderr = "(its error output repeats its standard output, not shown)".to_owned();
        }
        return Err(ConfigError::CommandFailed {
            profile: profile.to_owned(),
            status: output.status.to_string(),
            stderr,
        });
    }
    match first_line {
        Err(_) => Err(ConfigError::CommandNotUtf8 { profile: profile.to_owned() }),
        Ok("") => Err(ConfigError::CommandEmpty { profile: profile.to_owned() }),
        Ok(line) => Ok(Token::new(line)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn finished(code: i32, stdout: &[u8], stderr: &[u8]) -> Output {
        use std::os::unix::process::ExitStatusExt;
        Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: stdout.to_vec(),
            stderr: stderr.to_vec(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_first_non_empty_line_of_stdout_is_the_token() {
        let token = token_from_output("p", &finished(0, b"\n  tok_abc  \nnotes: x\n", b"")).unwrap();
        assert_eq!(token.expose(), "tok_abc");
    }

    #[cfg(unix)]
    #[test]
    fn empty_or_binary_output_is_an_error() {
        let empty = token_from_output("p", &finished(0, b" \n\n", b"")).unwrap_err();
        assert!(matches!(empty, ConfigError::CommandEmpty { .. }), "{empty:?}");
        let binary = token_from_output("p", &finished(0, b"\xff\xfe", b"")).unwrap_err();
        assert!(matches!(binary, ConfigError::CommandNotUtf8 { .. }), "{binary:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_failure_quotes_one_clean_line_of_stderr() {
        let err = token_from_output("acme", &finished(2, b"", b"\x1b[31mvault locked\x1b[0m\nmore\n")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("profile `acme`") && text.contains("exit status: 2"), "{text}");
        assert!(text.contains("vault locked") && !text.contains('\x1b') && !text.contains("more"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn stderr_that_repeats_stdout_is_not_quoted() {
        let err = token_from_output("p", &finished(1, b"sk_secret_1\n", b"got sk_secret_1\n")).unwrap_err();
        assert!(!err.to_string().contains("sk_secret_1"), "{err}");
        assert!(!format!("{err:?}").contains("sk_secret_1"));
    }

    #[cfg(unix)]
    #[test]
    fn a_command_that_runs_too_long_is_stopped_and_named() {
        let started = Instant::now();
        let err = run_token_command("slow", "sleep 30", Duration::from_millis(300)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10), "stopped at its limit: {:?}", started.elapsed());
        let text = err.to_string();
        assert!(text.contains("profile `slow`") && text.contains("`sleep 30`") && text.contains("0.3 s"), "{text}");
        let quick = run_token_command("quick", "printf 'tok_1\\n'", Duration::from_secs(10)).unwrap();
        assert_eq!(quick.expose(), "tok_1");
    }

    #[test]
    fn long_stderr_is_shortened() {
        let long = "e".repeat(500);
        let line = one_clean_line(&long, STDERR_CHARS);
        assert_eq!(line.chars().count(), STDERR_CHARS + 1);
        assert!(line.ends_with('…'));
    }
}
