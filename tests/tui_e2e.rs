//! End-to-end tests of the TUI: the real `ppg` binary in a pseudo-terminal, read back through a vt100 parser.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tui_support::{
    DEADLINE, ENTER, TAB, Tui, base64_decode, copy_menu, menu_value, osc52_payloads, selected_table_row, table_names,
    tree_rows,
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
    tui.wait_for(|screen| screen.contains("copied id (OSC 52)") && copy_menu(screen).is_none(), DEADLINE);

    // Again, for the pooled endpoint's host:port.
    tui.send("y");
    let screen = tui.wait_for(|screen| copy_menu(screen).is_some(), DEADLINE);
    assert_eq!(menu_value(&screen, "pooled host:port").as_deref(), Some(POOLED), "{screen}");
    tui.select_in_menu("pooled host:port");
    tui.send(ENTER);
    let raw = tui.wait_for_raw(|raw| osc52_payloads(raw).len() >= 2, DEADLINE);
    assert_eq!(osc52_payloads(&raw), [id.as_str(), POOLED]);
    tui.wait_for(|screen| screen.contains("copied pooled host:port (OSC 52)") && copy_menu(screen).is_none(), DEADLINE);

    // q: exit 0, and the terminal restored after the last frame.
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status:?}:\n{}", tui.describe());
    tui.assert_restored();
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
    tui.assert_restored();
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
    tui.assert_restored();
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
