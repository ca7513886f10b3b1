//! The tree as rows: workspace → projects → (branches →) databases → sections, then the service tokens;
//! expanded lazily and filtered.
use std::sync::{Arc, Mutex, PoisonError};

use super::branches::Level;
use super::model::{Node, Section};
use super::{App, Pane};
use crate::api::Database;

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

/// What a list of rows was built from: the versions of the projects, the databases, the branches and the
/// expanded nodes, the filter's text, and whether the workspace is known (the Service tokens row needs its id).
type Stamp = ([u64; 4], Option<String>, bool);

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
    let data = &app.data;
    let versions =
        [data.projects.version(), data.databases.version(), data.branches.version(), app.browse.expanded.version()];
    let stamp = (versions, needle.clone(), data.workspace_id().is_some());
    let mut memo = app.rows_memo.0.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, rows)) = memo.iter().find(|(built_from, _)| *built_from == stamp) {
        return rows.clone();
    }
    let rows = Arc::new(rows_matching(app, needle));
    // One list with the filter and one without are all that is asked for between two changes.
    memo.retain(|(built_from, _)| built_from.0 == stamp.0 && built_from.2 == stamp.2);
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
        let project_node = Node::Project(project.id.clone());
        let open = app.browse.expanded.contains(&project_node);
        // Its branches and databases are looked at only when they can make a project match the filter, or show.
        let level = (!project_matches || open).then(|| app.data.level(&project.id));
        if !project_matches && !level.as_ref().is_some_and(|level| level.any(passes)) {
            continue;
        }
        rows.push(Row { node: project_node, depth: 1 });
        let Some(level) = level.filter(|_| open) else { continue };
        match level {
            Level::Flat(databases) => {
                push_databases(app, &mut rows, databases, 2, |database| project_matches || passes(&database.name))
            }
            Level::Branches(lanes) => {
                for lane in lanes {
                    let lane_matches = project_matches || passes(&lane.label());
                    if !lane_matches && !lane.databases.iter().any(|database| passes(&database.name)) {
                        continue;
                    }
                    let branch = lane.branch.map(|branch| branch.id.clone());
                    let node = Node::Branch { project: project.id.clone(), branch };
                    let open = app.browse.expanded.contains(&node);
                    rows.push(Row { node, depth: 2 });
                    if open {
                        push_databases(app, &mut rows, lane.databases, 3, |database| {
                            lane_matches || passes(&database.name)
                        });
                    }
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

/// The rows of `databases` that `shows`, at `depth`, each with its sections when open.
fn push_databases(
    app: &App,
    rows: &mut Vec<Row>,
    databases: Vec<&Database>,
    depth: u8,
    shows: impl Fn(&Database) -> bool,
) {
    for database in databases.into_iter().filter(|database| shows(database)) {
        let database_node = Node::Database(database.id.clone());
        let open = app.browse.expanded.contains(&database_node);
        rows.push(Row { node: database_node, depth });
        if open {
            for section in Section::ALL {
                rows.push(Row { node: Node::Section(database.id.clone(), section), depth: depth + 1 });
            }
        }
    }
}

/// The Service tokens row's name, as the tree shows it and the filter reads it.
pub const SERVICE_TOKENS: &str = "Service tokens";

/// The node above `node` in the tree.
pub fn parent(app: &App, node: &Node) -> Option<Node> {
    match node {
        Node::Workspace => None,
        Node::Project(_) => Some(Node::Workspace),
        Node::Branch { project, .. } => Some(Node::Project(project.clone())),
        Node::Database(id) => {
            let database = app.data.database(id)?;
            app.data.branch_node_of(database).or_else(|| database.project.as_ref().map(|p| Node::Project(p.id.clone())))
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
        Node::Branch { branch, .. } => app.data.branch_label(branch.as_deref()),
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
