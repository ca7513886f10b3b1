//! Selection by identity: the tree keeps a node and the right pane a row's key, never an index, so data
//! landing above them moves nothing. Indexes and scroll offsets (first visible rows) are derived here.
use std::collections::HashMap;
use std::ops::Range;

use super::detail::{self, DetailRow};
use super::model::{Loadable, Node, RowKey};
use super::tree::{self, Row};
use super::{App, Pane, Tone};

/// Where a selection was last seen: to find its neighbour if it disappears, and to keep its screen line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anchor {
    /// Its index among all the rows of its list (filtered or not), and among the rows shown.
    all: usize,
    shown: usize,
    /// In the tree: its parent, and its index among that parent's children.
    parent: Option<Node>,
    sibling: usize,
    /// Its name, for the toast if it disappears.
    label: String,
}

/// Both panes' anchors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anchors {
    tree: Anchor,
    detail: Anchor,
    /// The tree node whose table `detail` belongs to.
    detail_of: Option<Node>,
}

/// The rows of a list of `len` shown in `height` lines from `offset`, the stored first visible row, as
/// drawn: when the selected row is not among them (a size `update` has not seen yet), the window is
/// centred on it instead.
pub fn window(len: usize, selected: usize, offset: usize, height: usize) -> Range<usize> {
    if height == 0 || len == 0 {
        return 0..0;
    }
    if len <= height {
        return 0..len;
    }
    let selected = selected.min(len - 1);
    let start = offset.min(len - height);
    let start = if (start..start + height).contains(&selected) {
        start
    } else {
        selected.saturating_sub(height / 2).min(len - height)
    };
    start..start + height
}

/// The first visible row after the selection moved to `selected`: `offset`, moved just enough to show it.
fn follow(len: usize, selected: usize, offset: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    let selected = selected.min(len - 1);
    offset.min(selected).max((selected + 1).saturating_sub(height)).min(len - height)
}

/// The shown index of the tree's selection. When a filter hides the chosen node, the nearest shown row
/// after it (else before it); when it is not there at all (not loaded yet), the row at its last index.
pub fn tree_index(app: &App, shown: &[Row]) -> usize {
    if let Some(index) = shown.iter().position(|row| row.node == app.browse.selected) {
        return index;
    }
    if !tree::filtered(app) {
        return app.browse.anchors.tree.all.min(shown.len().saturating_sub(1));
    }
    let all = tree::all_rows(app);
    let place = all.iter().position(|row| row.node == app.browse.selected).unwrap_or(app.browse.anchors.tree.all);
    let order: HashMap<&Node, usize> = all.iter().enumerate().map(|(index, row)| (&row.node, index)).collect();
    nearest(shown.iter().map(|row| order.get(&row.node).copied().unwrap_or(0)), place)
}

/// The shown index of the right pane's selection, found as in [`tree_index`].
pub fn detail_index(app: &App, node: &Node, shown: &[DetailRow]) -> usize {
    let Some(key) = &app.browse.detail_selected else { return 0 };
    if let Some(index) = shown.iter().position(|row| row.is(key)) {
        return index;
    }
    if !detail::filtered(app) {
        return app.browse.anchors.detail.all.min(shown.len().saturating_sub(1));
    }
    let all = detail::all_rows(app, node);
    let place = all.iter().position(|row| row.is(key)).unwrap_or(app.browse.anchors.detail.all);
    let order: HashMap<RowKey, usize> = all.iter().enumerate().map(|(index, row)| (row.key(), index)).collect();
    nearest(shown.iter().map(|row| order.get(&row.key()).copied().unwrap_or(0)), place)
}

/// The first of `orders` (ascending) at or after `place`, else the last one.
fn nearest(orders: impl Iterator<Item = usize>, place: usize) -> usize {
    let mut last = 0;
    for (index, order) in orders.enumerate() {
        if order >= place {
            return index;
        }
        last = index;
    }
    last
}

/// Selects `node` in the tree (the right pane starts again at its first row) and scrolls to it.
pub fn select_node(app: &mut App, node: Node) {
    app.browse.selected = node;
    app.browse.detail_selected = None;
    app.browse.detail_scroll = 0;
    app.browse.anchors.detail = Anchor::default();
    settle_tree(app, false);
    settle_detail(app, false);
}

