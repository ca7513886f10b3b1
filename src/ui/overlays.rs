//! What covers the panes: help (the keymap in force), the message log, jump, and the copy menu.
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use super::common::{boxed, clean, fit, pad, safe, selection, window, wrap_words};
use crate::app::{Action, App, Candidate, CopyMenu, Jump, JumpTarget, Mode, Overlay, help_mode, mask};
use crate::format::display_width;

/// Width of the keys column in help, and of help's box.
const KEYS_WIDTH: usize = 20;
const HELP_WIDTH: u16 = 76;
/// Room for an id in the jump list (the API's ids are about 30 characters).
const ID_WIDTH: usize = 30;

pub fn draw(frame: &mut Frame, body: Rect, view: &View) {
    let Some(overlay) = &view.app.overlay else { return };
    match overlay {
        Overlay::Help { scroll, .. } => help(frame, body, view, *scroll),
        Overlay::ErrorLog { scroll } => super::messages::draw(frame, body, view, *scroll),
        Overlay::Jump(jump) => jump_box(frame, body, view, jump),
        Overlay::Copy(menu) => copy_menu(frame, body, view, menu),
        Overlay::Form(form) => super::dialogs::form(frame, body, view, form),
        Overlay::Confirm(dialog) => super::dialogs::confirm(frame, body, view, dialog),
        Overlay::Restore(dialog) => super::dialogs::restore(frame, body, view, dialog),
        Overlay::Secrets(panel) => super::dialogs::secrets(frame, body, view, panel),
        Overlay::Offer(offer) => super::checks::offer(frame, body, view, offer),
    }
}

/// `↓ more` on the bottom border of a box whose text goes on below.
fn more_below(frame: &mut Frame, inner: Rect, view: &View) {
    let text = " ↓ more ";
    let width = display_width(text) as u16;
    if inner.width > width {
        let at = Rect { x: inner.right() - width, y: inner.bottom(), width, height: 1 };
        frame.render_widget(Line::styled(text, view.theme.muted), at);
    }
}

/// Draws `lines` from `scroll` on (clamped so the last page stays full), each cut to the width;
/// true when more lines follow below.
fn scrolled(frame: &mut Frame, area: Rect, lines: Vec<Line>, scroll: usize) -> bool {
    let height = usize::from(area.height);
    let start = scroll.min(lines.len().saturating_sub(height));
    let more = start + height < lines.len();
    let width = usize::from(area.width);
    for (row, line) in lines.into_iter().skip(start).take(height).enumerate() {
        let style = line.style;
        let rect = Rect { y: area.y + row as u16, height: 1, ..area };
        frame.render_widget(Line::from(fit(line.spans, width)).style(style), rect);
    }
    more
}

/// One line of help: the keys of `action` in `mode` (or "(unbound)") and what it does, the words wrapped
/// under the description's column.
fn help_entry<'a>(view: &View, mode: Mode, action: Action, width: usize, lines: &mut Vec<Line<'a>>) {
    let (app, theme) = (view.app, view.theme);
    let labels: Vec<String> = app.session.keymap.keys_in(mode, action).iter().map(|key| key.label()).collect();
    let keys = if labels.is_empty() {
        Span::styled(format!("{:<KEYS_WIDTH$}", "(unbound)"), theme.muted)
    } else {
        let keys = clean(&labels.join(" "), KEYS_WIDTH - 1);
        let filler = pad(display_width(&keys), KEYS_WIDTH);
        Span::styled(format!("{keys}{filler}"), theme.key)
    };
    let disabled = app.session.badges.read_only && action.is_mutating() && mode == Mode::Browse;
    let (what, style) = match disabled {
        true => (format!("{} (disabled: read-only)", action.describe()), theme.muted),
        false => (action.describe().to_owned(), Style::default()),
    };
    for (index, part) in wrap_words(&what, width.saturating_sub(KEYS_WIDTH)).into_iter().enumerate() {
        let first = if index == 0 { keys.clone() } else { Span::raw(" ".repeat(KEYS_WIDTH)) };
        lines.push(Line::from(vec![first, Span::styled(part, style)]));
    }
}

/// `text` as lines of at most `width` columns, each in `style`, broken between words.
fn wrapped<'a>(text: &str, width: usize, style: Style) -> Vec<Line<'a>> {
    wrap_words(text, width).into_iter().map(|line| Line::styled(line, style)).collect()
}

