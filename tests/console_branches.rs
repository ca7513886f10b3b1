//! Branches as a level of the tree, against the emulator: a project with branches shows them (role and git
//! name) with their databases under them and the rest under `unassigned`; a project without looks as
//! always; `n` on a branch creates the database in it; `d` on a branch says why not, or deletes an empty
//! preview after its typed name; a branch list that fails leaves the project flat and says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::api::{DatabaseSource, NewDatabase};
use ppg::app::{Node, Overlay};
use serde_json::{Value, json};

/// The storefront project's branches as the emulator holds them: (id, git name).
fn branches(harness: &Harness) -> Vec<(String, String)> {
    let world = harness.world();
    let project = harness.record("projects", "storefront")["id"].clone();
    let mut branches: Vec<(String, String)> = world["branches"]
        .as_object()
        .unwrap()
        .values()
        .filter(|branch| branch["projectId"] == project)
        .map(|branch| (branch["id"].as_str().unwrap().to_owned(), branch["gitName"].as_str().unwrap().to_owned()))
        .collect();
    branches.sort_by(|a, b| a.1.cmp(&b.1));
    branches
}

fn branch_id(harness: &Harness, git_name: &str) -> String {
    branches(harness).into_iter().find(|(_, name)| name == git_name).expect("a storefront branch").0
}

/// The rows under storefront as (depth, node).
fn storefront_rows(harness: &Harness) -> Vec<(u8, Node)> {
    let project = Node::Project(harness.project_id("storefront"));
    let rows = harness.app().rows();
    let at = rows.iter().position(|row| row.node == project).unwrap();
    rows[at + 1..].iter().take_while(|row| row.depth > 1).map(|row| (row.depth, row.node.clone())).collect()
}

fn open_storefront(harness: &mut Harness) -> String {
    let project = harness.select_project("storefront");
    harness.press(KeyCode::Char('l'));
    project
}

fn branch_node(project: &str, branch: Option<&str>) -> Node {
    Node::Branch { project: project.to_owned(), branch: branch.map(str::to_owned) }
}

#[test]
fn a_project_with_branches_shows_them_as_a_level_with_their_databases() {
    let mut harness = Harness::demo_at(130, 30);
    let project = open_storefront(&mut harness);
    let main = branch_id(&harness, "main");
    let (feat, fix) = (branch_id(&harness, "feat/checkout-v2"), branch_id(&harness, "fix/tax-rounding"));
    let expected: Vec<(u8, Node)> =
        [&main, &feat, &fix].iter().map(|id| (2, branch_node(&project, Some(id.as_str())))).collect();
    assert_eq!(storefront_rows(&harness), expected, "the default branch first, then previews by git name");
    let frame = harness.frame();
    for label in ["★ production (1)", "preview · feat/checkout-v2 (1)", "preview · fix/tax-rounding (1)"] {
        assert!(frame.contains(label), "{label} in\n{frame}");
    }
    assert!(!frame.contains("unassigned"), "every database has its branch:\n{frame}");
    let row = frame.lines().find(|line| line.contains("  checkout-v2  ")).expect("checkout-v2 in the project's table");
    assert!(row.contains("feat/checkout-v2"), "the project's table names each database's branch: {row}");

    // Each branch holds the databases the emulator says are its own.
    harness.select(&branch_node(&project, Some(&feat)));
    harness.press(KeyCode::Char('l'));
    let held: Vec<String> = harness
        .records("databases")
        .into_iter()
        .filter(|database| database["branchId"] == json!(feat))
        .map(|database| database["id"].as_str().unwrap().to_owned())
        .collect();
    let under: Vec<(u8, Node)> = held.iter().map(|id| (3, Node::Database(id.clone()))).collect();
    let rows = storefront_rows(&harness);
    let at = rows.iter().position(|(_, node)| *node == branch_node(&project, Some(&feat))).unwrap();
    assert_eq!(rows[at + 1..at + 1 + under.len()], under[..]);
    let header = harness.frame().lines().next().unwrap().to_owned();
    assert!(header.contains("storefront › preview · feat/checkout"), "{header}");
    assert!(harness.frame().contains("Git name    feat/checkout-v2"), "{}", harness.frame());
}

#[test]
fn a_project_without_branches_looks_as_always() {
    let mut harness = Harness::demo();
    harness.select_project("checkout-service");
    harness.press(KeyCode::Char('l'));
    let project = Node::Project(harness.project_id("checkout-service"));
    let rows = harness.app().rows();
    let at = rows.iter().position(|row| row.node == project).unwrap();
    let children: Vec<_> = rows[at + 1..].iter().take_while(|row| row.depth > 1).collect();
    assert!(!children.is_empty());
    assert!(children.iter().all(|row| row.depth == 2 && matches!(row.node, Node::Database(_))), "{children:?}");
    assert!(!harness.frame().contains("BRANCH"), "{}", harness.frame());
}

