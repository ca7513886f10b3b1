//! The footer: a status line (spinner, the last message, the filter) and key hints taken from the keymap.
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::View;
use super::common::{clean, fit, left_right, spinner};
use crate::app::{Action, App, DetailRow, Loadable, Mode, Node, Overlay, Pane, Screen, Section, Tone};
use crate::format::display_width;

pub fn draw(frame: &mut Frame, status: Rect, hints: Rect, view: &View) {
    status_line(frame, status, view);
    let hints_line = hint_line(view, &hints_for(view), usize::from(hints.width));
    frame.render_widget(hints_line, hints);
}

fn status_line(frame: &mut Frame, area: Rect, view: &View) {
    let (app, theme) = (view.app, view.theme);
    let width = usize::from(area.width);
    if let Some(filter) = app.browse.filter.as_ref().filter(|filter| filter.editing) {
        let pane = if filter.pane == Pane::Tree { "the tree" } else { "this list" };
        let room = width.saturating_sub(2);
        let text = clean(filter.text(), room);
        let cursor = display_width(&text).min(room) as u16 + 1;
        let line = left_right(
            vec![Span::styled("/", theme.key), Span::raw(text)],
            vec![Span::styled(format!("filtering {pane}"), theme.muted)],
            width,
        );
        frame.render_widget(line, area);
        if app.overlay.is_none() {
            frame.set_cursor_position(Position::new(area.x + cursor, area.y));
        }
        return;
    }
    // The message first: when the line is short, the loading words are cut, never what ppg has to say.
    let mut left = Vec::new();
    if let Some(toast) = &app.toast {
        let (mark, style) = match toast.tone {
            Tone::Success => ("✓ ", theme.ok),
            Tone::Error => ("⚠ ", theme.bad),
            Tone::Info => ("", theme.text),
        };
        left.push(Span::styled(format!("{mark}{}", clean(&toast.text, width)), style));
    }
    let retry = app.activity.retrying.as_ref().map(|(_, notice)| format!(" ({notice})")).unwrap_or_default();
    let activity = match app.is_loading() {
        true => Some(format!("{} loading {}…{retry}", spinner(app), loading_what(app))),
        false => (!retry.is_empty()).then(|| format!("{} waiting…{retry}", spinner(app))),
    };
    if let Some(activity) = activity {
        if !left.is_empty() {
            left.push(Span::raw("   "));
        }
        left.push(Span::styled(activity, theme.warn));
    }
    let right = match &app.browse.filter {
        Some(filter) => vec![Span::styled("filter: ", theme.muted), Span::raw(clean(filter.text(), 24))],
        None => Vec::new(),
    };
    frame.render_widget(left_right(left, right, width), area);
}

/// `projects, backups`: what is on its way.
fn loading_what(app: &App) -> String {
    let data = &app.data;
    let mut what = Vec::new();
    if data.me.is_loading() || data.projects.is_loading() {
        what.push("projects");
    }
    let kinds = [
        ("databases", data.databases.values().any(Loadable::is_loading)),
        ("connections", data.connections.values().any(Loadable::is_loading)),
        ("backups", data.backups.values().any(Loadable::is_loading)),
        (
            "usage",
            data.usage.values().any(|usage| {
                usage.this_month.is_loading()
                    || usage.last_month.is_loading()
                    || usage.days.values().any(Loadable::is_loading)
            }),
        ),
    ];
    what.extend(kinds.into_iter().filter_map(|(name, loading)| loading.then_some(name)));
    what.join(", ")
}