/// The keys in force, `width` columns wide: the current mode's first (its own keys, then the common ones it
/// keeps), then every other mode's, the common fallback, the fixed keys, where they are set, and problems.
pub fn help_lines<'a>(view: &View, width: usize) -> Vec<Line<'a>> {
    let (app, theme) = (view.app, view.theme);
    let keymap = &app.session.keymap;
    let here = help_mode(app);
    let mut lines = wrapped(&format!("Here: {}", here.title()), width, theme.heading);
    if here == Mode::Browse && app.selected_node() == crate::app::Node::ServiceTokens {
        lines.extend(wrapped(&tokens_help(app), width, Style::default()));
    }
    let own = keymap.own(here);
    for (action, _) in &own {
        help_entry(view, here, *action, width, &mut lines);
    }
    for (action, _) in keymap.own(Mode::Common) {
        if !own.iter().any(|(bound, _)| *bound == action) && !keymap.keys_in(here, action).is_empty() {
            help_entry(view, here, action, width, &mut lines);
        }
    }
    let others = Mode::ALL.into_iter().filter(|mode| *mode != here && *mode != Mode::Common).chain([Mode::Common]);
    for mode in others {
        lines.push(Line::raw(""));
        lines.extend(wrapped(mode.title(), width, theme.heading));
        for (action, _) in keymap.own(mode) {
            help_entry(view, mode, action, width, &mut lines);
        }
    }
    lines.push(Line::raw(""));
    lines.extend(wrapped("Fixed keys", width, theme.heading));
    for (keys, what) in [
        ("ctrl-c", "quit, wherever you are"),
        ("characters", "in a text field (a name, the jump, the filter) they are typed, whatever they are bound to"),
        ("esc enter", "the filter being typed: clear it, keep it"),
        ("d", "start the demo (first-run and refused-token screens)"),
    ] {
        for (index, part) in wrap_words(what, width.saturating_sub(KEYS_WIDTH)).into_iter().enumerate() {
            let keys = if index == 0 { format!("{keys:<KEYS_WIDTH$}") } else { " ".repeat(KEYS_WIDTH) };
            lines.push(Line::from(vec![Span::styled(keys, theme.key), Span::raw(part)]));
        }
    }
    lines.push(Line::raw(""));
    let path = app.session.config_path.as_deref().unwrap_or("~/.config/ppg/config.toml");
    let text = format!("Keys are set in [keys] of {} ([keys.MODE] for one mode).", safe(path));
    lines.extend(wrapped(&text, width, theme.muted));
    if !app.session.config_problems.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(wrapped("Problems in the config file", width, theme.bad));
        for problem in &app.session.config_problems {
            lines.extend(wrapped(&format!("• {}", safe(problem)), width, Style::default()));
        }
    }
    lines
}

/// What the keys do in the Service tokens section, with the keys in force.
fn tokens_help(app: &App) -> String {
    let key = |action| app.session.keymap.hint(action).unwrap_or_else(|| "(unbound)".to_owned());
    format!(
        "In Service tokens: {} new token (its value shown once) · {} revoke the selected token, after its name is typed (the one this console uses asks twice) · {} copy its id · {} filter · {} refresh",
        key(Action::New),
        key(Action::Delete),
        key(Action::Copy),
        key(Action::Filter),
        key(Action::Refresh),
    )
}

/// Help's box inside `body`: the width of its text and the most rows that show.
fn help_box(body: Rect) -> (usize, usize) {
    let room = body.width.saturating_sub(2);
    let width = if room < HELP_WIDTH + 8 { room } else { HELP_WIDTH };
    (usize::from(width.saturating_sub(4)).max(1), usize::from(body.height.saturating_sub(2)))
}

/// How far help (or the error log) scrolls in `body`: its lines less the rows that show.
pub fn scroll_limit_in(app: &App, theme: &super::Theme, body: Rect) -> usize {
    match &app.overlay {
        Some(Overlay::Help { .. }) => {
            let (width, rows) = help_box(body);
            help_lines(&plain_view(app, theme), width).len().saturating_sub(rows)
        }
        // The error log stops at its last line (see `error_log`): four lines per error at most.
        Some(Overlay::ErrorLog { .. }) => app.errors.len().saturating_mul(4),
        _ => 0,
    }
}

fn help(frame: &mut Frame, body: Rect, view: &View, scroll: usize) {
    let (width, _) = help_box(body);
    let lines = help_lines(view, width);
    let height = (lines.len() as u16).saturating_add(2);
    let title = format!("Help: {} first", help_mode(view.app).title().to_lowercase());
    let inner = boxed(frame, body, view, clean(&title, usize::from(HELP_WIDTH) - 6), (HELP_WIDTH, height), false);
    if scrolled(frame, inner, lines, scroll) {
        more_below(frame, inner, view);
    }
}

