//! A time typed in the jump (`:`) offers the backup nearest to it first (of the database in view, and of
//! every database whose backups are loaded); Enter selects that backup's row in the Backups table, so `r`
//! restores it next. A query that is not a time works as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use chrono::{DateTime, Duration, Utc};
use console::Harness;
use crossterm::event::KeyCode;
use ppg::api::BackupStatus;
use ppg::app::{Jump, JumpTarget, Node, Overlay, Pane, RowKey, Section};

/// The completed backups the emulator lists for `database`: id and time.
fn listed(harness: &Harness, database: &str) -> Vec<(String, DateTime<Utc>)> {
    let list = harness.block_on(harness.client.backups(database, None)).unwrap();
    list.data
        .iter()
        .filter(|backup| backup.status == BackupStatus::Completed)
        .map(|backup| (backup.id.clone(), backup.created_at.at().unwrap()))
        .collect()
}

/// The backup nearest to `at`, worked out here: the smallest distance, the older on a tie.
fn nearest_to(backups: &[(String, DateTime<Utc>)], at: DateTime<Utc>) -> (String, DateTime<Utc>) {
    let mut sorted = backups.to_vec();
    sorted.sort_by_key(|(_, created)| (*created - at).abs());
    let best = (sorted[0].1 - at).abs();
    sorted.into_iter().filter(|(_, created)| (*created - at).abs() == best).min_by_key(|(_, created)| *created).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn jump(harness: &Harness) -> &Jump {
    match &harness.app().overlay {
        Some(Overlay::Jump(jump)) => jump,
        other => panic!("no jump open: {other:?}"),
    }
}

/// Asserts the right pane shows `database`'s backups with the row `backup` selected and the keyboard.
fn assert_selected(harness: &Harness, database: &str, backup: &str) {
    let app = harness.app();
    assert!(app.overlay.is_none(), "the jump closed: {:?}", app.overlay);
    assert_eq!(app.selected_node(), Node::Section(database.to_owned(), Section::Backups));
    assert_eq!(app.browse.focus, Pane::Detail, "the backups table has the keyboard");
    assert_eq!(app.browse.detail_selected, Some(RowKey::Id(backup.to_owned())));
}

#[test]
fn a_time_typed_selects_the_nearest_backup_before_or_after_and_the_older_on_a_tie() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Backups);
    let backups = listed(&harness, &database);
    assert!(backups.len() > 5, "the demo keeps a backup a night");
    harness.press(KeyCode::Tab);

    // Two hours after a night's backup (03:00): that backup, 2 h before.
    let (expected, created) = nearest_to(&backups, at("2026-11-10T05:00:00Z"));
    assert_eq!(created, at("2026-11-10T03:00:00Z"));
    harness.keys(":2026-11-10 05:00");
    let first = &jump(&harness).matches[0];
    assert_eq!(first.target, JumpTarget::Backup { database: database.clone(), backup: expected.clone() });
    let frame = harness.frame();
    assert!(frame.contains("Jump to the backup nearest to a time"), "{frame}");
    assert!(frame.contains("2026-11-10 05:00 UTC: the nearest completed backup first"), "{frame}");
    assert!(frame.contains("2026-11-10 03:00 UTC · 2 h before · main-db"), "{frame}");
    assert!(frame.contains(&expected), "the backup's id is shown: {frame}");
    harness.press(KeyCode::Enter);
    assert_selected(&harness, &database, &expected);

    // Halfway between two nights: the older one.
    let (expected, created) = nearest_to(&backups, at("2026-11-08T15:00:00Z"));
    assert_eq!(created, at("2026-11-08T03:00:00Z"), "a tie goes to the older backup");
    harness.keys(":2026-11-08 15:00");
    assert!(harness.frame().contains("12 h before"), "{}", harness.frame());
    harness.press(KeyCode::Enter);
    assert_selected(&harness, &database, &expected);

    // A day alone: that day's backup (a day ends at 23:59:59, nearer to the next night's backup).
    let day: Vec<&(String, DateTime<Utc>)> =
        backups.iter().filter(|(_, created)| created.date_naive().to_string() == "2026-11-05").collect();
    assert_eq!(day.len(), 1);
    harness.keys(":2026-11-05");
    assert!(harness.frame().contains("the day 2026-11-05 (UTC): the nearest completed backup first"));
    assert!(harness.frame().contains("2026-11-05 03:00 UTC · that day"), "{}", harness.frame());
    harness.press(KeyCode::Enter);
    assert_selected(&harness, &database, &day[0].0);
}

