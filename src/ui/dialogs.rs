//! Forms, confirmations, the restore dialog and the secret panel: what a change asks before and shows after.
//! The focused field or button carries a `›` mark as well as its style, so it shows without colour too.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use super::common::{boxed, clean, safe};
use crate::api::lenient::mebibytes;
use crate::app::{
    Action, Button, Confirm, Field, Focus, Form, Minted, Mode, RestoreDialog, RestoreMode, RestoreRow, SecretPanel,
    shown_once, token_shown_once,
};
use crate::format::{display_width, sanitize};

/// Width of the dialogs, and of the labels inside them.
const WIDTH: u16 = 72;
const LABEL: usize = 20;

fn label<'a>(view: &View<'a>, text: &str, focused: bool) -> Span<'a> {
    let style = if focused { view.theme.key } else { view.theme.muted };
    Span::styled(format!("{:<LABEL$}", if focused { format!("› {text}") } else { format!("  {text}") }), style)
}

/// `› [ Cancel ]    [ Verb ]`: the focused one marked and highlighted, a disabled verb dimmed.
fn buttons<'a>(view: &View<'a>, verb: &str, focus: Option<Button>, enabled: bool) -> Line<'a> {
    let theme = view.theme;
    let mut spans = Vec::new();
    for (button, text, usable) in
        [(Button::Cancel, "[ Cancel ]".to_owned(), true), (Button::Verb, format!("[ {verb} ]"), enabled)]
    {
        let focused = focus == Some(button);
        spans.push(Span::styled(if focused { "  › " } else { "    " }, theme.key));
        let style = match (focused, usable) {
            (true, _) => theme.selected,
            (false, false) => theme.muted,
            (false, true) => theme.text,
        };
        spans.push(Span::styled(text, style));
    }
    if !enabled {
        spans.push(Span::styled(" (disabled)", theme.muted));
    }
    Line::from(spans)
}

/// The end of `value`, made safe, in at most `width` columns: `…` first when the start does not fit.
/// Only the end is looked at, so a very long value costs no more than a short one.
fn tail(value: &str, width: usize) -> String {
    let start = value.char_indices().rev().nth(width.saturating_mul(2)).map_or(0, |(index, _)| index);
    let escaped = sanitize(&value[start..]);
    if start == 0 && display_width(&escaped) <= width {
        return escaped.into_owned();
    }
    let mut shown = String::new();
    let mut used = 1;
    for c in escaped.chars().rev() {
        let c_width = display_width(c.encode_utf8(&mut [0; 4]));
        if used + c_width > width {
            break;
        }
        used += c_width;
        shown.insert(0, c);
    }
    format!("…{shown}")
}

fn input_line<'a>(view: &View<'a>, name: &str, value: &str, focused: bool, width: usize) -> Line<'a> {
    let cursor = if focused { "▏" } else { "" };
    Line::from(vec![
        label(view, name, focused),
        Span::styled(format!("{}{cursor}", tail(value, width)), view.theme.text),
    ])
}

/// The first key of `action` in the dialog mode, unless it is the key that opened the dialog.
fn dialog_key(view: &View, action: Action, opener: Option<crate::app::Key>) -> Option<String> {
    let keys = view.app.session.keymap.keys_in(Mode::Dialog, action);
    keys.into_iter().find(|key| Some(*key) != opener).map(|key| key.label())
}

pub(super) fn show(frame: &mut Frame, body: Rect, view: &View, title: String, lines: Vec<Line>) {
    // Rows after wrapping at the box's inner width: `boxed` widens a box that almost fills the body to
    // all of it; borders and a margin each side take four columns.
    let room = body.width.saturating_sub(2);
    let width = if room < WIDTH.saturating_add(8) { room } else { WIDTH };
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let rows: usize = lines.iter().map(|line| line.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2).min(body.height);
    let inner = boxed(frame, body, view, title, (WIDTH, height), false);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A name as dialogs show it: escaped, its middle cut when long.
fn shown(name: &str) -> String {
    crate::app::TypedName::new(name, "").shown
}

fn error_line<'a>(view: &View<'a>, error: &Option<String>) -> Option<Line<'a>> {
    error.as_ref().map(|error| Line::styled(format!("⚠ {}", safe(error)), view.theme.bad))
}

