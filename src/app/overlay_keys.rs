//! Keys while an overlay (a box, the copy menu, the jump, help, the error log) or the filter is open, each
//! read through the keymap of the overlay's mode.
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::copy::{CopyItem, MenuAct};
use super::jump::{Jump, JumpTarget};
use super::keymap::{Action, Key, Mode};
use super::load::{self, When, ensure, reveal};
use super::model::{Loadable, Node, RowKey, Section, keeps_no_backups};
use super::msg::{Effect, Fetch};
use super::overlay::Overlay;
use super::{App, Pane, connect, detail, edit, tree};

pub fn open_jump(app: &mut App) -> Vec<Effect> {
    let in_view = tree::database_of(&app.selected_node()).map(str::to_owned);
    app.overlay = Some(Overlay::Jump(Jump::new(in_view)));
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
        jump.refresh(&app.data, app.now);
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
                // Before the whole index is here, Enter waits for it (`after::after_data` jumps then); a
                // backup, found without the index, is gone to at once.
                Some(Action::Submit) if !app.activity.jump_requests.is_empty() && !on_backups(jump) => {
                    jump.waiting = true;
                }
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
                        jump.loading = None;
                        refresh_jump(app);
                    }
                    KeyCode::Char(c) if press.is_text() => {
                        jump.query.push(c);
                        jump.selected = 0;
                        jump.loading = None;
                        refresh_jump(app);
                    }
                    _ => {}
                },
            }
        }
    }
    Vec::new()
}

/// Whether the jump's selected result is a backup (or a database's backups), found by a time.
fn on_backups(jump: &Jump) -> bool {
    let selected = jump.matches.get(jump.selected).map(|candidate| &candidate.target);
    matches!(selected, Some(JumpTarget::Backup { .. } | JumpTarget::Backups { .. }))
}

/// Closes the jump and goes to its selected result, or says that nothing matched. A database's backups not
/// loaded yet are loaded first, the jump kept open until they are here (`land_when_loaded`).
pub fn jump_to_selected(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Jump(mut jump)) = app.overlay.take() else { return Vec::new() };
    match jump.matches.get(jump.selected).map(|candidate| candidate.target.clone()) {
        Some(JumpTarget::Backups { database }) if !backups_listed(app, &database) => {
            let effect = load::load(app, Fetch::Backups { database: database.clone() }, When::MissingOrFailed);
            let request = match app.data.backups.get(&database) {
                Some(Loadable::Loading { request, .. }) => Some(*request),
                _ => None,
            };
            jump.loading = request.map(|request| (database, request));
            jump.waiting = false;
            jump.refresh(&app.data, app.now);
            app.overlay = Some(Overlay::Jump(jump));
            effect.into_iter().collect()
        }
        Some(target) => land(app, target),
        None => {
            app.toast(super::Tone::Info, format!("nothing matched {}", jump.query));
            Vec::new()
        }
    }
}

/// Whether `database`'s backups are here (listed, whatever is on its way).
/// Whether the database's backups are known: listed, or refused for a remote database (422), which reading
/// again does not change.
fn backups_listed(app: &App, database: &str) -> bool {
    app.data.backups.get(database).is_some_and(|backups| backups.value().is_some() || keeps_no_backups(backups))
}

/// After an answer, while Enter waits for a database's backups: when the request the jump waits for has
/// been answered, lands on that database's nearest backup (or its Backups section when none is completed);
/// a read that failed ends the wait (the result then offers to try again). The wait belongs to this jump:
/// closing it (or typing) forgets it, so a late answer never moves a selection made since.
pub fn land_when_loaded(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Jump(jump)) = &mut app.overlay else { return Vec::new() };
    let Some((database, request)) = jump.loading.clone() else { return Vec::new() };
    match app.data.backups.get(&database) {
        Some(slot) if slot.awaits(request) => Vec::new(),
        // A newer read of the same list (a refresh) took its place: wait for that one.
        Some(Loadable::Loading { request, .. }) => {
            jump.loading = Some((database, *request));
            Vec::new()
        }
        Some(Loadable::Loaded(_)) => {
            let target = jump.matches.iter().map(|candidate| &candidate.target).find(|target| match target {
                JumpTarget::Backup { database: of, .. } | JumpTarget::Backups { database: of } => *of == database,
                _ => false,
            });
            let target = target.cloned().unwrap_or(JumpTarget::Backups { database });
            app.overlay = None;
            land(app, target)
        }
        _ => {
            jump.loading = None;
            Vec::new()
        }
    }
}

/// Goes where a jump points: the node, and for a connection its row in the Connections table.
fn land(app: &mut App, target: JumpTarget) -> Vec<Effect> {
    match target {
        JumpTarget::Project(id) => reveal(app, &Node::Project(id)),
        JumpTarget::Branch { project, branch } => reveal(app, &Node::Branch { project, branch: Some(branch) }),
        JumpTarget::Database(id) => reveal(app, &Node::Database(id)),
        JumpTarget::Connection { database, connection } => {
            land_on_row(app, Node::Section(database, Section::Connections), connection)
        }
        JumpTarget::Backup { database, backup } => land_on_row(app, Node::Section(database, Section::Backups), backup),
        JumpTarget::Backups { database } => reveal(app, &Node::Section(database, Section::Backups)),
    }
}

/// Reveals `node` and selects its table's row `id` (the right pane then has the keyboard).
fn land_on_row(app: &mut App, node: Node, id: String) -> Vec<Effect> {
    let effects = reveal(app, &node);
    if detail::rows(app, &node).iter().any(|row| row.id() == id) {
        app.browse.focus = Pane::Detail;
        app.browse.detail_selected = Some(RowKey::Id(id));
        load::follow_selection(app);
    }
    effects
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