#[test]
fn an_rfc_3339_time_with_an_offset_and_a_failed_backup_passed_over() {
    let mut harness = Harness::demo();
    // analytics' backup of three nights ago (2026-11-12 03:00) failed.
    let database = harness.open_section("checkout-service", "analytics", Section::Backups);
    let backups = listed(&harness, &database);
    assert!(!backups.iter().any(|(_, created)| *created == at("2026-11-12T03:00:00Z")), "that night failed");
    let (expected, created) = nearest_to(&backups, at("2026-11-12T03:00:00Z"));
    assert_eq!(created, at("2026-11-11T03:00:00Z"), "24 h either side: the older");
    harness.keys(":2026-11-12T05:00:00+02:00");
    assert_eq!(
        jump(&harness).matches[0].target,
        JumpTarget::Backup { database: database.clone(), backup: expected.clone() }
    );
    assert!(harness.frame().contains("2026-11-12 03:00 UTC: the nearest"), "{}", harness.frame());
    assert!(harness.frame().contains("1 d before · analytics"), "{}", harness.frame());
    harness.press(KeyCode::Enter);
    assert_selected(&harness, &database, &expected);

    // Exactly at a backup's time.
    let (expected, _) = nearest_to(&backups, at("2026-11-13T03:00:00Z"));
    harness.keys(":2026-11-13T03:00:00Z");
    assert!(harness.frame().contains("2026-11-13 03:00 UTC · at that time"), "{}", harness.frame());
    harness.press(KeyCode::Enter);
    assert_selected(&harness, &database, &expected);
}

#[test]
fn other_databases_with_loaded_backups_follow_the_one_in_view() {
    let mut harness = Harness::demo();
    let analytics = harness.open_section("checkout-service", "analytics", Section::Backups);
    let main_db = harness.open_section("checkout-service", "main-db", Section::Backups);
    harness.keys(":yesterday 03:00");
    let targets: Vec<JumpTarget> = jump(&harness).matches.iter().take(2).map(|m| m.target.clone()).collect();
    let yesterday = harness.app().now - Duration::days(1);
    let time = at(&format!("{}T03:00:00Z", yesterday.date_naive()));
    let expected = [
        (&main_db, nearest_to(&listed(&harness, &main_db), time).0),
        (&analytics, nearest_to(&listed(&harness, &analytics), time).0),
    ];
    let expected: Vec<JumpTarget> = expected
        .into_iter()
        .map(|(database, backup)| JumpTarget::Backup { database: database.clone(), backup })
        .collect();
    assert_eq!(targets, expected, "the database in view first");
    // The second one is gone to as well.
    harness.press(KeyCode::Down);
    harness.press(KeyCode::Enter);
    let JumpTarget::Backup { backup, .. } = &expected[1] else { unreachable!() };
    assert_selected(&harness, &analytics, backup);
}

#[test]
fn a_time_when_the_database_has_no_backup_says_so() {
    let mut harness = Harness::demo();
    // scratch keeps no backups.
    let database = harness.open_section("data-platform", "scratch", Section::Backups);
    assert!(listed(&harness, &database).is_empty());
    harness.keys(":2026-11-10 05:00");
    assert_eq!(jump(&harness).matches[0].target, JumpTarget::Backups { database: database.clone() });
    assert!(harness.frame().contains("scratch: no completed backup"), "{}", harness.frame());
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none());
    assert_eq!(harness.app().selected_node(), Node::Section(database, Section::Backups));
    assert!(harness.writes().is_empty(), "nothing changed");

    // Nothing in view and nothing loaded: the jump says what to do.
    let mut harness = Harness::demo();
    harness.keys(":2026-11-10 05:00");
    assert!(
        jump(&harness)
            .matches
            .iter()
            .all(|m| !matches!(m.target, JumpTarget::Backup { .. } | JumpTarget::Backups { .. }))
    );
    assert!(harness.frame().contains("select a database first to find its nearest backup"), "{}", harness.frame());
}

