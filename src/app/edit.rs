//! Keys that change things: `n`, `e`, `d`, `r`, `o`, and the forms, dialogs and secret panel they open.
use crossterm::event::KeyEvent;

use super::changes::Change;
use super::detail::DetailRow;
use super::dialogs::{Confirm, Outcome, RestoreDialog, TypedName};
use super::forms::{Form, FormKind};
use super::keymap::{Action, Mode};
use super::load;
use super::model::{Loadable, Node, Section};
use super::msg::{Effect, EnvRefusal};
use super::overlay::Overlay;
use super::selection;
use super::tree::database_of;
use super::{App, Pane, Tone};
use crate::api::{BackupStatus, Database};

/// What the mutating keys act on: the focused table's row, else the tree's node.
enum Target {
    Project(String),
    Database(String),
    Connection(String),
    Backup {
        database: String,
        backup: String,
    },
    Workspace,
    Branch {
        project: String,
        branch: Option<String>,
    },
    ServiceToken(String),
    /// The Service tokens section itself (its tree row, or its table without a row).
    ServiceTokens,
    /// A row ppg could not read: nothing may be done to it.
    Unreadable(String),
    Other,
}

fn target(app: &App) -> Target {
    let node = app.selected_node();
    if app.browse.focus == Pane::Detail {
        match selection::selected_row(app) {
            Some(DetailRow::Project(project)) => return Target::Project(project.id.clone()),
            Some(DetailRow::Database(database)) => return Target::Database(database.id.clone()),
            Some(DetailRow::Connection(connection)) => return Target::Connection(connection.id.clone()),
            Some(DetailRow::Backup(backup)) => {
                if let Node::Section(database, Section::Backups) = &node {
                    return Target::Backup { database: database.clone(), backup: backup.id.clone() };
                }
            }
            Some(DetailRow::ServiceToken(token)) => return Target::ServiceToken(token.id.clone()),
            Some(DetailRow::Unreadable(item)) => return Target::Unreadable(item.label()),
            None => {}
        }
    }
    match node {
        Node::Workspace => Target::Workspace,
        Node::Project(id) => Target::Project(id),
        Node::Branch { project, branch } => Target::Branch { project, branch },
        Node::Database(id) => Target::Database(id),
        Node::Section(..) => Target::Other,
        Node::ServiceTokens => Target::ServiceTokens,
    }
}

