//! What the TUI knows about the workspace: loadable data per node, and the nodes of the tree.
use super::versioned::Versioned;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::api::{
    BackupList, Branch, Connection, Database, Error, Listing, Me, Project, RegionInfo, ServiceToken, Usage,
};

/// A request's id; a reply whose id is not the one a view waits for is stale and dropped.
pub type RequestId = u64;

/// The life of one piece of data: never asked, on its way (maybe partly here), here, or failed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Loadable<T> {
    #[default]
    Idle,
    Loading {
        request: RequestId,
        /// What arrived so far (the first pages of a list), shown while the rest loads.
        partial: Option<T>,
    },
    Loaded(T),
    Failed(Error),
}

impl<T> Loadable<T> {
    /// The data to show: loaded, or what arrived so far.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Loaded(value) | Self::Loading { partial: Some(value), .. } => Some(value),
            _ => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
    }

    pub fn is_idle(&self) -> bool {
        matches!(self, Self::Idle)
    }

    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// Loads again, keeping what is shown until the answer replaces it (a refresh does not blank the screen).
    pub fn reload(&mut self, request: RequestId) {
        let partial = match std::mem::take(self) {
            Self::Loaded(value) | Self::Loading { partial: Some(value), .. } => Some(value),
            _ => None,
        };
        *self = Self::Loading { request, partial };
    }

    /// Whether a reply with `request` is the one this data waits for.
    pub fn awaits(&self, request: RequestId) -> bool {
        matches!(self, Self::Loading { request: waiting, .. } if *waiting == request)
    }
}

/// A database's three sub-views, reached with `1`–`3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Connections,
    Backups,
    Usage,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Connections, Section::Backups, Section::Usage];

    pub fn title(self) -> &'static str {
        match self {
            Section::Connections => "Connections",
            Section::Backups => "Backups",
            Section::Usage => "Usage",
        }
    }
}

/// A place in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Workspace,
    Project(String),
    /// A branch of a project that has branches; `branch: None` gathers its databases outside any branch.
    Branch {
        project: String,
        branch: Option<String>,
    },
    Database(String),
    Section(String, Section),
    /// The workspace's service tokens: the last row at depth 1, after the projects.
    ServiceTokens,
}

/// The usage views of one database: this and last month, and one window per day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageData {
    pub this_month: Loadable<Usage>,
    pub last_month: Loadable<Usage>,
    pub days: BTreeMap<NaiveDate, Loadable<Usage>>,
}

/// Which window of usage a reply is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageSlot {
    ThisMonth,
    LastMonth,
    Day(NaiveDate),
}

/// Everything fetched so far, keyed by the parent's id.
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub me: Loadable<Me>,
    /// The tree is made of these two (and `Browse::expanded`): versioned, so its rows are kept until they change.
    pub projects: Versioned<Loadable<Listing<Project>>>,
    /// By project id.
    pub databases: Versioned<HashMap<String, Loadable<Listing<Database>>>>,
    /// By project id: a project with branches shows them as a level of the tree (see `branches`).
    pub branches: Versioned<HashMap<String, Loadable<Listing<Branch>>>>,
    /// By database id.
    pub connections: HashMap<String, Loadable<Listing<Connection>>>,
    pub backups: HashMap<String, Loadable<BackupList>>,
    pub usage: HashMap<String, UsageData>,
    /// Where new projects and databases may go, for the forms.
    pub regions: Loadable<Listing<RegionInfo>>,
    /// The workspace's plan, for the header (read once `/v1/me` named the workspace).
    pub subscription: Loadable<crate::api::Subscription>,
    /// The workspace's service tokens (read once `/v1/me` named the workspace and the section is shown).
    pub service_tokens: Loadable<Listing<ServiceToken>>,
}

impl Data {
    /// Projects by name, as shown (kept sorted as pages arrive: see `sort_projects`).
    pub fn projects(&self) -> Vec<&Project> {
        self.projects.value().map(|p| p.iter().collect()).unwrap_or_default()
    }

    /// Orders projects by name once, when they arrive, rather than at every frame.
    pub fn sort_projects(projects: &mut [Project]) {
        projects.sort_by(|a, b| by_name(&a.name, &b.name).then(a.id.cmp(&b.id)));
    }

