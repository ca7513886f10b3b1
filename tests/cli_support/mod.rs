//! Helpers of the CLI tests: an emulator on a runtime of its own, and the real `ppg` binary run against it, isolated.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use ppg::emulator::{Config, Faults, Seed};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::runtime::Runtime;

use crate::common::{self, Emu};

/// The longest a single run of ppg may take before the test fails instead of hanging.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// Proxy variables that would send ppg's loopback requests elsewhere.
const PROXY_VARS: [&str; 6] = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"];

/// A running emulator (on a runtime the harness owns, so tests stay synchronous) and a private home directory.
/// Fields drop in order: the emulator stops before its runtime goes.
pub struct Harness {
    pub emu: Emu,
    pub home: TempDir,
    runtime: Runtime,
}

/// One finished run of ppg.
#[derive(Debug)]
pub struct Run {
    pub args: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing everything the run printed when it differs.
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, Some(expected), "ppg {}: expected exit code {expected}\n{}", self.args, self.printed());
        self
    }

    pub fn ok(&self) -> &Self {
        self.code(0)
    }

    /// Stdout parsed as one JSON document.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("ppg {}: stdout is not JSON ({error})\n{}", self.args, self.printed()))
    }

    /// Stdout as one JSON array.
    pub fn json_array(&self) -> Vec<Value> {
        match self.json() {
            Value::Array(items) => items,
            other => panic!("ppg {}: stdout is not a JSON array: {other}", self.args),
        }
    }

    pub fn printed(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}---", self.stdout, self.stderr)
    }

    /// Asserts that stdout contains `text`.
    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(self.stdout.contains(text), "ppg {}: stdout lacks {text:?}\n{}", self.args, self.printed());
        self
    }

    /// Asserts that stderr contains `text`.
    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(self.stderr.contains(text), "ppg {}: stderr lacks {text:?}\n{}", self.args, self.printed());
        self
    }

    /// Asserts that one line of stdout holds every one of `cells` (a table row).
    pub fn has_row(&self, cells: &[&str]) -> &Self {
        let found = self.stdout.lines().any(|line| cells.iter().all(|cell| line.contains(cell)));
        assert!(found, "ppg {}: no line of stdout holds all of {cells:?}\n{}", self.args, self.printed());
        self
    }

    /// The first line of stdout, split on runs of spaces (a table's header).
    pub fn header(&self) -> Vec<&str> {
        self.stdout.lines().next().unwrap_or_default().split_whitespace().collect()
    }
}

/// Points `command` at a private home: config, state and home all in `home`; no ambient profile, log, token,
/// API URL or proxy reaches ppg.
pub fn isolate(command: &mut Command, home: &Path) {
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("PPG_PROFILE")
        .env_remove("PPG_LOG")
        .env_remove("PPG_API_URL")
        .env_remove("PRISMA_POSTGRES_TOKEN")
        .env_remove("NO_COLOR")
        .timeout(RUN_TIMEOUT);
    for var in PROXY_VARS {
        command.env_remove(var);
    }
}

