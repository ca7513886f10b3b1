//! Keys per mode and help in context (issue 11, points 7 and 8): overlays act on the actions of their mode's
//! map, a rebinding shows in the hints and in help, `confirm` is never the key that opened a dialog, and `?`
//! shows the current mode's keys first, scrolls with every move key, never cuts a word and names the config
//! file in force.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ppg::app::{Keymap, Overlay, Section};
use ppg::tui::Input;

fn rebind(harness: &mut Harness, source: &str) -> Vec<String> {
    let table: toml::Table = toml::from_str(source).unwrap();
    let (keymap, problems) = Keymap::from_config(&table, Some(source));
    harness.app_mut().session.keymap = keymap;
    harness.settle();
    problems
}

/// The footer's key hints: the last line inside the frame.
fn hints(harness: &Harness) -> String {
    let screen = harness.screen(100, 30);
    screen.lines().rev().nth(1).unwrap_or_default().to_owned()
}

/// Creates a connection `worker` on main-db, which opens the secret panel.
fn secret_panel(harness: &mut Harness) {
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.keys("n");
    harness.keys("worker");
    harness.press(KeyCode::Enter);
    harness.secret_panel();
}

#[test]
fn the_secret_panel_reads_its_own_map_and_shows_the_keys_in_force() {
    let mut harness = Harness::demo();
    assert!(rebind(&mut harness, "copy = \"c\"\n[secrets]\nreveal = \"v\"\n").is_empty());
    secret_panel(&mut harness);
    let footer = hints(&harness);
    assert!(footer.contains("v reveal") && footer.contains("c copy"), "{footer}");
    let screen = harness.screen(100, 30);
    assert!(screen.contains("Copy them now (c)"), "{screen}");
    harness.keys("s");
    assert!(!harness.secret_panel().revealed, "s is no longer reveal here");
    harness.keys("v");
    assert!(harness.secret_panel().revealed);
    harness.keys("c");
    assert_eq!(harness.copied().len(), 1, "c copies");
    harness.keys("y");
    assert_eq!(harness.copied().len(), 1, "y no longer does");
    // Help over the panel: its keys first, and Esc goes back to the panel.
    harness.keys("?");
    let screen = harness.screen(100, 30);
    assert!(screen.contains("Here: Secret panel"), "{screen}");
    let here = screen.find("Here: Secret panel").unwrap();
    let browsing = screen.find("Browsing the tree").unwrap_or(usize::MAX);
    assert!(here < browsing, "the panel's keys come first");
    assert!(screen.contains("v                   show or hide secrets"), "{screen}");
    harness.press(KeyCode::Esc);
    assert!(harness.secret_panel().revealed, "back to the same panel");
}

