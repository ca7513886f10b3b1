//! Usage beyond one window's figures: the chart's cursor (the day whose value is shown, moved with ←/→),
//! and a project's usage this month, summed over its databases and ranked (`load` reads one window a database).
use chrono::{Duration, NaiveDate};

use super::model::Loadable;
use super::{App, Pane};
use crate::api::{Database, Usage};

/// Days in the usage chart.
pub const CHART_DAYS: i64 = 30;

/// The days of the chart, oldest first, ending today.
pub fn chart_days(app: &App) -> Vec<NaiveDate> {
    let today = app.now.date_naive();
    (0..CHART_DAYS).rev().map(|back| today - Duration::days(back)).collect()
}

/// The day under the chart's cursor: the one chosen, kept within the chart; today until one is chosen.
pub fn cursor_day(app: &App) -> NaiveDate {
    let today = app.now.date_naive();
    let first = today - Duration::days(CHART_DAYS - 1);
    app.browse.usage_day.map_or(today, |day| day.clamp(first, today))
}

/// Moves the cursor `days` days (negative: back in time), stopping at the chart's ends. False when it
/// could not move at all (already at that end).
pub fn move_cursor(app: &mut App, days: i64) -> bool {
    let today = app.now.date_naive();
    let first = today - Duration::days(CHART_DAYS - 1);
    let from = cursor_day(app);
    let to = (from + Duration::days(days)).clamp(first, today);
    app.browse.usage_day = Some(to);
    to != from
}

/// Whether keys act on the usage chart: the right pane shows a database's usage and has the keyboard.
pub fn chart_focused(app: &App) -> bool {
    app.browse.focus == Pane::Detail && matches!(app.selected_node(), super::Node::Section(_, super::Section::Usage))
}

/// Forgets this month's figures of `project`'s databases, so that they are read again with its list (`R`).
pub fn forget_project(app: &mut App, project: &str) {
    let databases: Vec<String> = app.data.databases_of(project).into_iter().map(|d| d.id.clone()).collect();
    for database in databases {
        if let Some(usage) = app.data.usage.get_mut(&database) {
            usage.this_month = Loadable::Idle;
        }
    }
}

/// A project's usage this month: the sums over the databases whose figures are here, and each database
/// with its operations, largest first (those without figures yet after them, in the tree's order).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectUsage<'a> {
    pub operations: u64,
    /// In GiB, when every database's storage is given in GiB.
    pub storage: Option<f64>,
    pub ranked: Vec<(&'a Database, Option<u64>)>,
    /// Databases whose figures are still on their way, or failed.
    pub pending: usize,
    pub failed: usize,
}

/// This month's usage of a database, as loaded (or what arrived so far).
fn this_month_of<'a>(app: &'a App, database: &str) -> Option<&'a Loadable<Usage>> {
    app.data.usage.get(database).map(|usage| &usage.this_month)
}

fn operations(usage: &Usage) -> u64 {
    usage.metrics.operations.used.max(0.0) as u64
}

pub fn project_usage<'a>(app: &'a App, project: &str) -> ProjectUsage<'a> {
    let databases = app.data.databases_of(project);
    let mut sum = ProjectUsage { operations: 0, storage: Some(0.0), ranked: Vec::new(), pending: 0, failed: 0 };
    for database in databases {
        let slot = this_month_of(app, &database.id);
        let usage = slot.and_then(|slot| match slot {
            Loadable::Loaded(usage) => Some(usage),
            _ => None,
        });
        match (usage, slot) {
            (Some(usage), _) => {
                sum.operations += operations(usage);
                let storage = &usage.metrics.storage;
                sum.storage = sum.storage.filter(|_| storage.unit == "GiB").map(|total| total + storage.used);
            }
            (None, Some(slot)) if slot.error().is_some() => sum.failed += 1,
            (None, _) => sum.pending += 1,
        }
        sum.ranked.push((database, usage.map(operations)));
    }
    // Stable: databases with equal figures, and those without, keep the tree's order.
    sum.ranked.sort_by(|(_, a), (_, b)| b.cmp(a));
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Options;

    fn app() -> App {
        let now = "2026-11-15T12:00:00Z".parse().ok();
        App::new(Options { has_token: false, now, ..Options::default() }).0
    }

    #[test]
    fn the_cursor_starts_today_and_stops_at_the_charts_ends() {
        let mut app = app();
        let today = app.now.date_naive();
        assert_eq!(cursor_day(&app), today);
        assert!(!move_cursor(&mut app, 1), "today is the last day");
        assert!(move_cursor(&mut app, -1));
        assert_eq!(cursor_day(&app), today - Duration::days(1));
        assert!(move_cursor(&mut app, -100));
        assert_eq!(cursor_day(&app), chart_days(&app)[0]);
        assert!(!move_cursor(&mut app, -1), "the first day is the first");
    }

    #[test]
    fn a_chosen_day_that_left_the_chart_is_shown_at_its_end() {
        let mut app = app();
        app.browse.usage_day = Some(app.now.date_naive() - Duration::days(400));
        assert_eq!(cursor_day(&app), chart_days(&app)[0]);
    }
}
