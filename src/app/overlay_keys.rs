//! Keys while an overlay (a box, the copy menu, the jump, help, the error log) or the filter is open, each
//! read through the keymap of the overlay's mode.
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::copy::{CopyItem, MenuAct};
use super::jump::{Jump, JumpTarget};
use super::keymap::{Action, Key, Mode};
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

/// The mode whose keys are in force: the open overlay's, else browsing.
pub fn mode(app: &App) -> Mode {
    overlay_mode(app.overlay.as_ref())
}

fn overlay_mode(overlay: Option<&Overlay>) -> Mode {
    match overlay {
        None => Mode::Browse,
        Some(Overlay::Help { .. } | Overlay::ErrorLog { .. }) => Mode::Help,
        Some(Overlay::Jump(_)) => Mode::Jump,
        Some(Overlay::Copy(_)) => Mode::CopyMenu,
        Some(Overlay::Form(_)) => Mode::Form,
        Some(Overlay::Confirm(_) | Overlay::Restore(_) | Overlay::Offer(_)) => Mode::Dialog,
        Some(Overlay::Secrets(_)) => Mode::Secrets,
    }
}

/// The mode help was opened from (its keys come first), whatever it covers.
pub fn help_mode(app: &App) -> Mode {
    match &app.overlay {
        Some(Overlay::Help { beneath, .. }) => overlay_mode(beneath.as_deref()),
        other => overlay_mode(other.as_ref()),
    }
}

/// Opens help over whatever is open; closing it goes back there.
pub fn open_help(app: &mut App) -> Vec<Effect> {
    app.overlay = Some(Overlay::help_over(app.overlay.take()));
    Vec::new()
}

/// Moves a scroll or a selection by `action` within `0..=last`; `page` rows at a time for page keys.
fn moved(at: usize, action: Action, last: usize, page: usize) -> usize {
    match action {
        Action::Down => at.saturating_add(1).min(last),
        Action::Up => at.min(last).saturating_sub(1),
        Action::PageDown => at.saturating_add(page).min(last),
        Action::PageUp => at.min(last).saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => at.min(last),
    }
}

pub fn on_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let mode = mode(app);
    let action = app.session.keymap.action_in(mode, &key);
    let page = usize::from(app.size.1.saturating_sub(8).max(1));
    let scroll_limit = (app.scroll_limit)(app);
    let Some(overlay) = app.overlay.as_mut() else { return Vec::new() };
    match overlay {
        Overlay::Form(_) | Overlay::Confirm(_) | Overlay::Restore(_) | Overlay::Secrets(_) => {
            return edit::on_key(app, key);
        }
        Overlay::Offer(_) => return connect::on_offer_key(app, key),
        Overlay::Help { scroll, beneath } => match action {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Help | Action::ErrorLog) => {
                app.overlay = beneath.take().map(|beneath| *beneath);
            }
            Some(action) => *scroll = moved(*scroll, action, scroll_limit, page),
            None => {}
        },
        Overlay::ErrorLog { scroll } => match action {
            Some(Action::Cancel | Action::Back | Action::Quit | Action::Help | Action::ErrorLog) => app.overlay = None,
            Some(action) => *scroll = moved(*scroll, action, scroll_limit, page),
            None => {}
        },
        Overlay::Copy(menu) => match action {
            Some(Action::Cancel | Action::Back | Action::Quit) => app.overlay = None,
            Some(Action::Help) => return open_help(app),
            Some(Action::Copy | Action::Submit | Action::Open) => {
                let chosen = menu.items.get(menu.selected).cloned();
                app.overlay = None;
                let effects = match chosen {
                    // The menu was opened on the selected connection: the dialogs act on it as `n` and `o` do.
                    Some(CopyItem { act: Some(MenuAct::NewConnection), .. }) => edit::act(app, Action::New),
                    Some(CopyItem { act: Some(MenuAct::Rotate), .. }) => edit::act(app, Action::Rotate),
                    Some(item) => vec![Effect::Copy { text: item.text, label: item.label }],
                    None => Vec::new(),
                };
                if let Some(overlay) = app.overlay.as_mut() {
                    overlay.opened_by(Key::from_event(&key));
                }
                return effects;
            }
            Some(action) => menu.selected = moved(menu.selected, action, menu.items.len().saturating_sub(1), page),
            None => {}
        },
        Overlay::Jump(jump) => {
            let press = app.session.keymap.press(Mode::Jump, key);
            match if press.is_text() { None } else { press.action } {
                Some(Action::Cancel) => app.overlay = None,
                Some(Action::Help) => return open_help(app),
                // Before the whole index is here, Enter waits for it (`after::after_data` jumps then).
                Some(Action::Submit) if !app.activity.jump_requests.is_empty() => jump.waiting = true,
                Some(Action::Submit) => return jump_to_selected(app),
                Some(
                    action @ (Action::Down
                    | Action::Up
                    | Action::PageDown
                    | Action::PageUp
                    | Action::Top
                    | Action::Bottom),
                ) => {
                    jump.selected = moved(jump.selected, action, jump.matches.len().saturating_sub(1), page);
                }
                _ => match key.code {
                    KeyCode::Backspace => {
                        jump.query.pop();
                        jump.selected = 0;
                        refresh_jump(app);
                    }
                    KeyCode::Char(c) if press.is_text() => {
                        jump.query.push(c);
                        jump.selected = 0;
                        refresh_jump(app);
                    }
                    _ => {}
                },
            }
        }
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