/// A hint: the keys as shown, and what they do.
type Hint = (String, &'static str);

/// The keys of `actions` as the keymap binds them (first key of each, joined by `/`); `None` if unbound.
fn keys(app: &App, actions: &[Action]) -> Option<String> {
    let labels: Vec<String> = actions.iter().filter_map(|action| app.session.keymap.hint(*action)).collect();
    (!labels.is_empty()).then(|| labels.join("/"))
}

/// The hints for what has the keyboard now, most useful first; help is always last.
/// A hint for a key that changes something; in read-only mode it is shown, marked off.
fn change(app: &App, hints: &mut Vec<Hint>, action: Action, label: &'static str) {
    if let Some(key) = app.session.keymap.hint(action) {
        let key = if app.session.badges.read_only { format!("{key}✗") } else { key };
        hints.push((key, label));
    }
}

fn hints_for(view: &View) -> Vec<Hint> {
    let app = view.app;
    let fixed = |items: &[(&str, &'static str)]| -> Vec<Hint> {
        items.iter().map(|(key, label)| ((*key).to_owned(), *label)).collect()
    };
    let mut hints: Vec<Hint> = Vec::new();
    let add = |hints: &mut Vec<Hint>, actions: &[Action], label: &'static str| {
        if let Some(keys) = keys(app, actions) {
            hints.push((keys, label));
        }
    };
    if app.overlay.is_some() {
        return overlay_hints(app);
    }
    if app.browse.filter.as_ref().is_some_and(|filter| filter.editing) {
        return fixed(&[("type", "to filter"), ("enter", "keep"), ("esc", "clear")]);
    }
    if app.screen != Screen::Browse {
        hints.push(("d".to_owned(), "demo"));
        add(&mut hints, &[Action::Quit], "quit");
        add(&mut hints, &[Action::Help], "help");
        return hints;
    }
    let detail_rows = &view.detail;
    let failed = node_failed(app, &view.node);
    let usage_chart = matches!(view.node, Node::Section(_, Section::Usage));
    if !(usage_chart && app.browse.focus == Pane::Detail) {
        add(&mut hints, &[Action::Down, Action::Up], "move");
    }
    match app.browse.focus {
        Pane::Tree => {
            let expandable = !matches!(view.node, Node::Section(..) | Node::ServiceTokens);
            let open = if expandable && !app.browse.expanded.contains(&view.node) { "expand" } else { "open" };
            add(&mut hints, &[Action::Open], open);
            let back = if app.browse.filter.is_some() { "clear filter" } else { "back" };
            add(&mut hints, &[Action::Back], back);
            if matches!(view.node, Node::Database(_) | Node::Section(..)) {
                add(&mut hints, &[Action::Connections, Action::Backups, Action::Usage], "sections");
            }
            if !detail_rows.is_empty() || usage_chart {
                add(&mut hints, &[Action::SwitchPane], "pane");
            }
            add(&mut hints, &[Action::Copy], "copy id");
            let (new, edits) = match view.node {
                Node::Workspace => ("new project", false),
                Node::Project(_) => ("new database", true),
                Node::Branch { .. } => ("new database", false),
                Node::Database(_) => ("new connection", true),
                Node::Section(..) => ("new connection", false),
                Node::ServiceTokens => ("new token", false),
            };
            change(app, &mut hints, Action::New, new);
            if edits {
                change(app, &mut hints, Action::Rename, "rename");
            }
            if edits || matches!(view.node, Node::Branch { branch: Some(_), .. }) {
                change(app, &mut hints, Action::Delete, "delete");
            }
        }
        Pane::Detail => {
            if usage_chart {
                hints.push(("←/→".to_owned(), "day"));
            }
            let selected = detail_rows.get(view.detail_index);
            match selected {
                Some(DetailRow::Connection(_)) => {
                    add(&mut hints, &[Action::Open, Action::Copy], "copy menu");
                    change(app, &mut hints, Action::Rotate, "rotate");
                    change(app, &mut hints, Action::Delete, "delete");
                }
                Some(DetailRow::Backup(_)) => {
                    add(&mut hints, &[Action::Copy], "copy id");
                    change(app, &mut hints, Action::Restore, "restore");
                }
                Some(DetailRow::ServiceToken(_)) => {
                    add(&mut hints, &[Action::Copy], "copy id");
                    change(app, &mut hints, Action::New, "new token");
                    change(app, &mut hints, Action::Delete, "revoke");
                }
                Some(DetailRow::Unreadable(_)) => {
                    add(&mut hints, &[Action::Open], "why");
                    add(&mut hints, &[Action::Copy], "copy JSON");
                }
                Some(DetailRow::Project(_) | DetailRow::Database(_)) => {
                    add(&mut hints, &[Action::Open], "open");
                    add(&mut hints, &[Action::Copy], "copy id");
                }
                _ => add(&mut hints, &[Action::Copy], "copy id"),
            }
            add(&mut hints, &[Action::Back], "tree");
        }
    }
    add(&mut hints, &[Action::Refresh], if failed { "retry" } else { "refresh" });
    add(&mut hints, &[Action::Filter], "filter");
    add(&mut hints, &[Action::Jump], "jump");
    if !app.errors.is_empty() {
        add(&mut hints, &[Action::ErrorLog], "errors");
    }
    if app.session.profiles.len() > 1 {
        add(&mut hints, &[Action::SwitchProfile], "profile");
    }
    add(&mut hints, &[Action::Quit], "quit");
    add(&mut hints, &[Action::Help], "help");
    hints
}

/// The hints of the open overlay, from its mode's keymap: what the keys do there, help last when `?` is not
/// typed into a field.
fn overlay_hints(app: &App) -> Vec<Hint> {
    let keymap = &app.session.keymap;
    let mode = crate::app::mode(app);
    let mut hints: Vec<Hint> = Vec::new();
    let add = |hints: &mut Vec<Hint>, actions: &[Action], label: &'static str| {
        let labels: Vec<String> = actions.iter().filter_map(|action| keymap.hint_in(mode, *action)).collect();
        if !labels.is_empty() {
            hints.push((labels.join("/"), label));
        }
    };
    let mut typing = false;
    match &app.overlay {
        Some(Overlay::Help { .. } | Overlay::ErrorLog { .. }) => {
            add(&mut hints, &[Action::Down, Action::Up], "scroll");
            add(&mut hints, &[Action::PageDown, Action::PageUp], "page");
            add(&mut hints, &[Action::Top, Action::Bottom], "top/end");
            add(&mut hints, &[Action::Cancel], "close");
        }
        Some(Overlay::Copy(_)) => {
            add(&mut hints, &[Action::Down, Action::Up], "move");
            add(&mut hints, &[Action::Submit], "choose");
            add(&mut hints, &[Action::Copy], "copy");
            add(&mut hints, &[Action::Cancel], "close");
        }
        Some(Overlay::Jump(_)) => {
            typing = true;
            hints.push(("type".to_owned(), "to search"));
            add(&mut hints, &[Action::Down, Action::Up], "move");
            add(&mut hints, &[Action::Submit], "go");
            add(&mut hints, &[Action::Cancel], "close");
        }
        Some(Overlay::Form(form)) => {
            typing = matches!(form.fields.get(form.focus), Some(crate::app::Field::Text { .. }));
            if form.pending.is_some() {
                add(&mut hints, &[Action::Cancel], "close (the answer still lands)");
                return hints;
            }
            add(&mut hints, &[Action::NextField, Action::PreviousField], "next/previous");
            if !typing && form.button().is_none() {
                add(&mut hints, &[Action::ChoosePrevious, Action::ChooseNext], "choose");
            }
            add(
                &mut hints,
                &[Action::Submit],
                if form.button() == Some(false) { "cancel" } else { form_verb(form.verb()) },
            );
            add(&mut hints, &[Action::Cancel], "cancel");
        }
        Some(Overlay::Confirm(dialog)) => {
            typing = dialog.focus == crate::app::Focus::Field || dialog.require.is_some();
            add(&mut hints, &[Action::NextField, Action::PreviousField], "next/previous");
            let on_cancel = dialog.focus == crate::app::Focus::Button(crate::app::Button::Cancel);
            add(&mut hints, &[Action::Submit], if on_cancel { "cancel" } else { "confirm" });
            if dialog.require.is_none() {
                let confirm = keymap.keys_in(mode, Action::Confirm).into_iter().find(|key| Some(*key) != dialog.opener);
                if let Some(key) = confirm {
                    hints.push((key.label(), "confirm"));
                }
            }
            add(&mut hints, &[Action::Cancel], "cancel");
        }
        Some(Overlay::Restore(dialog)) => {
            typing = dialog.in_text();
            add(&mut hints, &[Action::NextField, Action::PreviousField], "next/previous");
            if !typing {
                add(&mut hints, &[Action::ChoosePrevious, Action::ChooseNext], "change");
            }
            let on_cancel =
                (dialog.row, dialog.button) == (crate::app::RestoreRow::Buttons, crate::app::Button::Cancel);
            add(&mut hints, &[Action::Submit], if on_cancel { "cancel" } else { "restore" });
            add(&mut hints, &[Action::Cancel], "cancel");
        }
        Some(Overlay::Offer(_)) => {
            add(&mut hints, &[Action::Submit], "create and go");
            add(&mut hints, &[Action::Cancel], "cancel");
        }
        Some(Overlay::Secrets(panel)) => {
            add(&mut hints, &[Action::Reveal], if panel.revealed { "hide" } else { "reveal" });
            add(&mut hints, &[Action::Copy], "copy");
            if panel.writes_env() {
                add(&mut hints, &[Action::WriteEnv], "write .env");
            }
            add(&mut hints, &[Action::Down, Action::Up], "move");
            add(&mut hints, &[Action::Cancel], "close");
        }
        None => {}
    }
    // In help, `?` closes it: `esc close` says that already.
    if !typing && mode != Mode::Help {
        if let Some(key) = keymap.hint_in(mode, Action::Help) {
            hints.push((key, "help"));
        }
    }
    hints
}

