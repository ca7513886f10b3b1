//! Small pure helpers shared by the panes: safe text, the visible window of a long list, times, states.
use std::ops::Range;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::View;
use super::theme::Theme;
use crate::api::{Error, Timestamp};
use crate::app::{Action, App};
use crate::format::{display_width, relative_time, sanitize, truncate};

/// The spinner's frames; `app.spinner` picks one.
pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(app: &App) -> &'static str {
    SPINNER[app.activity.spinner % SPINNER.len()]
}

/// Untrusted text made safe (controls escaped) and cut to `width` columns with `…`.
pub fn clean(text: &str, width: usize) -> String {
    truncate(&sanitize(text), width).into_owned()
}

/// Untrusted text made safe, not cut (for text that wraps).
pub fn safe(text: &str) -> String {
    sanitize(text).into_owned()
}

/// `text` broken into lines of at most `width` columns between words; a word longer than a line is cut
/// into pieces. Never cuts a word that fits on a line of its own.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_owned();
        loop {
            let used = display_width(&line);
            let gap = usize::from(!line.is_empty());
            if used + gap + display_width(&word) <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // Alone and still too wide: as much as fits, then the rest on the next line.
            let mut cut = String::new();
            for c in word.chars() {
                if display_width(&cut) + display_width(c.encode_utf8(&mut [0; 4])) > width {
                    break;
                }
                cut.push(c);
            }
            if cut.is_empty() {
                cut = word.chars().next().map(String::from).unwrap_or_default();
            }
            word = word[cut.len()..].to_owned();
            lines.push(cut);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The rows of a list of `len` that fit in `height` lines, keeping `selected` in view: the whole list
/// when it fits, else a window centred on the selection. Only these rows are ever formatted.
pub fn window(len: usize, selected: usize, height: usize) -> Range<usize> {
    if height == 0 || len == 0 {
        return 0..0;
    }
    if len <= height {
        return 0..len;
    }
    let start = selected.min(len - 1).saturating_sub(height / 2).min(len - height);
    start..start + height
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x.saturating_add((area.width - width) / 2),
        y: area.y.saturating_add((area.height - height) / 2),
        width,
        height,
    }
}

/// `2026-05-19 12:00 UTC (6 months ago)`.
pub fn when(at: &Timestamp, now: DateTime<Utc>) -> String {
    match at.at() {
        Some(at) => format!("{} ({})", at.format("%Y-%m-%d %H:%M UTC"), relative_time(at, now)),
        None => safe(at.as_sent()),
    }
}

/// Spaces to fill `width` after `used` columns.
pub fn pad(used: usize, width: usize) -> String {
    " ".repeat(width.saturating_sub(used))
}

/// Spans cut to `width` columns in total; the span that crosses the limit ends with `…`. Spans must
/// already be safe (sanitized).
pub fn fit<'a>(spans: Vec<Span<'a>>, width: usize) -> Vec<Span<'a>> {
    let mut used = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let span_width = display_width(&span.content);
        if used + span_width <= width {
            used += span_width;
            out.push(span);
            continue;
        }
        let cut = truncate(&span.content, width - used).into_owned();
        if !cut.is_empty() {
            out.push(Span::styled(cut, span.style));
        }
        break;
    }
    out
}

/// One line of `width` columns: `left` at the start, `right` against the end. When both do not fit,
/// `left` is cut first (keeping a space between them); `right` is dropped only when it alone is too wide.
pub fn left_right<'a>(left: Vec<Span<'a>>, right: Vec<Span<'a>>, width: usize) -> Line<'a> {
    let right_width: usize = right.iter().map(|span| display_width(&span.content)).sum();
    let (right, right_width) = if right_width + 1 >= width { (Vec::new(), 0) } else { (right, right_width) };
    let room = if right_width == 0 { width } else { width - right_width - 1 };
    let mut spans = fit(left, room);
    let left_width: usize = spans.iter().map(|span| display_width(&span.content)).sum();
    if right_width > 0 {
        spans.push(Span::raw(pad(left_width, width - right_width)));
        spans.extend(right);
    }
    Line::from(spans)
}

/// `⠋ loading…`, for a pane whose data is on its way.
pub fn loading(app: &App, theme: &Theme, what: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{} ", spinner(app)), theme.warn),
        Span::styled(format!("loading {what}…"), theme.muted),
    ])
}

/// The retry key as the keymap says, for "press R to retry".
pub fn retry_key(app: &App) -> String {
    app.session.keymap.hint(Action::Refresh).unwrap_or_else(|| "refresh".to_owned())
}