/// A jump candidate as columns: kind, name, id.
fn candidate<'a>(view: &View, found: &Candidate, width: usize) -> Vec<Span<'a>> {
    let (theme, text, target) = (view.theme, found.text.as_str(), &found.target);
    let (kind, id) = match target {
        JumpTarget::Project(id) => ("project", id.as_str()),
        JumpTarget::Branch { branch, .. } => ("branch", branch.as_str()),
        JumpTarget::Database(id) => ("database", id.as_str()),
        JumpTarget::Connection { connection, .. } => ("connection", connection.as_str()),
        JumpTarget::Backup { backup, .. } => ("backup", backup.as_str()),
        JumpTarget::Backups { database } => ("backups", database.as_str()),
    };
    let name = text
        .strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix("  "))
        .and_then(|rest| rest.strip_suffix(id))
        .and_then(|rest| rest.strip_suffix("  "))
        .unwrap_or(text);
    let name = format!("{name}{}", found.parents);
    let mut name_width = width.saturating_sub(12 + 2 + ID_WIDTH).max(12);
    // A backup's time and distance matter more than its id: on a narrow screen the id gives way first.
    if matches!(target, JumpTarget::Backup { .. } | JumpTarget::Backups { .. }) {
        name_width = name_width.max(display_width(&name).min(width.saturating_sub(12 + 2 + 12)));
    }
    let id_width = width.saturating_sub(12 + 2 + name_width).min(ID_WIDTH);
    let name = clean(&name, name_width);
    let filler = pad(display_width(&name), name_width);
    vec![
        Span::styled(format!("{kind:<12}"), theme.muted),
        Span::raw(name),
        Span::raw(format!("{filler}  ")),
        Span::styled(clean(id, id_width), theme.muted),
    ]
}

fn jump_box(frame: &mut Frame, body: Rect, view: &View, jump: &Jump) {
    let theme = view.theme;
    let height = (jump.matches.len() as u16).saturating_add(4).clamp(6, 18);
    // A time typed: wider, for a backup's time and how far it is from the time typed.
    let (title, width) = match jump.span {
        None => ("Jump to a project, branch, database or connection", 84),
        Some(_) => ("Jump to the backup nearest to a time", 100),
    };
    let inner = boxed(frame, body, view, title.to_owned(), (width, height), true);
    if inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let query = clean(&jump.query, width.saturating_sub(3));
    let cursor = display_width(&query) as u16 + 2;
    frame.render_widget(Line::from(vec![Span::styled(": ", theme.key), Span::raw(query)]), inner);
    frame.set_cursor_position(Position::new((inner.x + cursor).min(inner.right().saturating_sub(1)), inner.y));
    let list = Rect { y: inner.y + 2, height: inner.height.saturating_sub(2), ..inner };
    // While the workspace's index is on its way, the line under the query says so (with what Enter does).
    let waiting = view.app.activity.jump_requests.len();
    let lists = 2 - waiting.min(2);
    let status = match (waiting, jump.waiting) {
        (0, _) => jump.time_note(),
        (_, true) => Some(format!("Enter pressed: jumping when the index is here… ({lists} of 2 lists)")),
        (_, false) => jump.time_note().or_else(|| Some(format!("loading the workspace index… ({lists} of 2 lists)"))),
    };
    if let (Some(status), 2..) = (status, inner.height) {
        let status = clean(&status, width);
        frame.render_widget(Line::styled(status, theme.muted), Rect { y: inner.y + 1, height: 1, ..inner });
    }
    if jump.matches.is_empty() {
        let text = match (waiting, jump.query.is_empty()) {
            (1.., _) => "",
            (0, true) => "Nothing loaded yet.",
            (0, false) => "No match.",
        };
        frame.render_widget(Line::styled(text, theme.muted), list);
        return;
    }
    let visible = window(jump.matches.len(), jump.selected, usize::from(list.height));
    for (row, index) in visible.enumerate() {
        let found = &jump.matches[index];
        let chosen = index == jump.selected;
        let mut spans = vec![Span::styled(if chosen { "› " } else { "  " }, theme.key)];
        spans.extend(candidate(view, found, width.saturating_sub(2)));
        let mut line = Line::from(fit(spans, width));
        if chosen {
            line = line.style(selection(theme, true));
            line.spans.iter_mut().for_each(|span| span.style = Style::default());
        }
        frame.render_widget(line, Rect { y: list.y + row as u16, height: 1, ..list });
    }
}

