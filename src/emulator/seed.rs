//! The worlds an emulator can start from: the believable `demo`, `empty`, or a state file.
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use super::ids;
use super::model::{
    BackupRecord, ConnectionRecord, DatabaseRecord, ProjectRecord, RegionRecord, UserRecord, WorkspaceRecord, World,
};
use crate::api::{BackupStatus, BackupType, ConnectionKind, DatabaseSource, DatabaseStatus};

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

/// One database of the demo: name, region, status, connection names, and what else sets it apart.
pub(super) struct DemoDatabase {
    pub name: &'static str,
    pub region: &'static str,
    pub status: DatabaseStatus,
    pub connections: &'static [&'static str],
    pub backups: bool,
    /// One nightly backup (three nights ago) failed.
    pub flaky_backups: bool,
    pub remote: bool,
}

pub(super) const fn db(name: &'static str, region: &'static str, connections: &'static [&'static str]) -> DemoDatabase {
    DemoDatabase {
        name,
        region,
        status: DatabaseStatus::Ready,
        connections,
        backups: true,
        flaky_backups: false,
        remote: false,
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

/// A project of the demo: its name, default region, compute services and creation time.
pub(super) struct DemoProject {
    pub name: &'static str,
    pub region: &'static str,
    pub compute_services: u32,
    pub created: DateTime<Utc>,
}

/// Adds a project and its databases (the first is the default), with their connections and backups;
/// returns the ids of the project and of its databases, in order.
pub(super) fn add_project(
    world: &mut World,
    project: &DemoProject,
    databases: Vec<DemoDatabase>,
    now: DateTime<Utc>,
    ready_after: Duration,
) -> (String, Vec<String>) {
    let midnight = now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let (name, project_created) = (project.name, project.created);
    let project_id = ids::id("proj", &mut world.minted);
    world.projects.insert(
        project_id.clone(),
        ProjectRecord {
            id: project_id.clone(),
            name: name.into(),
            created_at: project_created,
            default_region: Some(project.region.into()),
            logical_id: None,
            compute_services: project.compute_services,
            overrides: Default::default(),
        },
    );
    let mut database_ids = Vec::new();
    for (d, spec) in databases.into_iter().enumerate() {
        let created = project_created + Duration::days(d as i64 * 9) + Duration::minutes(d as i64 * 13);
        let database_id = ids::id("db", &mut world.minted);
        database_ids.push(database_id.clone());
        let busy = matches!(spec.status, DatabaseStatus::Provisioning | DatabaseStatus::Recovering);
        world.databases.insert(
            database_id.clone(),
            DatabaseRecord {
                id: database_id.clone(),
                project_id: project_id.clone(),
                name: spec.name.into(),
                region: spec.region.into(),
                created_at: if spec.status == DatabaseStatus::Provisioning {
                    now - Duration::seconds(20)
                } else {
                    created
                },
                is_default: d == 0,
                status: spec.status.clone(),
                ready_at: busy.then(|| now.checked_add_signed(ready_after)).flatten(),
                source: Some(DatabaseSource::Empty),
                data: format!("{name}/{} as seeded", spec.name),
                remote: spec.remote,
                logical_id: None,
                branch_id: None,
                overrides: Default::default(),
            },
        );
        for (c, connection) in spec.connections.iter().enumerate() {
            let (kind, connection_name) = match connection.strip_prefix('~') {
                Some(legacy) => (ConnectionKind::Accelerate, legacy),
                None => (ConnectionKind::Postgres, *connection),
            };
            let id = ids::id("con", &mut world.minted);
            let user = ids::user(&mut world.minted);
            let secret = match kind {
                ConnectionKind::Accelerate => ids::api_key(&mut world.minted),
                _ => ids::password(&mut world.minted),
            };
            world.connections.insert(
                id.clone(),
                ConnectionRecord {
                    id,
                    database_id: database_id.clone(),
                    name: connection_name.into(),
                    created_at: created + Duration::hours(2 + c as i64 * 30),
                    kind,
                    user,
                    secret,
                    overrides: Default::default(),
                },
            );
        }
        if spec.backups {
            let failed_night = spec.flaky_backups.then_some(2);
            add_daily_backups(world, &database_id, &format!("{name}/{}", spec.name), midnight, failed_night);
        }
    }
    (project_id, database_ids)
}

/// Thirty nights of backups at 03:00 UTC before today: full on Sundays, incremental otherwise;
/// the one of `failed_night` (0 is last night) failed.
fn add_daily_backups(
    world: &mut World,
    database_id: &str,
    label: &str,
    midnight: DateTime<Utc>,
    failed_night: Option<i64>,
) {
    for day in 0..30i64 {
        let created_at = midnight - Duration::days(day + 1) + Duration::hours(3);
        let id = ids::id("bkp", &mut world.minted);
        let full = chrono::Datelike::weekday(&created_at) == chrono::Weekday::Sun;
        let base = 180_000_000u64 + (ids::mix(world.minted) % 90_000_000);
        let size = if full { base * 4 } else { base / 6 } - day as u64 * 1_000_000;
        let failed = failed_night == Some(day);
        world.backups.insert(
            id.clone(),
            BackupRecord {
                id,
                database_id: database_id.into(),
                created_at,
                backup_type: if full { BackupType::Full } else { BackupType::Incremental },
                size: (!failed).then_some(size),
                status: if failed { BackupStatus::Failed } else { BackupStatus::Completed },
                data: format!("{label} as of {}", created_at.format("%Y-%m-%d %H:%M")),
                overrides: Default::default(),
            },
        );
    }
}