/// A failed load explained: what failed, the status with the API's message and hint, what to do.
pub fn error_lines(app: &App, theme: &Theme, error: &Error, doing: &str) -> Vec<Line<'static>> {
    let mut lines =
        vec![Line::styled(format!("⚠ Could not {}.", safe(doing)), theme.bad.patch(theme.title)), Line::raw("")];
    match error {
        Error::Status { status, code, message, hint, .. } => {
            let mut first = vec![Span::styled(format!("{status} "), theme.bad)];
            if let Some(code) = code {
                first.push(Span::styled(format!("{} ", safe(code)), theme.muted));
            }
            first.push(Span::raw(safe(message)));
            lines.push(Line::from(first));
            if let Some(hint) = hint {
                lines.push(Line::from(vec![Span::styled("hint: ", theme.heading), Span::raw(safe(hint))]));
            }
        }
        other => lines.push(Line::raw(safe(&other.to_string()))),
    }
    if let Some(advice) = error.advice() {
        lines.push(Line::styled(advice.to_owned(), theme.muted));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![Span::raw("Press "), Span::styled(retry_key(app), theme.key), Span::raw(" to retry.")]));
    lines
}

/// A style for the selected row, depending on whether its pane has the keyboard.
pub fn selection(theme: &Theme, focused: bool) -> Style {
    if focused { theme.selected } else { theme.selected_dim }
}

/// Clears a box of `width`×`height` inside `body` (centred, or near the top for `top`), draws its frame
/// and returns the inside. A box almost as wide as the body takes all of it, so no slivers of the
/// panes show beside it.
pub fn boxed(
    frame: &mut Frame,
    body: Rect,
    view: &View,
    title: String,
    (width, height): (u16, u16),
    top: bool,
) -> Rect {
    let room = body.inner(Margin::new(1, 0));
    let width = if room.width < width.saturating_add(8) { room.width } else { width };
    let mut area = centered(room, width, height);
    if top {
        area.y = room.y + room.height.saturating_sub(area.height).min(1);
    }
    let block = Block::bordered().border_style(view.theme.key).title(Line::from(vec![
        Span::raw(" "),
        Span::styled(title, view.theme.title),
        Span::raw(" "),
    ]));
    let inner = block.inner(area).inner(Margin::new(1, 0));
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|span| span.content.as_ref()).collect()
    }

    #[test]
    fn window_keeps_the_selection_in_view() {
        assert_eq!(window(5, 3, 10), 0..5);
        assert_eq!(window(0, 0, 10), 0..0);
        assert_eq!(window(100, 0, 10), 0..10);
        assert_eq!(window(100, 50, 10), 45..55);
        assert_eq!(window(100, 99, 10), 90..100);
        assert_eq!(window(100, 500, 10), 90..100);
        assert_eq!(window(10_000, 9_999, 0), 0..0);
        for selected in 0..100 {
            assert!(window(100, selected, 7).contains(&selected));
        }
    }

    #[test]
    fn wrap_words_breaks_between_words() {
        assert_eq!(wrap_words("open or expand the node", 10), ["open or", "expand the", "node"]);
        assert_eq!(wrap_words("", 10), [""]);
        assert_eq!(wrap_words("abcdefghijkl x", 5), ["abcde", "fghij", "kl x"]);
        for line in wrap_words("a long description that must never be cut in the middle of a word", 12) {
            assert!(display_width(&line) <= 12, "{line}");
        }
    }

    #[test]
    fn clean_escapes_and_cuts() {
        assert_eq!(clean("a\x1b[31mb", 20), "a\\x1b[31mb");
        assert_eq!(clean("checkout-service", 8), "checkou…");
        assert_eq!(clean("x", 0), "");
    }

    #[test]
    fn left_right_cuts_the_left_first() {
        let line = left_right(vec![Span::raw("Connections of main-db")], vec![Span::raw("● ready")], 20);
        assert_eq!(text(&line), "Connections… ● ready");
        let line = left_right(vec![Span::raw("ab")], vec![Span::raw("cd")], 6);
        assert_eq!(text(&line), "ab  cd");
        let line = left_right(vec![Span::raw("ab")], vec![Span::raw("toolongright")], 6);
        assert_eq!(text(&line), "ab");
    }

    #[test]
    fn fit_cuts_across_spans() {
        let spans = fit(vec![Span::raw("abc"), Span::raw("defgh")], 6);
        let joined: String = spans.iter().map(|span| span.content.as_ref()).collect();
        assert_eq!(joined, "abcde…");
    }

    #[test]
    fn centered_never_exceeds_the_area() {
        let area = Rect::new(0, 0, 10, 5);
        assert_eq!(centered(area, 20, 20), area);
        assert_eq!(centered(area, 4, 1), Rect::new(3, 2, 4, 1));
    }
}
