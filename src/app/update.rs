//! `update`: keys and answers in, state changed, effects out.
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};
use tui_input::backend::crossterm::EventHandler;

use super::detail::{self, DetailRow};
use super::jump::{Jump, JumpTarget};
use super::keymap::Action;
use super::load::{self, ensure};
use super::model::{Node, RowKey, Section};
use super::msg::{Effect, Fetch, Msg, Reply};
use super::overlay::{Filter, Overlay};
use super::tree::{self, database_of};
use super::{App, Pane, Screen, Tone};
use super::{after, changed, copy, edit, polling, replies, selection};

/// The app's one entry point: every message goes through here.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
        Msg::Key(key) => on_key(app, key),
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
                Ok(path) => app.toast(Tone::Success, format!("copied {label} ({path})")),
                Err(why) => app.toast(Tone::Error, format!("could not copy {label}: {why}")),
            }
            Vec::new()
        }
        Msg::ClearClipboard => vec![Effect::ClearClipboard],
        Msg::ClipboardCleared(outcome) => {
            match outcome {
                Ok(path) => app.toast(Tone::Info, format!("clipboard cleared ({path})")),
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
    if app.overlay.is_some() {
        return on_overlay_key(app, key);
    }
    if app.browse.filter.as_ref().is_some_and(|filter| filter.editing) {
        return on_filter_key(app, key);
    }
    if app.screen != Screen::Browse {
        return match (key.code, app.session.keymap.action(&key)) {
            (KeyCode::Char('d'), _) => vec![Effect::StartDemo],
            (_, Some(Action::Quit)) => vec![Effect::Quit],
            (_, Some(Action::Help)) => act(app, Action::Help),
            _ => Vec::new(),
        };
    }
    match app.session.keymap.action(&key) {
        Some(action) => act(app, action),
        None => Vec::new(),
    }
}

/// What an action does in the browse screen.
fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -page(app)),
        Action::PageDown => move_by(app, page(app)),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::Open => open(app),
        Action::Back => back(app),
        Action::SwitchPane => {
            let has_table = !detail::rows(app, &app.selected_node()).is_empty();
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
        Action::Jump => open_jump(app),
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::ErrorLog => {
            app.overlay = Some(Overlay::ErrorLog { scroll: 0 });
            Vec::new()
        }
        Action::Refresh => {
            let node = app.selected_node();
            load::refresh(app, &node)
        }
        Action::Copy => copy_selected(app),
        Action::SwitchProfile => switch_profile(app),
        Action::New | Action::Rename | Action::Delete | Action::Restore | Action::Rotate => edit::act(app, action),
        Action::Reveal | Action::WriteEnv => edit::act(app, action),
        Action::Quit => vec![Effect::Quit],
    }
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
        Node::Section(..) => {
            if !detail::rows(app, &node).is_empty() {
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
            let why = format!("{}: {} (! shows the error log)", item.label(), item.reason);
            app.toast(Tone::Error, why);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    reveal(app, &target)
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
    reveal(app, &Node::Section(database, section))
}

/// Expands every ancestor of `node`, selects it, and loads what it shows.
fn reveal(app: &mut App, node: &Node) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut ancestors = Vec::new();
    let mut current = tree::parent(app, node);
    while let Some(parent) = current {
        current = tree::parent(app, &parent);
        ancestors.push(parent);
    }
    for ancestor in ancestors.iter().rev() {
        app.browse.expanded.insert(ancestor.clone());
        effects.extend(ensure(app, ancestor));
    }
    app.browse.filter = None;
    app.browse.focus = Pane::Tree;
    selection::select_visible(app, node);
    effects.extend(ensure(app, node));
    effects
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
            Node::Database(id) | Node::Section(id, _) => ("database id".to_owned(), id),
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

fn open_jump(app: &mut App) -> Vec<Effect> {
    app.overlay = Some(Overlay::Jump(Jump::default()));
    refresh_jump(app);
    let mut effects = Vec::new();
    for fetch in [Fetch::AllDatabases, Fetch::AllConnections] {
        let request = app.request();
        app.activity.jump_requests.insert(request);
        effects.push(Effect::Fetch { request, fetch });
    }
    effects
}

/// Recomputes the jump results after the query changed.
fn refresh_jump(app: &mut App) {
    if let Some(Overlay::Jump(jump)) = &mut app.overlay {
        jump.refresh(&app.data);
    }
}

fn on_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let action = app.session.keymap.action(&key);
    let Some(overlay) = app.overlay.as_mut() else { return Vec::new() };
    match overlay {
        Overlay::Form(_) | Overlay::Confirm(_) | Overlay::Restore(_) | Overlay::Secrets(_) => {
            return edit::on_key(app, key);
        }
        Overlay::Help { scroll } | Overlay::ErrorLog { scroll } => match (key.code, action) {
            (KeyCode::Esc, _) | (_, Some(Action::Quit | Action::Back | Action::Help | Action::ErrorLog)) => {
                app.overlay = None;
            }
            (_, Some(Action::Down)) => *scroll += 1,
            (_, Some(Action::Up)) => *scroll = scroll.saturating_sub(1),
            (_, Some(Action::Top)) => *scroll = 0,
            _ => {}
        },
        Overlay::Copy(menu) => match (key.code, action) {
            (KeyCode::Esc, _) | (_, Some(Action::Back | Action::Quit)) => app.overlay = None,
            (KeyCode::Down, _) | (_, Some(Action::Down)) => {
                menu.selected = (menu.selected + 1).min(menu.items.len().saturating_sub(1));
            }
            (KeyCode::Up, _) | (_, Some(Action::Up)) => menu.selected = menu.selected.saturating_sub(1),
            (KeyCode::Enter, _) | (_, Some(Action::Copy | Action::Open)) => {
                let chosen = menu.items.get(menu.selected).cloned();
                app.overlay = None;
                if let Some(item) = chosen {
                    return vec![Effect::Copy { text: item.text, label: item.label }];
                }
            }
            _ => {}
        },
        Overlay::Jump(jump) => match key.code {
            KeyCode::Esc => app.overlay = None,
            KeyCode::Down | KeyCode::Tab => {
                jump.selected = (jump.selected + 1).min(jump.matches.len().saturating_sub(1))
            }
            KeyCode::Up | KeyCode::BackTab => jump.selected = jump.selected.saturating_sub(1),
            KeyCode::Enter => {
                let target = jump.matches.get(jump.selected).map(|candidate| candidate.target.clone());
                app.overlay = None;
                return target.map(|target| land(app, target)).unwrap_or_default();
            }
            KeyCode::Backspace => {
                jump.query.pop();
                jump.selected = 0;
                refresh_jump(app);
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                jump.query.push(c);
                jump.selected = 0;
                refresh_jump(app);
            }
            _ => {}
        },
    }
    Vec::new()
}

/// Goes where a jump points: the node, and for a connection its row in the Connections table.
fn land(app: &mut App, target: JumpTarget) -> Vec<Effect> {
    match target {
        JumpTarget::Project(id) => reveal(app, &Node::Project(id)),
        JumpTarget::Database(id) => reveal(app, &Node::Database(id)),
        JumpTarget::Connection { database, connection } => {
            let node = Node::Section(database, Section::Connections);
            let effects = reveal(app, &node);
            if detail::rows(app, &node).iter().any(|row| row.id() == connection) {
                app.browse.focus = Pane::Detail;
                app.browse.detail_selected = Some(RowKey::Id(connection));
                load::follow_selection(app);
            }
            effects
        }
    }
}

fn on_filter_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(filter) = app.browse.filter.as_mut() else { return Vec::new() };
    let pane = filter.pane;
    match key.code {
        KeyCode::Esc => app.browse.filter = None,
        KeyCode::Enter => filter.editing = false,
        _ => {
            filter.input.handle_event(&Event::Key(key));
        }
    }
    // The selections stay on their items; one the filter hides shows on its nearest visible row.
    load::follow_selection(app);
    if pane != Pane::Tree {
        return Vec::new();
    }
    ensure(app, &Node::Workspace)
}