/// The demo with storefront's `tax-rounding` outside any branch and an empty preview `chore/empty`.
fn demo_with_unassigned_and_empty() -> Harness {
    Harness::demo_edited(|harness, world| {
        let tax = harness.record("databases", "tax-rounding")["id"].as_str().unwrap().to_owned();
        world["databases"][&tax]["branchId"] = Value::Null;
        add_empty_preview(harness, world, "chore/empty");
    })
}

const EMPTY: &str = "br_emptypreview0000000000001";

/// Adds to `world` an empty preview of storefront with this git name, its id `EMPTY`.
fn add_empty_preview(harness: &Harness, world: &mut Value, git_name: &str) {
    let fix = branch_id(harness, "fix/tax-rounding");
    let mut empty = world["branches"][&fix].clone();
    empty["id"] = json!(EMPTY);
    empty["gitName"] = json!(git_name);
    world["branches"][EMPTY] = empty;
}

/// A branch the API sent without a git name is known by its id: in the tree, its pane and its delete.
#[test]
fn a_branch_without_a_git_name_is_known_by_its_id() {
    let mut harness = Harness::demo_edited(|harness, world| add_empty_preview(harness, world, ""));
    let project = open_storefront(&mut harness);
    harness.select(&branch_node(&project, Some(EMPTY)));
    let frame = harness.frame();
    assert!(frame.contains(&format!("Branch preview · {EMPTY}")), "{frame}");
    assert!(frame.contains("Git name    —"), "{frame}");
    harness.keys("d");
    assert!(harness.confirm().title.ends_with(EMPTY), "{}", harness.confirm().title);
    harness.keys(EMPTY);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE /v1/branches/{EMPTY}")]);
}

#[test]
fn databases_outside_any_branch_show_under_unassigned() {
    let mut harness = demo_with_unassigned_and_empty();
    let project = open_storefront(&mut harness);
    let rows = storefront_rows(&harness);
    assert_eq!(rows.last(), Some(&(2, branch_node(&project, None))), "unassigned comes last: {rows:?}");
    assert!(harness.frame().contains("preview · chore/empty (0)"), "{}", harness.frame());
    harness.select(&branch_node(&project, None));
    harness.press(KeyCode::Char('l'));
    let tax = harness.database_id("tax-rounding");
    assert_eq!(storefront_rows(&harness).last(), Some(&(3, Node::Database(tax))));
    assert!(harness.frame().contains("outside any branch"), "{}", harness.frame());
}

#[test]
fn n_on_a_branch_creates_the_database_in_it() {
    let mut harness = Harness::demo_at(130, 30);
    let project = open_storefront(&mut harness);
    let fix = branch_id(&harness, "fix/tax-rounding");
    harness.select(&branch_node(&project, Some(&fix)));
    harness.keys("n");
    assert_eq!(harness.form().title, "New database in preview · fix/tax-rounding");
    harness.keys("rounding-2");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), ["POST /v1/databases"]);
    let created = harness.record("databases", "rounding-2");
    assert_eq!(created["branchId"], json!(fix), "{created}");
    assert!(
        harness.toast().starts_with("created database rounding-2 in preview · fix/tax-rounding"),
        "{}",
        harness.toast()
    );
    harness.press(KeyCode::Esc);
    assert!(harness.frame().contains("preview · fix/tax-rounding (2)"), "{}", harness.frame());
}

#[test]
fn n_on_a_project_with_branches_says_the_default_branch_gets_it() {
    let mut harness = Harness::demo();
    open_storefront(&mut harness);
    harness.keys("n");
    assert_eq!(harness.form().title, "New database (in ★ production, the default branch)");
    harness.keys("plain");
    harness.press(KeyCode::Enter);
    let project = harness.record("projects", "storefront")["id"].as_str().unwrap().to_owned();
    assert_eq!(harness.writes(), [format!("POST /v1/projects/{project}/databases")]);
    assert_eq!(harness.record("databases", "plain")["branchId"], json!(branch_id(&harness, "main")));
}

#[test]
fn d_on_a_branch_says_up_front_why_it_cannot_be_deleted() {
    let mut harness = demo_with_unassigned_and_empty();
    let project = open_storefront(&mut harness);
    let cases = [
        (
            Some(branch_id(&harness, "main")),
            "the branch ★ production cannot be deleted: it is the project's default branch",
        ),
        (
            Some(branch_id(&harness, "feat/checkout-v2")),
            "the branch preview · feat/checkout-v2 cannot be deleted: it still holds the database checkout-v2; delete that first",
        ),
        (None, "unassigned is not a branch: it lists the databases outside any branch"),
    ];
    for (branch, why) in cases {
        harness.select(&branch_node(&project, branch.as_deref()));
        harness.keys("d");
        assert_eq!(harness.toast(), why);
        assert!(harness.app().overlay.is_none());
    }
    assert!(harness.writes().is_empty(), "nothing was asked of the API: {:?}", harness.writes());
}