/// Moves the focused pane's selection by `delta` rows from where it is shown; the tree's new node when
/// the tree's selection changed.
pub fn move_by(app: &mut App, delta: isize) -> Option<Node> {
    if app.browse.focus == Pane::Detail {
        let node = app.selected_node();
        let shown = detail::rows(app, &node);
        let index = step(detail_index(app, &node, &shown), delta, shown.len());
        let key = shown.get(index)?.key();
        if app.browse.detail_selected.as_ref() != Some(&key) {
            app.browse.detail_selected = Some(key);
            settle_detail(app, false);
        }
        return None;
    }
    let shown = app.rows();
    let index = step(tree_index(app, &shown), delta, shown.len());
    select_row(app, &shown, index)
}

/// Selects the tree's shown row `index` (a click, a move); its node when that changed the selection.
pub fn select_row(app: &mut App, shown: &[Row], index: usize) -> Option<Node> {
    let node = shown.get(index)?.node.clone();
    if node == app.browse.selected {
        return None;
    }
    select_node(app, node.clone());
    Some(node)
}

fn step(index: usize, delta: isize, len: usize) -> usize {
    (index as isize).saturating_add(delta).clamp(0, len.saturating_sub(1) as isize) as usize
}

/// After the data or a filter changed: each selection stays on its item and on its screen line; an item
/// gone from its (loaded) list gives way to its neighbour, or its parent, with a toast.
/// Returns the tree's new node when its selection had to move.
pub fn settle(app: &mut App) -> Option<Node> {
    let moved = settle_tree(app, true);
    settle_detail(app, true);
    moved.then(|| app.browse.selected.clone())
}

/// Whether the selected node was gone and gave way to another.
fn settle_tree(app: &mut App, keep_line: bool) -> bool {
    let all = tree::all_rows(app);
    let Some(at) = all.iter().position(|row| row.node == app.browse.selected) else {
        let gone = !list_loading(app, &app.browse.selected, app.browse.anchors.tree.parent.as_ref());
        if gone {
            let next = tree_neighbour(app, &all);
            let gone = app.browse.anchors.tree.label.clone();
            announce_gone(app, &gone, &tree::label(app, &next));
            app.browse.selected = next;
            app.browse.detail_selected = None;
            app.browse.anchors.detail = Anchor::default();
            settle_tree(app, true);
        }
        return gone;
    };
    let shown = app.rows();
    let index = tree_index(app, &shown);
    let offset = if keep_line {
        shift(app.browse.tree_scroll, app.browse.anchors.tree.shown, index)
    } else {
        app.browse.tree_scroll
    };
    let (height, _) = (app.heights)(app, &app.selected_node());
    app.browse.tree_scroll = follow(shown.len(), index, offset, height);
    let depth = all[at].depth;
    let parent = (0..at).rev().find(|&above| all[above].depth < depth);
    let sibling = parent.map_or(0, |parent| (parent + 1..at).filter(|&i| all[i].depth == depth).count());
    let label = tree::label(app, &app.browse.selected);
    app.browse.anchors.tree =
        Anchor { all: at, shown: index, parent: parent.map(|parent| all[parent].node.clone()), sibling, label };
    false
}

/// Whether the list holding `node`, a child of `parent`, may still change (then a missing node is not
/// gone). A branch is listed by its project's branches, whatever its databases do; `unassigned` by both.
fn list_loading(app: &App, node: &Node, parent: Option<&Node>) -> bool {
    let data = &app.data;
    if let Node::Branch { project, branch } = node {
        let branches = data.branches.get(project).is_some_and(Loadable::is_loading);
        let databases = branch.is_none() && data.databases.get(project).is_some_and(Loadable::is_loading);
        return data.projects.is_loading() || branches || databases;
    }
    match parent {
        None | Some(Node::Workspace) => data.projects.is_loading(),
        Some(Node::Project(id)) => {
            data.projects.is_loading() || data.databases.get(id).is_some_and(Loadable::is_loading)
        }
        Some(_) => data.projects.is_loading() || data.databases.values().any(Loadable::is_loading),
    }
}