#[test]
fn jump_and_copy_menu_act_on_their_maps() {
    let mut harness = Harness::demo();
    let problems = rebind(&mut harness, "[jump]\ndown = [\"down\", \"ctrl-n\"]\n[copy_menu]\nsubmit = \"ctrl-j\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    harness.keys(":");
    let ctrl = |c| Input::Event(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    harness.input(ctrl('n'));
    let Some(Overlay::Jump(jump)) = &harness.app().overlay else { panic!("the jump is open") };
    assert_eq!(jump.selected, 1, "ctrl-n moves down");
    harness.keys("j");
    let Some(Overlay::Jump(jump)) = &harness.app().overlay else { panic!("the jump is open") };
    assert_eq!(jump.query, "j", "characters are typed, not bound");
    harness.press(KeyCode::Esc);

    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("y");
    assert!(matches!(harness.app().overlay, Some(Overlay::Copy(_))));
    assert!(hints(&harness).contains("ctrl-j choose"), "{}", hints(&harness));
    harness.press(KeyCode::Enter);
    assert!(matches!(harness.app().overlay, Some(Overlay::Copy(_))), "enter is no longer submit here");
    harness.input(ctrl('j'));
    assert_eq!(harness.copied().len(), 1, "ctrl-j copies the first row (the id)");
}

#[test]
fn the_key_that_opened_a_dialog_never_confirms_it() {
    // The issue's config: rotate on y. The dialog opened by y is not confirmed by y, and start-up says why.
    let mut harness = Harness::demo();
    let problems = rebind(&mut harness, "rotate = \"y\"\n");
    assert!(problems.iter().any(|p| p.contains("\"y\" opens the rotate dialog")), "{problems:?}");
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("y");
    assert_eq!(harness.confirm().verb, "Rotate");
    harness.keys("y");
    assert!(harness.writes().is_empty(), "y opened it, y does not confirm it");
    assert!(!hints(&harness).contains("confirm"), "{}", hints(&harness));
    let screen = harness.screen(100, 30);
    assert!(screen.contains("Press enter on [ Rotate ] to rotate"), "{screen}");
    harness.press(KeyCode::Esc);

    // Default keys, the copy menu's "rotate this one" chosen with y: a second y does not rotate.
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Connections);
    harness.press(KeyCode::Tab);
    harness.keys("y");
    let Some(Overlay::Copy(menu)) = &harness.app().overlay else { panic!("the copy menu") };
    let rotate = menu.items.iter().position(|item| item.act == Some(ppg::app::MenuAct::Rotate)).unwrap();
    for _ in 0..rotate {
        harness.keys("j");
    }
    harness.keys("y");
    assert_eq!(harness.confirm().verb, "Rotate");
    harness.keys("y");
    assert!(harness.writes().is_empty(), "the menu's y opened it");
    // Opened with o, y confirms.
    harness.press(KeyCode::Esc);
    harness.keys("o");
    harness.keys("y");
    assert_eq!(harness.writes().len(), 1, "{:?}", harness.writes());
}

#[test]
fn help_shows_the_current_modes_keys_first() {
    let mut harness = Harness::demo();
    harness.keys("?");
    let screen = harness.screen(100, 30);
    assert!(screen.contains("Here: Browsing the tree and the tables"), "{screen}");
    harness.press(KeyCode::Esc);

    harness.focus_newest_backup("checkout-service", "main-db");
    harness.keys("r");
    harness.keys("?");
    let screen = harness.screen(100, 30);
    assert!(screen.contains("Help: dialogs (delete, rotate, restore) first"), "{screen}");
    assert!(screen.contains("Here: Dialogs"), "{screen}");
    harness.press(KeyCode::Esc);
    harness.restore_dialog();

    // In a dialog that asks for a name, `?` is typed.
    harness.press(KeyCode::Esc);
    harness.open_database("checkout-service", "analytics");
    harness.keys("d");
    harness.keys("?");
    assert_eq!(harness.confirm().typed.value(), "?");
}

#[test]
fn help_scrolls_with_every_move_key_and_never_cuts_a_word() {
    let mut harness = Harness::demo_at(80, 24);
    harness.app_mut().session.config_path = Some("/home/ada/.config/ppg/other.toml".into());
    harness.keys("?");
    let scroll = |harness: &Harness| match &harness.app().overlay {
        Some(Overlay::Help { scroll, .. }) => *scroll,
        other => panic!("help is not open: {other:?}"),
    };
    harness.keys("G");
    let last = scroll(&harness);
    assert!(last > 20, "help is longer than a screen: {last}");
    let screen = harness.screen(80, 24);
    assert!(screen.contains("/home/ada/.config/ppg/other.toml"), "the config in force, at the end:\n{screen}");
    harness.keys("k");
    assert_eq!(scroll(&harness), last - 1, "k moves at once from the end");
    harness.press(KeyCode::Home);
    assert_eq!(scroll(&harness), 0);
    harness.press(KeyCode::End);
    assert_eq!(scroll(&harness), last);
    harness.keys("g");
    harness.press(KeyCode::PageDown);
    let page = scroll(&harness);
    assert!(page > 5, "a page: {page}");
    harness.press(KeyCode::PageUp);
    assert_eq!(scroll(&harness), 0);
    // Every page: no line of help ends cut with `…`.
    for _ in 0..=last / page {
        let screen = harness.screen(80, 24);
        for line in screen.lines().filter(|line| line.starts_with("\"│ │")) {
            assert!(!line.contains("… │"), "cut: {line}");
        }
        harness.press(KeyCode::PageDown);
    }
}
