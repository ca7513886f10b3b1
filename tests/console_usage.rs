//! Usage in the console: the chart's cursor (the value of the day under it; ←/→ move it only while the chart
//! has the keyboard), and a project's usage this month summed over its databases and ranked, each database's
//! figures read once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Node, Pane, Section, cursor_day};

/// What the emulator counts for `database` over `[start, end)`, asked through the client.
fn operations(harness: &Harness, database: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> u64 {
    let usage = harness.block_on(harness.client.usage(database, Some(start), Some(end))).unwrap();
    usage.metrics.operations.used as u64
}

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap().and_utc()
}

/// `12,345` as the console writes counts.
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The cursor's line under the chart, as drawn at 100×30.
fn cursor_line(harness: &Harness) -> String {
    let screen = harness.screen(100, 30);
    screen.lines().find(|line| line.contains('▲')).map(str::to_owned).unwrap_or_default()
}

#[test]
fn the_chart_shows_the_value_of_the_day_under_its_cursor_and_the_arrows_move_it() {
    let mut harness = Harness::demo();
    let database = harness.open_section("checkout-service", "main-db", Section::Usage);
    let today = console::clock().date_naive();
    let day_value = |harness: &Harness, day: NaiveDate| {
        let end = (midnight(day) + Duration::days(1)).min(console::clock());
        grouped(operations(harness, &database, midnight(day), end))
    };
    assert_eq!(cursor_day(harness.app()), today, "the cursor starts on today");
    let line = cursor_line(&harness);
    assert!(line.contains(&format!("Sun Nov 15  {} operations", day_value(&harness, today))), "{line}");

    // From the tree, ← is still "back": the arrows move the cursor only once the chart has the keyboard.
    harness.press(KeyCode::Tab);
    assert_eq!(harness.app().browse.focus, Pane::Detail, "Tab gives the chart the keyboard");
    harness.press(KeyCode::Left);
    harness.press(KeyCode::Left);
    let friday = today - Duration::days(2);
    assert_eq!(cursor_day(harness.app()), friday);
    assert_eq!(harness.app().selected_node(), Node::Section(database.clone(), Section::Usage), "the tree stayed");
    let line = cursor_line(&harness);
    assert!(line.contains(&format!("Fri Nov 13  {} operations", day_value(&harness, friday))), "{line}");
    harness.press(KeyCode::Right);
    assert_eq!(cursor_day(harness.app()), today - Duration::days(1));

    // g and G: the first and the last day; the cursor never leaves the chart.
    harness.keys("g");
    let first = today - Duration::days(29);
    assert_eq!(cursor_day(harness.app()), first);
    harness.press(KeyCode::Left);
    assert_eq!(cursor_day(harness.app()), first);
    assert_eq!(harness.app().browse.focus, Pane::Detail, "holding ← never falls out of the chart");
    let line = cursor_line(&harness);
    let label = format!("{} {} {}", first.format("%a"), first.format("%b"), first.day());
    assert!(line.contains(&format!("▲ {label}  {} operations", day_value(&harness, first))), "{line}");
    harness.keys("G");
    assert_eq!(cursor_day(harness.app()), today);

    // h (or Esc) gives the keyboard back to the tree, where ← goes back as always.
    harness.keys("h");
    assert_eq!(harness.app().browse.focus, Pane::Tree);
    harness.press(KeyCode::Left);
    assert_eq!(harness.app().selected_node(), Node::Database(database), "← in the tree: back to the database");
}

#[test]
fn enter_on_usage_in_the_tree_gives_the_chart_the_keyboard() {
    let mut harness = Harness::demo();
    harness.open_section("checkout-service", "main-db", Section::Usage);
    harness.press(KeyCode::Right);
    assert_eq!(harness.app().browse.focus, Pane::Detail);
    harness.press(KeyCode::Left);
    assert_eq!(cursor_day(harness.app()), console::clock().date_naive() - Duration::days(1));
    let footer = harness.screen(100, 30);
    assert!(footer.contains("←/→ day"), "the footer says what the arrows do:\n{footer}");
}