#[test]
fn backups_not_loaded_are_loaded_by_enter_then_the_nearest_selected() {
    let mut harness = Harness::demo();
    let database = harness.open_database("checkout-service", "main-db");
    assert!(!harness.app().data.backups.contains_key(&database), "not loaded yet");
    harness.keys(":2026-11-09 04:00");
    assert_eq!(jump(&harness).matches[0].target, JumpTarget::Backups { database: database.clone() });
    assert!(harness.frame().contains("main-db: not loaded · Enter loads them"), "{}", harness.frame());
    harness.press(KeyCode::Enter);
    let (expected, created) = nearest_to(&listed(&harness, &database), at("2026-11-09T04:00:00Z"));
    assert_eq!(created, at("2026-11-09T03:00:00Z"));
    assert_selected(&harness, &database, &expected);
}

#[test]
fn a_late_answer_after_the_jump_was_closed_moves_nothing() {
    let mut harness = Harness::holding();
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    let project = harness.project_id("checkout-service");
    harness.select(&Node::Project(project.clone()));
    harness.press(KeyCode::Char('l'));
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    let database = harness.database_id("main-db");
    harness.select(&Node::Database(database.clone()));
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    harness.keys(":2026-11-09 04:00");
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    harness.press(KeyCode::Enter);
    assert!(harness.frame().contains("Enter pressed, loading the backups"), "{}", harness.frame());
    assert_eq!(harness.waiting(), 1, "the backups asked for");
    harness.press(KeyCode::Esc);
    harness.press(KeyCode::Char('k'));
    let moved = harness.app().selected_node();
    harness.deliver(0);
    assert!(harness.app().overlay.is_none());
    assert_eq!(harness.app().selected_node(), moved, "the late answer moved nothing");
    assert_eq!(harness.app().browse.focus, Pane::Tree);
}

#[test]
fn a_query_that_is_not_a_time_works_as_before() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Backups);
    for query in ["main-db", "2026-11", "2026-13-01", "today-x"] {
        harness.keys(":");
        harness.keys(query);
        let jump = jump(&harness);
        assert_eq!(jump.span, None, "{query}");
        assert!(
            jump.matches.iter().all(|m| !matches!(m.target, JumpTarget::Backup { .. } | JumpTarget::Backups { .. })),
            "{query}: {:?}",
            jump.matches
        );
        assert!(harness.frame().contains("Jump to a project, branch, database or connection"), "{}", harness.frame());
        harness.press(KeyCode::Esc);
    }
    harness.keys(":main-db");
    assert_eq!(jump(&harness).matches[0].target, JumpTarget::Database(database.clone()));
    harness.press(KeyCode::Enter);
    assert_eq!(harness.app().selected_node(), Node::Database(database));
}

#[test]
fn enter_then_r_opens_the_restore_dialog_on_that_backup() {
    let mut harness = Harness::demo();
    let database = harness.open_section("mobile-api", "prod", Section::Backups);
    let (expected, _) = nearest_to(&listed(&harness, &database), at("2026-11-03T01:00:00Z"));
    harness.press(KeyCode::Tab);
    harness.keys(":2026-11-03 01:00");
    harness.press(KeyCode::Enter);
    assert_selected(&harness, &database, &expected);
    harness.keys("r");
    let dialog = harness.restore_dialog();
    assert_eq!(dialog.backup.id, expected);
    assert_eq!(dialog.source.id, database);
    assert!(harness.writes().is_empty(), "nothing sent before the dialog is confirmed");
}

#[test]
fn a_remote_database_says_it_keeps_no_backups_and_enter_shows_why() {
    let mut harness = Harness::demo();
    harness.open_section("data-platform", "warehouse", Section::Backups);
    harness.keys(":yesterday 14:00");
    assert!(harness.frame().contains("warehouse: a remote database: no backups are kept"), "{}", harness.frame());
    harness.forget_requests();
    harness.press(KeyCode::Enter);
    assert!(harness.requests().is_empty(), "nothing is read again: {:?}", harness.requests());
    assert!(harness.app().overlay.is_none());
    assert!(
        harness.frame().contains("This is a remote database: Prisma Postgres keeps no backups"),
        "{}",
        harness.frame()
    );
}
