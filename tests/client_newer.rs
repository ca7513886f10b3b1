//! The client's methods for the newer endpoints against the emulator over loopback HTTP: branches, the
//! branch filters of the database list, databases created in a branch, the subscription, service tokens,
//! the plan limit as a typed refusal, and the decoding tolerance of branches and tokens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_support;
mod common;

use axum::Router;
use axum::routing::get;
use client_support::{client_of, json_answer, policy, serve};
use ppg::api::{
    BranchFilter, BranchRole, BranchScope, DatabaseSource, NewDatabase, PlanLimit, backup_at, safety_copy_name,
};
use ppg::emulator::{Config, Seed};
use serde_json::json;

async fn storefront(client: &ppg::api::Client) -> String {
    let projects = client.projects().all().await.unwrap();
    projects.iter().find(|p| p.name == "storefront").unwrap().id.clone()
}

#[tokio::test]
async fn branches_are_read_created_promoted_and_deleted() {
    let emu = common::start_demo().await;
    let client = client_of(&emu, policy(3));
    let project = storefront(&client).await;
    let all = client.branches(&project, &BranchFilter::All).all().await.unwrap();
    assert_eq!(
        all.iter().map(|b| b.label()).collect::<Vec<_>>(),
        ["★ production", "preview · feat/checkout-v2", "preview · fix/tax-rounding"]
    );
    assert_eq!(all[0].undeletable(), Some("it is the project's default branch"));
    assert_eq!(all[1].undeletable(), None);
    let exact = client.branches(&project, &BranchFilter::GitName("fix/tax-rounding".into())).all().await.unwrap();
    assert_eq!(exact.len(), 1);
    let contains = client.branches(&project, &BranchFilter::GitNameContains("e".into())).all().await.unwrap();
    assert_eq!(contains.len(), 1, "only feat/checkout-v2 holds an e");
    assert_eq!(client.branch(&all[1].id).await.unwrap(), all[1]);

    let made = client.create_branch(&project, "feat/wishlist").await.unwrap();
    assert_eq!((made.role.clone(), made.is_default), (BranchRole::Preview, false));
    let promoted = client.promote_branch(&made.id).await.unwrap();
    assert!(promoted.is_default);
    let refused = client.delete_branch(&made.id).await.unwrap_err();
    assert_eq!(refused.status(), Some(422), "the default cannot go: {refused}");
    client.promote_branch(&all[0].id).await.unwrap();
    client.delete_branch(&made.id).await.unwrap();
    assert!(client.branch(&made.id).await.unwrap_err().is_not_found());
    let busy = client.delete_branch(&all[1].id).await.unwrap_err();
    assert_eq!(busy.status(), Some(409), "{busy}");
}

#[tokio::test]
async fn databases_are_listed_and_created_by_branch() {
    let emu = common::start_demo().await;
    let client = client_of(&emu, policy(3));
    let project = storefront(&client).await;
    let preview = &client.branches(&project, &BranchFilter::GitName("feat/checkout-v2".into())).all().await.unwrap()[0];
    let owned = client.branch_databases(&BranchScope::Id(preview.id.clone()), None).all().await.unwrap();
    assert_eq!(owned.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["checkout-v2"]);
    let by_name = client.branch_databases(&BranchScope::GitName("main".into()), Some(&project)).all().await.unwrap();
    assert_eq!(by_name.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["shop"]);
    let outside = client.branch_databases(&BranchScope::from_flag("unassigned"), Some(&project)).all().await.unwrap();
    assert!(outside.is_empty(), "every storefront database has a branch");

    let new = NewDatabase { name: Some("checkout-fixture".into()), ..NewDatabase::default() };
    let created = client.create_branch_database(&project, &preview.id, &new).await.unwrap();
    assert_eq!(created.branch_id.as_deref(), Some(preview.id.as_str()));
    assert!(created.connections.iter().any(|c| c.database_url().is_some()), "a creation mints strings");

    let source = owned[0].id.clone();
    let copy = NewDatabase {
        name: Some(safety_copy_name("checkout-v2", chrono::Utc::now())),
        source: Some(DatabaseSource::Database { database_id: source.clone() }),
        ..NewDatabase::default()
    };
    let copied = client.create_database(&project, &copy).await.unwrap();
    assert_eq!(copied.source, Some(DatabaseSource::Database { database_id: source }));
}

