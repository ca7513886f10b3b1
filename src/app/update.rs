//! `update`: keys and answers in, state changed, effects out.
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::detail::{self, DetailRow};
use super::keymap::Action;
use super::load::{self, ensure};
use super::model::{Node, Section};
use super::msg::{CopiedTo, Effect, Msg, Reply};
use super::overlay::{Filter, Overlay};
use super::tree::{self, database_of};
use super::usage::CHART_DAYS;
use super::{App, Pane, Screen, Tone};
use super::{after, changed, connect, copy, edit, overlay_keys, polling, replies, selection, usage};

/// The app's one entry point: every message goes through here.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
        Msg::Key(key) => on_key(app, key),
        Msg::Mouse(_) if app.too_small() => Vec::new(),
        Msg::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => act(app, Action::Down),
            MouseEventKind::ScrollUp => act(app, Action::Up),
            _ => Vec::new(),
        },
        Msg::SelectRow(index) if app.overlay.is_none() && index < app.rows().len() => {
            app.browse.focus = Pane::Tree;
            let rows = app.rows();
            match selection::select_row(app, &rows, index) {
                Some(node) => ensure(app, &node),
                None => Vec::new(),
            }
        }
        Msg::SelectRow(_) => Vec::new(),
        Msg::Resize(width, height) => {
            app.size = (width, height);
            Vec::new()
        }
        Msg::AutoRefresh if app.screen == Screen::Browse && app.overlay.is_none() && !app.is_loading() => {
            let node = app.selected_node();
            load::refresh(app, &node)
        }
        Msg::AutoRefresh => Vec::new(),
        Msg::Tick => {
            app.activity.spinner = app.activity.spinner.wrapping_add(1);
            Vec::new()
        }
        Msg::Reply { request, reply } => {
            let mut effects = match *reply {
                Reply::Changed { change, result } => changed::on_changed(app, request, change, result),
                Reply::Database { database, result } => polling::on_poll(app, request, database, result),
                reply => replies::on_reply(app, request, reply),
            };
            effects.extend(after::after_data(app));
            effects
        }
        Msg::Copied { label, outcome } => {
            match outcome {
                Ok(copied_to) => app.toast(Tone::Success, copied_to.toast(&label)),
                Err(why) => app.toast(Tone::Error, format!("could not copy {label}: {why}")),
            }
            Vec::new()
        }
        Msg::ClearClipboard => vec![Effect::ClearClipboard],
        Msg::ToastExpired => {
            app.toast = None;
            Vec::new()
        }
        Msg::ClipboardCleared(outcome) => {
            match outcome {
                Ok(CopiedTo::Terminal) => app.toast(Tone::Info, "asked your terminal to empty its clipboard (OSC 52)"),
                Ok(CopiedTo::Tmux { .. }) => {
                    app.toast(Tone::Info, "clipboard cleared (tmux's buffer now holds a blank)")
                }
                Ok(CopiedTo::System) => app.toast(Tone::Info, "clipboard cleared (system clipboard)"),
                Err(why) => app.toast(Tone::Error, format!("could not clear the clipboard: {why}")),
            }
            Vec::new()
        }
        Msg::Connected(badges) => {
            app.session.badges = badges;
            app.activity.retrying = None;
            app.screen = Screen::Browse;
            app.overlay = None;
            app.browse.filter = None;
            let name = app.session.badges.profile.clone().unwrap_or_else(|| "the demo".into());
            app.toast(Tone::Info, format!("connected to {name}"));
            app.start_loading()
        }
        Msg::ConnectFailed(why) => {
            app.toast(Tone::Error, why);
            Vec::new()
        }
        Msg::Progress(progress) => app.on_progress(&progress),
        Msg::Tested { request, database, tested } => connect::on_tested(app, request, &database, tested),
        Msg::PsqlEnded(ended) => connect::on_psql_ended(app, ended),
        Msg::EnvWritten(outcome) => {
            edit::on_env_written(app, outcome);
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return vec![Effect::Quit];
    }
    if app.too_small() {
        // Nothing shows what a key would act on: only quitting works until the window is larger.
        let quit = key.code == KeyCode::Char('q') || app.session.keymap.action(&key) == Some(Action::Quit);
        return if quit { vec![Effect::Quit] } else { Vec::new() };
    }
    if app.overlay.is_some() {
        return overlay_keys::on_overlay_key(app, key);
    }
    if app.browse.filter.as_ref().is_some_and(|filter| filter.editing) {
        return overlay_keys::on_filter_key(app, key);
    }
    if app.screen != Screen::Browse {
        return match (key.code, app.session.keymap.action(&key)) {
            (KeyCode::Char('d'), _) => vec![Effect::StartDemo],
            (_, Some(Action::Quit)) => vec![Effect::Quit],
            (_, Some(Action::Help)) => act(app, Action::Help),
            _ => Vec::new(),
        };
    }
    if usage::chart_focused(app) && key.modifiers.is_empty() {
        // On the usage chart the arrows move its cursor a day; h, l, Esc and Enter keep their meaning.
        let days = match key.code {
            KeyCode::Left => Some(-1),
            KeyCode::Right => Some(1),
            _ => None,
        };
        if let Some(days) = days {
            usage::move_cursor(app, days);
            return Vec::new();
        }
    }
    let Some(action) = app.session.keymap.action(&key) else { return Vec::new() };
    let effects = act(app, action);
    if let Some(overlay) = app.overlay.as_mut() {
        overlay.opened_by(super::keymap::Key::from_event(&key));
    }
    effects
}

