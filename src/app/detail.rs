//! The right pane's table for the selected node: which rows it has, filtered, in display order.
use super::model::{Loadable, Node, RowKey, Section};
use super::usage::project_usage;
use super::{App, Pane};
use crate::api::{Backup, Connection, Database, Listing, Project, ServiceToken, Unreadable};

/// One row of the right pane's table.
#[derive(Debug, Clone, Copy)]
pub enum DetailRow<'a> {
    Project(&'a Project),
    Database(&'a Database),
    Connection(&'a Connection),
    Backup(&'a Backup),
    ServiceToken(&'a ServiceToken),
    /// An item of the list that did not decode: shown as `unreadable <kind> <id>`, never acted on.
    Unreadable(&'a Unreadable),
}

impl DetailRow<'_> {
    pub(super) fn name(&self) -> &str {
        match self {
            DetailRow::Project(project) => &project.name,
            DetailRow::Database(database) => &database.name,
            DetailRow::Connection(connection) => &connection.name,
            DetailRow::Backup(backup) => &backup.id,
            DetailRow::ServiceToken(token) => &token.name,
            DetailRow::Unreadable(item) => item.kind,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            DetailRow::Project(project) => &project.id,
            DetailRow::Database(database) => &database.id,
            DetailRow::Connection(connection) => &connection.id,
            DetailRow::Backup(backup) => &backup.id,
            DetailRow::ServiceToken(token) => &token.id,
            DetailRow::Unreadable(item) => item.id.as_deref().unwrap_or_default(),
        }
    }

    /// A backup's time as a filter reads it: `2026-11-14 03:00 UTC` and `Nov 14 03:00` as the table shows it,
    /// so that `/` finds the backups of a day.
    pub(super) fn when(&self) -> Option<String> {
        match self {
            DetailRow::Backup(backup) => Some(backup.created_at.format("%Y-%m-%d %H:%M UTC · %b %d %H:%M")),
            _ => None,
        }
    }

    /// What the right pane's selection remembers of this row.
    pub fn key(&self) -> RowKey {
        match self {
            DetailRow::Unreadable(item) => RowKey::Unreadable(item.label()),
            row => RowKey::Id(row.id().to_owned()),
        }
    }

    /// Whether this is the row with `key` (without building the key).
    pub fn is(&self, key: &RowKey) -> bool {
        match (self, key) {
            (DetailRow::Unreadable(item), RowKey::Unreadable(label)) => item.label() == *label,
            (DetailRow::Unreadable(_), _) | (_, RowKey::Unreadable(_)) => false,
            (row, RowKey::Id(id)) => row.id() == id,
        }
    }
}

/// The rows of the table shown for `node` (empty for a database's description and for usage).
pub fn rows<'a>(app: &'a App, node: &Node) -> Vec<DetailRow<'a>> {
    let rows = all_rows(app, node);
    match &app.browse.filter {
        Some(filter) if filter.pane == Pane::Detail => {
            let passes = |row: &DetailRow| {
                filter.passes(row.name())
                    || filter.passes(row.id())
                    || row.when().is_some_and(|when| filter.passes(&when))
            };
            rows.into_iter().filter(passes).collect()
        }
        _ => rows,
    }
}

/// Whether a filter hides rows of the right pane.
pub fn filtered(app: &App) -> bool {
    app.browse.filter.as_ref().is_some_and(|filter| filter.pane == Pane::Detail && !filter.text().is_empty())
}

/// Whether the list `node`'s table shows is on its way (its rows may not all be there).
pub fn loading(app: &App, node: &Node) -> bool {
    let data = &app.data;
    match node {
        Node::Workspace => data.projects.is_loading(),
        Node::Project(id) | Node::Branch { project: id, .. } => {
            data.databases.get(id).is_some_and(Loadable::is_loading)
        }
        Node::Section(id, Section::Connections) => data.connections.get(id).is_some_and(Loadable::is_loading),
        Node::Section(id, Section::Backups) => data.backups.get(id).is_some_and(Loadable::is_loading),
        Node::ServiceTokens => data.service_tokens.is_loading(),
        Node::Database(_) | Node::Section(_, Section::Usage) => false,
    }
}

/// The rows of `node`'s table without a filter.
pub fn all_rows<'a>(app: &'a App, node: &Node) -> Vec<DetailRow<'a>> {
    let data = &app.data;
    let (mut rows, listing): (Vec<DetailRow<'a>>, Option<&'a [Unreadable]>) = match node {
        Node::Workspace => (
            data.projects().into_iter().map(DetailRow::Project).collect(),
            data.projects.value().map(|listing| listing.unreadable.as_slice()),
        ),
        // Ranked by this month's usage, largest first (the tree keeps the names' order).
        Node::Project(id) => (
            project_usage(app, id).ranked.into_iter().map(|(database, _)| DetailRow::Database(database)).collect(),
            unreadable(data.databases.get(id).and_then(|list| list.value())),
        ),
        // The branch's databases in the project's ranking (what did not decode is listed with the project).
        Node::Branch { project, branch } => {
            let held: Vec<&str> = data.databases_in(project, branch.as_deref()).iter().map(|d| d.id.as_str()).collect();
            let ranked = project_usage(app, project).ranked.into_iter().map(|(database, _)| database);
            (ranked.filter(|database| held.contains(&database.id.as_str())).map(DetailRow::Database).collect(), None)
        }
        Node::Database(_) | Node::Section(_, Section::Usage) => (Vec::new(), None),
        Node::Section(database, Section::Connections) => (
            data.connections_of(database).into_iter().map(DetailRow::Connection).collect(),
            unreadable(data.connections.get(database).and_then(|list| list.value())),
        ),
        Node::Section(database, Section::Backups) => {
            let list = data.backups.get(database).and_then(|backups| backups.value());
            let mut backups: Vec<&Backup> = list.map(|list| list.data.iter().collect()).unwrap_or_default();
            backups.sort_by(|a, b| b.created_at.cmp(&a.created_at));
            (backups.into_iter().map(DetailRow::Backup).collect(), unreadable(list.map(|list| &list.data)))
        }
        Node::ServiceTokens => (
            data.service_tokens().into_iter().map(DetailRow::ServiceToken).collect(),
            unreadable(data.service_tokens.value()),
        ),
    };
    rows.extend(listing.unwrap_or_default().iter().map(DetailRow::Unreadable));
    rows
}

fn unreadable<T>(listing: Option<&Listing<T>>) -> Option<&[Unreadable]> {
    listing.map(|listing| listing.unreadable.as_slice())
}
