//! End-to-end tests of the TUI: the real `ppg` binary in a pseudo-terminal, read back through a vt100 parser.
//! Every way out restores the terminal: `q`, Ctrl-C, a signal (exit 128 + its number), a panic (exit 101 and a
//! short paragraph).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tui_support::{
    DEADLINE, ENTER, TAB, Tui, base64_decode, copy_menu, escape, menu_value, osc52_payloads, rfind, selected_table_row,
    table_names, tree_rows,
};

/// The pooled endpoint every demo connection has.
const POOLED: &str = "pooled.db.prisma.io:5432";

/// Whether some row of the tree contains `text`.
fn in_tree(screen: &str, text: &str) -> bool {
    tree_rows(screen).iter().any(|(_, _, row)| row.contains(text))
}

/// Whether the selected row of the tree contains `text`.
fn tree_selection_is(screen: &str, text: &str) -> bool {
    tree_rows(screen).iter().any(|(_, selected, row)| *selected && row.contains(text))
}

/// Whether the screen's outer frame is `width` columns wide (its top line ends in the corner there).
fn frame_width_is(screen: &str, width: usize) -> bool {
    screen.lines().next().is_some_and(|top| top.starts_with('┌') && top.ends_with('┐') && top.chars().count() == width)
}

#[test]
fn copy_a_connection_id_and_its_pooled_endpoint_through_osc52_then_quit_cleanly() {
    let mut tui = Tui::spawn(&["--demo"], 100, 30);
    tui.wait_for(|screen| in_tree(screen, "checkout-service") && screen.contains("DEMO"), DEADLINE);

    tui.select_in_tree("checkout-service");
    tui.send("l");
    tui.wait_for(|screen| in_tree(screen, "main-db"), DEADLINE);
    tui.select_in_tree("main-db");
    tui.send("1");
    // Tab moves into the table only once it has rows, so wait for them to load.
    let screen = tui.wait_for(
        |screen| {
            tree_selection_is(screen, "Connections")
                && screen.contains("Connections of main-db")
                && !table_names(screen).is_empty()
        },
        DEADLINE,
    );
    let names = table_names(&screen);
    tui.send(TAB);
    let screen = tui.wait_for(|screen| selected_table_row(screen).is_some(), DEADLINE);
    let connection = selected_table_row(&screen).unwrap();
    assert!(names.contains(&connection), "{connection:?} is not one of {names:?}:\n{screen}");

    // y opens the copy menu on the selected connection; Enter on "id" copies the id shown there.
    tui.send("y");
    let screen = tui.wait_for(|screen| menu_value(screen, "id").is_some(), DEADLINE);
    let (title, _) = copy_menu(&screen).unwrap();
    assert_eq!(title, format!("Copy from {connection}"), "{screen}");
    let id = menu_value(&screen, "id").unwrap();
    assert!(id.starts_with("con_") && !id.contains(char::is_whitespace), "id {id:?} in:\n{screen}");
    tui.select_in_menu("id");
    assert_eq!(osc52_payloads(&tui.raw()), Vec::<String>::new(), "nothing copied before Enter");
    tui.send(ENTER);
    let raw = tui.wait_for_raw(|raw| !osc52_payloads(raw).is_empty(), DEADLINE);
    assert_eq!(osc52_payloads(&raw), [id.as_str()]);
    tui.wait_for(
        |screen| screen.contains("sent id to your terminal (OSC 52)") && copy_menu(screen).is_none(),
        DEADLINE,
    );

    // Again, for the pooled endpoint's host:port.
    tui.send("y");
    let screen = tui.wait_for(|screen| copy_menu(screen).is_some(), DEADLINE);
    assert_eq!(menu_value(&screen, "pooled host:port").as_deref(), Some(POOLED), "{screen}");
    tui.select_in_menu("pooled host:port");
    tui.send(ENTER);
    let raw = tui.wait_for_raw(|raw| osc52_payloads(raw).len() >= 2, DEADLINE);
    assert_eq!(osc52_payloads(&raw), [id.as_str(), POOLED]);
    tui.wait_for(
        |screen| screen.contains("sent pooled host:port to your terminal (OSC 52)") && copy_menu(screen).is_none(),
        DEADLINE,
    );

    // q: exit 0, and the terminal restored after the last frame.
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
    assert_restored(&tui);
}

