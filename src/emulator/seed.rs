//! The worlds an emulator can start from: the believable `demo`, `empty`, or a state file.
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use super::model::{RegionRecord, UserRecord, WorkspaceRecord, World};
use super::seed_parts::{DemoDatabase, DemoProject, add_project, db};
use crate::api::DatabaseStatus;

#[derive(Debug, Clone, PartialEq)]
pub enum Seed {
    Demo,
    Empty,
    /// A world in the state-file format.
    File(PathBuf),
}

impl FromStr for Seed {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(match text {
            "demo" => Self::Demo,
            "empty" => Self::Empty,
            path => Self::File(PathBuf::from(path)),
        })
    }
}

/// Builds the starting world; a file that cannot be read or parsed is an error naming why.
/// Seeded databases that are busy become `ready` after `ready_after`, like any other.
pub fn build(seed: &Seed, now: DateTime<Utc>, ready_after: Duration) -> Result<World, String> {
    match seed {
        Seed::Demo => Ok(demo(now, ready_after)),
        Seed::Empty => Ok(empty(now)),
        Seed::File(path) => super::persist::read(path).map_err(|error| format!("{}: {error}", path.display())),
    }
}

const REGIONS: [(&str, &str, bool); 6] = [
    ("us-east-1", "US East (N. Virginia)", true),
    ("us-west-1", "US West (N. California)", true),
    ("eu-west-3", "Europe (Paris)", true),
    ("eu-central-1", "Europe (Frankfurt)", true),
    ("ap-northeast-1", "Asia Pacific (Tokyo)", true),
    ("ap-southeast-1", "Asia Pacific (Singapore)", false),
];

fn empty(now: DateTime<Utc>) -> World {
    let created = now - Duration::days(400);
    World {
        workspace: WorkspaceRecord {
            id: "wksp_acme0demo0workspace0001".into(),
            name: "Acme".into(),
            created_at: created,
            overrides: Default::default(),
        },
        user: UserRecord {
            id: "usr_ada0lovelace0000000001".into(),
            email: "ada@acme.dev".into(),
            name: Some("Ada Lovelace".into()),
        },
        regions: REGIONS
            .iter()
            .map(|(id, name, available)| RegionRecord {
                id: (*id).into(),
                name: (*name).into(),
                available: *available,
                overrides: Default::default(),
            })
            .collect(),
        backup_retention_days: 30,
        projects: Default::default(),
        databases: Default::default(),
        connections: Default::default(),
        backups: Default::default(),
        branches: Default::default(),
        service_tokens: super::seed_newer::own_token(created),
        subscription: Default::default(),
        minted: 0,
        postgres: None,
    }
}

/// Connection names starting with `~` are legacy Accelerate connections.
fn demo_projects() -> Vec<(&'static str, &'static str, u32, Vec<DemoDatabase>)> {
    vec![
        (
            "checkout-service",
            "eu-central-1",
            1,
            vec![
                db("main-db", "eu-central-1", &["app-server", "ci"]),
                DemoDatabase { flaky_backups: true, ..db("analytics", "us-east-1", &["metabase"]) },
            ],
        ),
        (
            "marketing-site",
            "us-east-1",
            0,
            vec![
                db("web", "us-east-1", &["vercel-prod"]),
                DemoDatabase {
                    status: DatabaseStatus::Provisioning,
                    backups: false,
                    ..db("preview", "us-east-1", &[])
                },
            ],
        ),
        (
            "mobile-api",
            "ap-northeast-1",
            0,
            vec![
                db("prod", "ap-northeast-1", &["api", "~edge-cache"]),
                DemoDatabase {
                    status: DatabaseStatus::Recovering,
                    ..db("staging", "ap-northeast-1", &["staging-app"])
                },
                db("load-test", "us-west-1", &["k6"]),
            ],
        ),
        (
            "data-platform",
            "eu-west-3",
            0,
            vec![
                DemoDatabase { remote: true, backups: false, ..db("warehouse", "eu-west-3", &["etl"]) },
                db("events", "eu-west-3", &["ingest", "dashboards"]),
                db("feature-store", "eu-central-1", &["trainer"]),
                DemoDatabase { backups: false, ..db("scratch", "us-east-1", &[]) },
            ],
        ),
        ("internal-tools", "us-east-1", 0, vec![db("tools", "us-east-1", &[])]),
        ("billing", "eu-central-1", 0, vec![db("ledger", "eu-central-1", &["billing-worker"])]),
    ]
}

/// The demo workspace "Acme": the same ids every time, times relative to `now`.
pub fn demo(now: DateTime<Utc>, ready_after: Duration) -> World {
    let mut world = empty(now);
    for (p, (name, region, compute, databases)) in demo_projects().into_iter().enumerate() {
        let project =
            DemoProject { name, region, compute_services: compute, created: now - Duration::days(180 - 20 * p as i64) };
        add_project(&mut world, &project, databases, now, ready_after);
    }
    super::seed_newer::add(&mut world, now, ready_after);
    world
}
