//! The real `ppg emulator` binary: its one stdout line, its flags, its exit codes, signals and `--state`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use ppg::emulator::DEFAULT_TOKEN;
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_ppg");
/// How long the binary may take to start, to stop, or to fail.
const DEADLINE: Duration = Duration::from_secs(20);
/// How long a signalled emulator may take to exit.
const PROMPT: Duration = Duration::from_secs(5);

/// A running `ppg emulator`, killed if a test ends without stopping it.
struct Emulator {
    child: Child,
    lines: Receiver<String>,
    base: String,
    token: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("emulator").args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    command
}

/// Starts the binary and waits (with a deadline) for its one stdout line, which it checks.
fn launch(args: &[&str]) -> (Emulator, String) {
    let mut child = command(args).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, lines) = channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let line = match lines.recv_timeout(DEADLINE) {
        Ok(line) => line,
        Err(error) => {
            let _ = child.kill();
            let mut stderr = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            panic!("no stdout line from ppg emulator {args:?} ({error}); stderr: {stderr}");
        }
    };
    let (addr, token) = parse_line(&line);
    let emulator = Emulator { child, lines, base: format!("http://{addr}"), token };
    (emulator, line)
}

/// `ppg emulator listening on http://ADDR (token: TOKEN)` into (ADDR, TOKEN).
fn parse_line(line: &str) -> (SocketAddr, String) {
    let rest = line
        .strip_prefix("ppg emulator listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let (addr, token) = rest.split_once(" (token: ").unwrap_or_else(|| panic!("no token in {line:?}"));
    let token = token.strip_suffix(')').unwrap_or_else(|| panic!("{line:?} does not end with ')'"));
    let addr: SocketAddr = addr.parse().unwrap_or_else(|_| panic!("no address in {line:?}"));
    (addr, token.to_owned())
}

/// Waits for the child to exit, polling until `timeout`.
fn wait_exit(child: &mut Child, timeout: Duration) -> ExitStatus {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ppg emulator did not exit within {timeout:?}");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Sends a signal with the `kill` command, then returns the exit status and how long the exit took.
fn signal(emulator: &mut Emulator, name: &str) -> (ExitStatus, Duration) {
    let sent = Instant::now();
    let kill = Command::new("kill").arg(format!("-{name}")).arg(emulator.child.id().to_string()).status().unwrap();
    assert!(kill.success(), "kill -{name} failed");
    let status = wait_exit(&mut emulator.child, DEADLINE);
    (status, sent.elapsed())
}

/// Stdout lines printed after the first, read until the pipe closes.
fn remaining_lines(emulator: &Emulator) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        match emulator.lines.recv_timeout(DEADLINE) {
            Ok(line) => lines.push(line),
            Err(RecvTimeoutError::Disconnected) => return lines,
            Err(RecvTimeoutError::Timeout) => panic!("stdout stayed open after exit"),
        }
    }
}

/// Runs the binary expecting it to fail at once: (status, stdout, stderr).
fn run_failing(args: &[&str]) -> (ExitStatus, String, String) {
    let mut child = command(args).spawn().unwrap();
    let status = wait_exit(&mut child, DEADLINE);
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (status, stdout, stderr)
}

async fn status_of(base: &str, path: &str, token: Option<&str>) -> u16 {
    let mut request = common::raw_client().get(format!("{base}{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn prints_one_line_with_the_bound_port_and_stops_on_sigterm() {
    let (mut emulator, line) = launch(&["--addr", "127.0.0.1:0", "--seed", "demo"]);
    let (addr, token) = parse_line(&line);
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
    assert_ne!(addr.port(), 0, "the line names the port actually bound: {line}");
    assert_eq!(token, DEFAULT_TOKEN);
    assert_eq!(line, format!("ppg emulator listening on http://{addr} (token: {DEFAULT_TOKEN})"));
    assert_eq!(status_of(&emulator.base, "/v1/me", Some(DEFAULT_TOKEN)).await, 200);
    assert_eq!(status_of(&emulator.base, "/v1/projects", Some(DEFAULT_TOKEN)).await, 200);
    assert_eq!(status_of(&emulator.base, "/v1/me", None).await, 401);
    assert_eq!(status_of(&emulator.base, "/v1/me", Some("wrong")).await, 401);

    let (status, took) = signal(&mut emulator, "TERM");
    assert_eq!(status.code(), Some(0), "SIGTERM ends the emulator cleanly: {status:?}");
    assert!(took < PROMPT, "SIGTERM took {took:?}");
    assert_eq!(remaining_lines(&emulator), Vec::<String>::new(), "exactly one stdout line");
}

#[tokio::test]
async fn the_token_flag_changes_the_token_and_sigint_stops() {
    let (mut emulator, line) = launch(&["--addr", "127.0.0.1:0", "--seed", "empty", "--token", "s3cret-token"]);
    assert!(line.ends_with("(token: s3cret-token)"), "{line}");
    assert_eq!(emulator.token, "s3cret-token");
    assert_eq!(status_of(&emulator.base, "/v1/me", Some("s3cret-token")).await, 200);
    assert_eq!(status_of(&emulator.base, "/v1/me", Some(DEFAULT_TOKEN)).await, 401);
    let (status, took) = signal(&mut emulator, "INT");
    assert_eq!(status.code(), Some(0), "SIGINT ends the emulator cleanly: {status:?}");
    assert!(took < PROMPT, "SIGINT took {took:?}");
}

#[test]
fn bad_flags_exit_with_2() {
    let cases: [&[&str]; 5] = [
        &["--bogus"],
        &["--addr", "not-an-address"],
        &["--latency", "soon"],
        &["--rate-limit", "fast"],
        &["--fail-rate", "lots"],
    ];
    for args in cases {
        let (status, stdout, stderr) = run_failing(args);
        assert_eq!(status.code(), Some(2), "{args:?}: {status:?}, stderr {stderr}");
        assert!(stdout.is_empty(), "{args:?} printed on stdout: {stdout}");
        assert!(!stderr.trim().is_empty(), "{args:?} says nothing on stderr");
    }
}

#[test]
fn an_unreadable_seed_exits_with_2_and_one_line() {
    let (status, stdout, stderr) = run_failing(&["--addr", "127.0.0.1:0", "--seed", "/nonexistent.json"]);
    assert_eq!(status.code(), Some(2), "{status:?}, stderr {stderr}");
    assert!(stdout.is_empty(), "stdout: {stdout}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr:?}");
    assert!(!stderr.trim().is_empty());

    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "{ this is not a world").unwrap();
    let (status, _, stderr) = run_failing(&["--addr", "127.0.0.1:0", "--seed", garbage.to_str().unwrap()]);
    assert_eq!(status.code(), Some(2), "{status:?}, stderr {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr:?}");
}

#[test]
fn a_busy_port_exits_with_2_and_one_line() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (status, stdout, stderr) = run_failing(&["--addr", &addr, "--seed", "empty"]);
    assert_eq!(status.code(), Some(2), "{status:?}, stderr {stderr}");
    assert!(stdout.is_empty(), "stdout: {stdout}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr:?}");
    drop(taken);
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("world.json");
    let state_arg = state.to_str().unwrap();
    let (mut first, _) = launch(&["--addr", "127.0.0.1:0", "--seed", "empty", "--state", state_arg]);
    assert!(state.exists(), "the state file is written at start");
    let created = common::raw_client()
        .post(format!("{}/v1/projects", first.base))
        .bearer_auth(&first.token)
        .json(&json!({"name": "kept-across-restarts"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let project: serde_json::Value = created.json().await.unwrap();
    let project_id = project["data"]["id"].as_str().unwrap().to_owned();
    let (status, _) = signal(&mut first, "TERM");
    assert_eq!(status.code(), Some(0), "{status:?}");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(files, vec![std::ffi::OsString::from("world.json")], "no temporary file is left beside the state");

    let (second, _) = launch(&["--addr", "127.0.0.1:0", "--seed", "demo", "--state", state_arg]);
    let listed: serde_json::Value = common::raw_client()
        .get(format!("{}/v1/projects", second.base))
        .bearer_auth(&second.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let projects = listed["data"].as_array().unwrap();
    assert_eq!(projects.len(), 1, "the state, not the demo seed, was loaded: {listed}");
    assert_eq!(projects[0]["id"], project_id.as_str());
    assert_eq!(projects[0]["name"], "kept-across-restarts");
}

#[tokio::test]
async fn lifecycle_and_fault_flags_reach_the_server() {
    let client = common::raw_client();
    let (slow, _) =
        launch(&["--addr", "127.0.0.1:0", "--seed", "empty", "--ready-after", "300ms", "--latency", "60ms"]);
    let began = Instant::now();
    let created = client
        .post(format!("{}/v1/projects", slow.base))
        .bearer_auth(&slow.token)
        .json(&json!({"name": "flags"}))
        .send()
        .await
        .unwrap();
    assert!(began.elapsed() >= Duration::from_millis(60), "--latency 60ms: took {:?}", began.elapsed());
    assert_eq!(created.status().as_u16(), 201);
    let body: serde_json::Value = created.json().await.unwrap();
    assert_eq!(body["data"]["database"]["status"], "provisioning");
    let url = format!("{}/v1/databases/{}", slow.base, body["data"]["database"]["id"].as_str().unwrap());
    let ready = common::wait_until(common::DEADLINE, async || {
        let got: serde_json::Value =
            client.get(&url).bearer_auth(&slow.token).send().await.unwrap().json().await.unwrap();
        got["data"]["status"] == "ready"
    })
    .await;
    assert!(ready, "--ready-after 300ms: the database never became ready");

    let (failing, _) = launch(&["--addr", "127.0.0.1:0", "--seed", "demo", "--fail-rate", "1", "--fault-seed", "9"]);
    for _ in 0..5 {
        let status = status_of(&failing.base, "/v1/projects", Some(&failing.token)).await;
        assert!(status == 500 || status == 503, "--fail-rate 1: got {status}");
    }

    let (limited, _) = launch(&["--addr", "127.0.0.1:0", "--seed", "demo", "--rate-limit", "1/m"]);
    assert_eq!(status_of(&limited.base, "/v1/me", Some(&limited.token)).await, 200);
    assert_eq!(status_of(&limited.base, "/v1/me", Some(&limited.token)).await, 429, "--rate-limit 1/m");
}

#[tokio::test]
async fn a_ready_after_beyond_a_year_exits_with_2_and_one_line() {
    for seed in ["demo", "empty"] {
        for too_long in ["300000y", "2y", "366days"] {
            let (status, stdout, stderr) =
                run_failing(&["--addr", "127.0.0.1:0", "--seed", seed, "--ready-after", too_long]);
            assert_eq!(status.code(), Some(2), "--ready-after {too_long} --seed {seed}: {status:?}, stderr {stderr}");
            assert!(stdout.is_empty(), "stdout: {stdout}");
            assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr:?}");
            assert!(stderr.contains("--ready-after"), "the line names the flag: {stderr:?}");
        }
    }
    // The bound itself is accepted, and a database then stays provisioning.
    let (emulator, _) = launch(&["--addr", "127.0.0.1:0", "--seed", "empty", "--ready-after", "1y"]);
    let created = common::raw_client()
        .post(format!("{}/v1/projects", emulator.base))
        .bearer_auth(&emulator.token)
        .json(&json!({"name": "patient"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let body: serde_json::Value = created.json().await.unwrap();
    assert_eq!(body["data"]["database"]["status"], "provisioning");
}

#[cfg(unix)]
#[test]
fn a_read_only_state_file_or_folder_exits_with_2_and_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |path: &std::path::Path, mode: u32| std::fs::set_permissions(path, PermissionsExt::from_mode(mode)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("world.json");
    let state_arg = state.to_str().unwrap();
    drop(launch(&["--addr", "127.0.0.1:0", "--seed", "empty", "--state", state_arg]));
    let before = std::fs::read(&state).unwrap();
    mode(&state, 0o444);
    let (status, stdout, stderr) = run_failing(&["--addr", "127.0.0.1:0", "--seed", "demo", "--state", state_arg]);
    assert_eq!(status.code(), Some(2), "{status:?}, stderr {stderr}");
    assert!(stdout.is_empty(), "stdout: {stdout}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr:?}");
    assert!(stderr.contains("read-only"), "{stderr:?}");
    assert_eq!(std::fs::read(&state).unwrap(), before, "the read-only file is left as it was");
    assert_eq!(std::fs::metadata(&state).unwrap().permissions().mode() & 0o777, 0o444);
    mode(&state, 0o644);

    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    mode(&locked, 0o555);
    let inside = locked.join("world.json");
    let (status, _, stderr) =
        run_failing(&["--addr", "127.0.0.1:0", "--seed", "demo", "--state", inside.to_str().unwrap()]);
    mode(&locked, 0o755);
    assert_eq!(status.code(), Some(2), "{status:?}, stderr {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line on stderr: {stderr:?}");
    assert!(!inside.exists(), "nothing was written in the read-only folder");
    let files: Vec<_> = std::fs::read_dir(&locked).unwrap().collect();
    assert!(files.is_empty(), "no temporary file was left: {files:?}");
}
