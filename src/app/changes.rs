//! The changes the TUI sends (`Change`) and what they answer (`Changed`).
use super::App;
use super::model::{Data, Loadable, Node, Section};
use crate::api::{Connection, CreatedProject, CreatedServiceToken, Database, DatabaseSource};

/// A change to the workspace. Only `update` makes them, and never in read-only mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    CreateProject {
        name: String,
        region: Option<String>,
        create_database: bool,
    },
    CreateDatabase {
        project: String,
        /// The branch it goes in (`None`: where the API puts it, the project's default branch if it has any).
        branch: Option<String>,
        name: String,
        region: Option<String>,
        source: Option<DatabaseSource>,
    },
    CreateConnection {
        database: String,
        name: String,
    },
    RenameProject {
        id: String,
        name: String,
    },
    RenameDatabase {
        id: String,
        name: String,
    },
    DeleteProject {
        id: String,
    },
    DeleteDatabase {
        id: String,
    },
    DeleteConnection {
        id: String,
    },
    DeleteBranch {
        project: String,
        id: String,
    },
    Rotate {
        id: String,
    },
    Restore {
        target: String,
        source_database: String,
        backup: String,
    },
    /// A copy of `target` named `name` (`source: database`), made before restoring over it; only once the
    /// copy is accepted is `restore` sent.
    SafetyCopy {
        project: String,
        name: String,
        region: Option<String>,
        target: String,
        restore: Box<Change>,
    },
    /// A service token of `workspace`; its value is in the answer only.
    CreateServiceToken {
        workspace: String,
        name: String,
    },
    /// Revokes a service token; `own` when it is the one this console runs with (asked twice).
    RevokeServiceToken {
        workspace: String,
        id: String,
        own: bool,
    },
}

/// What a change answered.
#[derive(Debug, Clone)]
pub enum Changed {
    Project(Box<CreatedProject>),
    Database(Box<Database>),
    Connection(Box<Connection>),
    /// A new service token with its value (`Debug` leaves the value out).
    ServiceToken(Box<CreatedServiceToken>),
    Done,
}

impl Change {
    /// The list that shows what this change touches, refreshed after it.
    pub fn list(&self, app: &App) -> Option<Node> {
        let project_of = |database: &str| {
            app.data.database(database).and_then(|d| d.project.as_ref()).map(|p| Node::Project(p.id.clone()))
        };
        match self {
            Change::CreateProject { .. } | Change::RenameProject { .. } | Change::DeleteProject { .. } => {
                Some(Node::Workspace)
            }
            Change::CreateDatabase { project, .. }
            | Change::SafetyCopy { project, .. }
            | Change::DeleteBranch { project, .. } => Some(Node::Project(project.clone())),
            Change::RenameDatabase { id, .. } | Change::DeleteDatabase { id } => project_of(id),
            Change::Restore { target, .. } => project_of(target),
            Change::CreateConnection { database, .. } => Some(Node::Section(database.clone(), Section::Connections)),
            Change::DeleteConnection { id } | Change::Rotate { id } => app
                .data
                .connection(id)
                .and_then(|c| c.database.as_ref())
                .map(|d| Node::Section(d.id.clone(), Section::Connections)),
            Change::CreateServiceToken { .. } | Change::RevokeServiceToken { .. } => Some(Node::ServiceTokens),
        }
    }

    /// The name of what this change makes or acts on, as `data` knows it (its id when it does not).
    pub fn subject(&self, data: &Data) -> String {
        let or_id = |name: Option<&str>, id: &str| name.unwrap_or(id).to_owned();
        match self {
            Change::CreateProject { name, .. }
            | Change::CreateDatabase { name, .. }
            | Change::CreateConnection { name, .. }
            | Change::SafetyCopy { name, .. }
            | Change::CreateServiceToken { name, .. } => name.clone(),
            Change::RenameProject { id, .. } | Change::DeleteProject { id } => {
                or_id(data.project(id).map(|project| project.name.as_str()), id)
            }
            Change::RenameDatabase { id, .. } | Change::DeleteDatabase { id } | Change::Restore { target: id, .. } => {
                or_id(data.database(id).map(|database| database.name.as_str()), id)
            }
            Change::DeleteConnection { id } | Change::Rotate { id } => {
                or_id(data.connection(id).map(|connection| connection.name.as_str()), id)
            }
            Change::DeleteBranch { id, .. } => data.branch_label(Some(id)),
            Change::RevokeServiceToken { id, .. } => {
                let token = data.service_tokens().into_iter().find(|token| &token.id == id);
                or_id(token.map(|token| token.name.as_str()), id)
            }
        }
    }

    /// What is being done, for messages, by name: `deleting database analytics`.
    pub fn describe(&self, data: &Data) -> String {
        let subject = self.subject(data);
        match self {
            Change::CreateProject { .. } => format!("creating project {subject}"),
            Change::CreateDatabase { .. } => format!("creating database {subject}"),
            Change::CreateConnection { .. } => format!("creating connection {subject}"),
            Change::RenameProject { name, .. } => format!("renaming project {subject} to {name}"),
            Change::RenameDatabase { name, .. } => format!("renaming database {subject} to {name}"),
            Change::DeleteProject { .. } => format!("deleting project {subject}"),
            Change::DeleteDatabase { .. } => format!("deleting database {subject}"),
            Change::DeleteConnection { .. } => format!("deleting connection {subject}"),
            Change::DeleteBranch { .. } => format!("deleting branch {subject}"),
            Change::Rotate { .. } => format!("rotating the credentials of {subject}"),
            Change::Restore { source_database, backup, .. } => {
                let list = data.backups.get(source_database).and_then(Loadable::value);
                match list.and_then(|list| list.data.iter().find(|listed| &listed.id == backup)) {
                    Some(listed) => format!(
                        "restoring the backup of {} from {} over {subject}",
                        data.database_name(source_database),
                        listed.created_at.format("%Y-%m-%d %H:%M UTC")
                    ),
                    None => format!("restoring backup {backup} over {subject}"),
                }
            }
            Change::SafetyCopy { .. } => format!("making the safety copy {subject}"),
            Change::CreateServiceToken { .. } => format!("creating service token {subject}"),
            Change::RevokeServiceToken { .. } => format!("revoking service token {subject}"),
        }
    }
}
