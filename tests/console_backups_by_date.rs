//! `/` on a database's backups filters by date: a day typed as the API writes it (`2026-11-14`) or as the
//! table shows it (`Nov 14`) keeps that day's backups only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{DetailRow, Node, Section, detail_rows};

/// The ids of the backups the right pane lists now.
fn listed(harness: &Harness, database: &str) -> Vec<String> {
    let node = Node::Section(database.to_owned(), Section::Backups);
    detail_rows(harness.app(), &node)
        .iter()
        .filter_map(|row| match row {
            DetailRow::Backup(backup) => Some(backup.id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_date_typed_in_the_filter_keeps_that_day_s_backups() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Backups);
    let backups = harness.backups_of(&database);
    assert!(backups.len() > 2, "the demo keeps a backup a day");
    let day = backups[1]["createdAt"].as_str().unwrap()[..10].to_owned();
    let of_day: Vec<String> = backups
        .iter()
        .filter(|backup| backup["createdAt"].as_str().unwrap().starts_with(&day))
        .map(|backup| backup["id"].as_str().unwrap().to_owned())
        .collect();
    harness.press(KeyCode::Tab);
    harness.keys("/");
    harness.keys(&day);
    harness.press(KeyCode::Enter);
    let mut shown = listed(&harness, &database);
    shown.sort();
    let mut expected = of_day.clone();
    expected.sort();
    assert_eq!(shown, expected, "the backups of {day}");

    // The same day as the table writes it.
    let as_shown = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap().format("%b %d").to_string();
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Tab);
    harness.keys("/");
    harness.keys(&as_shown.to_lowercase());
    harness.press(KeyCode::Enter);
    let mut shown = listed(&harness, &database);
    shown.sort();
    assert_eq!(shown, expected, "the backups of {as_shown}");
}
