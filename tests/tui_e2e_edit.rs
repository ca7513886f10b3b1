//! End-to-end tests of changes made from the TUI: the real `ppg` binary in a pseudo-terminal, talking to an
//! emulator started by the test (so the test can read the emulator's state and request log).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[allow(dead_code)]
mod tui_support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use ppg::emulator::{Config, DEFAULT_TOKEN, Faults, Seed};
use serde_json::Value;
use tui_support::{DEADLINE, ENTER, RIGHT, TAB, Tui, osc52_payloads, selected_table_row, table_names, tree_rows};

/// A runtime for the emulator, serving on its own threads while the test drives the terminal.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn emulator(runtime: &tokio::runtime::Runtime, faults: Faults) -> common::Emu {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        seed: Seed::Demo,
        ready_after: Duration::from_secs(1),
        faults,
        ..Config::default()
    };
    runtime.block_on(common::start(config))
}

/// `ppg --api-url BASE` with the emulator's token, at 100×30.
fn spawn(emu: &common::Emu) -> Tui {
    Tui::spawn_with_env(&["--api-url", &emu.base], &[("PRISMA_POSTGRES_TOKEN", DEFAULT_TOKEN)], 100, 30)
}

fn in_tree(screen: &str, text: &str) -> bool {
    tree_rows(screen).iter().any(|(_, _, row)| row.contains(text))
}

fn tree_selection_is(screen: &str, text: &str) -> bool {
    tree_rows(screen).iter().any(|(_, selected, row)| *selected && row.contains(text))
}

/// The emulator's connection records (from `/_emulator/state`), by id.
fn connections(state: &Value) -> BTreeMap<String, Value> {
    let map = state["connections"].as_object().unwrap_or_else(|| panic!("no connections in {state}"));
    map.iter().map(|(id, record)| (id.clone(), record.clone())).collect()
}

/// The id of the only database named `name` in the emulator.
fn database_id(state: &Value, name: &str) -> String {
    let databases = state["databases"].as_object().unwrap();
    let found: Vec<&String> = databases.iter().filter(|(_, d)| d["name"] == name).map(|(id, _)| id).collect();
    assert_eq!(found.len(), 1, "databases named {name}: {found:?}");
    found[0].clone()
}

/// The POSTs of the request log whose path ends with `suffix`.
fn posts(requests: &[Value], suffix: &str) -> usize {
    requests.iter().filter(|r| r["method"] == "POST" && r["path"].as_str().unwrap_or("").ends_with(suffix)).count()
}

/// From the start screen to the Connections of checkout-service › main-db, its table loaded.
fn open_main_db_connections(tui: &mut Tui, deadline: Duration) {
    tui.wait_for(|screen| in_tree(screen, "checkout-service"), deadline);
    tui.select_in_tree("checkout-service");
    tui.send("l");
    tui.wait_for(|screen| in_tree(screen, "main-db"), deadline);
    tui.select_in_tree("main-db");
    tui.send("1");
    tui.wait_for(
        |screen| {
            tree_selection_is(screen, "Connections")
                && screen.contains("Connections of main-db")
                && !table_names(screen).is_empty()
        },
        deadline,
    );
}

/// The text after `label` on the line of the screen that has it (a field of a dialog).
fn field(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let (_, rest) = line.split_once(label)?;
        rest.split('│').next()?.split_whitespace().next().map(|value| value.trim_end_matches('▏').to_owned())
    })
}

