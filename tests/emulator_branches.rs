//! Branches in the emulator: the SDK's shapes, the first-branch rule, the filters of the branch list and of
//! `GET /v1/databases`, where new databases go, and the guards on promoting and deleting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Emu, assert_id, start_demo, start_empty};
use ppg::api::{Branch, BranchRole, Data, Database, Page};
use serde_json::{Value, json};

async fn project_named(emu: &Emu, name: &str) -> String {
    let (projects, _) = emu.list_all("/v1/projects", &[], 100).await;
    let project = projects.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("no project {name}"));
    project["id"].as_str().unwrap().to_owned()
}

async fn branches(emu: &Emu, project: &str, query: &[(&str, &str)]) -> Vec<Branch> {
    let reply = emu.get_query(&format!("/v1/projects/{project}/branches"), query).await;
    reply.expect(200);
    reply.decode::<Page<Branch>>().data.items
}

async fn databases(emu: &Emu, query: &[(&str, &str)]) -> Vec<Database> {
    let (items, _) = emu.list_all("/v1/databases", query, 100).await;
    items.into_iter().map(|item| serde_json::from_value(item).unwrap()).collect()
}

fn names(databases: &[Database]) -> Vec<&str> {
    let mut names: Vec<&str> = databases.iter().map(|database| database.name.as_str()).collect();
    names.sort_unstable();
    names
}

#[tokio::test]
async fn the_demo_has_a_production_branch_and_two_previews_owning_databases() {
    let emu = start_demo().await;
    let project = project_named(&emu, "storefront").await;
    let listed = branches(&emu, &project, &[]).await;
    let summary: Vec<(&str, bool, &BranchRole)> =
        listed.iter().map(|b| (b.git_name.as_str(), b.is_default, &b.role)).collect();
    assert_eq!(
        summary,
        [
            ("main", true, &BranchRole::Production),
            ("feat/checkout-v2", false, &BranchRole::Preview),
            ("fix/tax-rounding", false, &BranchRole::Preview),
        ],
        "oldest first"
    );
    for branch in &listed {
        assert_id(&branch.id, "br_");
        assert_eq!(branch.resource_type, "branch");
        assert_eq!(branch.project.as_ref().unwrap().id, project);
        let one = emu.get(&format!("/v1/branches/{}", branch.id)).await;
        assert_eq!(&one.expect(200).decode::<Data<Branch>>().data, branch);
    }
    let preview = &listed[1];
    let owned = databases(&emu, &[("branchId", &preview.id)]).await;
    assert_eq!(names(&owned), ["checkout-v2"]);
    assert_eq!(owned[0].branch_id.as_deref(), Some(preview.id.as_str()));
    let by_name = databases(&emu, &[("branchGitName", "fix/tax-rounding")]).await;
    assert_eq!(names(&by_name), ["tax-rounding"]);
    let unassigned = databases(&emu, &[("branchId", "unassigned")]).await;
    assert!(unassigned.iter().all(|d| d.branch_id.is_none()) && unassigned.len() == 13, "{}", unassigned.len());
    let everything = databases(&emu, &[]).await;
    assert_eq!(everything.len(), 16, "the branch filters only narrow");
}

#[tokio::test]
async fn git_name_filters_are_exact_or_contained_and_exclude_each_other() {
    let emu = start_demo().await;
    let project = project_named(&emu, "storefront").await;
    let exact = branches(&emu, &project, &[("gitName", "feat/checkout-v2")]).await;
    assert_eq!(exact.iter().map(|b| b.git_name.as_str()).collect::<Vec<_>>(), ["feat/checkout-v2"]);
    assert!(branches(&emu, &project, &[("gitName", "feat")]).await.is_empty(), "gitName is exact");
    let contained = branches(&emu, &project, &[("gitNameContains", "/")]).await;
    assert_eq!(contained.len(), 2);
    assert!(branches(&emu, &project, &[("gitNameContains", "FEAT")]).await.is_empty(), "case-sensitive");
    let both = emu
        .get_query(&format!("/v1/projects/{project}/branches"), &[("gitName", "main"), ("gitNameContains", "m")])
        .await;
    both.expect_error(422);
    emu.get("/v1/projects/proj_nothere/branches").await.expect_error_code(404, "not_found");
    emu.get("/v1/branches/br_nothere").await.expect_error_code(404, "not_found");
}

#[tokio::test]
async fn branches_page_in_creation_order() {
    let emu = start_demo().await;
    let project = project_named(&emu, "storefront").await;
    let (items, cursors) = emu.list_all(&format!("/v1/projects/{project}/branches"), &[], 1).await;
    let git_names: Vec<&str> = items.iter().map(|b| b["gitName"].as_str().unwrap()).collect();
    assert_eq!(git_names, ["main", "feat/checkout-v2", "fix/tax-rounding"]);
    assert_eq!(cursors.len(), 3, "three pages of one");
}

async fn new_project(emu: &Emu) -> String {
    let reply = emu.post("/v1/projects", &json!({"name": "shop", "region": "eu-central-1"})).await;
    reply.expect(201).json()["data"]["id"].as_str().unwrap().to_owned()
}

async fn create_branch(emu: &Emu, project: &str, body: Value) -> Branch {
    let reply = emu.post(&format!("/v1/projects/{project}/branches"), &body).await;
    reply.expect(201).decode::<Data<Branch>>().data
}

