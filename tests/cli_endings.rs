//! How commands end when something outside them goes wrong, with the real binary: a stdout closed by its reader
//! ends quietly with 141; a panic prints one short paragraph and exits 101; the log file's folder is never made
//! up, and the log file is private (0600).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use cli_support::{Harness, Run, bare_command, run};

/// The write end of a pipe whose reader has already exited: the first write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().expect("true runs");
    let write_end = reader.stdin.take().expect("the pipe's write end");
    reader.wait().expect("true exits");
    Stdio::from(write_end)
}

/// Runs `ppg ARGS` against the emulator, isolated like `cli_support` does, with stdout a closed pipe; the
/// `Run`'s stdout is empty.
fn into_closed_pipe(h: &Harness, args: &[&str]) -> Run {
    let home = h.home.path();
    let mut command = Command::new(env!("CARGO_BIN_EXE_ppg"));
    command.env_clear().env("HOME", home).env("XDG_CONFIG_HOME", home.join("config"));
    command.env("XDG_STATE_HOME", home.join("state")).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    command.env("PPG_API_URL", &h.emu.base).env("PRISMA_POSTGRES_TOKEN", &h.emu.token);
    command.args(args).stdin(Stdio::null()).stdout(closed_pipe()).stderr(Stdio::piped());
    let output = command.output().expect("ppg runs");
    Run {
        args: args.join(" "),
        code: output.status.code(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_closed_stdout_ends_every_kind_of_output_quietly_with_141() {
    let h = Harness::demo();
    for args in [
        &["projects", "list"][..],
        &["projects", "list", "--json"],
        &["whoami"],
        &["completions", "zsh"],
        &["completions", "bash"],
        &["config", "path"],
        &["emulator", "--addr", "127.0.0.1:0"],
    ] {
        let run = into_closed_pipe(&h, args);
        run.code(141);
        assert!(run.stderr.is_empty(), "ppg {}: nothing on stderr\n{}", run.args, run.printed());
    }
}

#[test]
fn minted_strings_lost_to_a_closed_stdout_are_reported_on_stderr() {
    let h = Harness::demo();
    let main = h.id_of("databases", "main-db");
    let run = into_closed_pipe(&h, &["connections", "create", &main, "--name", "lost"]);
    run.code(141).stderr_has("could not all be written").stderr_has("rotate");
    assert!(!run.stderr.contains("panicked"), "{}", run.printed());
    assert_eq!(h.records("connections").iter().filter(|c| c["name"] == "lost").count(), 1, "it was created");
}

/// Runs `ppg config path` with `PPG_TEST_PANIC=start` (a panic before any command runs).
fn panicking(home: &Path, env: &[(&str, &str)]) -> Run {
    let mut command = bare_command(home);
    command.env("PPG_TEST_PANIC", "start").env_remove("RUST_BACKTRACE");
    for (name, value) in env {
        command.env(name, value);
    }
    run(command.args(["config", "path"]), &["config", "path"])
}

#[test]
fn a_panic_prints_one_short_paragraph_without_a_backtrace_and_exits_101() {
    let home = tempfile::tempdir().unwrap();
    let crash = panicking(home.path(), &[]);
    crash.code(101);
    assert!(crash.stdout.is_empty(), "{}", crash.printed());
    let lines: Vec<&str> = crash.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "one short paragraph\n{}", crash.printed());
    assert!(lines[0].starts_with("ppg: internal error: ppg panicked at src/"), "{}", crash.printed());
    assert!(lines[0].ends_with(": PPG_TEST_PANIC=start"), "{}", crash.printed());
    assert_eq!(lines[1], "This is a bug in ppg, not in what you did.");
    assert!(lines[2].starts_with("Please report it with the command you ran and this message."), "{}", crash.printed());
    assert!(!crash.stderr.contains('\x1b'), "no colours off a terminal\n{}", crash.printed());

    // With a log, the paragraph says where it is, and the log has the panic with its backtrace.
    let log = home.path().join("ppg.log");
    let logged = panicking(home.path(), &[("PPG_LOG", "debug")]);
    logged.code(101);
    let state_log = home.path().join("state/ppg/ppg.log");
    logged.stderr_has(&format!("The log is {}.", state_log.display()));
    let text = std::fs::read_to_string(&state_log).unwrap();
    assert!(text.contains("PPG_TEST_PANIC=start") && text.contains("backtrace"), "{text}");
    let mut command = bare_command(home.path());
    command.env("PPG_TEST_PANIC", "start").env_remove("RUST_BACKTRACE").arg("--log-file").arg(&log);
    run(command.args(["config", "path"]), &["config", "path"])
        .code(101)
        .stderr_has(&format!("The log is {}.", log.display()));
}

#[test]
fn rust_backtrace_gives_developers_the_full_report() {
    let home = tempfile::tempdir().unwrap();
    let full = panicking(home.path(), &[("RUST_BACKTRACE", "1")]);
    full.code(101).stderr_has("The application panicked").stderr_has("PPG_TEST_PANIC=start");
    full.stderr_has("BACKTRACE").stderr_has("Please report it with the command you ran and this message.");
    assert!(full.stderr.lines().count() > 5, "{}", full.printed());
}

#[test]
fn a_log_file_in_a_missing_folder_is_a_usage_error_naming_the_folder() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("no/such/folder");
    let mut command = bare_command(home.path());
    command.arg("--log-file").arg(folder.join("ppg.log"));
    let run = run(command.args(["config", "path"]), &["--log-file", "…", "config", "path"]);
    run.code(2).stderr_has(&format!("the folder {} does not exist", folder.display()));
    assert!(run.stdout.is_empty(), "{}", run.printed());
    assert!(!home.path().join("no").exists(), "no folder was created");

    let file = home.path().join("file");
    std::fs::write(&file, "").unwrap();
    let mut command = bare_command(home.path());
    command.arg("--log-file").arg(file.join("ppg.log"));
    cli_support::run(command.args(["config", "path"]), &["config", "path"]).code(2).stderr_has("is not a folder");
}

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|error| panic!("{}: {error}", path.display())).permissions().mode() & 0o777
}

#[test]
fn log_files_are_created_private() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("ppg.log");
    let mut command = bare_command(home.path());
    command.arg("--log-file").arg(&log);
    run(command.args(["config", "path"]), &["config", "path"]).ok();
    assert_eq!(mode(&log), 0o600, "--log-file");

    // PPG_LOG alone: the state folder is created (private too), the file in it 0600.
    let mut command = bare_command(home.path());
    command.env("PPG_LOG", "debug");
    run(command.args(["config", "path"]), &["config", "path"]).ok();
    assert_eq!(mode(&home.path().join("state/ppg/ppg.log")), 0o600, "PPG_LOG");
    assert_eq!(mode(&home.path().join("state/ppg")), 0o700, "the state folder");
}
