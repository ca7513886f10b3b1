//! Running a profile's `token_command`: the one place where configuration starts a process.
//!
//! The command runs with `sh -c`, its stdin closed and its output captured. The first line of its
//! standard output is the token (so `pass show NAME`, whose later lines hold notes, works as is).
//! On failure the error names the profile, the exit status and the first line of standard error;
//! standard output is never put into an error, whatever happened.

use std::process::{Command, Output, Stdio};

use super::{ConfigError, one_clean_line};
use crate::api::Token;

/// How much of the command's stderr an error message may quote.
const STDERR_CHARS: usize = 200;

/// Runs `command` for `profile` and returns the token it printed.
pub fn run_token_command(profile: &str, command: &str) -> Result<Token, ConfigError> {
    let output =
        execute(command).map_err(|source| ConfigError::CommandSpawn { profile: profile.to_owned(), source })?;
    token_from_output(profile, &output)
}

/// Starts `sh -c COMMAND` with stdin from `/dev/null` and waits for it, capturing stdout and stderr.
fn execute(command: &str) -> std::io::Result<Output> {
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
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

    #[test]
    fn long_stderr_is_shortened() {
        let long = "e".repeat(500);
        let line = one_clean_line(&long, STDERR_CHARS);
        assert_eq!(line.chars().count(), STDERR_CHARS + 1);
        assert!(line.ends_with('…'));
    }
}