/// The node taking a vanished node's place: the sibling now at its index, else the one before, else
/// its parent; without a parent in view, the row now at its index.
fn tree_neighbour(app: &App, all: &[Row]) -> Node {
    let anchor = &app.browse.anchors.tree;
    let by_parent = anchor.parent.as_ref().and_then(|parent| {
        let at = all.iter().position(|row| &row.node == parent)?;
        let depth = all[at].depth + 1;
        let siblings: Vec<usize> =
            // The Service tokens row follows the projects but is none of them: a project gives way to a project.
            (at + 1..all.len())
                .take_while(|&i| all[i].depth >= depth)
                .filter(|&i| all[i].depth == depth && all[i].node != Node::ServiceTokens)
                .collect();
        let pick = siblings.get(anchor.sibling).or(siblings.last()).copied().unwrap_or(at);
        Some(all[pick].node.clone())
    });
    by_parent
        .or_else(|| all.get(anchor.all.min(all.len().saturating_sub(1))).map(|row| row.node.clone()))
        .unwrap_or(Node::Workspace)
}

/// "billing is gone; selected internal-tools". After a change of ours ("deleted …") the note is added
/// to its toast; an error in the status line is not covered.
fn announce_gone(app: &mut App, gone: &str, next: &str) {
    let text = match &app.toast {
        Some(toast) if toast.tone == Tone::Error => return,
        Some(toast) if toast.tone == Tone::Success => format!("{}; selected {next}", toast.text),
        _ => format!("{gone} is gone; selected {next}"),
    };
    app.toast(Tone::Info, text);
}

fn settle_detail(app: &mut App, keep_line: bool) {
    let node = app.selected_node();
    if app.browse.anchors.detail_of.as_ref() != Some(&node) {
        app.browse.detail_selected = None;
        app.browse.detail_scroll = 0;
        app.browse.anchors.detail = Anchor::default();
        app.browse.anchors.detail_of = Some(node.clone());
    }
    let all = detail::all_rows(app, &node);
    let key = match &app.browse.detail_selected {
        Some(key) => key.clone(),
        None => match detail::rows(app, &node).first().or(all.first()) {
            Some(first) => first.key(),
            None => return,
        },
    };
    let at = all.iter().position(|row| row.is(&key));
    let label = at.map(|at| all[at].name().to_owned());
    let next = all
        .get(app.browse.anchors.detail.all.min(all.len().saturating_sub(1)))
        .map(|row| (row.key(), row.name().to_owned()));
    drop(all);
    let (Some(at), Some(label)) = (at, label) else {
        if detail::loading(app, &node) {
            return;
        }
        let gone = app.browse.anchors.detail.label.clone();
        let next_name = match &next {
            Some((_, name)) => name.clone(),
            None => {
                app.browse.focus = Pane::Tree;
                tree::label(app, &node)
            }
        };
        announce_gone(app, &gone, &next_name);
        app.browse.detail_selected = next.map(|(key, _)| key);
        if app.browse.detail_selected.is_some() {
            settle_detail(app, true);
        }
        return;
    };
    app.browse.detail_selected = Some(key);
    let shown = detail::rows(app, &node);
    let index = detail_index(app, &node, &shown);
    let len = shown.len();
    drop(shown);
    let offset = if keep_line {
        shift(app.browse.detail_scroll, app.browse.anchors.detail.shown, index)
    } else {
        app.browse.detail_scroll
    };
    let (_, height) = (app.heights)(app, &node);
    app.browse.detail_scroll = follow(len, index, offset, height);
    app.browse.anchors.detail = Anchor { all: at, shown: index, parent: None, sibling: 0, label };
}

/// `offset` moved by as many rows as the selection moved from `was` to `now`.
fn shift(offset: usize, was: usize, now: usize) -> usize {
    (offset + now).saturating_sub(was)
}

/// The selected row of the right pane.
pub fn selected_row<'a>(app: &'a App) -> Option<DetailRow<'a>> {
    let node = app.selected_node();
    let rows = detail::rows(app, &node);
    rows.get(detail_index(app, &node, &rows)).copied()
}

/// Selects `node` if it is visible; true when it was.
pub fn select_visible(app: &mut App, node: &Node) -> bool {
    let visible = app.rows().iter().any(|row| &row.node == node);
    if visible {
        select_node(app, node.clone());
    }
    visible
}