    /// A project's databases as shown: the default first, then by name.
    pub fn databases_of(&self, project: &str) -> Vec<&Database> {
        let mut databases: Vec<&Database> =
            self.databases.get(project).and_then(Loadable::value).map(|d| d.iter().collect()).unwrap_or_default();
        databases.sort_by(|a, b| b.is_default.cmp(&a.is_default).then(by_name(&a.name, &b.name)).then(a.id.cmp(&b.id)));
        databases
    }

    pub fn connections_of(&self, database: &str) -> Vec<&Connection> {
        let mut connections: Vec<&Connection> =
            self.connections.get(database).and_then(Loadable::value).map(|c| c.iter().collect()).unwrap_or_default();
        connections.sort_by(|a, b| by_name(&a.name, &b.name).then(a.id.cmp(&b.id)));
        connections
    }

    /// The workspace's service tokens as shown: newest first (as the API lists them), then by id.
    pub fn service_tokens(&self) -> Vec<&ServiceToken> {
        let mut tokens: Vec<&ServiceToken> =
            self.service_tokens.value().map(|tokens| tokens.iter().collect()).unwrap_or_default();
        tokens.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
        tokens
    }

    pub fn service_token(&self, id: &str) -> Option<&ServiceToken> {
        self.service_tokens.value()?.iter().find(|token| token.id == id)
    }

    /// The id of the service token this console runs with, when `/v1/me` says its credential is one.
    pub fn own_token(&self) -> Option<&str> {
        let credential = &self.me.value()?.credential;
        if credential.kind == "service_token" { credential.id.as_deref() } else { None }
    }

    /// The workspace's id, once `/v1/me` named it.
    pub fn workspace_id(&self) -> Option<&str> {
        self.me.value()?.workspace.as_ref().map(|workspace| workspace.id.as_str())
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.value()?.iter().find(|project| project.id == id)
    }

    /// A database's name, or its id while its name is not known.
    pub fn database_name(&self, id: &str) -> String {
        self.database(id).map_or_else(|| id.to_owned(), |database| database.name.clone())
    }

    pub fn database(&self, id: &str) -> Option<&Database> {
        self.databases.values().filter_map(Loadable::value).flatten().find(|database| database.id == id)
    }

    pub fn connection(&self, id: &str) -> Option<&Connection> {
        self.connections.values().filter_map(Loadable::value).flatten().find(|connection| connection.id == id)
    }

    /// Replaces one database wherever it is listed (a poll's answer).
    pub fn update_database(&mut self, fresh: Database) {
        for databases in self.databases.values_mut() {
            if let Loadable::Loaded(list) | Loadable::Loading { partial: Some(list), .. } = databases
                && let Some(slot) = list.iter_mut().find(|database| database.id == fresh.id)
            {
                *slot = fresh;
                return;
            }
        }
    }
}

/// Files workspace-wide items (for jump) under their parents, where the parent's list is not already
/// known or on its way; known items are not repeated.
pub fn file_under_parents<T>(
    lists: &mut std::collections::HashMap<String, Loadable<Listing<T>>>,
    items: Listing<T>,
    parent: impl Fn(&T) -> Option<&String>,
    id: impl Fn(&T) -> &String,
) {
    for item in items {
        let Some(parent) = parent(&item).cloned() else { continue };
        let entry = lists.entry(parent).or_insert_with(|| Loadable::Loaded(Listing::default()));
        if let Loadable::Loaded(list) = entry
            && !list.iter().any(|known| id(known) == id(&item))
        {
            list.push(item);
        }
    }
}

/// The key of a row of the right pane: its id, or for an item that did not decode, its label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowKey {
    Id(String),
    Unreadable(String),
}

/// Whether a database's backups were refused 422: a remote database, for which Prisma Postgres keeps none.
/// An answer, not a failure: reading them again changes nothing.
pub fn keeps_no_backups(backups: &Loadable<BackupList>) -> bool {
    backups.error().is_some_and(|error| error.status() == Some(422))
}

/// Whether a database is on its way to ready (polled until it settles).
pub fn is_busy(database: &crate::api::Database) -> bool {
    use crate::api::DatabaseStatus;
    matches!(database.status, DatabaseStatus::Provisioning | DatabaseStatus::Recovering)
}

/// Names in the order people read them: case does not count (`batch-006` before `Zürich`), then it does,
/// so the order is total. Compares without allocating.
pub fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase)).then_with(|| a.cmp(b))
}
