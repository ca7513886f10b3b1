//! The demo's share of the newer endpoints: a project whose databases belong to branches, the workspace's
//! service tokens and its plan. Kept apart so that everything the demo had before stays exactly as it was.
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::model::{BranchRecord, ServiceTokenRecord, SubscriptionRecord, World};
use super::seed_parts::{DemoDatabase, DemoProject, add_project, db};
use crate::api::BranchRole;

/// The id `/v1/me` names as the credential of the emulator's own token (`--token`).
pub const OWN_TOKEN_ID: &str = "stok_emulator0000000000000001";

/// The ids of this part are minted from their own range of the counter, far beyond anything a session
/// mints, so that the ids of the rest of the demo, and of what is created in it, are those they always were.
const MINTED_FROM: u64 = 1 << 40;

/// The record of the emulator's own token: listed like any, its value not kept (`--token` is checked
/// as such, and stays valid even when this record is revoked, so an emulator never locks itself out).
pub fn own_token(created: DateTime<Utc>) -> BTreeMap<String, ServiceTokenRecord> {
    let record = ServiceTokenRecord {
        id: OWN_TOKEN_ID.to_owned(),
        name: "ppg emulator".to_owned(),
        value: None,
        value_hint: "…oken".to_owned(),
        created_at: created,
        expires_at: None,
        overrides: Default::default(),
    };
    BTreeMap::from([(record.id.clone(), record)])
}

/// The storefront project (a production branch and two previews, each with its database), two more
/// service tokens, and a Pro plan.
pub fn add(world: &mut World, now: DateTime<Utc>, ready_after: Duration) {
    let counter = std::mem::replace(&mut world.minted, MINTED_FROM);
    let project = DemoProject {
        name: "storefront",
        region: "eu-central-1",
        compute_services: 0,
        created: now - Duration::days(40),
    };
    let databases: Vec<DemoDatabase> = vec![
        db("shop", "eu-central-1", &["storefront-app"]),
        DemoDatabase { backups: false, ..db("checkout-v2", "eu-central-1", &["preview-app"]) },
        DemoDatabase { backups: false, ..db("tax-rounding", "eu-central-1", &[]) },
    ];
    let (project_id, database_ids) = add_project(world, &project, databases, now, ready_after);
    let branches = [
        ("main", BranchRole::Production, project.created),
        ("feat/checkout-v2", BranchRole::Preview, now - Duration::days(6) - Duration::hours(5)),
        ("fix/tax-rounding", BranchRole::Preview, now - Duration::days(2) - Duration::hours(3)),
    ];
    for ((git_name, role, created_at), database_id) in branches.into_iter().zip(&database_ids) {
        let id = super::ids::id("br", &mut world.minted);
        let branch = BranchRecord {
            id: id.clone(),
            project_id: project_id.clone(),
            git_name: git_name.to_owned(),
            is_default: role == BranchRole::Production,
            role,
            created_at,
            updated_at: created_at,
            overrides: Default::default(),
        };
        world.branches.insert(id.clone(), branch);
        if let Some(database) = world.databases.get_mut(database_id) {
            database.branch_id = Some(id);
            if database.created_at < created_at {
                database.created_at = created_at + Duration::minutes(4);
            }
        }
    }
    for (name, age, expires) in [("github-actions", 90, None), ("vercel-deploy", 30, Some(60))] {
        let id = super::ids::id("stok", &mut world.minted);
        let hint = super::ids::api_key(&mut world.minted);
        let record = ServiceTokenRecord {
            id: id.clone(),
            name: name.to_owned(),
            value: None,
            value_hint: format!("…{}", &hint[hint.len() - 4..]),
            created_at: now - Duration::days(age),
            expires_at: expires.map(|days| now + Duration::days(days)),
            overrides: Default::default(),
        };
        world.service_tokens.insert(id, record);
    }
    world.subscription = SubscriptionRecord { plan_name: "Pro".to_owned(), ..SubscriptionRecord::default() };
    world.minted = counter;
}
