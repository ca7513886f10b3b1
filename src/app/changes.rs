//! The changes the TUI sends (`Change`) and what they answer (`Changed`).
use super::App;
use super::model::{Node, Section};
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
            Change::DeleteBranch { id, .. } => format!("deleting branch {id}"),
            Change::Rotate { id } => format!("rotating the credentials of {id}"),
            Change::Restore { target, backup, .. } => format!("restoring backup {backup} over {target}"),
            Change::SafetyCopy { name, .. } => format!("making the safety copy {name}"),
            Change::CreateServiceToken { name, .. } => format!("creating service token {name}"),
            Change::RevokeServiceToken { id, .. } => format!("revoking service token {id}"),
        }
    }
}
