//! Branches as a level of the tree: a project's branches in order, the databases each holds, the databases
//! outside any (`unassigned`), what a branch row is called, and why `d` cannot delete one.
use super::model::{Data, Loadable, Node, by_name};
use crate::api::{Branch, BranchRole, Database};

/// The label of the row that gathers a project's databases outside any branch.
pub const UNASSIGNED: &str = "unassigned";

/// How a project's children show: its databases straight under it, or its branches.
pub enum Level<'a> {
    /// The project has no branches, or they are not known yet (on their way, or the API did not serve them):
    /// its databases, in the tree's order, show under the project as soon as they arrive, and move under
    /// their branches once those are known (the selection follows its node).
    Flat(Vec<&'a Database>),
    Branches(Vec<Lane<'a>>),
}

impl Level<'_> {
    /// Whether any of its rows passes `passes`: a database's name, or a branch row's label.
    pub fn any(&self, passes: impl Fn(&str) -> bool) -> bool {
        let named = |databases: &[&Database]| databases.iter().any(|database| passes(&database.name));
        match self {
            Level::Flat(databases) => named(databases),
            Level::Branches(lanes) => lanes.iter().any(|lane| passes(&lane.label()) || named(&lane.databases)),
        }
    }
}

/// One row of the branch level: a branch (or `None`: the databases outside any) and its databases, in the
/// tree's order.
pub struct Lane<'a> {
    pub branch: Option<&'a Branch>,
    pub databases: Vec<&'a Database>,
}

impl Lane<'_> {
    pub fn label(&self) -> String {
        self.branch.map_or_else(|| UNASSIGNED.to_owned(), Branch::label)
    }
}

/// The tree's order of branches: the default first, then production, then by git name.
fn order(a: &Branch, b: &Branch) -> std::cmp::Ordering {
    let rank = |branch: &Branch| (!branch.is_default, branch.role != BranchRole::Production);
    rank(a).cmp(&rank(b)).then(by_name(&a.git_name, &b.git_name)).then(a.id.cmp(&b.id))
}

/// Which of `branches` a database sits under (`None`: outside any of them, its `branchId` absent or unknown).
fn lane_of(branches: &[&Branch], database: &Database) -> Option<usize> {
    let id = database.branch_id.as_deref()?;
    branches.iter().position(|branch| branch.id == id)
}

impl Data {
    /// The project's branches in the tree's order; empty while unknown or when it has none.
    pub fn branches_of(&self, project: &str) -> Vec<&Branch> {
        let mut branches: Vec<&Branch> =
            self.branches.get(project).and_then(Loadable::value).map(|list| list.iter().collect()).unwrap_or_default();
        branches.sort_by(|a, b| order(a, b));
        branches
    }

    /// How the project's children show (see `Level`).
    pub fn level(&self, project: &str) -> Level<'_> {
        let databases = self.databases_of(project);
        let branches = self.branches_of(project);
        if branches.is_empty() {
            return Level::Flat(databases);
        }
        let mut lanes: Vec<Lane> =
            branches.iter().map(|branch| Lane { branch: Some(branch), databases: Vec::new() }).collect();
        let mut unassigned = Vec::new();
        for database in databases {
            match lane_of(&branches, database) {
                Some(index) => lanes[index].databases.push(database),
                None => unassigned.push(database),
            }
        }
        if !unassigned.is_empty() {
            lanes.push(Lane { branch: None, databases: unassigned });
        }
        Level::Branches(lanes)
    }

    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.branches.values().filter_map(Loadable::value).flatten().find(|branch| branch.id == id)
    }

    /// The branch row a database sits under, when its project shows branches.
    pub fn branch_node_of(&self, database: &Database) -> Option<Node> {
        let project = database.project.as_ref()?.id.clone();
        let branches = self.branches_of(&project);
        if branches.is_empty() {
            return None;
        }
        let branch = lane_of(&branches, database).map(|lane| branches[lane].id.clone());
        Some(Node::Branch { project, branch })
    }

    /// The databases a branch row holds (`None`: those outside any branch), in the tree's order.
    pub fn databases_in(&self, project: &str, branch: Option<&str>) -> Vec<&Database> {
        match self.level(project) {
            Level::Branches(lanes) => lanes
                .into_iter()
                .find(|lane| lane.branch.map(|b| b.id.as_str()) == branch)
                .map(|lane| lane.databases)
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// How many databases a branch row holds, counted without sorting (a tree row asks at every frame).
    pub fn count_in(&self, project: &str, branch: Option<&str>) -> usize {
        let Some(databases) = self.databases.get(project).and_then(Loadable::value) else { return 0 };
        let branches = self.branches_of(project);
        let held = |database: &&Database| lane_of(&branches, database).map(|lane| branches[lane].id.as_str()) == branch;
        databases.iter().filter(held).count()
    }

    /// `★ production`, `preview · feat/checkout-v2`, `unassigned`: what a branch row is called.
    pub fn branch_label(&self, branch: Option<&str>) -> String {
        match branch {
            None => UNASSIGNED.to_owned(),
            Some(id) => self.branch(id).map_or_else(|| id.to_owned(), Branch::label),
        }
    }
}

/// Why `d` cannot delete a branch row, known before asking the API: the databases-outside row is no branch,
/// the default or production branch is refused, and so is a branch that still holds databases.
pub fn undeletable(data: &Data, project: &str, branch: Option<&str>) -> Option<String> {
    let Some(id) = branch else {
        return Some(format!("{UNASSIGNED} is not a branch: it lists the databases outside any branch"));
    };
    let label = data.branch_label(Some(id));
    if let Some(reason) = data.branch(id).and_then(Branch::undeletable) {
        return Some(format!("the branch {label} cannot be deleted: {reason}"));
    }
    let held: Vec<&str> = data.databases_in(project, Some(id)).iter().map(|database| database.name.as_str()).collect();
    let why = match held.len() {
        0 => return None,
        1 => format!("it still holds the database {}; delete that first", held[0]),
        n => {
            let named = if n <= 3 { held.join(", ") } else { format!("{}, {} and {} more", held[0], held[1], n - 2) };
            format!("it still holds {n} databases ({named}); delete them first")
        }
    };
    Some(format!("the branch {label} cannot be deleted: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch(id: &str, git_name: &str, role: BranchRole, is_default: bool) -> Branch {
        Branch {
            id: id.into(),
            resource_type: "branch".into(),
            url: String::new(),
            git_name: git_name.into(),
            is_default,
            role,
            created_at: crate::api::Timestamp::parse("2026-11-01T00:00:00Z"),
            updated_at: None,
            project: None,
        }
    }

    #[test]
    fn the_default_branch_comes_first_then_production_then_git_names() {
        let branches = [
            branch("b3", "zeta", BranchRole::Preview, false),
            branch("b2", "Alpha", BranchRole::Preview, false),
            branch("b1", "main", BranchRole::Production, false),
            branch("b0", "develop", BranchRole::Preview, true),
        ];
        let mut sorted: Vec<&Branch> = branches.iter().collect();
        sorted.sort_by(|a, b| order(a, b));
        let ids: Vec<&str> = sorted.iter().map(|branch| branch.id.as_str()).collect();
        assert_eq!(ids, ["b0", "b1", "b2", "b3"]);
    }
}
