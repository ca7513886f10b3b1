//! The Usage pane: this month and last month (operations, storage) and a bar chart of operations per day,
//! with a cursor on one day whose value it shows.
use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup};

use super::View;
use super::common::{error_lines, left_right, loading, pad, retry_key, safe, spinner};
use super::pane::{below, lines, paragraph, section_title};
use super::theme::Theme;
use crate::api::{Error, Usage};
use crate::app::{App, Loadable, chart_days, cursor_day, project_usage};
use crate::format::{count, display_width, gib};

/// Width of the figures' first column.
const LABEL_WIDTH: usize = 10;
const FIGURE_WIDTH: usize = 13;
/// A figure's digits: one column less than its cell, which always keeps a space before it (a figure too
/// long for its cell pushes the row right rather than running into the label: `This month 12,345,678,901`).
const DIGITS: usize = FIGURE_WIDTH - 1;

pub fn draw(frame: &mut Frame, area: Rect, view: &View, id: &str) {
    let (app, theme) = (view.app, view.theme);
    let database = app.data.database(id);
    section_title(frame, area, view, "Usage", database, String::new(), None);
    let rest = below(area, 0);
    let Some(usage) = app.data.usage.get(id) else {
        paragraph(frame, rest, vec![loading(app, theme, "usage")]);
        return;
    };
    if let (Some(error), Some(_)) = (usage.this_month.error(), usage.last_month.error()) {
        let name = database.map_or(id, |database| database.name.as_str());
        paragraph(frame, rest, error_lines(app, theme, error, &format!("load the usage of {name}")));
        return;
    }
    let (this_month, last_month) = month_names(app);
    let mut figures = vec![
        Line::from(vec![
            Span::raw(pad(0, LABEL_WIDTH)),
            Span::styled(format!(" {:>DIGITS$}", "OPERATIONS"), theme.heading),
            Span::styled(format!(" {:>DIGITS$}", "STORAGE"), theme.heading),
        ]),
        figure(app, theme, "This month", &usage.this_month, this_month),
        figure(app, theme, "Last month", &usage.last_month, last_month),
    ];
    if let Some(error) = usage.this_month.error().or(usage.last_month.error()) {
        figures.push(failure_line(app, theme, error));
    }
    let used = lines(frame, rest, figures);
    chart(frame, below(rest, used), view, &usage.days);
}

/// `Nov 1–15` (this month so far) and `Oct 2026`, from `app.now`.
fn month_names(app: &App) -> (String, String) {
    let today = app.now.date_naive();
    let last = today.checked_sub_months(Months::new(1)).unwrap_or(today);
    (format!("{} 1–{}", today.format("%b"), today.day()), last.format("%b %Y").to_string())
}

/// One row of the figures: a label, operations and storage (or the row's state), the period.
fn figure<'a>(app: &App, theme: &Theme, label: &str, usage: &Loadable<Usage>, period: String) -> Line<'a> {
    let label = Span::styled(format!("{label:<LABEL_WIDTH$}"), theme.heading);
    let period = Span::styled(format!("   {period}"), theme.muted);
    match usage {
        Loadable::Loaded(usage) | Loadable::Loading { partial: Some(usage), .. } => {
            let operations = count(usage.metrics.operations.used.max(0.0) as u64);
            let storage = if usage.metrics.storage.unit == "GiB" {
                gib(usage.metrics.storage.used)
            } else {
                format!("{} {}", usage.metrics.storage.used, safe(&usage.metrics.storage.unit))
            };
            Line::from(vec![
                label,
                Span::raw(format!(" {operations:>DIGITS$}")),
                Span::raw(format!(" {storage:>DIGITS$}")),
                period,
            ])
        }
        Loadable::Failed(error) => {
            let what = error.status().map_or_else(|| "error".to_owned(), |status| status.to_string());
            let failed = Span::styled(format!(" {:>DIGITS$}{}", format!("⚠ {what}"), pad(0, FIGURE_WIDTH)), theme.bad);
            Line::from(vec![label, failed, period])
        }
        Loadable::Idle | Loadable::Loading { .. } => {
            let waiting = format!(" {:>DIGITS$}{}", format!("{} …", spinner(app)), pad(0, FIGURE_WIDTH));
            Line::from(vec![label, Span::styled(waiting, theme.warn), period])
        }
    }
}