#[test]
fn create_a_connection_copy_its_pooled_string_restore_a_backup_two_ways_and_quit() {
    let runtime = runtime();
    let emu = emulator(&runtime, Faults::default());
    let mut tui = spawn(&emu);
    open_main_db_connections(&mut tui, DEADLINE);
    let host = emu.base.trim_start_matches("http://").trim_end_matches('/');
    assert!(
        tui.screen().lines().next().unwrap().contains(&format!("● {host}")),
        "the header names the API:\n{}",
        tui.screen()
    );

    // (a) n, a name, Enter: the secret panel; the pooled string copied through OSC 52 is the one minted.
    tui.send("n");
    tui.wait_for(|screen| screen.contains("┌ New connection"), DEADLINE);
    tui.send("e2e-worker");
    tui.wait_for(|screen| screen.contains("e2e-worker▏"), DEADLINE);
    tui.send(ENTER);
    let screen = tui
        .wait_for(|screen| screen.contains("┌ New credentials") && screen.contains("› e2e-worker · pooled"), DEADLINE);
    assert!(screen.contains("will not show these again"), "{screen}");
    assert!(!screen.contains(":sk_"), "masked until s:\n{screen}");
    let state = runtime.block_on(emu.state());
    let minted: Vec<Value> = connections(&state).into_values().filter(|c| c["name"] == "e2e-worker").collect();
    assert_eq!(minted.len(), 1, "one connection made: {minted:?}");
    let (user, secret) = (minted[0]["user"].as_str().unwrap(), minted[0]["secret"].as_str().unwrap());
    let expected = format!("postgres://{user}:{secret}@pooled.db.prisma.io:5432/?sslmode=require");

    assert_eq!(osc52_payloads(&tui.raw()), Vec::<String>::new(), "nothing copied before y");
    tui.send("y");
    let raw = tui.wait_for_raw(|raw| !osc52_payloads(raw).is_empty(), DEADLINE);
    assert_eq!(osc52_payloads(&raw), [expected.as_str()], "the OSC 52 payload is exactly the minted pooled string");
    tui.wait_for(|screen| screen.contains("sent e2e-worker · pooled to your terminal (OSC 52)"), DEADLINE);
    tui.send("q");
    tui.wait_for(|screen| !screen.contains("New credentials") && screen.contains("Connections of main-db"), DEADLINE);

    // (b) Backups, the newest backup, r, Enter: a new database (the dialog opens on Restore), polled until ready.
    tui.send("2");
    tui.wait_for(
        |screen| {
            tree_selection_is(screen, "Backups")
                && screen.contains("Backups of main-db (30)")
                && screen.contains("completed")
        },
        DEADLINE,
    );
    tui.send(TAB);
    tui.wait_for(|screen| selected_table_row(screen).is_some(), DEADLINE);
    tui.send("r");
    // Waits for the whole dialog (down to the proposed name), not a frame caught half-written.
    let screen =
        tui.wait_for(|screen| screen.contains("┌ Restore a backup") && field(screen, "new name").is_some(), DEADLINE);
    let name = field(&screen, "new name").unwrap_or_else(|| panic!("no proposed name:\n{screen}"));
    assert!(name.starts_with("main-db-"), "{name}");
    tui.send(ENTER);
    // The new database's default connection was minted: the secret panel shows it.
    tui.wait_for(
        |screen| {
            !screen.contains("Restore a backup")
                && screen.contains("┌ New credentials")
                && screen.contains("default · direct")
        },
        DEADLINE,
    );
    tui.send("q");
    tui.wait_for(|screen| !screen.contains("New credentials"), DEADLINE);
    let state = runtime.block_on(emu.state());
    let databases = state["databases"].as_object().unwrap();
    let restored: Vec<&Value> = databases.values().filter(|d| d["name"] == name.as_str()).collect();
    assert_eq!(restored.len(), 1, "{name}: {restored:?}");
    assert_eq!(restored[0]["source"]["type"], "backup", "{}", restored[0]);
    tui.wait_for(|screen| screen.contains(&format!("database {name} is ready")), Duration::from_secs(20));
    let id = restored[0]["id"].as_str().unwrap();
    assert_eq!(runtime.block_on(emu.get_json(&format!("/v1/databases/{id}")))["data"]["status"], "ready");

    // (c) In place: mode, target, buttons, Restore, Enter: nothing. The target's name typed, Enter: sent.
    tui.send("r");
    tui.wait_for(|screen| screen.contains("┌ Restore a backup"), DEADLINE);
    tui.send(TAB);
    tui.wait_for(|screen| screen.contains("› restore"), DEADLINE);
    tui.send(RIGHT);
    tui.wait_for(|screen| screen.contains("over an existing database"), DEADLINE);
    tui.send(TAB);
    let screen = tui.wait_for(|screen| screen.contains("› over"), DEADLINE);
    assert!(screen.contains("‹ analytics ›"), "the first target is analytics:\n{screen}");
    assert!(!screen.contains("‹ main-db ›"), "{screen}");
    tui.send(TAB);
    tui.wait_for(|screen| screen.contains("› name"), DEADLINE);
    tui.send(TAB);
    tui.wait_for(|screen| screen.contains("› safety copy") && screen.contains("[x]"), DEADLINE);
    tui.send(TAB);
    tui.wait_for(|screen| !screen.contains("› safety copy") && screen.contains("[ Restore ] (disabled)"), DEADLINE);
    tui.send(RIGHT);
    tui.send(ENTER);
    tui.send(ENTER);
    // Shift-Tab three times goes back to the typing row: once it shows, both Enters were handled, and the
    // dialog is still there.
    tui.send("\x1b[Z");
    tui.send("\x1b[Z");
    tui.send("\x1b[Z");
    let screen = tui.wait_for(|screen| screen.contains("› name"), DEADLINE);
    assert!(screen.contains("Restore a backup") && screen.contains("(disabled)"), "{screen}");
    let requests = runtime.block_on(emu.requests());
    assert_eq!(posts(&requests, "/restore"), 0, "Enter alone sent a restore: {requests:?}");
    tui.send("analytics");
    tui.wait_for(|screen| screen.contains("analytics▏") && !screen.contains("(disabled)"), DEADLINE);
    // Enter in the name field sends.
    tui.send(ENTER);
    tui.wait_for(|screen| !screen.contains("Restore a backup"), DEADLINE);
    let start = Instant::now();
    let analytics = database_id(&state, "analytics");
    loop {
        let requests = runtime.block_on(emu.requests());
        if posts(&requests, "/restore") > 0 {
            assert_eq!(posts(&requests, &format!("/v1/databases/{analytics}/restore")), 1, "{requests:?}");
            assert_eq!(posts(&requests, "/restore"), 1, "{requests:?}");
            break;
        }
        assert!(start.elapsed() < DEADLINE, "no POST restore after the name was typed: {requests:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.wait_for(|screen| screen.contains("restore started over database analytics"), DEADLINE);

    // (d) q: exit 0.
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
}

/// What ppg said became of one attempt.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// "created connection cN", with the secret panel.
    Created,
    /// After a lost answer: "the connection cN WAS created (ID)".
    Found(String),
    /// After a lost answer: "no connection named cN was created".
    NotCreated,
    /// The API refused the create.
    Refused(String),
}

/// Waits until the status line or the secret panel says what became of creating `name`, pressing R when the
/// re-list after a lost answer fails. Closes the secret panel or the form it leaves open.
fn outcome_of(tui: &mut Tui, name: &str) -> Outcome {
    let created_panel = format!("{name} · pooled");
    let found = format!("the connection {name} WAS created (");
    let not_created = format!("no connection named {name} was created");
    let refused = format!("creating connection {name}:");
    let start = Instant::now();
    let mut retried: Option<Instant> = None;
    loop {
        assert!(start.elapsed() < Duration::from_secs(90), "no outcome for {name}:\n{}", tui.describe());
        let screen = tui.screen();
        if screen.contains("┌ New credentials") && screen.contains(&created_panel) {
            tui.send("q");
            tui.wait_for(|screen| !screen.contains("New credentials"), DEADLINE);
            return Outcome::Created;
        }
        if let Some(line) = screen.lines().find(|line| line.contains(&found)) {
            let id = line.split(&found).nth(1).and_then(|rest| rest.split(')').next()).unwrap().to_owned();
            return Outcome::Found(id);
        }
        if screen.contains(&not_created) {
            return Outcome::NotCreated;
        }
        let form_open = screen.contains("┌ New connection");
        if let Some(line) = screen.lines().find(|line| line.contains(&refused) && !line.contains("answer was lost")) {
            if form_open {
                tui.send("\x1b");
                tui.wait_for(|screen| !screen.contains("┌ New connection"), DEADLINE);
            }
            return Outcome::Refused(line.to_owned());
        }
        // The re-list after a lost answer failed (even after its retries): R asks again.
        if !form_open
            && screen.contains("loading the connections of main-db")
            && retried.is_none_or(|at| at.elapsed() > Duration::from_secs(5))
        {
            tui.send("R");
            retried = Some(Instant::now());
        }
        tui.poll_screen(|now| now != screen, Duration::from_millis(200));
    }
}

#[test]
fn under_a_30_percent_failure_rate_the_server_holds_exactly_the_connections_ppg_reported() {
    let runtime = runtime();
    let faults = Faults { fail_rate: 0.3, seed: 11, ..Faults::default() };
    let emu = emulator(&runtime, faults);
    let before: BTreeSet<String> = connections(&runtime.block_on(emu.state())).into_keys().collect();
    let mut tui = spawn(&emu);
    open_main_db_connections(&mut tui, Duration::from_secs(30));

    let mut outcomes = Vec::new();
    for n in 1..=5 {
        let name = format!("c{n}");
        tui.send("n");
        tui.wait_for(|screen| screen.contains("┌ New connection"), DEADLINE);
        tui.send(&name);
        tui.wait_for(|screen| screen.contains(&format!("{name}▏")), DEADLINE);
        tui.send(ENTER);
        let outcome = outcome_of(&mut tui, &name);
        outcomes.push((name, outcome));
    }

    let state = runtime.block_on(emu.state());
    let main_db = database_id(&state, "main-db");
    let made: Vec<(String, String)> = connections(&state)
        .into_iter()
        .filter(|(id, record)| !before.contains(id) && record["name"].as_str().unwrap_or("").starts_with('c'))
        .map(|(id, record)| (record["name"].as_str().unwrap().to_owned(), id))
        .collect();
    let mut on_server: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, id) in &made {
        on_server.entry(name.clone()).or_default().push(id.clone());
    }
    let report = format!("outcomes {outcomes:?}; on the server {on_server:?}");
    for (name, ids) in &on_server {
        assert_eq!(ids.len(), 1, "{name} was created {} times; {report}", ids.len());
    }
    let reported: BTreeSet<String> = outcomes
        .iter()
        .filter(|(_, outcome)| matches!(outcome, Outcome::Created | Outcome::Found(_)))
        .map(|(name, _)| name.clone())
        .collect();
    let present: BTreeSet<String> = on_server.keys().cloned().collect();
    assert_eq!(present, reported, "the server holds exactly what ppg reported as created or found; {report}");
    for (name, outcome) in &outcomes {
        if let Outcome::Found(id) = outcome {
            assert_eq!(on_server.get(name), Some(&vec![id.clone()]), "{name}: the id ppg named; {report}");
        }
    }
    let requests = runtime.block_on(emu.requests());
    let creates = posts(&requests, &format!("/v1/databases/{main_db}/connections"));
    assert_eq!(creates, 5, "one POST per attempt, never re-sent; {report}");
    eprintln!("{report}");

    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
}

/// Issue 10 against a slow API (300 ms a request): billing is opened, the selection moves down to
/// marketing-site, and billing's databases land above it afterwards. The selection stays on
/// marketing-site, and the next key acts on it.
#[test]
fn answers_landing_above_never_move_the_selection() {
    let runtime = runtime();
    let emu = emulator(&runtime, Faults { latency: Duration::from_millis(300), ..Faults::default() });
    let mut tui = spawn(&emu);
    tui.wait_for(|screen| in_tree(screen, "marketing-site"), DEADLINE);
    tui.select_in_tree("billing");
    tui.send("l");
    tui.select_in_tree("marketing-site");
    let screen = tui.wait_for(|screen| in_tree(screen, "ledger"), DEADLINE);
    assert!(tree_selection_is(&screen, "marketing-site"), "{screen}");
    tui.send("l");
    let screen = tui.wait_for(|screen| in_tree(screen, "web") && in_tree(screen, "preview"), DEADLINE);
    assert!(tree_selection_is(&screen, "marketing-site"), "{screen}");
}