#[test]
fn a_project_shows_its_databases_usage_this_month_summed_and_ranked_largest_first() {
    let mut harness = Harness::demo();
    let project = harness.select_project("data-platform");
    let now = console::clock();
    let month = midnight(now.date_naive().with_day(1).unwrap());
    let databases: Vec<(String, String)> = harness
        .app()
        .data
        .databases_of(&project)
        .iter()
        .map(|database| (database.id.clone(), database.name.clone()))
        .collect();
    assert!(databases.len() >= 2, "a project with several databases: {databases:?}");
    let mut expected: Vec<(u64, String)> =
        databases.iter().map(|(id, name)| (operations(&harness, id, month, now), name.clone())).collect();
    expected.sort_by_key(|(value, _)| std::cmp::Reverse(*value));
    let total: u64 = expected.iter().map(|(value, _)| value).sum();
    let tree_order: Vec<&String> = databases.iter().map(|(_, name)| name).collect();
    let ranked_order: Vec<&String> = expected.iter().map(|(_, name)| name).collect();
    assert_ne!(tree_order, ranked_order, "the ranking is not the tree's order, so the test sees it");

    let screen = harness.screen(100, 30);
    assert!(screen.contains(&format!("This month  {} operations", grouped(total))), "{screen}");
    let ranked: Vec<usize> = expected
        .iter()
        .map(|(value, name)| {
            let row = format!("  {name} ");
            let line = screen.lines().position(|line| line.contains(&row) && line.contains(&grouped(*value)));
            line.unwrap_or_else(|| panic!("{name} with {value} in\n{screen}"))
        })
        .collect();
    assert!(ranked.windows(2).all(|pair| pair[0] < pair[1]), "largest first: {expected:?}\n{screen}");
}

#[test]
fn each_databases_figures_for_this_month_are_read_once() {
    let mut harness = Harness::demo();
    let project = harness.select_project("data-platform");
    let ids: Vec<String> = harness.app().data.databases_of(&project).iter().map(|d| d.id.clone()).collect();
    // Reads of the usage of this project's databases (the projects passed on the way read theirs).
    let usage_reads = |harness: &Harness| {
        let requests = harness.requests().into_iter();
        let ours = |request: &String| ids.iter().any(|id| request == &format!("GET /v1/databases/{id}/usage"));
        requests.filter(ours).collect::<Vec<_>>()
    };
    let databases = ids.len();
    assert_eq!(usage_reads(&harness).len(), databases, "one window a database: {:?}", usage_reads(&harness));

    // Away and back: nothing read again.
    harness.keys("k");
    harness.select(&Node::Project(project.clone()));
    assert_eq!(usage_reads(&harness).len(), databases);

    // A database's own Usage view reuses its month: last month and the 30 days are read, this month is not.
    harness.press(KeyCode::Char('l'));
    let first = harness.app().data.databases_of(&project)[0].name.clone();
    harness.open_section("data-platform", &first, Section::Usage);
    assert_eq!(usage_reads(&harness).len(), databases + 1 + 30);

    // R on the project reads its list and its databases' months again.
    harness.select(&Node::Project(project));
    harness.keys("R");
    assert_eq!(usage_reads(&harness).len(), 2 * databases + 1 + 30);
}

#[test]
fn opening_a_database_on_the_way_reads_no_usage_of_its_siblings() {
    let mut harness = Harness::demo();
    harness.keys(":");
    harness.keys("warehouse");
    harness.press(KeyCode::Enter);
    assert!(matches!(harness.app().selected_node(), Node::Database(_)), "{:?}", harness.app().selected_node());
    let reads: Vec<String> = harness.requests().into_iter().filter(|request| request.contains("/usage")).collect();
    assert!(reads.is_empty(), "the project was opened on the way, its pane not shown: {reads:?}");
}
