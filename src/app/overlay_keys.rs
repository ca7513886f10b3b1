//! Keys while an overlay (a box, the copy menu, the jump, help, the error log) or the filter is open.
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::copy::{CopyItem, MenuAct};
use super::jump::{Jump, JumpTarget};
use super::keymap::Action;
use super::load::{self, ensure, reveal};
use super::model::{Node, RowKey, Section};
use super::msg::{Effect, Fetch};
use super::overlay::Overlay;
use super::{App, Pane, connect, detail, edit};

pub fn open_jump(app: &mut App) -> Vec<Effect> {
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

pub fn on_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let action = app.session.keymap.action(&key);
    let Some(overlay) = app.overlay.as_mut() else { return Vec::new() };
    match overlay {
        Overlay::Form(_) | Overlay::Confirm(_) | Overlay::Restore(_) | Overlay::Secrets(_) => {
            return edit::on_key(app, key);
        }
        Overlay::Offer(_) => return connect::on_offer_key(app, key),
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
                match chosen {
                    // The menu was opened on the selected connection: the dialogs act on it as `n` and `o` do.
                    Some(CopyItem { act: Some(MenuAct::NewConnection), .. }) => return edit::act(app, Action::New),
                    Some(CopyItem { act: Some(MenuAct::Rotate), .. }) => return edit::act(app, Action::Rotate),
                    Some(item) => return vec![Effect::Copy { text: item.text, label: item.label }],
                    None => {}
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
            // Before the whole index is here, Enter waits for it (`after::after_data` jumps then).
            KeyCode::Enter if !app.activity.jump_requests.is_empty() => jump.waiting = true,
            KeyCode::Enter => return jump_to_selected(app),
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

/// Closes the jump and goes to its selected result, or says that nothing matched.
pub fn jump_to_selected(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Jump(jump)) = app.overlay.take() else { return Vec::new() };
    match jump.matches.get(jump.selected) {
        Some(candidate) => land(app, candidate.target.clone()),
        None => {
            app.toast(super::Tone::Info, format!("nothing matched {}", jump.query));
            Vec::new()
        }
    }
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

pub fn on_filter_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
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