pub fn form(frame: &mut Frame, body: Rect, view: &View, form: &Form) {
    let width = WIDTH as usize - LABEL - 6;
    let mut lines = Vec::new();
    for (index, field) in form.fields.iter().enumerate() {
        let focused = index == form.focus;
        lines.push(match field {
            Field::Text { label: name, input } => input_line(view, name, input.value(), focused, width),
            Field::Choice { label: name, options, selected } => {
                let value = options.get(*selected).map_or("-".to_owned(), |choice| clean(&choice.label, width - 4));
                let arrows = if focused { format!("‹ {value} ›") } else { value };
                Line::from(vec![label(view, name, focused), Span::styled(arrows, view.theme.text)])
            }
            Field::Toggle { label: name, on } => {
                let mark = if *on { "[x]" } else { "[ ]" };
                Line::from(vec![label(view, name, focused), Span::styled(mark, view.theme.text)])
            }
        });
    }
    lines.push(Line::raw(""));
    lines.extend(error_line(view, &form.error));
    let verb = capitalised(form.verb());
    let focus = form.button().map(|verb| if verb { Button::Verb } else { Button::Cancel });
    lines.push(buttons(view, &verb, focus, form.pending.is_none()));
    if form.pending.is_some() {
        lines.push(Line::styled("sending…", view.theme.muted));
    }
    show(frame, body, view, safe(&form.title), lines);
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

pub fn confirm(frame: &mut Frame, body: Rect, view: &View, dialog: &Confirm) {
    let mut lines: Vec<Line> = dialog.lines.iter().map(|line| Line::styled(safe(line), view.theme.text)).collect();
    lines.push(Line::raw(""));
    match &dialog.require {
        Some(name) => {
            lines.push(Line::styled(name.prompt(&dialog.verb), view.theme.warn));
            let focused = dialog.focus == Focus::Field;
            lines.push(input_line(view, "name", dialog.typed.value(), focused, WIDTH as usize - LABEL - 6));
        }
        None => {
            let cancel = dialog_key(view, Action::Cancel, None).unwrap_or_else(|| "esc".to_owned());
            let text = match dialog_key(view, Action::Confirm, dialog.opener) {
                Some(key) => format!("Press {key} to {}, or {cancel} to cancel.", dialog.verb.to_lowercase()),
                None => format!(
                    "Press enter on [ {} ] to {}, or {cancel} to cancel.",
                    dialog.verb,
                    dialog.verb.to_lowercase()
                ),
            };
            lines.push(Line::styled(text, view.theme.muted));
        }
    }
    lines.extend(error_line(view, &dialog.error));
    lines.push(Line::raw(""));
    let focus = match dialog.focus {
        Focus::Field => None,
        Focus::Button(button) => Some(button),
    };
    lines.push(buttons(view, &dialog.verb, focus, dialog.enabled()));
    show(frame, body, view, safe(&dialog.title), lines);
}

pub fn restore(frame: &mut Frame, body: Rect, view: &View, dialog: &RestoreDialog) {
    let backup = &dialog.backup;
    let size = backup.size.as_ref().map_or_else(|| "size unknown".to_owned(), mebibytes);
    let mut lines = vec![
        Line::styled(
            format!(
                "Backup of {} from {} ({}), {}, {}",
                shown(&dialog.source.name),
                backup.created_at.format("%Y-%m-%d %H:%M UTC"),
                backup.created_at.relative(view.app.now),
                backup.backup_type,
                size
            ),
            view.theme.text,
        ),
        Line::raw(""),
    ];
    let row = |r: RestoreRow| dialog.row == r;
    let mode = match dialog.mode {
        RestoreMode::NewDatabase => "into a new database (safe)",
        RestoreMode::InPlace => "over an existing database (destructive)",
    };
    let mode = if row(RestoreRow::Mode) { format!("‹ {mode} ›") } else { mode.to_owned() };
    lines.push(Line::from(vec![label(view, "restore", row(RestoreRow::Mode)), Span::styled(mode, view.theme.text)]));
    if dialog.targets.is_empty() {
        lines.push(Line::styled(
            "No database of this project can be restored over (only the default, or busy ones).",
            view.theme.muted,
        ));
    }
    let width = WIDTH as usize - LABEL - 6;
    match dialog.mode {
        RestoreMode::NewDatabase => {
            lines.push(input_line(view, "new name", dialog.name.value(), row(RestoreRow::Target), width));
        }
        RestoreMode::InPlace => {
            let name = dialog.target_typed_name();
            let target = name.as_ref().map_or("(no database can be overwritten)".to_owned(), |name| name.shown.clone());
            let choice = if row(RestoreRow::Target) { format!("‹ {target} ›") } else { target.clone() };
            lines.push(Line::from(vec![
                label(view, "over", row(RestoreRow::Target)),
                Span::styled(choice, view.theme.text),
            ]));
            // The backup may belong to another database: what is lost is all of the target's data now.
            lines.push(Line::styled(
                format!(
                    "All of {target}'s current data is lost: it is replaced by this backup of {} ({}).",
                    shown(&dialog.source.name),
                    backup.created_at.format("%Y-%m-%d %H:%M UTC")
                ),
                view.theme.bad,
            ));
            if let Some(name) = name {
                lines.push(Line::styled(name.prompt("Restore"), view.theme.warn));
            }
            lines.push(input_line(view, "name", dialog.typed.value(), row(RestoreRow::Typed), width));
            let (mark, what, style) = match dialog.safety_copy {
                true => ("[x]", format!("copy {target} first: a way back"), view.theme.text),
                false => ("[ ]", "no copy: its current data is gone for good".to_owned(), view.theme.warn),
            };
            let mark = if row(RestoreRow::SafetyCopy) { format!("‹ {mark} ›") } else { mark.to_owned() };
            lines.push(Line::from(vec![
                label(view, "safety copy", row(RestoreRow::SafetyCopy)),
                Span::styled(format!("{mark} "), view.theme.text),
                Span::styled(what, style),
            ]));
        }
    }
    lines.push(Line::styled("The default database and busy databases are never offered as targets.", view.theme.muted));
    lines.extend(error_line(view, &dialog.error));
    lines.push(Line::raw(""));
    let focus = row(RestoreRow::Buttons).then_some(dialog.button);
    lines.push(buttons(view, "Restore", focus, dialog.enabled()));
    show(frame, body, view, "Restore a backup".to_owned(), lines);
}

pub fn secrets(frame: &mut Frame, body: Rect, view: &View, panel: &SecretPanel) {
    let keymap = &view.app.session.keymap;
    let key = |action| {
        keymap
            .hint_in(Mode::Secrets, action)
            .unwrap_or_else(|| format!("unbound: {}", crate::app::Action::name(action)))
    };
    let warning = match panel.minted {
        Minted::Credentials => shown_once(&key(Action::Copy), &key(Action::WriteEnv)),
        Minted::ServiceToken => token_shown_once(&key(Action::Copy)),
    };
    let mut lines = vec![Line::styled(warning, view.theme.warn), Line::raw("")];
    let width = WIDTH as usize - 8;
    for (index, secret) in panel.secrets.iter().enumerate() {
        let selected = index == panel.selected;
        let style: Style = if selected { view.theme.selected } else { view.theme.text };
        lines.push(Line::styled(
            format!("{} {}", if selected { "›" } else { " " }, safe(&secret.label)),
            view.theme.muted,
        ));
        // Revealed strings wrap whole (a cut string is useless); masked ones fit on a line.
        let shown = if panel.revealed { safe(&panel.shown(secret)) } else { clean(&panel.shown(secret), width) };
        lines.push(Line::styled(format!("  {shown}"), style));
    }
    if let Some(note) = &panel.note {
        lines.push(Line::raw(""));
        lines.push(Line::styled(safe(note), view.theme.accent));
    }
    show(frame, body, view, format!("{} · {}", panel.heading(), safe(&panel.title)), lines);
}
