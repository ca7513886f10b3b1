//! A table that formats only its visible rows: widths from what is on screen, cells cut with `…`.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::common::pad;
use super::theme::Theme;
use crate::app::scroll_window;
use crate::format::{display_width, truncate};

/// Spaces between columns, and between columns when room is tight.
const GAP: usize = 2;
const TIGHT_GAP: usize = 1;
/// The selection mark's column (`› `).
const MARK: usize = 2;

/// One column: its header, its bounds, how readily it is dropped when room is short, its alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    /// A flexible column (a name) is cut with `…` down to `soft` before other columns are dropped, and
    /// down to `min` after; a fixed column is shown whole or not at all.
    pub min: usize,
    pub soft: usize,
    pub max: usize,
    pub flexible: bool,
    /// 0: never dropped; otherwise the highest number goes first.
    pub priority: u8,
    pub right: bool,
    /// Hidden when none of the visible rows has anything in it.
    pub hide_empty: bool,
}

impl Column {
    /// A column shown whole (up to `max`) or dropped, highest `priority` first (0: never dropped).
    pub const fn fixed(header: &'static str, max: usize, priority: u8) -> Column {
        Column { header, min: 0, soft: 0, max, flexible: false, priority, right: false, hide_empty: false }
    }

    /// A column cut with `…` when room is short: first to `soft`, then (after dropping others) to `min`.
    pub const fn flex(header: &'static str, min: usize, soft: usize, max: usize) -> Column {
        Column { header, min, soft, max, flexible: true, priority: 0, right: false, hide_empty: false }
    }

    pub const fn right(mut self) -> Column {
        self.right = true;
        self
    }

    pub const fn hide_empty(mut self) -> Column {
        self.hide_empty = true;
        self
    }
}

/// Draws `len` rows of which only the visible ones are asked for through `cells` (each a list of
/// spans holding safe text), from the stored first visible row `offset` moved just enough to show the
/// selected row. The selected row is marked and highlighted when `focused`. A scrollbar,
/// when needed, goes in the column just right of `area` (the pane's padding).
#[allow(clippy::too_many_arguments)]
pub fn draw<'a>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    columns: &[Column],
    len: usize,
    (selected, offset): (usize, usize),
    focused: bool,
    mut cells: impl FnMut(usize) -> Vec<Span<'a>>,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let body_height = usize::from(area.height - 1);
    let visible = scroll_window(len, selected, offset, body_height);
    let rows: Vec<(usize, Vec<Span<'a>>)> = visible.clone().map(|index| (index, cells(index))).collect();
    let room = usize::from(area.width).saturating_sub(MARK);
    let (widths, gap) = widths(columns, &rows, room);

    let header: Vec<Span> = columns.iter().map(|column| Span::raw(column.header)).collect();
    frame.render_widget(render_row(&widths, gap, columns, header, "  ", theme.heading), Rect { height: 1, ..area });
    for (line, (index, row)) in rows.into_iter().enumerate() {
        let chosen = focused && index == selected;
        let (mark, style) = if chosen { ("› ", theme.selected) } else { ("  ", Style::default()) };
        let row = if chosen { row.into_iter().map(|span| Span::raw(span.content)).collect() } else { row };
        let rect = Rect { y: area.y + 1 + line as u16, height: 1, ..area };
        let line = match spans_the_row(&row, columns) {
            true => note_row(&row[0], room, mark, style),
            false => render_row(&widths, gap, columns, row, mark, style),
        };
        frame.render_widget(line, rect);
    }
    let scroll_x = area.right();
    if len > body_height && body_height > 0 && scroll_x < frame.area().right() {
        let mut state = ScrollbarState::new(len.saturating_sub(body_height) + 1).position(visible.start);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(None)
            .thumb_symbol("▐")
            .thumb_style(theme.muted);
        let rect = Rect { x: scroll_x, y: area.y + 1, width: 1, height: area.height - 1 };
        frame.render_stateful_widget(bar, rect, &mut state);
    }
}

