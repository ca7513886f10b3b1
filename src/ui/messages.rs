//! The message log's box (`!`): every message of the session, newest first, each with its time; a
//! failure's error and advice and a lost answer's findings below it, wrapped under its text.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::View;
use super::common::{boxed, safe};
use crate::app::{Message, Tone};
use crate::format::display_width;

/// Where the text of a message starts: after `HH:MM:SS` and two spaces.
const INDENT: usize = 10;

pub fn draw(frame: &mut Frame, body: Rect, view: &View, scroll: usize) {
    let (app, theme) = (view.app, view.theme);
    let title = format!("Messages ({})", app.messages.len());
    let inner = boxed(frame, body, view, title, (90, body.height.saturating_sub(2)), false);
    if app.messages.is_empty() {
        frame.render_widget(Line::styled("No messages so far.", theme.muted), inner);
        return;
    }
    let width = usize::from(inner.width);
    let lines: Vec<Line> = app.messages.iter().rev().flat_map(|message| entry(view, message, width)).collect();
    let scroll = scroll.min(lines.len().saturating_sub(1));
    frame.render_widget(Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>()), inner);
}

/// One message as lines of at most `width` columns.
fn entry<'a>(view: &View, message: &Message, width: usize) -> Vec<Line<'a>> {
    let theme = view.theme;
    let (mark, style) = match (message.tone, &message.error) {
        // A failure's first line says what ppg was doing; the error below it is in red.
        (Tone::Error, Some(_)) => ("⚠ ", theme.title),
        (Tone::Error, None) => ("⚠ ", theme.bad),
        (Tone::Success, _) => ("✓ ", theme.ok),
        (Tone::Info, _) => ("", theme.text),
    };
    let mut text = format!("{mark}{}", safe(&message.text));
    if message.times > 1 {
        text.push_str(&format!("  (×{})", message.times));
    }
    let mut lines = hanging(&text, width, style);
    if let Some(first) = lines.first_mut() {
        first.spans[0] = Span::styled(format!("{}  ", message.at.format("%H:%M:%S")), theme.muted);
    }
    if let Some(error) = &message.error {
        lines.extend(hanging(&safe(&error.to_string()), width, theme.bad));
        if let Some(advice) = error.advice() {
            lines.extend(hanging(advice, width, theme.muted));
        }
    }
    for finding in &message.findings {
        lines.extend(hanging(&format!("· {}", safe(finding)), width, theme.muted));
    }
    lines
}

/// `text` cut into lines at spaces (within a word when one is too long), each after an indent of
/// [`INDENT`] columns, as a span of its own so that the first line's can hold the time.
fn hanging<'a>(text: &str, width: usize, style: Style) -> Vec<Line<'a>> {
    let room = width.saturating_sub(INDENT).max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let used = display_width(&row);
        let needed = display_width(word) + usize::from(!row.is_empty());
        if used > 0 && used + needed > room {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        for c in word.chars() {
            if display_width(&row) + display_width(c.encode_utf8(&mut [0; 4])) > room {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    rows.push(row);
    let indent = " ".repeat(INDENT);
    rows.into_iter().map(|row| Line::from(vec![Span::raw(indent.clone()), Span::styled(row, style)])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|line| line.spans.iter().map(|span| span.content.as_ref()).collect()).collect()
    }

    #[test]
    fn long_text_wraps_under_itself() {
        let lines = hanging("the quick brown fox jumps", INDENT + 10, Style::new());
        assert_eq!(text(&lines), ["          the quick", "          brown fox", "          jumps"]);
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let lines = hanging("abcdefghijkl", INDENT + 5, Style::new());
        assert_eq!(text(&lines), ["          abcde", "          fghij", "          kl"]);
    }

    #[test]
    fn wide_characters_count_twice() {
        let lines = hanging("東京東京東京", INDENT + 4, Style::new());
        assert_eq!(text(&lines), ["          東京", "          東京", "          東京"]);
    }
}