/// `n`, `e`, `d`, `r`, `o`: refused in read-only mode before anything is prepared.
pub fn act(app: &mut App, action: Action) -> Vec<Effect> {
    if app.session.badges.read_only && action.is_mutating() {
        app.toast(Tone::Info, format!("read-only mode: {} is disabled", action.describe()));
        return Vec::new();
    }
    if let (Action::Rename | Action::Delete | Action::Restore | Action::Rotate, Target::Unreadable(label)) =
        (action, target(app))
    {
        app.toast(Tone::Info, format!("ppg cannot read this item ({label}), so it cannot {} it", action.name()));
        return Vec::new();
    }
    match action {
        Action::New => new(app),
        Action::Rename => rename(app),
        Action::Delete => delete(app),
        Action::Restore => restore(app),
        Action::Rotate => rotate(app),
        Action::Reveal | Action::WriteEnv => {
            app.toast(Tone::Info, "that key works in the secret panel, after something was created or rotated");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn new(app: &mut App) -> Vec<Effect> {
    let node = app.selected_node();
    let mut effects = Vec::new();
    let form = match (&node, database_of(&node)) {
        (Node::Workspace, _) => {
            effects.extend(load::regions(app));
            Form::new_project(&app.data)
        }
        (Node::Project(project), _) | (Node::Branch { project, .. }, _) => {
            effects.extend(load::regions(app));
            for database in app.data.databases_of(project).iter().map(|d| d.id.clone()).collect::<Vec<_>>() {
                effects.extend(super::load::ensure(app, &Node::Section(database, Section::Backups)));
            }
            let branch = match &node {
                Node::Branch { branch, .. } => branch.as_deref(),
                _ => None,
            };
            Form::new_database(&app.data, project, branch)
        }
        (Node::ServiceTokens, _) => match super::tokens::new_form(app) {
            Some(form) => form,
            None => return effects,
        },
        (_, Some(database)) => {
            if let Node::Section(_, section @ (Section::Backups | Section::Usage)) = &node {
                let what = section.title().to_lowercase();
                app.toast(Tone::Info, format!("{what} are made by Prisma Postgres: n here creates a connection"));
            }
            Form::new_connection(database, &app.data.database_name(database))
        }
        _ => return effects,
    };
    app.overlay = Some(Overlay::Form(form));
    effects
}

fn rename(app: &mut App) -> Vec<Effect> {
    let form = match target(app) {
        Target::Branch { .. } => {
            app.toast(Tone::Info, "a branch is named after its git branch: it cannot be renamed");
            return Vec::new();
        }
        Target::Project(id) => {
            app.data.project(&id).map(|p| Form::rename(FormKind::RenameProject { id: id.clone() }, &p.name))
        }
        Target::Database(id) => {
            app.data.database(&id).map(|d| Form::rename(FormKind::RenameDatabase { id: id.clone() }, &d.name))
        }
        _ => None,
    };
    match form {
        Some(form) => app.overlay = Some(Overlay::Form(form)),
        None => app.toast(Tone::Info, "select a project or a database to rename"),
    }
    Vec::new()
}

fn confirm(title: String, lines: Vec<String>, verb: &str, require: Option<TypedName>, change: Change) -> Overlay {
    Overlay::Confirm(Box::new(Confirm::new(title, lines, verb, require, change)))
}

/// A name as dialogs show it: escaped, its middle cut when long.
fn shown(name: &str) -> String {
    TypedName::new(name, "").shown
}

fn delete(app: &mut App) -> Vec<Effect> {
    let overlay = match target(app) {
        Target::Project(id) => {
            let Some(project) = app.data.project(&id) else { return Vec::new() };
            let databases: Vec<String> = app.data.databases_of(&id).iter().map(|d| shown(&d.name)).collect();
            let mut lines = vec![format!("Project {} will be deleted.", shown(&project.name))];
            match (databases.len(), app.data.databases.get(&id)) {
                (_, Some(Loadable::Loaded(_))) if databases.is_empty() => lines.push("It has no databases.".into()),
                (0, _) => lines.push("Its databases are not loaded yet: every one of them goes with it.".into()),
                (n, _) => lines
                    .push(format!("Its {n} database(s) go with it, with all their data: {}.", databases.join(", "))),
            }
            let name = TypedName::new(&project.name, &id);
            let title = format!("Delete project {}", name.shown);
            confirm(title, lines, "Delete", Some(name), Change::DeleteProject { id })
        }
        Target::Database(id) => {
            let Some(database) = app.data.database(&id) else { return Vec::new() };
            if database.is_default {
                let text = format!("{} is the default database: delete its project instead", shown(&database.name));
                app.toast(Tone::Error, text);
                return Vec::new();
            }
            let name = TypedName::new(&database.name, &id);
            let lines = vec![
                format!("Database {} and all its data will be deleted.", name.shown),
                format!("Its {} connection(s) stop working.", database.connections.len()),
            ];
            let title = format!("Delete database {}", name.shown);
            confirm(title, lines, "Delete", Some(name), Change::DeleteDatabase { id })
        }
        Target::Branch { project, branch } => {
            if let Some(why) = super::branches::undeletable(&app.data, &project, branch.as_deref()) {
                app.toast(Tone::Error, why);
                return Vec::new();
            }
            let Some(branch) = branch.and_then(|id| app.data.branch(&id)) else { return Vec::new() };
            let name = TypedName::new(branch.name(), &branch.id);
            let lines = vec![format!("Branch {} will be deleted. It holds no databases.", name.shown)];
            let title = format!("Delete branch {}", name.shown);
            let change = Change::DeleteBranch { project, id: branch.id.clone() };
            confirm(title, lines, "Delete", Some(name), change)
        }
        Target::Connection(id) => {
            let Some(connection) = app.data.connection(&id) else { return Vec::new() };
            let name = TypedName::new(&connection.name, &id);
            let lines = vec![format!("Connection {} will be deleted: apps using it lose access.", name.shown)];
            let title = format!("Delete connection {}", name.shown);
            confirm(title, lines, "Delete", Some(name), Change::DeleteConnection { id })
        }
        Target::ServiceToken(id) => match super::tokens::revoke(app, &id) {
            Some(overlay) => overlay,
            None => return Vec::new(),
        },
        Target::ServiceTokens => {
            app.toast(Tone::Info, "select a service token in the table (Tab) to revoke it");
            return Vec::new();
        }
        _ => {
            app.toast(Tone::Info, "select a project, a database or a connection to delete");
            return Vec::new();
        }
    };
    app.overlay = Some(overlay);
    Vec::new()
}

fn rotate(app: &mut App) -> Vec<Effect> {
    let Target::Connection(id) = target(app) else {
        app.toast(Tone::Info, "select a connection (in a database's Connections) to rotate its credentials");
        return Vec::new();
    };
    let Some(connection) = app.data.connection(&id) else { return Vec::new() };
    let name = shown(&connection.name);
    let lines = vec![
        format!("Connection {name} gets new credentials; the current ones stop working."),
        "Every running app that uses it must be updated with the new connection string.".into(),
    ];
    app.overlay = Some(confirm(format!("Rotate {name}"), lines, "Rotate", None, Change::Rotate { id }));
    Vec::new()
}

fn restore(app: &mut App) -> Vec<Effect> {
    let Target::Backup { database, backup } = target(app) else {
        app.toast(Tone::Info, "select a backup (in a database's Backups) to restore it");
        return Vec::new();
    };
    let Some(source) = app.data.database(&database).cloned() else { return Vec::new() };
    let found = app
        .data
        .backups
        .get(&database)
        .and_then(|b| b.value())
        .and_then(|list| list.data.iter().find(|b| b.id == backup));
    let Some(backup) = found.cloned() else { return Vec::new() };
    if backup.status != BackupStatus::Completed {
        app.toast(Tone::Error, format!("this backup is {}: only completed backups can be restored", backup.status));
        return Vec::new();
    }
    let project = source.project.as_ref().map(|p| p.id.clone()).unwrap_or_default();
    let siblings: Vec<&Database> = app.data.databases_of(&project);
    match RestoreDialog::new(backup, source.clone(), &siblings) {
        Some(dialog) => app.overlay = Some(Overlay::Restore(Box::new(RestoreDialog { now: app.now, ..dialog }))),
        None => app.toast(Tone::Error, "the API did not say which project this database belongs to"),
    }
    Vec::new()
}

/// A key inside a form, a dialog or the secret panel, read through its mode's keymap.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let keymap = &app.session.keymap;
    let Some(overlay) = app.overlay.as_mut() else { return Vec::new() };
    let outcome = match overlay {
        Overlay::Form(form) => {
            let press = keymap.press(Mode::Form, key);
            if form.pending.is_some() {
                // Sending: only cancelling is possible (the answer still lands).
                if matches!(press.action, Some(Action::Cancel)) { Outcome::Close } else { Outcome::Stay }
            } else {
                form.key(press)
            }
        }
        Overlay::Confirm(dialog) => dialog.key(keymap.press(Mode::Dialog, key)),
        Overlay::Restore(dialog) => dialog.key(keymap.press(Mode::Dialog, key)),
        Overlay::Secrets(panel) => {
            match keymap.action_in(Mode::Secrets, &key) {
                Some(Action::Cancel | Action::Back | Action::Quit) => return close(app),
                Some(Action::Help) => return help(app),
                Some(Action::Down) => panel.selected = (panel.selected + 1).min(panel.secrets.len().saturating_sub(1)),
                Some(Action::Up) => panel.selected = panel.selected.saturating_sub(1),
                Some(Action::Top) => panel.selected = 0,
                Some(Action::Bottom) => panel.selected = panel.secrets.len().saturating_sub(1),
                Some(Action::Reveal) => panel.revealed = !panel.revealed,
                Some(Action::Copy | Action::Submit | Action::Open) => {
                    if let Some(secret) = panel.secrets.get(panel.selected) {
                        return vec![Effect::Copy { text: secret.text.clone(), label: secret.label.clone() }];
                    }
                }
                Some(Action::WriteEnv) if panel.writes_env() => {
                    return vec![Effect::WriteEnv { lines: panel.env_lines.clone(), force: panel.confirm_unignored }];
                }
                Some(Action::WriteEnv) if panel.minted == super::secrets::Minted::ServiceToken => {
                    panel.note = Some(super::secrets::NO_ENV_FOR_TOKENS.to_owned());
                }
                _ => {}
            }
            Outcome::Stay
        }
        _ => Outcome::Stay,
    };
    match outcome {
        Outcome::Stay => Vec::new(),
        Outcome::Close => close(app),
        Outcome::Help => help(app),
        Outcome::Send(_) if matches!(&app.overlay, Some(Overlay::Confirm(dialog)) if dialog.then.is_some()) => {
            // Asked twice: the second confirmation takes the first one's place; nothing is sent yet.
            if let Some(Overlay::Confirm(dialog)) = &mut app.overlay
                && let Some(mut next) = dialog.then.take()
            {
                // The key that opened the first never confirms the second either.
                next.opener = dialog.opener;
                app.overlay = Some(Overlay::Confirm(next));
            }
            Vec::new()
        }
        Outcome::Send(change) => {
            let form = matches!(app.overlay, Some(Overlay::Form(_)));
            if !form {
                app.overlay = None;
            }
            let effects = super::changed::send(app, change);
            if let (Some(Effect::Change { request, .. }), Some(Overlay::Form(form))) =
                (effects.first(), &mut app.overlay)
            {
                form.pending = Some(*request);
            }
            effects
        }
    }
}

fn help(app: &mut App) -> Vec<Effect> {
    app.overlay = Some(Overlay::help_over(app.overlay.take()));
    Vec::new()
}

fn close(app: &mut App) -> Vec<Effect> {
    app.overlay = None;
    Vec::new()
}

/// The outcome of `w`: written, or `.env` is not ignored by git (ask: `w` again writes anyway).
pub fn on_env_written(app: &mut App, outcome: Result<String, EnvRefusal>) {
    let panel = match &mut app.overlay {
        Some(Overlay::Secrets(panel)) => Some(panel),
        _ => None,
    };
    match outcome {
        Ok(done) => {
            if let Some(panel) = panel {
                panel.note = Some(done.clone());
                panel.confirm_unignored = false;
            }
            app.toast(Tone::Success, done);
        }
        Err(EnvRefusal::NotIgnored) => {
            let text = ".env is not ignored by git, so these secrets could be committed: press w again to write anyway";
            if let Some(panel) = panel {
                panel.note = Some(text.into());
                panel.confirm_unignored = true;
            }
            app.toast(Tone::Error, text);
        }
        Err(EnvRefusal::Failed(why)) => app.toast(Tone::Error, why),
    }
}
