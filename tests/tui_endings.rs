//! How the console ends when it is not quit: on a signal (exit 128 + its number) and on a panic (exit 101, a
//! short paragraph); the terminal is restored either way. The real binary in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tui_support::{DEADLINE, Tui};

/// Starts the demo and waits for its first frame.
fn demo(env: &[(&str, &str)]) -> Tui {
    let tui = Tui::spawn_with_env(&["--demo"], env, 100, 30);
    tui.wait_for(|screen| screen.contains("DEMO") && screen.contains("checkout-service"), DEADLINE);
    tui
}

/// Sends `signal` (a name `kill -s` knows) to the console's process.
fn kill(tui: &Tui, signal: &str) {
    let status =
        std::process::Command::new("kill").args(["-s", signal, &tui.pid().to_string()]).status().expect("kill runs");
    assert!(status.success(), "kill -s {signal} failed: {status:?}");
}

#[test]
fn each_ending_signal_restores_the_terminal_and_exits_128_plus_its_number() {
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let mut tui = demo(&[]);
        kill(&tui, signal);
        let status = tui.wait_exit(DEADLINE);
        assert_eq!(status.exit_code(), 128 + number, "SIG{signal}: {status:?}\n{}", tui.describe());
        assert!(status.signal().is_none(), "SIG{signal} was handled, not fatal: {status:?}");
        tui.assert_restored();
    }
}

#[test]
fn ctrl_c_is_still_a_key_that_quits_with_0() {
    let mut tui = demo(&[]);
    tui.send("\x03");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
    tui.assert_restored();
}

/// The paragraph a panic prints (the main screen, once the alternate one is left): what happened and how to
/// report it, without a backtrace.
#[track_caller]
fn assert_short_paragraph(tui: &Tui, point: &str) {
    let screen = tui.screen();
    let text: Vec<&str> = screen.lines().map(str::trim_end).filter(|line| !line.is_empty()).collect();
    assert_eq!(text.len(), 3, "three lines:\n{screen}");
    assert!(text[0].starts_with("ppg: internal error: ppg panicked at "), "{screen}");
    assert!(text[0].ends_with(&format!("PPG_TEST_PANIC={point}")), "{screen}");
    assert!(text[1].starts_with("This is a bug in ppg"), "{screen}");
    assert!(text[2].starts_with("Please report it with the command you ran and this message."), "{screen}");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    for noise in ["stack backtrace", "━ BACKTRACE ━", "note: run with", "thread '", "   0: ", "   1: "] {
        assert!(!raw.contains(noise), "{noise:?} in the output:\n{}", tui.describe());
    }
}

#[test]
fn a_panic_in_the_loop_restores_the_terminal_then_prints_a_short_paragraph_and_exits_101() {
    let mut tui = Tui::spawn_with_env(&["--demo"], &[("PPG_TEST_PANIC", "frame")], 100, 30);
    let status = tui.wait_exit(DEADLINE);
    assert_eq!(status.exit_code(), 101, "{status:?}\n{}", tui.describe());
    tui.assert_restored();
    assert_short_paragraph(&tui, "frame");
}

#[test]
fn a_panic_on_a_worker_thread_ends_the_console_the_same_way() {
    let mut tui = Tui::spawn_with_env(&["--demo"], &[("PPG_TEST_PANIC", "task")], 100, 30);
    let status = tui.wait_exit(DEADLINE);
    assert_eq!(status.exit_code(), 101, "{status:?}\n{}", tui.describe());
    tui.assert_restored();
    assert_short_paragraph(&tui, "task");
}