#[test]
fn d_on_an_empty_preview_deletes_it_after_its_typed_name() {
    let mut harness = demo_with_unassigned_and_empty();
    let project = open_storefront(&mut harness);
    harness.select(&branch_node(&project, Some(EMPTY)));
    harness.keys("d");
    assert!(matches!(harness.app().overlay, Some(Overlay::Confirm(_))));
    assert_eq!(harness.confirm().title, "Delete branch chore/empty");
    harness.keys("chore/emptx");
    harness.press(KeyCode::Enter);
    assert!(harness.writes().is_empty(), "not without the right name");
    harness.press(KeyCode::Backspace);
    harness.keys("y");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE /v1/branches/{EMPTY}")]);
    assert!(harness.toast().starts_with("deleted branch preview · chore/empty; selected"), "{}", harness.toast());
    assert!(harness.world()["branches"].get(EMPTY).is_none());
    assert!(!storefront_rows(&harness).contains(&(2, branch_node(&project, Some(EMPTY)))));
}

#[test]
fn a_branch_list_that_fails_leaves_the_project_flat_and_says_so() {
    let mut harness = Harness::demo();
    let project = harness.project_id("storefront");
    let path = format!("/v1/projects/{project}/branches");
    harness.refuse("GET", &path, 403, "Branching is not enabled for this workspace", None);
    open_storefront(&mut harness);
    let rows = storefront_rows(&harness);
    assert!(rows.len() == 3 && rows.iter().all(|(depth, node)| *depth == 2 && matches!(node, Node::Database(_))));
    assert!(harness.toast().starts_with("loading the branches of storefront"), "{}", harness.toast());
    harness.keys("R");
    assert!(storefront_rows(&harness).iter().all(|(_, node)| matches!(node, Node::Branch { .. })));
}

#[test]
fn an_api_without_branches_is_no_error() {
    let mut harness = Harness::demo();
    let project = harness.project_id("storefront");
    harness.refuse("GET", &format!("/v1/projects/{project}/branches"), 404, "Not Found", None);
    open_storefront(&mut harness);
    assert!(storefront_rows(&harness).iter().all(|(depth, _)| *depth == 2));
    assert!(harness.app().errors.is_empty(), "{:?}", harness.app().errors);
}

#[test]
fn a_jump_to_a_database_in_a_branch_opens_its_branch() {
    let mut harness = Harness::demo();
    open_storefront(&mut harness);
    harness.press(KeyCode::Char('h'));
    harness.keys(":checkout-v2");
    harness.press(KeyCode::Enter);
    let id = harness.database_id("checkout-v2");
    assert_eq!(harness.app().selected_node(), Node::Database(id.clone()));
    assert!(storefront_rows(&harness).contains(&(3, Node::Database(id))));
}

#[test]
fn the_jump_finds_a_branch_by_its_git_name_and_opens_it() {
    let mut harness = Harness::demo_at(130, 30);
    let project = open_storefront(&mut harness);
    harness.press(KeyCode::Char('h'));
    harness.keys(":fix/tax");
    let frame = harness.frame();
    let first = frame.lines().find(|line| line.contains("│ › ")).unwrap_or_default();
    assert!(first.contains("branch      preview · fix/tax-rounding · stor"), "{frame}");
    harness.press(KeyCode::Enter);
    let fix = branch_id(&harness, "fix/tax-rounding");
    assert_eq!(harness.app().selected_node(), branch_node(&project, Some(&fix)));
}

#[test]
fn a_branch_delete_whose_answer_was_lost_is_settled_by_looking() {
    for applied in [true, false] {
        let mut harness = demo_with_unassigned_and_empty();
        let project = open_storefront(&mut harness);
        let path = format!("/v1/branches/{EMPTY}");
        harness.select(&branch_node(&project, Some(EMPTY)));
        let toast = harness.lose_a_delete(&path, "chore/empty", applied);
        if applied {
            let verdict = "the branch preview · chore/empty WAS deleted, though the answer was lost";
            assert_eq!(toast, format!("{verdict}; selected preview · feat/checkout-v2"));
        } else {
            assert_eq!(toast, "the branch preview · chore/empty was NOT deleted: it is safe to try again");
        }
    }
}

/// A database's pane names its branch (with its id) and the database its data came from.
#[test]
fn a_database_pane_names_its_branch_and_where_its_data_came_from() {
    let mut harness = Harness::demo_at(130, 30);
    let project = harness.record("projects", "storefront")["id"].as_str().unwrap().to_owned();
    let shop = harness.record("databases", "shop")["id"].as_str().unwrap().to_owned();
    let backup = harness.backups_of(&shop).into_iter().find(|backup| backup["status"] == "completed").unwrap();
    let backup = backup["id"].as_str().unwrap().to_owned();
    let fix = branch_id(&harness, "fix/tax-rounding");
    let source = DatabaseSource::Backup { database_id: shop.clone(), backup_id: backup.clone() };
    let new = NewDatabase { name: Some("tax-replay".into()), region: None, source: Some(source) };
    harness.block_on(harness.client.create_branch_database(&project, &fix, &new)).unwrap();
    harness.open_database("storefront", "tax-replay");
    let frame = harness.frame();
    assert!(frame.contains(&format!("Branch      preview · fix/tax-rounding · {fix}")), "{frame}");
    assert!(frame.contains(&format!("Source      backup {backup} of shop  ")), "{frame}");
}
