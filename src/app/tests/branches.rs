//! Branches landing after the databases: the tree moves the databases under their branches, and the
//! selected database stays selected and in view (its branch opens).
use super::*;

fn branch(id: &str, git_name: &str, role: &str, default: bool) -> api::Branch {
    serde_json::from_value(json!({
        "id": id, "type": "branch", "url": "u", "gitName": git_name, "isDefault": default, "role": role,
        "createdAt": "2026-06-01T00:00:00Z", "project": {"id": "proj_a", "name": "alpha"}
    }))
    .unwrap()
}

fn in_branch(mut database: Database, branch: &str) -> Database {
    database.branch_id = Some(branch.to_owned());
    database
}

/// An app with the project alpha listed and just opened; the requests reading its databases and branches.
fn opening_alpha() -> (App, RequestId, RequestId) {
    let (mut app, effects) = started();
    let projects = request_of(&effects, |f| *f == Fetch::Projects);
    let page = Ok(vec![project("proj_a", "alpha")].into());
    update(&mut app, reply(projects, Reply::Projects { page, first: true, done: true }));
    let mut effects = update(&mut app, char('j'));
    effects.extend(update(&mut app, char('l')));
    let databases = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let branches = request_of(&effects, |f| matches!(f, Fetch::Branches { .. }));
    (app, databases, branches)
}

/// The answer to `request` listing alpha's databases.
fn databases_of_alpha(request: RequestId, list: Vec<Database>) -> Msg {
    reply(request, Reply::Databases { project: "proj_a".into(), result: Ok(list.into()), cut_short: None })
}

/// The answer to `request` listing alpha's branches.
fn branches_of_alpha(request: RequestId, list: Vec<api::Branch>) -> Msg {
    reply(request, Reply::Branches { project: "proj_a".into(), result: Ok(list.into()) })
}

#[test]
fn a_database_selected_before_its_branch_was_known_stays_selected_and_in_view() {
    let (mut app, databases, branches) = opening_alpha();
    let list = vec![
        in_branch(database("db_1", "proj_a", "main", "ready", true), "br_prod"),
        in_branch(database("db_2", "proj_a", "preview-db", "ready", false), "br_feat"),
    ];
    update(&mut app, databases_of_alpha(databases, list));
    assert_eq!(app.rows().len(), 4, "flat while the branches are on their way: {:?}", app.rows());
    update(&mut app, char('j'));
    update(&mut app, char('j'));
    assert_eq!(app.selected_node(), Node::Database("db_2".into()));

    let list = vec![branch("br_feat", "feat/x", "preview", false), branch("br_prod", "main", "production", true)];
    update(&mut app, branches_of_alpha(branches, list));
    let nodes: Vec<(u8, Node)> = app.rows().iter().map(|row| (row.depth, row.node.clone())).collect();
    let branch_node = |id: &str| Node::Branch { project: "proj_a".into(), branch: Some(id.into()) };
    assert_eq!(
        nodes[2..],
        [(2, branch_node("br_prod")), (2, branch_node("br_feat")), (3, Node::Database("db_2".into()))],
        "the production branch first; the selected database's branch is open"
    );
    assert_eq!(app.selected_node(), Node::Database("db_2".into()));
    assert!(app.toast.is_none(), "nothing is said to be gone: {:?}", app.toast);
}

/// alpha open with `★ main` (holding db_1) and an empty preview `chore/empty`, the preview selected.
fn on_an_empty_preview() -> App {
    let (mut app, databases, branches) = opening_alpha();
    let list = vec![in_branch(database("db_1", "proj_a", "main", "ready", true), "br_prod")];
    update(&mut app, databases_of_alpha(databases, list));
    let list = vec![branch("br_prod", "main", "production", true), branch("br_empty", "chore/empty", "preview", false)];
    update(&mut app, branches_of_alpha(branches, list));
    let empty = Node::Branch { project: "proj_a".into(), branch: Some("br_empty".into()) };
    super::super::selection::select_node(&mut app, empty.clone());
    assert_eq!(app.selected_node(), empty);
    app
}

/// The preview deleted, its answer lost: returns the requests reading alpha's databases and branches again.
fn delete_lost(app: &mut App) -> (RequestId, RequestId) {
    let mut effects = update(app, char('d'));
    for c in "chore/empty".chars() {
        effects.extend(update(app, char(c)));
    }
    effects.extend(update(app, key(KeyCode::Enter)));
    let (request, change) = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::Change { request, change } => Some((*request, change.clone())),
            _ => None,
        })
        .expect("the delete is sent");
    let route = api::Route { method: "DELETE", path: "/v1/branches/br_empty".into() };
    let result = Err(api::Error::OutcomeUnknown { route, detail: "lost".into() });
    let effects = update(app, reply(request, Reply::Changed { change, result }));
    let databases = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let branches = request_of(&effects, |f| matches!(f, Fetch::Branches { .. }));
    (databases, branches)
}

#[test]
fn a_lost_branch_delete_is_told_by_its_verdict_whichever_list_answers_first() {
    for branches_first in [true, false] {
        let mut app = on_an_empty_preview();
        let (databases, branches) = delete_lost(&mut app);
        let main = in_branch(database("db_1", "proj_a", "main", "ready", true), "br_prod");
        let databases = databases_of_alpha(databases, vec![main]);
        let branches = branches_of_alpha(branches, vec![branch("br_prod", "main", "production", true)]);
        let answers = if branches_first { [branches, databases] } else { [databases, branches] };
        for answer in answers {
            update(&mut app, answer);
        }
        let toast = app.toast.as_ref().map(|toast| toast.text.as_str()).unwrap_or_default();
        assert_eq!(
            toast, "the branch preview · chore/empty WAS deleted, though the answer was lost; selected ★ production",
            "branches first: {branches_first}"
        );
        assert_eq!(app.selected_node(), Node::Branch { project: "proj_a".into(), branch: Some("br_prod".into()) });
    }
}

#[test]
fn a_branch_that_holds_databases_names_them_when_d_is_refused() {
    let app = browsing();
    let mut data = app.data.clone();
    let list = vec![branch("br_prod", "main", "production", true), branch("br_x", "feat/x", "preview", false)];
    data.branches.insert("proj_a".into(), Loadable::Loaded(list.into()));
    let why = |data: &Data| super::super::branches::undeletable(data, "proj_a", Some("br_x")).unwrap_or_default();
    for (count, said) in [
        (1, "it still holds the database d0; delete that first"),
        (3, "it still holds 3 databases (d0, d1, d2); delete them first"),
        (5, "it still holds 5 databases (d0, d1 and 3 more); delete them first"),
    ] {
        let held = (0..count)
            .map(|i| in_branch(database(&format!("db_{i}"), "proj_a", &format!("d{i}"), "ready", false), "br_x"));
        data.databases.insert("proj_a".into(), Loadable::Loaded(held.collect::<Vec<_>>().into()));
        assert_eq!(why(&data), format!("the branch preview · feat/x cannot be deleted: {said}"));
    }
}