/// `⚠ 503 the service is unavailable — press R to retry` under the figures.
fn failure_line<'a>(app: &App, theme: &Theme, error: &Error) -> Line<'a> {
    let message = match error {
        Error::Status { status, message, .. } => format!("{status} {}", safe(message)),
        other => safe(&other.to_string()),
    };
    Line::from(vec![
        Span::styled(format!("⚠ {message} — press "), theme.bad),
        Span::styled(retry_key(app), theme.key),
        Span::styled(" to retry", theme.bad),
    ])
}

/// Bar width and gap for `bars` bars in `width` columns: gaps when they fit, at least one column a bar.
fn bar_geometry(width: usize, bars: usize) -> (u16, u16) {
    let bars = bars.max(1);
    if width >= bars * 2 - 1 {
        let bar = ((width + 1) / bars).saturating_sub(1).clamp(1, 3);
        (bar as u16, 1)
    } else {
        (1, 0)
    }
}

fn chart(frame: &mut Frame, area: Rect, view: &View, days: &BTreeMap<NaiveDate, Loadable<Usage>>) {
    let (app, theme) = (view.app, view.theme);
    if area.height < 4 || area.width < 10 {
        return;
    }
    let all = chart_days(app);
    let shown = &all[all.len().saturating_sub(usize::from(area.width))..];
    let values: Vec<Option<u64>> =
        shown.iter().map(|day| days.get(day).and_then(Loadable::value).map(operations)).collect();
    let pending = shown.iter().filter(|day| days.get(day).is_none_or(|d| d.is_loading() || d.is_idle())).count();
    let failed = shown.iter().filter(|day| days.get(day).is_some_and(|d| d.error().is_some())).count();
    let max = values.iter().flatten().copied().max().unwrap_or(0);
    let (bar_width, gap) = bar_geometry(usize::from(area.width), shown.len());
    let chart_width = (shown.len() as u16) * bar_width + (shown.len() as u16).saturating_sub(1) * gap;

    let mut note = vec![Span::styled(format!("max {}", count(max)), theme.muted)];
    if pending > 0 {
        note = vec![Span::styled(format!("{} {pending} days to go", spinner(app)), theme.warn)];
    } else if failed > 0 {
        note = vec![Span::styled(format!("⚠ {failed} days failed"), theme.bad)];
    }
    let heading = vec![Span::styled(format!("Operations per day, last {} days", shown.len()), theme.title)];
    let width = usize::from(chart_width.max(area.width.min(60)));
    frame.render_widget(left_right(heading, note, width), Rect { height: 1, ..area });

    // The cursor's day, and its bar in the accent colour; a line under the bars says its value.
    let cursor = cursor_day(app);
    let at = shown.iter().position(|day| *day == cursor);
    let with_cursor = area.height >= 5;
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let bar = Bar::new(value.unwrap_or(0)).text_value(String::new());
            if with_cursor && Some(index) == at { bar.style(theme.accent) } else { bar }
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(gap)
        .max(max.max(1))
        .bar_style(theme.bar);
    let under = if with_cursor { 3 } else { 2 };
    let bars_area = Rect { y: area.y + 1, height: area.height - under, width: chart_width.min(area.width), ..area };
    frame.render_widget(chart, bars_area);
    if let (true, Some(at)) = (with_cursor, at) {
        let column = (at as u16) * (bar_width + gap);
        let line = cursor_line(view, cursor, days.get(&cursor), usize::from(column), usize::from(area.width));
        frame.render_widget(line, Rect { y: area.bottom() - 2, height: 1, ..area });
    }

    let first = shown.first().map(|day| format!("{} {}", day.format("%b"), day.day())).unwrap_or_default();
    let last = shown.last().map(|day| format!("{} {}", day.format("%b"), day.day())).unwrap_or_default();
    let axis = left_right(
        vec![Span::styled(first, theme.muted)],
        vec![Span::styled(last, theme.muted)],
        usize::from(chart_width.min(area.width)),
    );
    frame.render_widget(axis, Rect { y: area.bottom() - 1, height: 1, ..area });
}

fn operations(usage: &Usage) -> u64 {
    usage.metrics.operations.used.max(0.0) as u64
}