/// What an action does in the browse screen.
fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -page(app)),
        Action::PageDown => move_by(app, page(app)),
        Action::Top | Action::Bottom if usage::chart_focused(app) => {
            usage::move_cursor(app, if action == Action::Top { -CHART_DAYS } else { CHART_DAYS });
            Vec::new()
        }
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::Open => open(app),
        Action::Back => back(app),
        Action::SwitchPane => {
            let has_table = focusable(app, &app.selected_node());
            app.browse.focus = match app.browse.focus {
                Pane::Tree if has_table => Pane::Detail,
                _ => Pane::Tree,
            };
            Vec::new()
        }
        Action::Connections => open_section(app, Section::Connections),
        Action::Backups => open_section(app, Section::Backups),
        Action::Usage => open_section(app, Section::Usage),
        Action::Filter => {
            // A new filter replaces the old one: what it showed may come back.
            app.browse.filter = Some(Filter::new(app.browse.focus));
            load::follow_selection(app)
        }
        Action::Jump => overlay_keys::open_jump(app),
        Action::Help => overlay_keys::open_help(app),
        Action::ErrorLog => {
            app.overlay = Some(Overlay::ErrorLog { scroll: 0 });
            Vec::new()
        }
        Action::Refresh => {
            let node = app.selected_node();
            if let Node::Project(project) = &node {
                usage::forget_project(app, project);
            }
            load::refresh(app, &node)
        }
        Action::Copy => copy_selected(app),
        Action::SwitchProfile => switch_profile(app),
        Action::New | Action::Rename | Action::Delete | Action::Restore | Action::Rotate => edit::act(app, action),
        Action::Reveal | Action::WriteEnv => edit::act(app, action),
        Action::Test | Action::Psql => connect::act(app, action),
        // Keys of forms and dialogs, bound in the browse map only by a config: nothing to do here.
        Action::NextField
        | Action::PreviousField
        | Action::ChoosePrevious
        | Action::ChooseNext
        | Action::Submit
        | Action::Confirm
        | Action::Cancel => Vec::new(),
        Action::Quit => vec![Effect::Quit],
    }
}

/// Whether the right pane can take the keyboard on `node`: a table with rows, or the usage chart's cursor.
fn focusable(app: &App, node: &Node) -> bool {
    matches!(node, Node::Section(_, Section::Usage)) || !detail::rows(app, node).is_empty()
}

fn page(app: &App) -> isize {
    isize::from(app.size.1.saturating_sub(8).max(1) as i16)
}

/// Moves the focused pane's selection, then loads what the new selection shows.
fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
    match selection::move_by(app, delta) {
        Some(node) => ensure(app, &node),
        None => Vec::new(),
    }
}

