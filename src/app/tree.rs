//! The tree as rows: workspace → projects → databases → sections, then the service tokens; expanded lazily
//! and filtered.
use std::sync::{Arc, Mutex, PoisonError};

use super::model::{Node, Section};
use super::{App, Pane};

/// One visible line of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub node: Node,
    pub depth: u8,
}

/// The tree's filter text, lowercased once per call of `rows`; `None` when nothing filters the tree.
fn needle(app: &App) -> Option<String> {
    let filter = app.browse.filter.as_ref().filter(|filter| filter.pane == Pane::Tree && !filter.text().is_empty())?;
    Some(filter.text().to_lowercase())
}

/// Whether a filter hides rows of the tree.
pub fn filtered(app: &App) -> bool {
    needle(app).is_some()
}

/// The rows as shown. With a filter, a project stays when it or one of its loaded databases matches.
pub fn rows(app: &App) -> Arc<Vec<Row>> {
    memoized(app, needle(app))
}

/// The rows as they are without a filter.
pub fn all_rows(app: &App) -> Arc<Vec<Row>> {
    memoized(app, None)
}

/// What a list of rows was built from: the versions of the projects, the databases and the expanded
/// nodes, the filter's text, and whether the workspace is known (the Service tokens row needs its id).
type Stamp = (u64, u64, u64, Option<String>, bool);

/// The rows last built (with a filter and without), kept until one of their inputs is touched: a key that
/// only moves the selection, and the frame after it, build no rows at all.
#[derive(Debug, Default)]
pub struct Memo(Mutex<Vec<(Stamp, Arc<Vec<Row>>)>>);

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo(Mutex::new(self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()))
    }
}

fn memoized(app: &App, needle: Option<String>) -> Arc<Vec<Row>> {
    let known = app.data.workspace_id().is_some();
    let stamp = (
        app.data.projects.version(),
        app.data.databases.version(),
        app.browse.expanded.version(),
        needle.clone(),
        known,
    );
    let mut memo = app.rows_memo.0.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, rows)) = memo.iter().find(|(built_from, _)| *built_from == stamp) {
        return rows.clone();
    }
    let rows = Arc::new(rows_matching(app, needle));
    // One list with the filter and one without are all that is asked for between two changes.
    memo.retain(|(built_from, _)| {
        built_from.0 == stamp.0 && built_from.1 == stamp.1 && built_from.2 == stamp.2 && built_from.4 == stamp.4
    });
    memo.truncate(1);
    memo.push((stamp, rows.clone()));
    rows
}

fn rows_matching(app: &App, needle: Option<String>) -> Vec<Row> {
    let mut rows = vec![Row { node: Node::Workspace, depth: 0 }];
    if !app.browse.expanded.contains(&Node::Workspace) {
        return rows;
    }
    let passes = |name: &str| needle.as_deref().is_none_or(|needle| super::overlay::contains_folded(name, needle));
    for project in app.data.projects() {
        let project_matches = passes(&project.name);
        // Databases are looked at only when they can make a project match the filter, or show.
        if !project_matches && !app.data.databases_of(&project.id).iter().any(|database| passes(&database.name)) {
            continue;
        }
        let project_node = Node::Project(project.id.clone());
        let open = app.browse.expanded.contains(&project_node);
        rows.push(Row { node: project_node, depth: 1 });
        if !open {
            continue;
        }
        for database in app.data.databases_of(&project.id) {
            if !project_matches && !passes(&database.name) {
                continue;
            }
            let database_node = Node::Database(database.id.clone());
            let open = app.browse.expanded.contains(&database_node);
            rows.push(Row { node: database_node, depth: 2 });
            if open {
                for section in Section::ALL {
                    rows.push(Row { node: Node::Section(database.id.clone(), section), depth: 3 });
                }
            }
        }
    }
    // Once `/v1/me` named the workspace: its tokens are read with its id.
    if app.data.workspace_id().is_some() && passes(SERVICE_TOKENS) {
        rows.push(Row { node: Node::ServiceTokens, depth: 1 });
    }
    rows
}

/// The Service tokens row's name, as the tree shows it and the filter reads it.
pub const SERVICE_TOKENS: &str = "Service tokens";

/// The node above `node` in the tree.
pub fn parent(app: &App, node: &Node) -> Option<Node> {
    match node {
        Node::Workspace => None,
        Node::Project(_) => Some(Node::Workspace),
        Node::Database(id) => {
            app.data.database(id).and_then(|d| d.project.as_ref()).map(|p| Node::Project(p.id.clone()))
        }
        Node::Section(database, _) => Some(Node::Database(database.clone())),
        Node::ServiceTokens => Some(Node::Workspace),
    }
}

/// A node's name as the tree shows it (its id until its name is known).
pub fn label(app: &App, node: &Node) -> String {
    match node {
        Node::Workspace => app.workspace_name().unwrap_or("the workspace").to_owned(),
        Node::Project(id) => app.data.project(id).map_or_else(|| id.clone(), |project| project.name.clone()),
        Node::Database(id) => app.data.database(id).map_or_else(|| id.clone(), |database| database.name.clone()),
        Node::Section(id, section) => {
            let database = app.data.database(id).map_or(id.as_str(), |database| database.name.as_str());
            format!("{} of {database}", section.title().to_lowercase())
        }
        Node::ServiceTokens => SERVICE_TOKENS.to_lowercase(),
    }
}

/// The database a node belongs to, if any (for `1`–`3`).
pub fn database_of(node: &Node) -> Option<&str> {
    match node {
        Node::Database(id) | Node::Section(id, _) => Some(id),
        _ => None,
    }
}
