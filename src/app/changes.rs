//! Changes sent from the TUI and what comes back: secrets kept and shown, lists refreshed, lost answers settled.
use super::model::{Loadable, Node, RequestId, Section};
use super::msg::{Effect, Fetch};
use super::overlay::Overlay;
use super::replies::{refresh, start_polling};
use super::secrets::SecretPanel;
use super::{App, Tone};
use crate::api::{Connection, CreatedProject, Database, DatabaseSource, Error};

/// A change to the workspace. Only `update` makes them, and never in read-only mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    CreateProject { name: String, region: Option<String>, create_database: bool },
    CreateDatabase { project: String, name: String, region: Option<String>, source: Option<DatabaseSource> },
    CreateConnection { database: String, name: String },
    RenameProject { id: String, name: String },
    RenameDatabase { id: String, name: String },
    DeleteProject { id: String },
    DeleteDatabase { id: String },
    DeleteConnection { id: String },
    Rotate { id: String },
    Restore { target: String, source_database: String, backup: String },
}

/// What a change answered.
#[derive(Debug, Clone)]
pub enum Changed {
    Project(Box<CreatedProject>),
    Database(Box<Database>),
    Connection(Box<Connection>),
    Done,
}

/// A change whose answer was lost, settled by looking at `list` once it is back.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCheck {
    pub list: Node,
    pub lost: Lost,
}

