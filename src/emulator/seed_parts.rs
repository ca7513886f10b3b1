//! Building blocks of the demo seed: a project with its databases, their connections and nightly backups.
use chrono::{DateTime, Duration, Utc};

use super::ids;
use super::model::{BackupRecord, ConnectionRecord, DatabaseRecord, ProjectRecord, World};
use crate::api::{BackupStatus, BackupType, ConnectionKind, DatabaseSource, DatabaseStatus};

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
