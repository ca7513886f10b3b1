//! Forms, confirmations, the restore dialog and the secret panel: what a change asks before and shows after.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use super::common::{boxed, clean, safe};
use crate::api::lenient::mebibytes;
use crate::app::{
    Button, Confirm, Field, Form, FormKind, RestoreDialog, RestoreMode, RestoreRow, SHOWN_ONCE, SecretPanel,
};

/// Width of the dialogs, and of the labels inside them.
const WIDTH: u16 = 72;
const LABEL: usize = 20;

fn label<'a>(view: &View<'a>, text: &str, focused: bool) -> Span<'a> {
    let style = if focused { view.theme.key } else { view.theme.muted };
    Span::styled(format!("{:<LABEL$}", if focused { format!("› {text}") } else { format!("  {text}") }), style)
}

/// `[ Cancel ]  [ Verb ]`, the focused one highlighted, a disabled verb dimmed.
fn buttons<'a>(view: &View<'a>, verb: &str, focus: Option<Button>, enabled: bool) -> Line<'a> {
    let style = |button: Button, usable: bool| match (focus == Some(button), usable) {
        (_, false) => view.theme.muted,
        (true, true) => view.theme.selected,
        (false, true) => view.theme.text,
    };
    let verb_text = if enabled { format!("[ {verb} ]") } else { format!("[ {verb} ] (disabled)") };
    Line::from(vec![
        Span::raw("  "),
        Span::styled("[ Cancel ]", style(Button::Cancel, true)),
        Span::raw("   "),
        Span::styled(verb_text, style(Button::Verb, enabled)),
    ])
}

fn input_line<'a>(view: &View<'a>, name: &str, value: &str, focused: bool, width: usize) -> Line<'a> {
    let cursor = if focused { "▏" } else { "" };
    Line::from(vec![
        label(view, name, focused),
        Span::styled(format!("{}{cursor}", clean(value, width)), view.theme.text),
    ])
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
    let verb = match form.kind {
        FormKind::RenameProject { .. } | FormKind::RenameDatabase { .. } => "rename",
        FormKind::NewProject | FormKind::NewDatabase { .. } | FormKind::NewConnection { .. } => "create",
    };
    let choices = form.fields.iter().any(|field| matches!(field, Field::Choice { .. }));
    let help = match (form.pending.is_some(), form.fields.len() > 1, choices) {
        (true, _, _) => "sending…".to_owned(),
        (false, true, true) => format!("tab next field · ←/→ choose · enter {verb} · esc cancel"),
        (false, true, false) => format!("tab next field · enter {verb} · esc cancel"),
        (false, false, _) => format!("enter {verb} · esc cancel"),
    };
    lines.push(Line::styled(help, view.theme.muted));
    show(frame, body, view, safe(&form.title), lines);
}

pub fn confirm(frame: &mut Frame, body: Rect, view: &View, dialog: &Confirm) {
    let mut lines: Vec<Line> = dialog.lines.iter().map(|line| Line::styled(safe(line), view.theme.text)).collect();
    lines.push(Line::raw(""));
    if let Some(name) = &dialog.require {
        lines.push(Line::styled(format!("Type {} to enable {}:", safe(name), dialog.verb), view.theme.warn));
        lines.push(input_line(view, "name", dialog.typed.value(), true, WIDTH as usize - LABEL - 6));
        lines.push(Line::raw(""));
    }
    lines.push(buttons(view, &dialog.verb, Some(dialog.focus), dialog.enabled()));
    show(frame, body, view, safe(&dialog.title), lines);
}

pub fn restore(frame: &mut Frame, body: Rect, view: &View, dialog: &RestoreDialog) {
    let backup = &dialog.backup;
    let size = backup.size.as_ref().map_or_else(|| "size unknown".to_owned(), mebibytes);
    let mut lines = vec![
        Line::styled(
            format!(
                "Backup of {} from {} ({}), {}, {}",
                safe(&dialog.source.name),
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
            let target = dialog.target_name().map_or("(no database can be overwritten)".to_owned(), safe);
            let shown = if row(RestoreRow::Target) { format!("‹ {target} ›") } else { target.clone() };
            lines.push(Line::from(vec![
                label(view, "over", row(RestoreRow::Target)),
                Span::styled(shown, view.theme.text),
            ]));
            // The backup may belong to another database: what is lost is all of the target's data now.
            lines.push(Line::styled(
                format!(
                    "All of {target}'s current data is lost: it is replaced by this backup of {} ({}).",
                    safe(&dialog.source.name),
                    backup.created_at.format("%Y-%m-%d %H:%M UTC")
                ),
                view.theme.bad,
            ));
            lines.push(Line::styled(format!("Type {target} to enable Restore:"), view.theme.warn));
            lines.push(input_line(view, "name", dialog.typed.value(), row(RestoreRow::Typed), width));
        }
    }
    lines.push(Line::styled("The default database and busy databases are never offered as targets.", view.theme.muted));
    lines.push(Line::raw(""));
    let focus = row(RestoreRow::Buttons).then_some(dialog.button);
    lines.push(buttons(view, "Restore", focus, dialog.enabled()));
    lines.push(Line::styled("tab next · ←/→ change · enter on a button", view.theme.muted));
    show(frame, body, view, "Restore a backup".to_owned(), lines);
}

pub fn secrets(frame: &mut Frame, body: Rect, view: &View, panel: &SecretPanel) {
    let mut lines = vec![Line::styled(SHOWN_ONCE, view.theme.warn), Line::raw("")];
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
    lines.push(Line::raw(""));
    let reveal = if panel.revealed { "s hide" } else { "s reveal" };
    lines.push(Line::styled(format!("{reveal} · y copy · w write .env · esc close"), view.theme.muted));
    show(frame, body, view, format!("New credentials · {}", safe(&panel.title)), lines);
}