/// What to look for in the list.
#[derive(Debug, Clone, PartialEq)]
pub enum Lost {
    /// A new item named `name` that was not among `before`.
    Create { before: Vec<String>, name: String, kind: &'static str },
    /// Whether `id` is gone.
    Delete { id: String, kind: &'static str },
    /// Whether `id` now has `name`.
    Rename { id: String, name: String },
    /// Whether `target` is recovering.
    Restore { target: String },
}

impl Change {
    /// The list that shows what this change touches, refreshed after it.
    fn list(&self, app: &App) -> Option<Node> {
        let project_of = |database: &str| {
            app.data.database(database).and_then(|d| d.project.as_ref()).map(|p| Node::Project(p.id.clone()))
        };
        match self {
            Change::CreateProject { .. } | Change::RenameProject { .. } | Change::DeleteProject { .. } => {
                Some(Node::Workspace)
            }
            Change::CreateDatabase { project, .. } => Some(Node::Project(project.clone())),
            Change::RenameDatabase { id, .. } | Change::DeleteDatabase { id } => project_of(id),
            Change::Restore { target, .. } => project_of(target),
            Change::CreateConnection { database, .. } => Some(Node::Section(database.clone(), Section::Connections)),
            Change::DeleteConnection { id } | Change::Rotate { id } => app
                .data
                .connection(id)
                .and_then(|c| c.database.as_ref())
                .map(|d| Node::Section(d.id.clone(), Section::Connections)),
        }
    }

    /// What is being done, for messages.
    pub fn describe(&self) -> String {
        match self {
            Change::CreateProject { name, .. } => format!("creating project {name}"),
            Change::CreateDatabase { name, .. } => format!("creating database {name}"),
            Change::CreateConnection { name, .. } => format!("creating connection {name}"),
            Change::RenameProject { name, .. } | Change::RenameDatabase { name, .. } => format!("renaming to {name}"),
            Change::DeleteProject { id } | Change::DeleteDatabase { id } | Change::DeleteConnection { id } => {
                format!("deleting {id}")
            }
            Change::Rotate { id } => format!("rotating the credentials of {id}"),
            Change::Restore { target, backup, .. } => format!("restoring backup {backup} over {target}"),
        }
    }

    /// What to look for after a lost answer, given the ids the list shows now (`None`: nothing can tell).
    fn lost(&self, before: Vec<String>) -> Option<Lost> {
        let create = |name: &str, kind| Lost::Create { before: before.clone(), name: name.to_owned(), kind };
        Some(match self {
            Change::CreateProject { name, .. } => create(name, "project"),
            Change::CreateDatabase { name, .. } => create(name, "database"),
            Change::CreateConnection { name, .. } => create(name, "connection"),
            Change::DeleteProject { id } => Lost::Delete { id: id.clone(), kind: "project" },
            Change::DeleteDatabase { id } => Lost::Delete { id: id.clone(), kind: "database" },
            Change::DeleteConnection { id } => Lost::Delete { id: id.clone(), kind: "connection" },
            Change::RenameProject { id, name } | Change::RenameDatabase { id, name } => {
                Lost::Rename { id: id.clone(), name: name.clone() }
            }
            Change::Restore { target, .. } => Lost::Restore { target: target.clone() },
            Change::Rotate { .. } => return None,
        })
    }
}

/// The ids the list `node` shows now.
fn ids_in(app: &App, node: &Node) -> Vec<String> {
    match node {
        Node::Workspace => app.data.projects().iter().map(|p| p.id.clone()).collect(),
        Node::Project(project) => app.data.databases_of(project).iter().map(|d| d.id.clone()).collect(),
        Node::Section(database, Section::Connections) => {
            app.data.connections_of(database).iter().map(|c| c.id.clone()).collect()
        }
        _ => Vec::new(),
    }
}

/// The open form that sent `request`, if it is still open: answers never land in another form.
fn sender(app: &mut App, request: RequestId) -> Option<&mut super::forms::Form> {
    match &mut app.overlay {
        Some(Overlay::Form(form)) if form.pending == Some(request) => Some(form),
        _ => None,
    }
}

/// Takes in what a change answered.
pub fn on_changed(app: &mut App, request: RequestId, change: Change, result: Result<Changed, Error>) -> Vec<Effect> {
    let from_form = match sender(app, request) {
        Some(form) => {
            form.pending = None;
            true
        }
        None => false,
    };
    let list = change.list(app);
    match result {
        Ok(changed) => {
            let mut effects = Vec::new();
            let mut minted: Vec<Connection> = Vec::new();
            match changed {
                Changed::Project(created) => {
                    if let Some(database) = &created.database {
                        minted.extend(database.connections.iter().cloned());
                    }
                    app.toast(Tone::Success, format!("created project {}", created.project.name));
                }
                Changed::Database(database) => {
                    minted.extend(database.connections.iter().cloned());
                    let verb =
                        if matches!(change, Change::Restore { .. }) { "restore started over" } else { "created" };
                    app.toast(Tone::Success, format!("{verb} database {} ({})", database.name, database.status));
                    if matches!(change, Change::Restore { .. }) {
                        app.restoring.insert(database.id.clone());
                    }
                    effects.extend(start_polling(app, &database.id));
                }
                Changed::Connection(connection) => {
                    let verb = if matches!(change, Change::Rotate { .. }) { "rotated" } else { "created" };
                    app.toast(Tone::Success, format!("{verb} connection {}", connection.name));
                    minted.push(*connection);
                }
                Changed::Done => {
                    let text = done_message(app, &change);
                    app.toast(Tone::Success, text);
                }
            }
            let minted: Vec<Connection> = minted.into_iter().filter(has_secret).collect();
            for connection in &minted {
                app.secrets.insert(connection.id.clone(), connection.clone());
            }
            // The sending form (or nothing) gives way to the secret panel; another open box is left alone,
            // and the strings stay in memory for the copy menu.
            let free = from_form || app.overlay.is_none();
            if free {
                app.overlay = (!minted.is_empty()).then(|| Overlay::Secrets(SecretPanel::new(minted)));
            } else if !minted.is_empty() {
                app.toast(
                    Tone::Info,
                    "new connection strings are kept for this session: copy them from the connection (y)",
                );
            }
            if let Some(list) = list {
                effects.extend(refresh(app, &list));
            }
            effects
        }
        Err(error @ Error::OutcomeUnknown { .. }) => {
            if from_form {
                app.overlay = None;
            }
            app.log_error(change.describe(), &error);
            if matches!(change, Change::Rotate { .. }) {
                let text = "the rotation's answer was lost: the old credentials may no longer work; rotate again to get a usable string";
                app.toast(Tone::Error, text);
            }
            let Some(list) = list else { return Vec::new() };
            if let Some(lost) = change.lost(ids_in(app, &list)) {
                app.pending_check = Some(PendingCheck { list: list.clone(), lost });
                app.toast(
                    Tone::Error,
                    format!("{}: the answer was lost; looking at what exists now…", change.describe()),
                );
            }
            refresh(app, &list)
        }
        Err(error) => {
            if let (true, Some(Overlay::Form(form))) = (from_form, &mut app.overlay) {
                let hint = match &error {
                    Error::Status { hint: Some(hint), .. } => format!(" ({hint})"),
                    _ => String::new(),
                };
                let message = match &error {
                    Error::Status { status, message, .. } => format!("{status}: {message}"),
                    other => other.to_string(),
                };
                form.error = Some(format!("{message}{hint}"));
            }
            app.log_error(change.describe(), &error);
            Vec::new()
        }
    }
}

/// "deleted connection worker", "renamed project to shop": named while the old lists still know the name.
fn done_message(app: &App, change: &Change) -> String {
    let data = &app.data;
    match change {
        Change::DeleteProject { id } => {
            format!("deleted project {}", data.project(id).map_or(id.as_str(), |p| &p.name))
        }
        Change::DeleteDatabase { id } => {
            format!("deleted database {}", data.database(id).map_or(id.as_str(), |d| &d.name))
        }
        Change::DeleteConnection { id } => {
            format!("deleted connection {}", data.connection(id).map_or(id.as_str(), |c| &c.name))
        }
        Change::RenameProject { name, .. } => format!("renamed the project to {name}"),
        Change::RenameDatabase { name, .. } => format!("renamed the database to {name}"),
        other => format!("done: {}", other.describe()),
    }
}

fn has_secret(connection: &Connection) -> bool {
    connection.database_url().is_some()
}

/// After a list arrives: settles a change whose answer was lost, by what the list shows now.
pub fn settle(app: &mut App, node: &Node) -> Vec<Effect> {
    let Some(check) = app.pending_check.take_if(|check| &check.list == node) else { return Vec::new() };
    let loaded = match node {
        Node::Workspace => matches!(app.data.projects, Loadable::Loaded(_)),
        _ => true,
    };
    if !loaded {
        app.pending_check = Some(check);
        return Vec::new();
    }
    let found: Vec<(String, String)> = match node {
        Node::Workspace => app.data.projects().iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
        Node::Project(project) => {
            app.data.databases_of(project).iter().map(|d| (d.id.clone(), d.name.clone())).collect()
        }
        Node::Section(database, _) => {
            app.data.connections_of(database).iter().map(|c| (c.id.clone(), c.name.clone())).collect()
        }
        Node::Database(_) => Vec::new(),
    };
    let named = |id: &str| found.iter().find(|(known, _)| known == id).map(|(_, name)| name.clone());
    let text = match check.lost {
        Lost::Create { before, name, kind } => {
            match found.iter().find(|(id, found_name)| !before.contains(id) && *found_name == name) {
                Some((id, _)) => format!(
                    "the {kind} {name} WAS created ({id}) though its answer was lost; its secret went with the answer{}",
                    if kind == "connection" { ": rotate it (o) to get one" } else { "" }
                ),
                None => format!("no {kind} named {name} was created: it is safe to try again"),
            }
        }
        Lost::Delete { id, kind } => match named(&id) {
            Some(name) => format!("the {kind} {name} was NOT deleted: it is safe to try again"),
            None => format!("the {kind} {id} WAS deleted, though the answer was lost"),
        },
        Lost::Rename { id, name } => match named(&id) {
            Some(now) if now == name => format!("it WAS renamed to {name}, though the answer was lost"),
            Some(now) => format!("it was NOT renamed: still {now}; it is safe to try again"),
            None => format!("{id} is gone"),
        },
        Lost::Restore { target } => {
            let database = app.data.database(&target).cloned();
            match database {
                Some(database) if database.status == crate::api::DatabaseStatus::Recovering => {
                    app.restoring.insert(target.clone());
                    app.toast(
                        Tone::Info,
                        format!("the restore over {} WAS started, though its answer was lost", database.name),
                    );
                    return start_polling(app, &target).into_iter().collect();
                }
                Some(database) => format!("the restore over {} did NOT start: it is safe to try again", database.name),
                None => format!("database {target} is gone"),
            }
        }
    };
    app.toast(Tone::Info, text);
    Vec::new()
}

/// The fetch that lists regions, for the project and database forms.
pub fn regions(app: &mut App) -> Vec<Effect> {
    if !app.data.regions.is_idle() && app.data.regions.error().is_none() {
        return Vec::new();
    }
    let request = app.request();
    app.data.regions = Loadable::Loading { request, partial: None };
    vec![Effect::Fetch { request, fetch: Fetch::Regions }]
}