fn form_verb(verb: &str) -> &'static str {
    if verb == "rename" { "rename" } else { "create" }
}

/// Whether what the node shows failed to load (so `R` retries).
fn node_failed(app: &App, node: &Node) -> bool {
    let data = &app.data;
    match node {
        Node::Workspace => data.projects.error().is_some(),
        Node::Project(id) | Node::Branch { project: id, .. } => {
            data.databases.get(id).is_some_and(|d| d.error().is_some())
                || data.branches.get(id).is_some_and(|b| b.error().is_some())
        }
        Node::Database(_) => false,
        Node::ServiceTokens => data.service_tokens.error().is_some(),
        Node::Section(id, section) => match section {
            crate::app::Section::Connections => data.connections.get(id).is_some_and(|c| c.error().is_some()),
            crate::app::Section::Backups => {
                data.backups.get(id).is_some_and(|b| b.error().is_some() && !crate::app::keeps_no_backups(b))
            }
            crate::app::Section::Usage => {
                data.usage.get(id).is_some_and(|u| u.this_month.error().is_some() || u.last_month.error().is_some())
            }
        },
    }
}

/// As many hints as fit, in order, keeping the last one (help) whatever else is dropped.
fn hint_line<'a>(view: &View, hints: &[Hint], width: usize) -> Line<'a> {
    let theme = view.theme;
    let widths: Vec<usize> = hints.iter().map(|(key, label)| display_width(key) + 1 + display_width(label)).collect();
    let last = hints.len().saturating_sub(1);
    let reserved = widths.last().copied().unwrap_or(0);
    let mut used = 0;
    let mut spans = Vec::new();
    for (index, ((key, label), hint_width)) in hints.iter().zip(&widths).enumerate() {
        let gap = if spans.is_empty() { 0 } else { 2 };
        let after = if index == last { 0 } else { reserved + 2 };
        if index != last && used + gap + hint_width + after > width {
            continue;
        }
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(clean(key, 12), theme.key));
        spans.push(Span::styled(format!(" {label}"), theme.muted));
        used += gap + hint_width;
    }
    Line::from(fit(spans, width))
}