fn copy_menu(frame: &mut Frame, body: Rect, view: &View, menu: &CopyMenu) {
    let theme = view.theme;
    let label_width = menu.items.iter().map(|item| display_width(&item.label)).max().unwrap_or(0).min(28);
    let preview = |item: &crate::app::CopyItem| if item.secret { safe(&mask(&item.text)) } else { safe(&item.text) };
    let widest = menu.items.iter().map(|item| display_width(&preview(item))).max().unwrap_or(0);
    let width = (label_width + widest + 2 + 2 + 4).clamp(64, 100) as u16;
    let inner_width = usize::from(width.min(body.width.saturating_sub(2)).saturating_sub(4));
    let note_lines = menu.note.as_ref().map_or(0, |note| display_width(note).div_ceil(inner_width.max(1)) + 2);
    let secret = menu.items.iter().any(|item| item.secret);
    let height = (menu.items.len() + note_lines + usize::from(secret) * 2 + 2) as u16;
    let inner = boxed(frame, body, view, clean(&menu.title, 60), (width, height), false);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    for (index, item) in menu.items.iter().enumerate() {
        let chosen = index == menu.selected;
        let label = clean(&item.label, label_width);
        let preview = preview(item);
        let spans = vec![
            Span::styled(if chosen { "› " } else { "  " }, theme.key),
            Span::styled(format!("{label}{}  ", pad(display_width(&label), label_width)), theme.heading),
            Span::styled(preview, if item.secret { theme.accent } else { theme.muted }),
        ];
        let mut line = Line::from(fit(spans, width));
        if chosen {
            line.spans.iter_mut().for_each(|span| span.style = Style::default());
            line = line.style(selection(theme, true));
        }
        lines.push(line);
    }
    let list_height = lines.len().min(usize::from(inner.height));
    scrolled(frame, Rect { height: list_height as u16, ..inner }, lines, 0);
    let mut notes = Vec::new();
    if secret {
        notes.push(Line::raw(""));
        notes.push(Line::styled("Secrets are masked here; the clipboard gets the full text.", theme.muted));
    }
    if let Some(note) = &menu.note {
        notes.push(Line::raw(""));
        notes.push(Line::styled(safe(note), theme.text));
    }
    let rest = Rect { y: inner.y + list_height as u16, height: inner.height - list_height as u16, ..inner };
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), rest);
}

/// A view of `app` with nothing of the panes computed: enough for help.
fn plain_view<'a>(app: &'a App, theme: &'a super::Theme) -> View<'a> {
    View {
        app,
        theme,
        rows: Default::default(),
        tree_index: 0,
        node: crate::app::Node::Workspace,
        detail: Vec::new(),
        detail_index: 0,
    }
}

/// The help text's lines as plain strings, `width` columns wide (for tests and docs).
pub fn help_text(app: &App, theme: &super::Theme, width: usize) -> Vec<String> {
    let view = plain_view(app, theme);
    help_lines(&view, width).iter().map(|line| line.spans.iter().map(|span| span.content.as_ref()).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Keymap, Options};

    #[test]
    fn help_lists_every_action_with_the_keys_in_force() {
        let table: toml::Table = toml::from_str("copy = \"c\"\nhelp = [\"?\", \"f1\"]").unwrap();
        let (keymap, _) = Keymap::from_config(&table, None);
        let (app, _) = App::new(Options { keymap, ..Options::default() });
        let text = help_text(&app, &super::super::Theme::plain(), 70);
        let words: Vec<&str> = text.iter().flat_map(|line| line.split_whitespace()).collect();
        let joined = words.join(" ");
        for action in Action::ALL {
            assert!(joined.contains(action.describe()), "{action:?} missing");
        }
        let copy = text.iter().find(|line| line.ends_with(" copy")).unwrap();
        assert!(copy.starts_with("c "), "{copy}");
        assert!(text.iter().any(|line| line.starts_with("? f1 ")), "{text:?}");
        assert!(text.iter().all(|line| display_width(line) <= 70), "{text:?}");
        let (mut read_only, _) = App::new(Options::default());
        read_only.session.badges.read_only = true;
        let text = help_text(&read_only, &super::super::Theme::plain(), 200);
        for action in Action::ALL.into_iter().filter(|action| action.is_mutating()) {
            let line = format!("{} (disabled: read-only)", action.describe());
            assert!(text.iter().any(|l| l.ends_with(&line)), "{action:?} not shown disabled");
        }
    }
}
