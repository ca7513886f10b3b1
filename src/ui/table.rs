//! A table that formats only its visible rows: widths from what is on screen, cells cut with `…`.
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::common::{pad, window};
use super::theme::Theme;
use crate::format::{display_width, truncate};

/// Spaces between columns.
const GAP: usize = 2;
/// The selection mark's column (`› `).
const MARK: usize = 2;

/// One column: its header, the least and most columns it takes, and its alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub min: usize,
    pub max: usize,
    pub right: bool,
}

impl Column {
    pub const fn new(header: &'static str, min: usize, max: usize) -> Column {
        Column { header, min, max, right: false }
    }

    pub const fn right(mut self) -> Column {
        self.right = true;
        self
    }
}

/// Draws `len` rows of which only the visible ones are asked for through `cells` (each a list of
/// spans holding safe text). The selected row is marked and highlighted when `focused`.
pub fn draw<'a>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    columns: &[Column],
    len: usize,
    selected: usize,
    focused: bool,
    mut cells: impl FnMut(usize) -> Vec<Span<'a>>,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let body_height = usize::from(area.height - 1);
    let visible = window(len, selected, body_height);
    let scrollbar = len > body_height && body_height > 0;
    let rows: Vec<(usize, Vec<Span<'a>>)> = visible.clone().map(|index| (index, cells(index))).collect();
    let room = usize::from(area.width).saturating_sub(MARK + usize::from(scrollbar));
    let widths = widths(columns, &rows, room);

    let header: Vec<Span> = columns.iter().map(|column| Span::raw(column.header)).collect();
    frame.render_widget(render_row(&widths, columns, header, "  ", theme.heading), Rect { height: 1, ..area });
    for (line, (index, row)) in rows.into_iter().enumerate() {
        let chosen = focused && index == selected;
        let (mark, style) = if chosen { ("› ", theme.selected) } else { ("  ", Style::default()) };
        let row = if chosen { row.into_iter().map(|span| Span::raw(span.content)).collect() } else { row };
        let rect = Rect { y: area.y + 1 + line as u16, height: 1, ..area };
        frame.render_widget(render_row(&widths, columns, row, mark, style), rect);
    }
    if scrollbar {
        let mut state = ScrollbarState::new(len).position(selected);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .track_style(theme.border)
            .thumb_style(theme.muted);
        let rows_area = Rect { y: area.y + 1, height: area.height - 1, ..area };
        frame.render_stateful_widget(bar, rows_area.inner(Margin::new(0, 0)), &mut state);
    }
}

/// Each column's width: what its widest visible cell needs within its bounds, then the widest
/// columns shrunk (down to their minimum) until the row fits; columns that still do not fit get 0.
fn widths(columns: &[Column], rows: &[(usize, Vec<Span>)], room: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let widest = rows
                .iter()
                .filter_map(|(_, cells)| cells.get(index))
                .map(|cell| display_width(&cell.content))
                .max()
                .unwrap_or(0);
            widest.max(display_width(column.header)).clamp(column.min, column.max.max(column.min))
        })
        .collect();
    let total = |widths: &[usize]| {
        let shown = widths.iter().filter(|width| **width > 0).count();
        widths.iter().sum::<usize>() + GAP * shown.saturating_sub(1)
    };
    while total(&widths) > room {
        let shrinkable = (0..widths.len())
            .filter(|&index| widths[index] > columns[index].min)
            .max_by_key(|&index| (widths[index] - columns[index].min, std::cmp::Reverse(index)));
        match shrinkable {
            Some(index) => widths[index] -= 1,
            None => match widths.iter().rposition(|width| *width > 0) {
                Some(index) if index > 0 => widths[index] = 0,
                _ => {
                    widths[0] = widths[0].min(room);
                    break;
                }
            },
        }
    }
    widths
}

fn render_row<'a>(widths: &[usize], columns: &[Column], cells: Vec<Span<'a>>, mark: &'a str, style: Style) -> Line<'a> {
    let mut spans = vec![Span::raw(mark)];
    let mut first = true;
    for ((width, column), cell) in
        widths.iter().zip(columns).zip(cells.into_iter().chain(std::iter::repeat(Span::raw(""))))
    {
        if *width == 0 {
            continue;
        }
        if !first {
            spans.push(Span::raw(" ".repeat(GAP)));
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

    #[test]
    fn widths_fit_the_content_then_shrink_the_widest() {
        let columns = [Column::new("NAME", 6, 40), Column::new("KIND", 4, 10), Column::new("CREATED", 7, 14)];
        let rows = [row(&["app-server", "postgres", "3 days ago"])];
        assert_eq!(widths(&columns, &rows, 100), [10, 8, 10]);
        assert_eq!(widths(&columns, &rows, 30), [9, 7, 10]);
        assert_eq!(widths(&columns, &rows, 23), [6, 5, 8]);
        let tight = widths(&columns, &rows, 12);
        assert_eq!(tight, [6, 4, 0]);
        assert_eq!(widths(&columns, &rows, 3), [3, 0, 0]);
    }
}
