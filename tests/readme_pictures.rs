//! The README's pictures of the console (`assets/*.svg`), drawn from the real frames of the demo at 100×30
//! with the default (dark) theme: each test fails when its picture is stale. `PPG_UPDATE_ASSETS=1` redraws.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;
mod pictures;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Overlay, Section};

const SIZE: (u16, u16) = (100, 30);

fn picture(harness: &Harness, name: &str, title: &str) {
    pictures::check(name, title, &harness.buffer(SIZE.0, SIZE.1));
}

#[test]
fn jump_finds_a_database_by_name() {
    let mut harness = Harness::demo();
    harness.keys(":");
    harness.keys("main");
    assert!(matches!(&harness.app().overlay, Some(Overlay::Jump(jump)) if !jump.matches.is_empty()));
    picture(&harness, "jump", "ppg: jump to a database by typing part of its name");
}

#[test]
fn copy_a_connection_string() {
    let mut harness = Harness::demo();
    // The copy menu offers the strings this session minted (masked on screen).
    harness.copy_menu_with_minted_strings();
    assert!(matches!(harness.app().overlay, Some(Overlay::Copy(_))));
    picture(&harness, "copy", "ppg: the copy menu of a connection, its strings masked on screen");
}

#[test]
fn restore_a_backup() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Backups);
    harness.press(KeyCode::Tab);
    harness.keys("r");
    assert!(matches!(harness.app().overlay, Some(Overlay::Restore(_))));
    picture(&harness, "restore", "ppg: restoring a backup into a new database");
}

#[test]
fn usage_per_day() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Usage);
    // The chart's cursor on a day of the week before, its value under the bars.
    harness.press(KeyCode::Tab);
    for _ in 0..4 {
        harness.press(KeyCode::Left);
    }
    picture(&harness, "usage", "ppg: a database's usage this month, last month and per day, with a day's value");
}
