//! The emulator's world: plain records keyed by id, serializable as the state file.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::overrides::Overrides;
use crate::api::{BackupStatus, BackupType, BranchRole, ConnectionKind, DatabaseSource, DatabaseStatus};

/// Everything the emulator knows. `BTreeMap`s keep iteration, listings and saved files deterministic.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct World {
    pub workspace: WorkspaceRecord,
    pub user: UserRecord,
    pub regions: Vec<RegionRecord>,
    #[serde(default = "default_retention")]
    pub backup_retention_days: u32,
    #[serde(default)]
    pub projects: BTreeMap<String, ProjectRecord>,
    #[serde(default)]
    pub databases: BTreeMap<String, DatabaseRecord>,
    #[serde(default)]
    pub connections: BTreeMap<String, ConnectionRecord>,
    #[serde(default)]
    pub backups: BTreeMap<String, BackupRecord>,
    /// Live branches; a deleted one is gone (the API's soft delete never shows it again).
    #[serde(default)]
    pub branches: BTreeMap<String, BranchRecord>,
    #[serde(default)]
    pub service_tokens: BTreeMap<String, ServiceTokenRecord>,
    #[serde(default)]
    pub subscription: SubscriptionRecord,
    /// Counter behind every minted id and secret, so a restarted emulator never repeats one.
    #[serde(default)]
    pub minted: u64,
    /// With `--postgres`: what the emulator made in that server, so that it only ever drops its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postgres: Option<PostgresRecord>,
}

/// The databases and roles the emulator created in the PostgreSQL behind `--postgres`, by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostgresRecord {
    /// A random tag in every name it creates, so that two emulators on one server never meet.
    pub instance: String,
    #[serde(default)]
    pub databases: BTreeSet<String>,
    #[serde(default)]
    pub roles: BTreeMap<String, RoleRecord>,
}

/// A role the emulator created: a database's owner group, or a connection's login role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRecord {
    /// The database (its name in PostgreSQL) the role belongs to.
    pub database: String,
    /// A login role (a connection); otherwise the owner group of `database`.
    pub login: bool,
    /// A fingerprint (not the password) of the password last set, to notice a rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

fn default_retention() -> u32 {
    30
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRecord {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionRecord {
    pub id: String,
    pub name: String,
    pub available: bool,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRecord {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub default_region: Option<String>,
    #[serde(default)]
    pub logical_id: Option<String>,
    /// Dependencies outside databases (compute services): a project with any refuses deletion.
    #[serde(default)]
    pub compute_services: u32,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseRecord {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub region: String,
    pub created_at: DateTime<Utc>,
    pub is_default: bool,
    pub status: DatabaseStatus,
    /// When a `provisioning` or `recovering` database turns `ready`.
    #[serde(default)]
    pub ready_at: Option<DateTime<Utc>>,
    pub source: Option<DatabaseSource>,
    /// What the database holds, as a label: restores and clones copy it, so tests can see data move.
    pub data: String,
    /// A remote database: its backups are not available (422).
    #[serde(default)]
    pub remote: bool,
    /// Declared identity, set by `PATCH /v1/databases/{id}`; `GET /v1/databases?logicalId=` filters on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
    /// The branch that owns it; `None` outside any (every database of a project without branches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_id: Option<String>,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

/// A branch of a project: the first is the default and `production`, later ones `preview`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BranchRecord {
    pub id: String,
    pub project_id: String,
    pub git_name: String,
    pub is_default: bool,
    pub role: BranchRole,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

/// A workspace service token. The value of one created through the API is kept (the real API keeps a
/// hash) so that the emulator accepts it as a bearer token; seeded ones have none.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceTokenRecord {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub value_hint: String,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Merged over this token's rendered JSON in lists (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

/// The workspace's plan, as `GET /v1/workspaces/{id}/subscription` tells it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionRecord {
    pub plan_name: String,
    #[serde(default)]
    pub usage_blocked: bool,
    pub upgrade_url: String,
}

impl Default for SubscriptionRecord {
    fn default() -> Self {
        Self {
            plan_name: "Free".to_owned(),
            usage_blocked: false,
            upgrade_url: "https://console.prisma.io/settings/billing".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionRecord {
    pub id: String,
    pub database_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub kind: ConnectionKind,
    /// 64 hex characters, the Postgres user of direct and pooled strings.
    pub user: String,
    /// `sk_…` for Postgres connections, the API key for Accelerate ones.
    pub secret: String,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupRecord {
    pub id: String,
    pub database_id: String,
    pub created_at: DateTime<Utc>,
    pub backup_type: BackupType,
    /// In bytes; served as MiB, the unit ppg reads the API's `size` in.
    pub size: Option<u64>,
    pub status: BackupStatus,
    /// The database's data at backup time.
    pub data: String,
    /// Merged over this resource's rendered JSON in every answer (see `overrides.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

impl World {
    /// Checks that every reference points at a record, so a hand-written seed fails early and clearly.
    pub fn check(&self) -> Result<(), String> {
        for branch in self.branches.values() {
            if !self.projects.contains_key(&branch.project_id) {
                return Err(format!("branch {} names unknown project {}", branch.id, branch.project_id));
            }
        }
        for database in self.databases.values() {
            if !self.projects.contains_key(&database.project_id) {
                return Err(format!("database {} names unknown project {}", database.id, database.project_id));
            }
            if let Some(branch) = &database.branch_id
                && self.branches.get(branch).is_none_or(|branch| branch.project_id != database.project_id)
            {
                return Err(format!("database {} names branch {branch}, not one of its project", database.id));
            }
        }
        for connection in self.connections.values() {
            if !self.databases.contains_key(&connection.database_id) {
                return Err(format!("connection {} names unknown database {}", connection.id, connection.database_id));
            }
        }
        for backup in self.backups.values() {
            if !self.databases.contains_key(&backup.database_id) {
                return Err(format!("backup {} names unknown database {}", backup.id, backup.database_id));
            }
        }
        Ok(())
    }

    /// Turns `provisioning`/`recovering` databases whose time has come `ready`; true when any changed.
    pub fn advance(&mut self, now: DateTime<Utc>) -> bool {
        let mut changed = false;
        for database in self.databases.values_mut() {
            if database.ready_at.is_some_and(|at| at <= now) {
                database.status = DatabaseStatus::Ready;
                database.ready_at = None;
                changed = true;
            }
        }
        changed
    }

    pub fn region(&self, id: &str) -> Option<&RegionRecord> {
        self.regions.iter().find(|region| region.id == id)
    }

    pub fn databases_of<'a>(&'a self, project_id: &'a str) -> impl Iterator<Item = &'a DatabaseRecord> + 'a {
        self.databases.values().filter(move |database| database.project_id == project_id)
    }

    pub fn branches_of<'a>(&'a self, project_id: &'a str) -> impl Iterator<Item = &'a BranchRecord> + 'a {
        self.branches.values().filter(move |branch| branch.project_id == project_id)
    }

    pub fn connections_of<'a>(&'a self, database_id: &'a str) -> impl Iterator<Item = &'a ConnectionRecord> + 'a {
        self.connections.values().filter(move |connection| connection.database_id == database_id)
    }
}
