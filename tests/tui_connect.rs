//! `t` and `p` in a real terminal, the `ppg` binary in a pseudo-terminal. `p` hands the terminal to a real
//! psql on a temporary connection (the emulator backed by a real PostgreSQL; skipped with a message without
//! `PPG_TEST_POSTGRES`, except in CI): Ctrl-C cancels psql's query without ending ppg, no process's
//! arguments hold the password, and `\q` brings back the same screen and selection with the temporary
//! connection deleted. Quitting while a test holds a temporary connection deletes it first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;
mod pg_support;
#[allow(dead_code)]
mod tui_support;

use std::time::Duration;

use ppg::emulator::{Config, Faults, Seed};
use tui_support::{DEADLINE, ENTER, Tui, tree_rows};

#[test]
fn quitting_while_a_test_holds_a_temporary_connection_deletes_it_first() {
    let latency = Duration::from_millis(400);
    let config = Config { faults: Faults { latency, ..Faults::default() }, ..common::config(Seed::Demo) };
    let harness = cli_support::Harness::start(config);
    let env = [("PRISMA_POSTGRES_TOKEN", harness.emu.token.as_str())];
    let mut tui = on_main_db(&harness, &env);
    tui.send("t");
    tui.wait_for(|screen| screen.contains("ppg holds no password"), DEADLINE);
    harness.clear_requests();
    // Enter starts the test (its create takes the emulator's latency); q at once ends the console.
    tui.send(&format!("{ENTER}q"));
    assert!(tui.wait_exit(DEADLINE).success());
    let changes = changes(&harness);
    assert_eq!(changes, ["POST /v1/databases", "DELETE /v1/connections"], "made, then deleted before the end");
    let state = harness.state();
    let names: Vec<&str> =
        state["connections"].as_object().unwrap().values().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.iter().all(|name| !name.starts_with("ppg-temp-")), "{names:?}");
}

/// ppg on the harness's emulator with `env`, main-db of checkout-service selected in the tree.
fn on_main_db(harness: &cli_support::Harness, env: &[(&str, &str)]) -> Tui {
    let mut tui = Tui::spawn_with_env(&["--api-url", &harness.emu.base], env, 100, 30);
    tui.wait_for(|screen| screen.contains("checkout-service"), DEADLINE);
    tui.select_in_tree("checkout-service");
    tui.send("l");
    tui.wait_for(|screen| tree_rows(screen).iter().any(|(_, _, row)| row.contains("main-db")), DEADLINE);
    tui.select_in_tree("main-db");
    tui
}

/// The changes the emulator received: `METHOD /v1/KIND`.
fn changes(harness: &cli_support::Harness) -> Vec<String> {
    pg_support::request_lines(harness)
        .into_iter()
        .filter(|line| !line.starts_with("GET"))
        .map(|line| line.split('/').take(3).collect::<Vec<_>>().join("/"))
        .collect()
}

fn selected(screen: &str) -> Option<String> {
    tree_rows(screen).into_iter().find(|(_, selected, _)| *selected).map(|(_, _, text)| text)
}

#[test]
fn postgresql_p_runs_psql_in_the_terminal_and_comes_back_to_the_same_selection() {
    let Some(admin) = pg_support::admin_url() else { return };
    let harness = pg_support::harness(&admin, Seed::Demo);
    let path = std::env::var("PATH").unwrap_or_default();
    let env = [("PRISMA_POSTGRES_TOKEN", harness.emu.token.as_str()), ("PATH", path.as_str())];
    let mut tui = on_main_db(&harness, &env);
    let before = selected(&tui.screen()).unwrap();
    harness.clear_requests();

    tui.send("p");
    tui.wait_for(|screen| screen.contains("ppg holds no password"), DEADLINE);
    tui.send(ENTER);
    let screen = tui.wait_for(|screen| screen.lines().any(|line| line.trim_end().ends_with("=>")), DEADLINE);
    assert!(screen.contains("ppg: psql on the temporary connection ppg-temp-"), "{screen}");
    assert!(!tui.modes().0, "psql runs on the main screen, not the console's alternate one");

    tui.send("select 40 + 2 as answer;\r");
    tui.wait_for(|screen| screen.contains("(1 row)") && screen.contains("42"), DEADLINE);

    // While psql runs: no process's arguments hold the password psql has in its environment.
    let dir = tempfile::tempdir().unwrap();
    tui.send(&format!("{}\r", pg_support::dump_command(dir.path())));
    let written = || dir.path().join("password").exists();
    for _ in 0..500 {
        if written() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let (cmdlines, password) = pg_support::dumped(dir.path());
    assert!(password.starts_with("sk_"), "psql holds the minted password in its environment");
    assert!(!cmdlines.contains(&password), "a password in some process's arguments");

    // Ctrl-C is psql's: it cancels the query, and ppg goes on.
    tui.send("select pg_sleep(30);\r");
    tui.wait_for(|screen| screen.contains("select pg_sleep(30);"), DEADLINE);
    tui.send("\x03");
    tui.wait_for(|screen| screen.contains("canceling statement due to user request"), DEADLINE);
    assert!(tui.exited().is_none(), "Ctrl-C in psql does not end ppg");

    tui.send("\\q\r");
    let screen = tui.wait_for(|screen| screen.contains("psql ended (exit 0)"), DEADLINE);
    assert!(tui.modes().0, "the console has its alternate screen back");
    assert_eq!(selected(&screen).as_deref(), Some(before.as_str()), "{screen}");
    assert!(screen.contains("was deleted"), "{screen}");
    let changes = changes(&harness);
    assert_eq!(changes, ["POST /v1/databases", "DELETE /v1/connections"], "one temporary connection, deleted");

    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
}
