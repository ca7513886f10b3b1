//! `t` tests a connection and `p` opens psql: with the strings ppg holds for it, or, when it holds none,
//! through a temporary connection that the user accepts with one key first.
use crossterm::event::KeyEvent;

use super::detail::DetailRow;
use super::keymap::{Action, Mode};
use super::model::{Loadable, Node, Section};
use super::msg::Effect;
use super::overlay::Overlay;
use super::probe::{Check, Offer, PsqlEnded, Purpose, TemporaryEnd, Tested, Via};
use super::{App, Pane, Tone, selection};
use crate::api::Connection;

/// The database (id, name) and the connection `t`/`p` act on, from the selection.
struct Aim {
    database: String,
    database_name: String,
    connection: Option<Connection>,
}

fn aim(app: &App) -> Option<Aim> {
    let node = app.selected_node();
    let row = if app.browse.focus == Pane::Detail { selection::selected_row(app) } else { None };
    let (database, connection) = match (&node, row) {
        (Node::Section(database, Section::Connections), Some(DetailRow::Connection(connection))) => {
            (database.clone(), Some(connection.clone()))
        }
        (_, Some(DetailRow::Database(database))) => (database.id.clone(), None),
        (Node::Database(database) | Node::Section(database, _), _) => (database.clone(), None),
        _ => return None,
    };
    let database_name = app.data.database(&database).map_or_else(|| database.clone(), |found| found.name.clone());
    Some(Aim { database, database_name, connection })
}

/// The connection whose strings ppg holds: the one chosen, or for a database the first of its connections
/// (by name) that ppg holds.
fn held<'a>(app: &'a App, aim: &Aim) -> Option<&'a Connection> {
    let secrets = &app.session.secrets;
    if let Some(connection) = &aim.connection {
        return secrets.get(&connection.id);
    }
    let listed = app.data.connections.get(&aim.database).and_then(Loadable::value);
    let mut candidates: Vec<&Connection> = secrets
        .values()
        .filter(|connection| {
            connection.database.as_ref().is_some_and(|database| database.id == aim.database)
                || listed.is_some_and(|list| list.items.iter().any(|item| item.id == connection.id))
        })
        .collect();
    candidates.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    candidates.into_iter().next()
}

/// `t` or `p` in the browse screen.
pub fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let purpose = if action == Action::Psql { Purpose::Psql } else { Purpose::Test };
    let Some(aim) = aim(app) else {
        app.toast(Tone::Info, format!("select a database or a connection to {} it", purpose.verb()));
        return Vec::new();
    };
    if let Some(connection) = held(app, &aim) {
        let strings = Via::strings_of(connection);
        if !strings.is_empty() {
            let via = Via::Held { connection: connection.name.clone(), strings };
            return start(app, purpose, aim.database, via);
        }
    }
    let connection = aim.connection.map(|connection| connection.name);
    if app.session.badges.read_only {
        let whose = connection.as_deref().unwrap_or(&aim.database_name);
        app.toast(
            Tone::Info,
            format!("read-only mode: ppg holds no password for {whose}, and a temporary connection is a change"),
        );
        return Vec::new();
    }
    let offer = Offer { purpose, database: aim.database, database_name: aim.database_name, connection };
    app.overlay = Some(Overlay::Offer(offer));
    Vec::new()
}

/// Keys of the offer: Enter accepts it, Esc (or back, or quit) closes it.
pub fn on_offer_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // The offer is a dialog: its keys are the dialog mode's (`submit` creates, `cancel` closes).
    match app.session.keymap.action_in(Mode::Dialog, &key) {
        Some(Action::Submit) => match app.overlay.take() {
            Some(Overlay::Offer(offer)) => {
                let via = Via::Temporary { database: offer.database.clone() };
                start(app, offer.purpose, offer.database, via)
            }
            other => {
                app.overlay = other;
                Vec::new()
            }
        },
        Some(Action::Cancel | Action::Back | Action::Quit) => {
            app.overlay = None;
            Vec::new()
        }
        Some(Action::Help) => {
            app.overlay = Some(Overlay::help_over(app.overlay.take()));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn start(app: &mut App, purpose: Purpose, database: String, via: Via) -> Vec<Effect> {
    let name = app.data.database(&database).map_or_else(|| database.clone(), |found| found.name.clone());
    let subject = match &via {
        Via::Held { connection, .. } => connection.clone(),
        Via::Temporary { .. } => format!("{name} through a temporary connection"),
    };
    match purpose {
        Purpose::Test => {
            let request = app.request();
            let check = Check { request, subject: subject.clone(), started: app.now, outcome: None };
            app.session.checks.insert(database.clone(), check);
            app.toast(Tone::Info, format!("testing {subject}…"));
            vec![Effect::Test { request, database, via }]
        }
        Purpose::Psql => {
            app.toast(Tone::Info, format!("opening psql on {subject}…"));
            vec![Effect::Psql { database, via }]
        }
    }
}

/// A test's answer: kept for the database's panes when it answers the latest test there, and said.
pub fn on_tested(app: &mut App, request: super::RequestId, database: &str, tested: Tested) -> Vec<Effect> {
    let Some(check) = app.session.checks.get_mut(database).filter(|check| check.request == request) else {
        return Vec::new();
    };
    if let (Some(TemporaryEnd::Deleted { name }), Some(database)) = (&tested.temporary, app.data.database(database)) {
        check.subject = format!("{} through {name} (deleted)", database.name);
    }
    check.outcome = Some(tested);
    let check = check.clone();
    let mut text = format!("tested {}: {}", check.subject, check.summary());
    if check.failed() {
        text.push_str(" (the pane shows why)");
    }
    let left = check.outcome.as_ref().and_then(|tested| tested.temporary.as_ref()).filter(|end| end.is_left());
    if let Some(end) = left {
        text.push_str(&format!("; {}", end.describe()));
    }
    let tone = if check.failed() || left.is_some() { Tone::Error } else { Tone::Success };
    app.toast(tone, text);
    Vec::new()
}

/// The console is back from psql: say how it ended, and what became of a temporary connection.
pub fn on_psql_ended(app: &mut App, ended: PsqlEnded) -> Vec<Effect> {
    let (mut tone, mut text) = match &ended.exit {
        Ok(exit) => (Tone::Success, format!("psql ended ({exit})")),
        Err(why) => (Tone::Error, why.clone()),
    };
    if let Some(end) = &ended.temporary {
        if end.is_left() {
            tone = Tone::Error;
        }
        text.push_str(&format!("; {}", end.describe()));
    }
    app.toast(tone, text);
    Vec::new()
}
