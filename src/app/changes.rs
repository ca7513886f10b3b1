//! Changes sent from the TUI and what comes back: secrets kept and shown, lists refreshed, lost answers settled.
use super::model::{Loadable, Node, Section};
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

/// A create whose answer was lost: what existed before, to tell what it added once the list is back.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCheck {
    pub list: Node,
    pub before: Vec<String>,
    pub name: String,
    pub kind: &'static str,
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

    /// For a create: the kind and the name to look for after a lost answer.
    fn created_name(&self) -> Option<(&'static str, &str)> {
        match self {
            Change::CreateProject { name, .. } => Some(("project", name)),
            Change::CreateDatabase { name, .. } => Some(("database", name)),
            Change::CreateConnection { name, .. } => Some(("connection", name)),
            _ => None,
        }
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

/// Takes in what a change answered.
pub fn on_changed(app: &mut App, change: Change, result: Result<Changed, Error>) -> Vec<Effect> {
    if let Some(Overlay::Form(form)) = &mut app.overlay {
        form.pending = None;
    }
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
            app.overlay = (!minted.is_empty()).then(|| Overlay::Secrets(SecretPanel::new(minted)));
            if let Some(list) = list {
                effects.extend(refresh(app, &list));
            }
            effects
        }
        Err(error @ Error::OutcomeUnknown { .. }) => {
            app.overlay = None;
            app.log_error(change.describe(), &error);
            let Some(list) = list else { return Vec::new() };
            if let Some((kind, name)) = change.created_name() {
                let before = ids_in(app, &list);
                app.pending_check = Some(PendingCheck { list: list.clone(), before, name: name.to_owned(), kind });
            }
            app.toast(Tone::Error, format!("{}: the answer was lost; looking at what exists now…", change.describe()));
            refresh(app, &list)
        }
        Err(error) => {
            if let Some(Overlay::Form(form)) = &mut app.overlay {
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
    let endpoints = &connection.endpoints;
    [&endpoints.direct, &endpoints.pooled, &endpoints.accelerate]
        .into_iter()
        .any(|endpoint| endpoint.as_ref().is_some_and(|e| e.connection_string.is_some()))
        || connection.connection_string.is_some()
}

/// After a list arrives: settles a create whose answer was lost, by what the list shows now.
pub fn settle(app: &mut App, node: &Node) {
    let Some(check) = app.pending_check.take_if(|check| &check.list == node) else { return };
    let list_loaded = match node {
        Node::Workspace => matches!(app.data.projects, Loadable::Loaded(_)),
        _ => true,
    };
    if !list_loaded {
        app.pending_check = Some(check);
        return;
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
    let new: Vec<&(String, String)> =
        found.iter().filter(|(id, name)| !check.before.contains(id) && *name == check.name).collect();
    match new.first() {
        Some((id, name)) => app.toast(
            Tone::Info,
            format!(
                "the {} {name} WAS created ({id}) though its answer was lost; its secret went with the answer{}",
                check.kind,
                if check.kind == "connection" { ": rotate it (o) to get one" } else { "" }
            ),
        ),
        None => app
            .toast(Tone::Info, format!("no {} named {} was created: it is safe to try again", check.kind, check.name)),
    }
}

/// The fetch that lists regions, for the project and database forms.
pub fn regions(app: &mut App) -> Vec<Effect> {
    if !app.data.regions.is_idle() {
        return Vec::new();
    }
    let request = app.request();
    app.data.regions = Loadable::Loading { request, partial: None };
    vec![Effect::Fetch { request, fetch: Fetch::Regions }]
}