#[tokio::test]
async fn the_first_branch_is_default_and_production_whatever_is_asked() {
    let emu = start_empty().await;
    let project = new_project(&emu).await;
    let first = create_branch(&emu, &project, json!({"gitName": "main", "isDefault": false})).await;
    assert!((first.is_default, &first.role) == (true, &BranchRole::Production), "{first:?}");
    let second = create_branch(&emu, &project, json!({"gitName": "feat/a"})).await;
    assert!((second.is_default, &second.role) == (false, &BranchRole::Preview), "{second:?}");
    let third = create_branch(&emu, &project, json!({"gitName": "feat/b", "isDefault": true})).await;
    assert!(third.is_default && third.role == BranchRole::Preview, "{third:?}");
    let now = branches(&emu, &project, &[]).await;
    assert_eq!(now.iter().filter(|b| b.is_default).count(), 1, "the default moved: {now:?}");
    let reply = emu.post(&format!("/v1/projects/{project}/branches"), &json!({"gitName": "feat/a"})).await;
    reply.expect_error_code(409, "conflict");
    for bad in [json!({"gitName": ""}), json!({"gitName": "has space"}), json!({})] {
        emu.post(&format!("/v1/projects/{project}/branches"), &bad).await.expect_error(422);
    }
}

#[tokio::test]
async fn new_databases_go_to_the_default_branch_or_the_one_named() {
    let emu = start_empty().await;
    let project = new_project(&emu).await;
    let (default_db, _) = emu.list_all(&format!("/v1/projects/{project}/databases"), &[], 100).await;
    assert_eq!(default_db[0]["branchId"], Value::Null, "a project without branches has none");
    let main = create_branch(&emu, &project, json!({"gitName": "main"})).await;
    let preview = create_branch(&emu, &project, json!({"gitName": "feat/a"})).await;
    let plain = emu.post(&format!("/v1/projects/{project}/databases"), &json!({"name": "plain"})).await;
    assert_eq!(plain.expect(201).json()["data"]["branchId"], json!(main.id), "omitted: the default branch");
    let body = json!({"projectId": project, "name": "in-preview", "branchId": preview.id});
    let placed = emu.post("/v1/databases", &body).await;
    assert_eq!(placed.expect(201).json()["data"]["branchId"], json!(preview.id));
    let by_name = json!({"projectId": project, "name": "fresh", "branchGitName": "feat/new"});
    let made = emu.post("/v1/databases", &by_name).await.expect(201).json();
    let fresh = branches(&emu, &project, &[("gitName", "feat/new")]).await;
    assert_eq!(made["data"]["branchId"], json!(fresh[0].id), "a git name that does not exist is created");
    let null = json!({"projectId": project, "branchId": null});
    emu.post("/v1/databases", &null).await.expect_error(400);
    let both = json!({"projectId": project, "branchId": preview.id, "branchGitName": "x"});
    emu.post("/v1/databases", &both).await.expect_error(400);
    let other = new_project(&emu).await;
    let foreign = json!({"projectId": other, "branchId": preview.id});
    emu.post("/v1/databases", &foreign).await.expect_error(400);
    emu.post("/v1/databases", &json!({"projectId": project, "branchId": "br_nothere"})).await.expect_error(404);
}

#[tokio::test]
async fn only_the_default_flag_moves() {
    let emu = start_empty().await;
    let project = new_project(&emu).await;
    let main = create_branch(&emu, &project, json!({"gitName": "main"})).await;
    let preview = create_branch(&emu, &project, json!({"gitName": "feat/a"})).await;
    let promoted = emu.patch(&format!("/v1/branches/{}", preview.id), &json!({"isDefault": true})).await;
    let promoted = promoted.expect(200).decode::<Data<Branch>>().data;
    assert!(promoted.is_default && promoted.role == BranchRole::Preview, "{promoted:?}");
    let main_now = emu.get(&format!("/v1/branches/{}", main.id)).await.decode::<Data<Branch>>().data;
    assert!(!main_now.is_default && main_now.role == BranchRole::Production);
    for refused in [json!({"isDefault": false}), json!({"gitName": "other"}), json!({"role": "production"})] {
        emu.patch(&format!("/v1/branches/{}", preview.id), &refused).await.expect_error(422);
    }
}

#[tokio::test]
async fn deleting_spares_the_default_the_production_branch_and_one_with_databases() {
    let emu = start_empty().await;
    let project = new_project(&emu).await;
    let main = create_branch(&emu, &project, json!({"gitName": "main"})).await;
    let busy = create_branch(&emu, &project, json!({"gitName": "feat/busy"})).await;
    let idle = create_branch(&emu, &project, json!({"gitName": "feat/idle"})).await;
    emu.post("/v1/databases", &json!({"projectId": project, "branchId": busy.id})).await.expect(201);
    emu.delete(&format!("/v1/branches/{}", main.id)).await.expect_error(422);
    emu.delete(&format!("/v1/branches/{}", busy.id)).await.expect_error(409);
    emu.patch(&format!("/v1/branches/{}", idle.id), &json!({"isDefault": true})).await.expect(200);
    emu.delete(&format!("/v1/branches/{}", idle.id)).await.expect_error(422);
    emu.delete(&format!("/v1/branches/{}", main.id)).await.expect_error(422);
    emu.patch(&format!("/v1/branches/{}", busy.id), &json!({"isDefault": true})).await.expect(200);
    emu.delete(&format!("/v1/branches/{}", idle.id)).await.expect(204);
    emu.get(&format!("/v1/branches/{}", idle.id)).await.expect_error(404);
    emu.delete(&format!("/v1/projects/{project}")).await.expect(204);
    emu.get(&format!("/v1/branches/{}", main.id)).await.expect_error(404);
}