/// Each column's width and the gap between columns. Natural widths (widest visible cell, within
/// bounds) when they fit, or fit with a tighter gap; else flexible columns cut to `soft`, columns
/// dropped by priority, flexible columns cut to `min`, and finally columns dropped from the right.
fn widths(columns: &[Column], rows: &[(usize, Vec<Span>)], room: usize) -> (Vec<usize>, usize) {
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let widest = rows
                .iter()
                .filter(|(_, cells)| !spans_the_row(cells, columns))
                .filter_map(|(_, cells)| cells.get(index))
                .map(|cell| display_width(&cell.content))
                .max()
                .unwrap_or(0);
            if column.hide_empty && widest == 0 {
                return 0;
            }
            widest.max(display_width(column.header)).clamp(column.min.min(column.max), column.max.max(1))
        })
        .collect();
    let natural = widths.clone();
    let total = |widths: &[usize], gap: usize| {
        let shown = widths.iter().filter(|width| **width > 0).count();
        widths.iter().sum::<usize>() + gap * shown.saturating_sub(1)
    };
    // A tighter gap only when it shows every column whole; otherwise columns go before readability does.
    let gap = if total(&widths, GAP) > room && total(&widths, TIGHT_GAP) <= room { TIGHT_GAP } else { GAP };
    let shrink = |widths: &mut Vec<usize>, floor: &dyn Fn(&Column) -> usize| {
        while total(widths, gap) > room {
            let widest = (0..widths.len())
                .filter(|&index| widths[index] > floor(&columns[index]))
                .max_by_key(|&index| (widths[index], std::cmp::Reverse(index)));
            match widest {
                Some(index) => widths[index] -= 1,
                None => break,
            }
        }
    };
    shrink(&mut widths, &|column| if column.flexible { column.soft.max(column.min) } else { usize::MAX });
    while total(&widths, gap) > room {
        let droppable = (0..widths.len())
            .filter(|&index| widths[index] > 0 && columns[index].priority > 0)
            .max_by_key(|&index| (columns[index].priority, index));
        match droppable {
            Some(index) => widths[index] = 0,
            None => break,
        }
    }
    shrink(&mut widths, &|column| if column.flexible { column.min } else { usize::MAX });
    while total(&widths, gap) > room {
        match widths.iter().rposition(|width| *width > 0) {
            Some(index) if index > 0 && widths[..index].iter().any(|width| *width > 0) => widths[index] = 0,
            Some(index) => {
                widths[index] = widths[index].min(room);
                break;
            }
            None => break,
        }
    }
    // Dropping a column may have freed more than was needed: give cut names their room back.
    for index in 0..widths.len() {
        let spare = room.saturating_sub(total(&widths, gap));
        if columns[index].flexible && widths[index] > 0 {
            widths[index] += natural[index].saturating_sub(widths[index]).min(spare);
        }
    }
    (widths, gap)
}

/// A row of one cell in a table of several columns is a note (`unreadable project proj_1`): it takes the
/// whole row, and no column is sized for it.
fn spans_the_row(cells: &[Span], columns: &[Column]) -> bool {
    cells.len() == 1 && columns.len() > 1
}

fn note_row<'a>(note: &Span<'a>, room: usize, mark: &'a str, style: Style) -> Line<'a> {
    let text = truncate(&note.content, room).into_owned();
    Line::from(vec![Span::raw(mark), Span::styled(text, note.style)]).style(style)
}

fn render_row<'a>(
    widths: &[usize],
    gap: usize,
    columns: &[Column],
    cells: Vec<Span<'a>>,
    mark: &'a str,
    style: Style,
) -> Line<'a> {
    let mut spans = vec![Span::raw(mark)];
    let mut first = true;
    let cells = cells.into_iter().chain(std::iter::repeat(Span::raw("")));
    for ((width, column), cell) in widths.iter().zip(columns).zip(cells) {
        if *width == 0 {
            continue;
        }
        if !first {
            spans.push(Span::raw(" ".repeat(gap)));
        }
        first = false;
        let text = truncate(&cell.content, *width).into_owned();
        let filler = pad(display_width(&text), *width);
        if column.right {
            spans.push(Span::raw(filler));
            spans.push(Span::styled(text, cell.style));
        } else {
            spans.push(Span::styled(text, cell.style));
            spans.push(Span::raw(filler));
        }
    }
    Line::from(spans).style(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&'static str]) -> (usize, Vec<Span<'static>>) {
        (0, cells.iter().map(|cell| Span::raw(*cell)).collect())
    }

    const COLUMNS: [Column; 4] = [
        Column::flex("NAME", 4, 8, 40),
        Column::fixed("KIND", 10, 2),
        Column::fixed("CREATED", 14, 1),
        Column::fixed("SECRET", 10, 0),
    ];

    #[test]
    fn natural_widths_when_they_fit() {
        let rows = [row(&["app-server-01", "postgres", "3 days ago", "kept"])];
        assert_eq!(widths(&COLUMNS, &rows, 100), (vec![13, 8, 10, 6], 2));
    }

    #[test]
    fn tighter_then_cut_then_dropped() {
        let rows = [row(&["app-server-01", "postgres", "3 days ago", "kept"])];
        // 13+8+10+6 = 37: with gaps of one, everything still shows.
        assert_eq!(widths(&COLUMNS, &rows, 40), (vec![13, 8, 10, 6], 1));
        // The name is cut to its soft width before anything is dropped.
        assert_eq!(widths(&COLUMNS, &rows, 38), (vec![8, 8, 10, 6], 2));
        // Then the kind goes (priority 2), then the age (priority 1).
        assert_eq!(widths(&COLUMNS, &rows, 30), (vec![10, 0, 10, 6], 2));
        assert_eq!(widths(&COLUMNS, &rows, 16), (vec![8, 0, 0, 6], 2));
        // Then the name to its minimum, then columns from the right.
        assert_eq!(widths(&COLUMNS, &rows, 12), (vec![4, 0, 0, 6], 2));
        assert_eq!(widths(&COLUMNS, &rows, 6), (vec![6, 0, 0, 0], 2));
        assert_eq!(widths(&COLUMNS, &rows, 2), (vec![2, 0, 0, 0], 2));
    }

    #[test]
    fn empty_optional_columns_hide() {
        let columns = [Column::flex("NAME", 4, 8, 40), Column::fixed("SECRET", 9, 0).hide_empty()];
        assert_eq!(widths(&columns, &[row(&["ci", ""])], 100), (vec![4, 0], 2));
        assert_eq!(widths(&columns, &[row(&["ci", "🔑 kept"])], 100), (vec![4, 7], 2));
    }
}
