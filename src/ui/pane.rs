//! The right pane's building blocks, shared by its views (`detail`, `sections`, `usage`): titles, tables,
//! list states, counts and the text below them.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use super::common::{clean, error_lines, fit, left_right, loading, safe};
use super::table::{self, Column};
use crate::api::Database;
use crate::app::{DetailRow, Loadable, Pane};
use crate::format::display_width;

/// Longest name cell in the tables.
pub const NAME_WIDTH: usize = 40;

/// The right pane's table of `view.detail`, with the app's selection and scroll. A row ppg could not read
/// is drawn as its label (one cell spans the row); `cells` gives the cells of every other row.
pub fn rows_table<'a>(
    frame: &mut Frame,
    area: Rect,
    view: &View<'a>,
    columns: &[Column],
    cells: impl Fn(DetailRow<'a>) -> Vec<Span<'a>>,
) {
    let (rows, theme) = (&view.detail, view.theme);
    let at = (view.detail_index, view.app.browse.detail_scroll);
    table::draw(frame, area, theme, columns, rows.len(), at, focused(view), |index| match rows[index] {
        DetailRow::Unreadable(item) => vec![Span::styled(safe(&item.label()), theme.bad)],
        row => cells(row),
    });
}

/// Whether the pane's table has the keyboard.
pub fn focused(view: &View) -> bool {
    view.app.browse.focus == Pane::Detail && view.app.overlay.is_none()
}

/// The pane's first line: a title on the left, a note on the right; the note loses its last parts
/// before the title is cut.
pub fn title<'a>(frame: &mut Frame, area: Rect, left: Vec<Span<'a>>, mut right: Vec<Span<'a>>) {
    let width = |spans: &[Span]| spans.iter().map(|span| display_width(&span.content)).sum::<usize>();
    while right.len() > 1 && width(&left) + 1 + width(&right) > usize::from(area.width) {
        right.pop();
    }
    frame.render_widget(left_right(left, right, usize::from(area.width)), Rect { height: 1, ..area });
}

/// What is left of `area` below `lines` lines (and one blank line).
pub fn below(area: Rect, lines: usize) -> Rect {
    let used = (lines as u16).saturating_add(1).min(area.height);
    Rect { y: area.y + used, height: area.height - used, ..area }
}

/// Draws lines, each cut to the width with `…`, and returns how many rows they took.
pub fn lines(frame: &mut Frame, area: Rect, lines: Vec<Line>) -> usize {
    let width = usize::from(area.width);
    let count = lines.len().min(usize::from(area.height));
    for (index, line) in lines.into_iter().take(count).enumerate() {
        let style = line.style;
        let line = Line::from(fit(line.spans, width)).style(style);
        frame.render_widget(line, Rect { y: area.y + index as u16, height: 1, ..area });
    }
    count
}

/// Draws text that wraps (explanations, error messages), for the last thing in an area.
pub fn paragraph(frame: &mut Frame, area: Rect, lines: Vec<Line>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// A list's state where its table would go: loading, failed, or empty; `None` when there are rows to show.
pub fn list_state<T>(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    loadable: Option<&Loadable<T>>,
    what: &str,
    empty: &str,
    rows: usize,
) -> bool {
    let lines = match loadable {
        None | Some(Loadable::Idle) => vec![loading(view.app, view.theme, what)],
        Some(Loadable::Loading { partial: None, .. }) => vec![loading(view.app, view.theme, what)],
        Some(Loadable::Failed(error)) => error_lines(view.app, view.theme, error, &format!("load {what}")),
        Some(_) if rows == 0 => vec![Line::styled(empty.to_owned(), view.theme.muted)],
        Some(_) => return false,
    };
    paragraph(frame, area, lines);
    true
}

/// `(3)`, or `(1 of 3)` when a filter hides some, and `…` while more pages arrive.
pub fn count<T>(shown: usize, total: usize, loadable: Option<&Loadable<T>>) -> String {
    format!(" ({})", tally(shown, total, loadable))
}

/// `3`, `1 of 3`, `3…`.
pub fn tally<T>(shown: usize, total: usize, loadable: Option<&Loadable<T>>) -> String {
    let more = if loadable.is_some_and(Loadable::is_loading) { "…" } else { "" };
    if shown == total { format!("{total}{more}") } else { format!("{shown} of {total}{more}") }
}

/// `● ready  eu-central-1`, for the right of a database's titles.
pub fn status_note<'a>(view: &View, database: &Database) -> Vec<Span<'a>> {
    let (dot, style) = view.theme.status(&database.status);
    let mut spans = vec![Span::styled(format!("{dot} {}", clean(database.status.as_str(), 14)), style)];
    if let Some(region) = &database.region {
        spans.push(Span::styled(format!("  {}", clean(&region.id, 16)), view.theme.muted));
    }
    spans
}

/// The title of a section: `Connections of main-db (2)` on the left, the database's status on the right.
pub fn section_title<'a>(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    what: &str,
    database: Option<&Database>,
    counted: String,
    right: Option<Vec<Span<'a>>>,
) {
    let theme = view.theme;
    let name = database.map_or_else(|| "…".to_owned(), |database| clean(&database.name, NAME_WIDTH));
    let right = right.or_else(|| database.map(|database| status_note(view, database))).unwrap_or_default();
    title(
        frame,
        area,
        vec![
            Span::styled(format!("{what} of "), theme.muted),
            Span::styled(name, theme.title),
            Span::styled(counted, theme.muted),
        ],
        right,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_what_a_filter_hides() {
        assert_eq!(count::<()>(3, 3, None), " (3)");
        assert_eq!(count::<()>(1, 3, None), " (1 of 3)");
        assert_eq!(count::<()>(2, 2, Some(&Loadable::Loading { request: 1, partial: None })), " (2…)");
    }

    #[test]
    fn below_never_overflows() {
        let area = Rect::new(0, 0, 10, 3);
        assert_eq!(below(area, 10).height, 0);
        assert_eq!(below(area, 1), Rect::new(0, 2, 10, 1));
    }
}