/// Expands the selected node (loading its children), or steps into it when already open.
fn open(app: &mut App) -> Vec<Effect> {
    if app.browse.focus == Pane::Detail {
        return open_detail_row(app);
    }
    let node = app.selected_node();
    match &node {
        Node::Section(..) | Node::ServiceTokens => {
            if focusable(app, &node) {
                app.browse.focus = Pane::Detail;
            }
            ensure(app, &node)
        }
        _ if app.browse.expanded.contains(&node) => move_by(app, 1),
        _ => {
            app.browse.expanded.insert(node.clone());
            ensure(app, &node)
        }
    }
}

/// Enter on a row of the right pane: the row's node in the tree (a project, a database) or the copy menu.
fn open_detail_row(app: &mut App) -> Vec<Effect> {
    let target = match selection::selected_row(app) {
        Some(DetailRow::Project(project)) => Node::Project(project.id.clone()),
        Some(DetailRow::Database(database)) => Node::Database(database.id.clone()),
        Some(DetailRow::Connection(_)) => return copy_selected(app),
        Some(DetailRow::Unreadable(item)) => {
            let why = format!("{}: {} (! shows the message log)", item.label(), item.reason);
            app.toast(Tone::Error, why);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    load::reveal(app, &target)
}

/// Collapses the selected node, or goes to its parent; from the right pane, back to the tree.
fn back(app: &mut App) -> Vec<Effect> {
    if app.browse.focus == Pane::Detail {
        app.browse.focus = Pane::Tree;
        return Vec::new();
    }
    if app.browse.filter.is_some() {
        app.browse.filter = None;
        load::follow_selection(app);
        return Vec::new();
    }
    let node = app.selected_node();
    if app.browse.expanded.remove(&node) {
        load::follow_selection(app);
        return Vec::new();
    }
    if let Some(parent) = tree::parent(app, &node) {
        selection::select_visible(app, &parent);
    }
    Vec::new()
}

/// `1`–`3`: the section of the database the selection is in.
fn open_section(app: &mut App, section: Section) -> Vec<Effect> {
    let node = app.selected_node();
    let Some(database) = database_of(&node).map(str::to_owned) else {
        app.toast(Tone::Info, format!("select a database first to see its {}", section.title().to_lowercase()));
        return Vec::new();
    };
    load::reveal(app, &Node::Section(database, section))
}

/// `y`: the copy menu on a connection; elsewhere the id of what is selected.
fn copy_selected(app: &mut App) -> Vec<Effect> {
    let focused_row = if app.browse.focus == Pane::Detail { selection::selected_row(app) } else { None };
    let (label, id) = match focused_row {
        Some(DetailRow::Connection(connection)) => {
            let menu = copy::menu(connection, app.session.secrets.get(&connection.id));
            app.overlay = Some(Overlay::Copy(menu));
            return Vec::new();
        }
        Some(DetailRow::Unreadable(item)) => ("its JSON as sent".to_owned(), item.raw.get().to_owned()),
        Some(row) => ("id".to_owned(), row.id().to_owned()),
        None => match app.selected_node() {
            Node::Workspace => match app.data.me.value().and_then(|me| me.workspace.as_ref()) {
                Some(workspace) => ("workspace id".to_owned(), workspace.id.clone()),
                None => return Vec::new(),
            },
            Node::Project(id) => ("project id".to_owned(), id),
            Node::Branch { branch: Some(id), .. } => ("branch id".to_owned(), id),
            Node::Branch { branch: None, .. } => {
                app.toast(Tone::Info, "unassigned is not a branch: it has no id to copy");
                return Vec::new();
            }
            Node::Database(id) | Node::Section(id, _) => ("database id".to_owned(), id),
            Node::ServiceTokens => {
                app.toast(Tone::Info, "select a service token in the table (Tab) to copy its id");
                return Vec::new();
            }
        },
    };
    vec![Effect::Copy { text: id, label }]
}

fn switch_profile(app: &mut App) -> Vec<Effect> {
    if app.session.profiles.len() < 2 {
        app.toast(Tone::Info, "the config file names fewer than two profiles: nothing to switch to");
        return Vec::new();
    }
    let current =
        app.session.badges.profile.as_ref().and_then(|name| app.session.profiles.iter().position(|p| p == name));
    let next = current.map_or(0, |index| (index + 1) % app.session.profiles.len());
    vec![Effect::SwitchProfile(app.session.profiles[next].clone())]
}