/// `▲ Thu Nov 12  123,456 operations` starting under the cursor's bar at `column`, or ending there
/// (`Thu Nov 12  123,456 operations ▲`) when it would not fit after it.
fn cursor_line<'a>(
    view: &View,
    day: NaiveDate,
    usage: Option<&Loadable<Usage>>,
    column: usize,
    width: usize,
) -> Line<'a> {
    let (app, theme) = (view.app, view.theme);
    let (value, style) = match usage {
        Some(Loadable::Loaded(usage)) => (format!("{} operations", count(operations(usage))), theme.text),
        Some(Loadable::Failed(error)) => {
            (error.status().map_or_else(|| "⚠ failed".to_owned(), |status| format!("⚠ {status}")), theme.bad)
        }
        _ => (format!("{} …", spinner(app)), theme.warn),
    };
    let date = day.format("%a %b %-d").to_string();
    let text_width = display_width(&date) + 2 + display_width(&value) + 2;
    let mut spans = Vec::new();
    if column + text_width <= width {
        spans.push(Span::raw(pad(0, column)));
        spans.push(Span::styled("▲ ", theme.accent));
        spans.push(Span::styled(date, theme.heading));
        spans.push(Span::styled(format!("  {value}"), style));
    } else {
        spans.push(Span::raw(pad(0, (column + 1).saturating_sub(text_width))));
        spans.push(Span::styled(date, theme.heading));
        spans.push(Span::styled(format!("  {value}"), style));
        spans.push(Span::styled(" ▲", theme.accent));
    }
    Line::from(spans)
}

/// A project's line of usage: `4,145,281 operations · 5.21 GiB` over its databases this month, with the
/// period, and how many databases are still to come or failed.
pub fn project_summary<'a>(view: &View, project: &str) -> Vec<Span<'a>> {
    let (app, theme) = (view.app, view.theme);
    let sum = project_usage(app, project);
    if sum.ranked.is_empty() {
        return vec![Span::styled("—", theme.muted)];
    }
    let mut spans = Vec::new();
    if sum.pending + sum.failed < sum.ranked.len() {
        spans.push(Span::raw(format!("{} operations", count(sum.operations))));
        if let Some(storage) = sum.storage {
            spans.push(Span::raw(format!(" · {}", gib(storage))));
        }
        spans.push(Span::styled(format!("  {}", month_names(app).0), theme.muted));
    }
    let gap = if spans.is_empty() { "" } else { "  " };
    if sum.pending > 0 {
        let databases = if sum.pending == 1 { "database" } else { "databases" };
        spans.push(Span::styled(format!("{gap}{} {} {databases} to go", spinner(app), sum.pending), theme.warn));
    } else if sum.failed > 0 {
        let databases = if sum.failed == 1 { "database" } else { "databases" };
        let press = format!("(press {} to retry)", retry_key(app));
        spans.push(Span::styled(format!("{gap}⚠ {} {databases} not read {press}", sum.failed), theme.bad));
    }
    spans
}

/// A database's operations this month in its project's table.
pub fn this_month_cell<'a>(view: &View, database: &str) -> Span<'a> {
    let (app, theme) = (view.app, view.theme);
    match app.data.usage.get(database).map(|usage| &usage.this_month) {
        Some(Loadable::Loaded(usage)) => Span::raw(count(operations(usage))),
        Some(Loadable::Failed(_)) => Span::styled("⚠", theme.bad),
        Some(Loadable::Loading { .. }) => Span::styled(spinner(app), theme.warn),
        _ => Span::raw(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_figure_keeps_a_space_after_its_label() {
        let usage: Usage = serde_json::from_value(serde_json::json!({
            "period": {"start": "2026-11-01T00:00:00Z", "end": "2026-11-15T00:00:00Z"},
            "metrics": {"operations": {"used": 12_345_678_901.0, "unit": "ops"}, "storage": {"used": 1.5, "unit": "GiB"}},
            "generatedAt": "2026-11-15T00:00:00Z"
        }))
        .unwrap();
        let (app, _) = App::new(crate::app::Options::default());
        let line = figure(&app, &Theme::dark(), "This month", &Loadable::Loaded(usage), String::new());
        let text: String = line.spans.iter().map(|span| span.content.as_ref()).collect();
        assert!(text.starts_with("This month 12,345,678,901"), "{text:?}");
    }

    #[test]
    fn bars_take_what_room_there_is() {
        assert_eq!(bar_geometry(59, 30), (1, 1));
        assert_eq!(bar_geometry(89, 30), (2, 1));
        assert_eq!(bar_geometry(200, 30), (3, 1));
        assert_eq!(bar_geometry(47, 30), (1, 0));
        assert_eq!(bar_geometry(10, 30), (1, 0));
        assert_eq!(bar_geometry(0, 0), (1, 0));
    }
}