#[tokio::test]
async fn subscription_tokens_and_the_plan_limit() {
    let emu = common::start(Config { max_databases: Some(16), ..common::config(Seed::Demo) }).await;
    let client = client_of(&emu, policy(3));
    let workspace = client.me().await.unwrap().workspace.unwrap().id;
    let subscription = client.subscription(&workspace).await.unwrap();
    assert_eq!((subscription.plan_name.as_str(), subscription.usage_blocked), ("Pro", false));

    let tokens = client.service_tokens(&workspace).all().await.unwrap();
    assert_eq!(tokens.len(), 3);
    let created = client.create_service_token(&workspace, "nightly").await.unwrap();
    assert!(!format!("{created:?}").contains(&created.value), "Debug hides the value");
    client.revoke_service_token(&workspace, &created.token.id).await.unwrap();
    let gone = client.revoke_service_token(&workspace, &created.token.id).await.unwrap_err();
    assert!(gone.is_not_found());

    let project = storefront(&client).await;
    let refused = client.create_database(&project, &NewDatabase::default()).await.unwrap_err();
    assert_eq!(refused.status(), Some(402));
    let limit = client.plan_limit(&refused, None).await.expect("a plan limit");
    assert_eq!(limit.upgrade_url.as_deref(), Some(subscription.upgrade_url.unwrap().as_str()));
    assert!(limit.to_string().starts_with("the workspace's plan allows no more databases: upgrade at https://"));
    assert!(client.plan_limit(&gone, None).await.is_none(), "a 404 is no plan limit");
}

#[tokio::test]
async fn odd_branches_and_tokens_still_decode() {
    let branches = json!({"data": [
        {"id": "br_1", "gitName": "main", "role": "staging", "isDefault": "yes", "createdAt": 5, "extra": 1},
        {"id": "br_2", "gitName": "feat/x", "createdAt": "2026-01-01T00:00:00Z"},
        {"id": "br_3", "createdAt": "2026-01-01T00:00:00Z"}
    ], "pagination": {"nextCursor": null, "hasMore": false}});
    let subscription = json!({"data": {"planName": "Team", "usageBlocked": "no"}});
    let tokens = json!({"data": [
        {"id": "stok_1", "name": "ci", "createdAt": "2026-01-01T00:00:00Z", "expiresAt": null},
        {"id": "stok_2", "name": 7, "createdAt": "2026-01-01T00:00:00Z"}
    ], "pagination": {"nextCursor": null, "hasMore": false}});
    let answer = |body: serde_json::Value| move || std::future::ready(json_answer(200, body.clone()));
    let router = Router::new()
        .route("/v1/projects/proj_1/branches", get(answer(branches)))
        .route("/v1/workspaces/wksp_1/subscription", get(answer(subscription)))
        .route("/v1/workspaces/wksp_1/service-tokens", get(answer(tokens)));
    let base = serve(router).await;
    let client = client_support::client(&base, "t", policy(1));
    let branches = client.branches("proj_1", &BranchFilter::All).all().await.unwrap();
    assert_eq!(branches.items.len(), 2);
    assert_eq!(branches.unreadable.len(), 1, "a branch without a git name is kept aside");
    assert_eq!(branches[0].role, BranchRole::Other("staging".into()));
    assert!(!branches[0].is_default, "an odd isDefault reads as false");
    assert_eq!(branches[0].label(), "staging · main");
    assert_eq!(branches[1].label(), "feat/x", "no role: the git name alone");
    let subscription = client.subscription("wksp_1").await.unwrap();
    assert!(!subscription.usage_blocked && subscription.upgrade_url.is_none());
    assert!(PlanLimit { upgrade_url: subscription.upgrade_url }.to_string().contains("console.prisma.io"));
    let tokens = client.service_tokens("wksp_1").all().await.unwrap();
    assert_eq!((tokens.items.len(), tokens.unreadable.len()), (1, 1));
    assert_eq!(tokens[0].value_hint, "", "a missing hint reads as empty");
    assert!(backup_at(&[], chrono::Utc::now()).is_none());
}