/// Runs a prepared command; `args` only labels failures.
pub fn run(command: &mut Command, args: &[&str]) -> Run {
    let output = command.output().unwrap_or_else(|error| panic!("ppg {args:?} did not run: {error}"));
    Run {
        args: args.join(" "),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A ppg command in `home` that knows neither the emulator nor a token.
pub fn bare_command(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ppg"));
    isolate(&mut command, home);
    command
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

impl Harness {
    /// Starts an emulator with `config` (see `common::config`: a free port, `ready_after` 300 ms).
    pub fn start(config: Config) -> Self {
        let runtime = runtime();
        let emu = runtime.block_on(common::start(config));
        Self { emu, home: tempfile::tempdir().unwrap(), runtime }
    }

    pub fn demo() -> Self {
        Self::start(common::config(Seed::Demo))
    }

    /// An emulator on the demo's world as `edit` leaves it (given a demo harness to look ids up in).
    pub fn demo_edited(edit: impl FnOnce(&Harness, &mut Value)) -> Self {
        let demo = Self::demo();
        let mut world = demo.state();
        edit(&demo, &mut world);
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), world.to_string()).unwrap();
        Self::start(common::config(Seed::File(file.path().to_owned())))
    }

    pub fn with_faults(seed: Seed, faults: Faults) -> Self {
        Self::start(Config { faults, ..common::config(seed) })
    }

    /// Stops the emulator and waits until it is done (one backed by PostgreSQL drops what it made).
    pub fn stop(self) {
        let Harness { emu, home, runtime } = self;
        runtime.block_on(emu.running.shutdown());
        drop(home);
    }

    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// `ppg` pointed at this emulator with its token, in this harness's home.
    pub fn command(&self) -> Command {
        let mut command = bare_command(self.home.path());
        command.env("PPG_API_URL", &self.emu.base).env("PRISMA_POSTGRES_TOKEN", &self.emu.token);
        command
    }

    /// Runs `ppg ARGS` against the emulator.
    pub fn ppg(&self, args: &[&str]) -> Run {
        run(self.command().args(args), args)
    }

    /// Runs `ppg ARGS` with another token in the environment.
    pub fn ppg_with_token(&self, token: &str, args: &[&str]) -> Run {
        run(self.command().env("PRISMA_POSTGRES_TOKEN", token).args(args), args)
    }

    /// Scripts the emulator's answer to the next `method path` (`POST /_emulator/faults`): `fate` is
    /// `fail-before` (nothing done) or `fail-after` (done, then the answer lost); `extra` adds fields such as
    /// the status to answer with.
    pub fn fault_next(&self, method: &str, path: &str, fate: &str, extra: Value) {
        let mut body = serde_json::json!({"fate": fate, "method": method, "path": path});
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        let url = format!("{}/_emulator/faults", self.emu.base);
        let status = self.block_on(async { self.emu.client.post(url).json(&body).send().await.unwrap().status() });
        assert_eq!(status.as_u16(), 204, "the emulator took the fault {body}");
    }

    /// `GET /_emulator/state`.
    pub fn state(&self) -> Value {
        self.block_on(self.emu.state())
    }

    /// The request log, every `/v1` request so far.
    pub fn requests(&self) -> Vec<Value> {
        self.block_on(self.emu.requests())
    }

    pub fn clear_requests(&self) {
        self.block_on(self.emu.clear_requests());
    }

    /// The logged requests that would change something (anything but GET).
    pub fn changes(&self) -> Vec<Value> {
        self.requests().into_iter().filter(|request| request["method"] != "GET").collect()
    }

    /// Every item of an API list, read with small pages so that paging is exercised.
    pub fn list_all(&self, path: &str) -> Vec<Value> {
        self.block_on(self.emu.list_all(path, &[], 4)).0
    }

    /// The `data` of a GET that must answer 200.
    pub fn data(&self, path: &str, query: &[(&str, &str)]) -> Value {
        self.block_on(async { self.emu.get_query(path, query).await.expect(200).json()["data"].clone() })
    }

    /// The id of the one record of `kind` (`projects`, `databases`, `connections`) named `name`.
    pub fn id_of(&self, kind: &str, name: &str) -> String {
        let state = self.state();
        let found: Vec<&Value> = state[kind].as_object().unwrap().values().filter(|r| r["name"] == name).collect();
        assert_eq!(found.len(), 1, "exactly one of {kind} is named {name:?}: {found:?}");
        found[0]["id"].as_str().unwrap().to_owned()
    }

    /// The records of `kind` in the emulator's state.
    pub fn records(&self, kind: &str) -> Vec<Value> {
        self.state()[kind].as_object().unwrap().values().cloned().collect()
    }

    /// Waits until no database is `provisioning` or `recovering`, so lists no longer change on their own.
    pub fn wait_until_settled(&self) {
        let deadline = Instant::now() + common::DEADLINE;
        loop {
            // A read through /v1 advances the lifecycles; the state alone does not.
            self.block_on(self.emu.get("/v1/databases")).expect(200);
            let busy: Vec<Value> = self.records("databases").into_iter().filter(|db| db["status"] != "ready").collect();
            if busy.is_empty() {
                return;
            }
            assert!(Instant::now() < deadline, "databases never settled: {busy:?}");
            std::thread::sleep(common::POLL);
        }
    }
}

/// Writes a seed file in `dir`: the world of an `empty` emulator plus `count` projects named `load-NNN`, each
/// shaped like a project record of the demo's state. Returns the file's path.
pub fn project_seed(dir: &Path, count: usize) -> PathBuf {
    let runtime = runtime();
    let (mut world, template) = runtime.block_on(async {
        let empty = common::start(common::config(Seed::Empty)).await;
        let demo = common::start(common::config(Seed::Demo)).await;
        let world = empty.state().await;
        let template = demo.state().await["projects"].as_object().unwrap().values().next().unwrap().clone();
        (world, template)
    });
    assert!(world["projects"].as_object().is_none_or(|projects| projects.is_empty()), "empty has no projects");
    let now = chrono::Utc::now();
    let mut projects = serde_json::Map::new();
    for i in 0..count {
        let mut project = template.clone();
        let id = format!("proj_load{i:020}");
        project["id"] = json!(id);
        project["name"] = json!(format!("load-{i:03}"));
        let created = now - chrono::Duration::minutes(i as i64 + 1);
        project["createdAt"] = json!(created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
        project["defaultRegion"] = json!("eu-central-1");
        project["computeServices"] = json!(0);
        projects.insert(id, project);
    }
    world["projects"] = Value::Object(projects);
    let path = dir.join("seed.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&world).unwrap()).unwrap();
    path
}

/// The ids of a list of JSON resources, sorted.
pub fn sorted_ids(items: &[Value]) -> Vec<String> {
    let mut ids = common::ids(items);
    ids.sort();
    ids
}

/// Sorts JSON resources by id, so that two listings can be compared whole.
pub fn by_id(mut items: Vec<Value>) -> Vec<Value> {
    items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    items
}
