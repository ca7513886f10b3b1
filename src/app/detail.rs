//! The right pane's table for the selected node: which rows it has, filtered, in display order.
use super::model::{Node, Section};
use super::{App, Pane};
use crate::api::{Backup, Connection, Database, Project};

/// One row of the right pane's table.
#[derive(Debug, Clone, Copy)]
pub enum DetailRow<'a> {
    Project(&'a Project),
    Database(&'a Database),
    Connection(&'a Connection),
    Backup(&'a Backup),
}

impl DetailRow<'_> {
    fn name(&self) -> &str {
        match self {
            DetailRow::Project(project) => &project.name,
            DetailRow::Database(database) => &database.name,
            DetailRow::Connection(connection) => &connection.name,
            DetailRow::Backup(backup) => &backup.id,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            DetailRow::Project(project) => &project.id,
            DetailRow::Database(database) => &database.id,
            DetailRow::Connection(connection) => &connection.id,
            DetailRow::Backup(backup) => &backup.id,
        }
    }
}

/// The rows of the table shown for `node` (empty for a database's description and for usage).
pub fn rows<'a>(app: &'a App, node: &Node) -> Vec<DetailRow<'a>> {
    let data = &app.data;
    let rows: Vec<DetailRow<'a>> = match node {
        Node::Workspace => data.projects().into_iter().map(DetailRow::Project).collect(),
        Node::Project(id) => data.databases_of(id).into_iter().map(DetailRow::Database).collect(),
        Node::Database(_) => Vec::new(),
        Node::Section(database, Section::Connections) => {
            data.connections_of(database).into_iter().map(DetailRow::Connection).collect()
        }
        Node::Section(database, Section::Backups) => data
            .backups
            .get(database)
            .and_then(|backups| backups.value())
            .map(|list| {
                let mut backups: Vec<&Backup> = list.data.iter().collect();
                backups.sort_by(|a, b| b.created_at.cmp(&a.created_at));
                backups.into_iter().map(DetailRow::Backup).collect()
            })
            .unwrap_or_default(),
        Node::Section(_, Section::Usage) => Vec::new(),
    };
    match &app.filter {
        Some(filter) if filter.pane == Pane::Detail => {
            rows.into_iter().filter(|row| filter.passes(row.name()) || filter.passes(row.id())).collect()
        }
        _ => rows,
    }
}

/// The selected row of the right pane, when it has the keyboard's attention.
pub fn selected<'a>(app: &'a App) -> Option<DetailRow<'a>> {
    rows(app, &app.selected_node()).get(app.detail_selected).copied()
}
