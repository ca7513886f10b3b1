//! The real `ppg` binary's branch commands against the emulator: `ppg branches …`, and the branch flags of
//! `ppg databases list|create`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use cli_support::Harness;
use serde_json::Value;

/// The id of the demo's branch with this git name.
fn branch_id(h: &Harness, git_name: &str) -> String {
    let state = h.state();
    let found: Vec<&Value> =
        state["branches"].as_object().unwrap().values().filter(|b| b["gitName"] == git_name).collect();
    assert_eq!(found.len(), 1, "one branch {git_name}");
    found[0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn branches_are_listed_oldest_first_with_their_roles() {
    let h = Harness::demo();
    let storefront = h.id_of("projects", "storefront");
    let listed = h.ppg(&["branches", "list", &storefront]);
    listed.ok();
    let rows: Vec<&str> = listed.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{}", listed.printed());
    assert!(rows[0].starts_with("main ") && rows[0].contains("production ★"), "{}", listed.printed());
    assert!(rows[1].starts_with("feat/checkout-v2 ") && rows[1].contains("preview"), "{}", listed.printed());
    assert!(rows[2].starts_with("fix/tax-rounding "), "{}", listed.printed());
    let json = h.ppg(&["branches", "list", &storefront, "--json", "--git-name-contains", "fix/"]).ok().json_array();
    assert_eq!(json.len(), 1);
    assert_eq!(json[0]["gitName"], "fix/tax-rounding");
    assert_eq!(json[0]["type"], "branch");
    let one = h.ppg(&["branches", "get", &branch_id(&h, "feat/checkout-v2"), "--json"]).ok().json();
    assert_eq!((one["gitName"].as_str(), one["role"].as_str()), (Some("feat/checkout-v2"), Some("preview")));
    h.ppg(&["branches", "get", "br_nothere"]).code(3);
    h.ppg(&["branches", "list", "proj_nothere"]).code(3);
}

#[test]
fn databases_are_listed_by_branch_or_outside_any() {
    let h = Harness::demo();
    let preview = branch_id(&h, "feat/checkout-v2");
    let owned = h.ppg(&["databases", "list", "--branch", &preview, "--json"]).ok().json_array();
    let names: Vec<&str> = owned.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["checkout-v2"]);
    assert_eq!(owned[0]["branchId"], Value::String(preview.clone()));
    let table = h.ppg(&["databases", "list", "--branch", &preview]);
    table.ok().has_row(&["storefront", "checkout-v2"]);
    let unassigned = h.ppg(&["databases", "list", "--branch", "unassigned", "--json"]).ok().json_array();
    assert_eq!(unassigned.len(), 13);
    assert!(unassigned.iter().all(|d| d["branchId"].is_null()));
    let details = h.ppg(&["databases", "get", &h.id_of("databases", "checkout-v2")]);
    details.ok().has_row(&["branch", &format!("feat/checkout-v2 ({preview})")]);
}

/// The table names each database's branch by its git name, in a BRANCH column shown only when some listed
/// database is in a branch; a project whose branches cannot be read shows the branch ids and says why.
#[test]
fn database_tables_name_the_branch_by_its_git_name() {
    let h = Harness::demo();
    let storefront = h.id_of("projects", "storefront");
    let listed = h.ppg(&["databases", "list", "--project", &storefront]);
    assert_eq!(listed.ok().header(), ["PROJECT", "NAME", "BRANCH", "ID", "STATUS", "REGION", "DEFAULT", "CREATED"]);
    listed.has_row(&["shop", " main ", "★"]).has_row(&["checkout-v2", "feat/checkout-v2"]);
    let without = h.ppg(&["databases", "list", "--project", &h.id_of("projects", "checkout-service")]);
    assert!(!without.ok().header().contains(&"BRANCH"), "{}", without.printed());

    let path = format!("/v1/projects/{storefront}/branches");
    h.fault_next("GET", &path, "fail-before", serde_json::json!({"status": 403, "message": "Not for this token."}));
    let unread = h.ppg(&["databases", "list", "--project", &storefront]);
    unread.ok().has_row(&["checkout-v2", &branch_id(&h, "feat/checkout-v2")]);
    unread.stderr_has(&format!("the branches of project {storefront} could not be read")).stderr_has("403");
}

#[test]
fn a_database_is_created_in_a_branch_found_by_its_id_alone() {
    let h = Harness::demo();
    let preview = branch_id(&h, "fix/tax-rounding");
    let created = h.ppg(&["databases", "create", "--branch", &preview, "--name", "rounding-fixture", "--json"]);
    let database = created.ok().json();
    assert_eq!(database["branchId"], Value::String(preview.clone()));
    assert_eq!(database["project"]["name"], "storefront");
    assert!(h.state()["databases"][database["id"].as_str().unwrap()]["branchId"] == Value::String(preview.clone()));
    let elsewhere = h.id_of("projects", "billing");
    h.ppg(&["databases", "create", "--branch", &preview, "--project", &elsewhere]).code(2).stderr_has("belongs to");
    h.ppg(&["databases", "create", "--name", "x"]).code(2);
}

#[test]
fn branches_are_created_and_deleted_behind_their_guards() {
    let h = Harness::demo();
    let storefront = h.id_of("projects", "storefront");
    let created = h.ppg(&["branches", "create", &storefront, "--git-name", "feat/gift-cards"]);
    created.ok().stderr_has("created branch feat/gift-cards").stderr_has("preview · feat/gift-cards");
    let id = branch_id(&h, "feat/gift-cards");
    h.ppg(&["branches", "create", &storefront, "--git-name", "feat/gift-cards"]).code(1).stderr_has("409");

    h.ppg(&["branches", "delete", &id]).code(4).stderr_has(&format!("--confirm {id}"));
    assert!(h.state()["branches"].get(&id).is_some(), "nothing sent without --confirm");
    h.ppg(&["branches", "delete", &id, "--confirm", &id]).ok().stderr_has("deleted branch feat/gift-cards");
    assert!(h.state()["branches"].get(&id).is_none());

    let production = branch_id(&h, "main");
    h.clear_requests();
    let refused = h.ppg(&["branches", "delete", &production, "--confirm", &production]);
    refused.code(4).stderr_has("default branch");
    let busy = branch_id(&h, "feat/checkout-v2");
    h.ppg(&["branches", "delete", &busy, "--confirm", &busy]).code(4).stderr_has("checkout-v2");
    assert!(h.changes().is_empty(), "refused before any change: {:?}", h.changes());
    h.ppg(&["branches", "create", &storefront, "--git-name", "x", "--read-only"]).code(4);
}

#[test]
fn a_branch_whose_answer_is_lost_is_settled_by_looking() {
    let h = Harness::demo();
    let storefront = h.id_of("projects", "storefront");
    let lose = |fate: &str| h.fault_next("POST", &format!("/v1/projects/{storefront}/branches"), fate, Value::Null);
    lose("fail-after");
    let made = h.ppg(&["branches", "create", &storefront, "--git-name", "feat/lost"]);
    made.code(1).stderr_has("the branch WAS created: feat/lost");
    branch_id(&h, "feat/lost");
    lose("fail-before");
    let not_made = h.ppg(&["branches", "create", &storefront, "--git-name", "feat/never"]);
    not_made.code(1).stderr_has("nothing was created");
}

#[test]
fn a_preview_is_promoted_to_the_projects_default() {
    let h = Harness::demo();
    let preview = branch_id(&h, "feat/checkout-v2");
    let promoted = h.ppg(&["branches", "promote", &preview]);
    promoted.ok();
    assert!(
        promoted.stderr.contains("is now its project's default (★ preview · feat/checkout-v2)"),
        "{}",
        promoted.printed()
    );
    let state = h.state();
    assert_eq!(state["branches"][&preview]["isDefault"], true);
    assert_eq!(state["branches"][branch_id(&h, "main")]["isDefault"], false, "one default per project");
    let json = h.ppg(&["branches", "get", &preview, "--json"]).ok().json();
    assert_eq!(json["isDefault"], true);
    h.ppg(&["branches", "promote", "br_nothere"]).code(3);
    h.ppg(&["--read-only", "branches", "promote", &preview]).code(4);
}

/// A branch the API sent without a git name: `-` in its GIT NAME cell, and its id in a database table.
#[test]
fn a_branch_without_a_git_name_is_listed_by_its_id() {
    let h = Harness::demo_edited(|demo, world| {
        world["branches"][branch_id(demo, "fix/tax-rounding")]["gitName"] = Value::String(String::new());
    });
    let (fix, storefront) = (branch_id(&h, ""), h.id_of("projects", "storefront"));
    let listed = h.ppg(&["branches", "list", &storefront]);
    let row = listed.ok().stdout.lines().find(|line| line.contains(&fix)).unwrap().to_owned();
    assert!(row.starts_with("- "), "{}", listed.printed());
    h.ppg(&["databases", "list", "--project", &storefront]).ok().has_row(&["tax-rounding", &fix]);
}
