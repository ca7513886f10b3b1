//! The tree as rows: workspace → projects → databases → sections, expanded lazily and filtered.
use super::model::{Node, Section};
use super::{App, Pane};

/// One visible line of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub node: Node,
    pub depth: u8,
}

/// Whether `name` passes the tree's filter (case-insensitive substring; empty passes).
fn passes(app: &App, name: &str) -> bool {
    app.filter.as_ref().is_none_or(|filter| filter.pane != Pane::Tree || filter.passes(name))
}

/// The rows as shown. With a filter, a project stays when it or one of its loaded databases matches.
pub fn rows(app: &App) -> Vec<Row> {
    let mut rows = vec![Row { node: Node::Workspace, depth: 0 }];
    if !app.expanded.contains(&Node::Workspace) {
        return rows;
    }
    let filtering = app.filter.as_ref().is_some_and(|filter| filter.pane == Pane::Tree && !filter.text().is_empty());
    for project in app.data.projects() {
        let project_node = Node::Project(project.id.clone());
        let open = app.expanded.contains(&project_node);
        let project_matches = passes(app, &project.name);
        // Databases are looked at only when they show or can make a project match the filter.
        if !open && !filtering {
            rows.push(Row { node: project_node, depth: 1 });
            continue;
        }
        let databases = app.data.databases_of(&project.id);
        if !project_matches && !databases.iter().any(|database| passes(app, &database.name)) {
            continue;
        }
        rows.push(Row { node: project_node, depth: 1 });
        if !open {
            continue;
        }
        for database in databases {
            if !project_matches && !passes(app, &database.name) {
                continue;
            }
            let database_node = Node::Database(database.id.clone());
            let open = app.expanded.contains(&database_node);
            rows.push(Row { node: database_node, depth: 2 });
            if open {
                for section in Section::ALL {
                    rows.push(Row { node: Node::Section(database.id.clone(), section), depth: 3 });
                }
            }
        }
    }
    rows
}

/// The node above `node` in the tree.
pub fn parent(app: &App, node: &Node) -> Option<Node> {
    match node {
        Node::Workspace => None,
        Node::Project(_) => Some(Node::Workspace),
        Node::Database(id) => {
            app.data.database(id).and_then(|d| d.project.as_ref()).map(|p| Node::Project(p.id.clone()))
        }
        Node::Section(database, _) => Some(Node::Database(database.clone())),
    }
}

/// Selects `node` if it is visible; true when it was.
pub fn select(app: &mut App, node: &Node) -> bool {
    match app.rows().iter().position(|row| &row.node == node) {
        Some(index) => {
            app.selected = index;
            true
        }
        None => false,
    }
}

/// The database a node belongs to, if any (for `1`–`3`).
pub fn database_of(node: &Node) -> Option<&str> {
    match node {
        Node::Database(id) | Node::Section(id, _) => Some(id),
        _ => None,
    }
}