/// After the last frame the alternate screen is left and the cursor shown, and no escape sequence follows.
#[track_caller]
fn assert_restored(tui: &Tui) {
    const LEAVE: &[u8] = b"\x1b[?1049l";
    const SHOW: &[u8] = b"\x1b[?25h";
    let raw = tui.raw();
    let tail = escape(&raw[raw.len().saturating_sub(300)..]);
    // ratatui ends every frame by hiding the cursor (the TUI never shows it).
    let last_frame = rfind(&raw, b"\x1b[?25l").expect("at least one frame hid the cursor");
    let entered = rfind(&raw, b"\x1b[?1049h").expect("the alternate screen was entered");
    let left = rfind(&raw, LEAVE).filter(|&left| left > last_frame && left > entered);
    let shown = rfind(&raw, SHOW).filter(|&shown| shown > last_frame);
    let (Some(left), Some(shown)) = (left, shown) else {
        panic!("left the alternate screen after the last frame: {left:?}; showed the cursor: {shown:?}; tail:\n{tail}");
    };
    let end = (left + LEAVE.len()).max(shown + SHOW.len());
    assert!(!raw[end..].contains(&0x1b), "escape sequences after the terminal was restored; tail:\n{tail}");
    assert_eq!(tui.modes(), (false, false), "vt100 still sees (alternate screen, hidden cursor); tail:\n{tail}");
}

#[test]
fn without_a_token_the_first_run_screen_offers_the_demo() {
    let mut tui = Tui::spawn(&[], 100, 30);
    let screen = tui.wait_for(|screen| screen.contains("PRISMA_POSTGRES_TOKEN"), DEADLINE);
    assert!(!screen.contains("DEMO"), "{screen}");
    tui.send("d");
    tui.wait_for(|screen| in_tree(screen, "checkout-service") && screen.contains("DEMO"), DEADLINE);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
    assert_restored(&tui);
}

#[test]
fn resizing_down_to_a_tiny_window_and_back_never_crashes() {
    let mut tui = Tui::spawn(&["--demo"], 100, 30);
    tui.wait_for(|screen| in_tree(screen, "checkout-service") && screen.contains("DEMO"), DEADLINE);

    // 60×15: the tree and the pane stacked, drawn at the new width.
    tui.resize(60, 15);
    tui.wait_for(|screen| frame_width_is(screen, 60) && in_tree(screen, "Acme") && screen.contains("DEMO"), DEADLINE);
    assert!(tui.exited().is_none(), "ppg exited at 60×15:\n{}", tui.describe());

    tui.resize(30, 8);
    tui.wait_for(|screen| screen.contains("larger window") && screen.contains("30×8"), DEADLINE);
    assert!(tui.exited().is_none(), "ppg exited at 30×8:\n{}", tui.describe());

    tui.resize(100, 30);
    tui.wait_for(
        |screen| {
            frame_width_is(screen, 100)
                && !screen.contains("larger window")
                && in_tree(screen, "checkout-service")
                && screen.contains("DEMO")
        },
        DEADLINE,
    );
    assert!(tui.exited().is_none(), "ppg exited back at 100×30:\n{}", tui.describe());

    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
    assert_restored(&tui);
}

#[test]
fn the_test_decoder_reads_rfc_4648_base64() {
    let vectors =
        [("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmFy", "foobar")];
    for (encoded, plain) in vectors {
        assert_eq!(base64_decode(encoded.as_bytes()).as_deref(), Some(plain.as_bytes()), "{encoded}");
    }
    assert_eq!(
        base64_decode(b"ABCDEFGHIJKL++//").unwrap(),
        [0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8b, 0xfb, 0xef, 0xff]
    );
    for bad in ["Zg=", "Zg=a", "Z===", "Zg==Zm9v", "Zm9*"] {
        assert_eq!(base64_decode(bad.as_bytes()), None, "{bad}");
    }
    assert_eq!(osc52_payloads(b"x\x1b]52;c;aGVsbG8=\x07y\x1b]52;c;d29ybGQ=\x1b\\"), ["hello", "world"]);
}

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
        assert_restored(&tui);
    }
}

#[test]
fn ctrl_c_is_still_a_key_that_quits_with_0() {
    let mut tui = demo(&[]);
    tui.send("\x03");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
    assert_restored(&tui);
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
    assert_restored(&tui);
    assert_short_paragraph(&tui, "frame");
}

#[test]
fn a_panic_on_a_worker_thread_ends_the_console_the_same_way() {
    let mut tui = Tui::spawn_with_env(&["--demo"], &[("PPG_TEST_PANIC", "task")], 100, 30);
    let status = tui.wait_exit(DEADLINE);
    assert_eq!(status.exit_code(), 101, "{status:?}\n{}", tui.describe());
    assert_restored(&tui);
    assert_short_paragraph(&tui, "task");
}
