//! Wire types of the Management API resources, shared by the client and the emulator.
//!
//! Required-but-nullable fields are plain `Option`s that serialize as `null`; fields the contract
//! marks optional (or that only some responses carry) are skipped when absent.
use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::Timestamp;
use super::lenient::or_default;
use super::listing::{Listed, Listing};
use crate::open_enum;

open_enum!(
    /// Lifecycle of a database: `recovering` means a restore is running.
    DatabaseStatus { Provisioning => "provisioning", Ready => "ready", Recovering => "recovering", Failure => "failure" }
);
open_enum!(
    /// What a connection speaks: plain Postgres or Prisma Accelerate.
    ConnectionKind { Postgres => "postgres", Accelerate => "accelerate" }
);
open_enum!(
    BackupType { Full => "full", Incremental => "incremental", Differential => "differential" }
);
open_enum!(
    BackupStatus { Running => "running", Completed => "completed", Failed => "failed", Unknown => "unknown" }
);
open_enum!(
    RegionStatus { Available => "available", Unavailable => "unavailable" }
);

/// A short reference to a parent resource (`workspace`, `project`, `database`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub url: String,
    pub name: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub url: String,
    pub name: String,
    #[serde(default, deserialize_with = "or_default")]
    pub logical_id: Option<String>,
    pub created_at: Timestamp,
    #[serde(default, deserialize_with = "or_default")]
    pub default_region: Option<String>,
    pub workspace: ResourceRef,
}

/// `POST /v1/projects` answers the project plus its default database (or `null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedProject {
    #[serde(flatten)]
    pub project: Project,
    pub database: Option<Database>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: String,
}

/// Where a database's data came from; a type this version does not know is kept as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "serde_json::Value", into = "serde_json::Value")]
pub enum DatabaseSource {
    Empty,
    Backup {
        database_id: String,
        backup_id: String,
    },
    Database {
        database_id: String,
    },
    /// Another `type` (or a known one without its fields): its name, and the object as sent.
    Other {
        kind: String,
        raw: serde_json::Value,
    },
}

impl DatabaseSource {
    /// The `type` as sent.
    pub fn kind(&self) -> &str {
        match self {
            Self::Empty => "empty",
            Self::Backup { .. } => "backup",
            Self::Database { .. } => "database",
            Self::Other { kind, .. } => kind,
        }
    }
}

impl TryFrom<serde_json::Value> for DatabaseSource {
    type Error = String;
    fn try_from(raw: serde_json::Value) -> Result<Self, String> {
        let text = |key: &str| raw.get(key).and_then(serde_json::Value::as_str).map(str::to_owned);
        let kind = match raw.get("type") {
            Some(serde_json::Value::String(kind)) => kind.clone(),
            Some(other) => other.to_string(),
            None => return Err("a source without a `type`".to_owned()),
        };
        Ok(match (kind.as_str(), text("databaseId"), text("backupId")) {
            ("empty", _, _) => Self::Empty,
            ("backup", Some(database_id), Some(backup_id)) => Self::Backup { database_id, backup_id },
            ("database", Some(database_id), _) => Self::Database { database_id },
            _ => Self::Other { kind, raw },
        })
    }
}

impl From<DatabaseSource> for serde_json::Value {
    fn from(source: DatabaseSource) -> Self {
        match source {
            DatabaseSource::Empty => serde_json::json!({ "type": "empty" }),
            DatabaseSource::Backup { database_id, backup_id } => {
                serde_json::json!({ "type": "backup", "databaseId": database_id, "backupId": backup_id })
            }
            DatabaseSource::Database { database_id } => {
                serde_json::json!({ "type": "database", "databaseId": database_id })
            }
            DatabaseSource::Other { raw, .. } => raw,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub url: String,
    pub name: String,
    pub status: DatabaseStatus,
    pub created_at: Timestamp,
    /// A value that does not decode reads as `false`: the API still refuses what a default database cannot do.
    #[serde(default, deserialize_with = "or_default")]
    pub is_default: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub default_connection_id: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub connections: Listing<Connection>,
    /// Absent only in the database nested in a project-creation response.
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub project: Option<ResourceRef>,
    #[serde(default, deserialize_with = "or_default")]
    pub region: Option<Region>,
    #[serde(default, deserialize_with = "or_default")]
    pub source: Option<DatabaseSource>,
    #[serde(default, deserialize_with = "or_default")]
    pub branch_id: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub logical_id: Option<String>,
    /// Deprecated, creation responses only: the connections again, with a top-level string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_keys: Option<Listing<Connection>>,
    /// Deprecated, creation responses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_string: Option<String>,
    /// Deprecated, creation responses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_connection: Option<DirectConnection>,
}

/// Host and port of one way in; `connection_string` only in responses that mint credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub host: String,
    /// A JSON number, as the contract types it; `lenient::port` reads it as a TCP port.
    pub port: Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_string: Option<String>,
}

impl Endpoint {
    /// `host:port`, the port as a whole number (`5432` also when sent as `5432.0`), else as sent.
    pub fn address(&self) -> String {
        match super::lenient::port(&self.port) {
            Some(port) => format!("{}:{port}", self.host),
            None => format!("{}:{}", self.host, self.port),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Endpoints {
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub direct: Option<Endpoint>,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub pooled: Option<Endpoint>,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub accelerate: Option<Endpoint>,
}

impl Endpoints {
    /// The endpoints present, named, in the order they are shown: direct, pooled, accelerate.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, &Endpoint)> {
        [("direct", &self.direct), ("pooled", &self.pooled), ("accelerate", &self.accelerate)]
            .into_iter()
            .filter_map(|(name, endpoint)| endpoint.as_ref().map(|endpoint| (name, endpoint)))
    }

    fn minted(endpoint: &Option<Endpoint>) -> Option<&str> {
        endpoint.as_ref()?.connection_string.as_deref()
    }
}

/// Deprecated credentials block; read only as a fallback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectConnection {
    pub host: String,
    pub user: String,
    pub pass: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub url: String,
    pub name: String,
    pub created_at: Timestamp,
    pub kind: ConnectionKind,
    #[serde(default, deserialize_with = "or_default")]
    pub endpoints: Endpoints,
    /// Absent in the deprecated `apiKeys` copies.
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub database: Option<ResourceRef>,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub direct_connection: Option<DirectConnection>,
    /// Deprecated, create and rotate responses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_string: Option<String>,
    /// Deprecated trio of create and rotate responses (each `string | null` there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<Option<String>>,
}

impl Connection {
    /// The strings this answer minted, by endpoint (only create and rotate answers carry them).
    pub fn minted(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.endpoints.named().filter_map(|(name, endpoint)| endpoint.connection_string.as_deref().map(|s| (name, s)))
    }

    /// What an app should use: pooled, else direct, else Accelerate, else the deprecated top-level string.
    pub fn database_url(&self) -> Option<&str> {
        let endpoints = &self.endpoints;
        Endpoints::minted(&endpoints.pooled)
            .or(Endpoints::minted(&endpoints.direct))
            .or(Endpoints::minted(&endpoints.accelerate))
            .or(self.connection_string.as_deref())
    }

    /// The `.env` lines: `DATABASE_URL`, and `DIRECT_URL` when a direct string was minted.
    pub fn env_lines(&self) -> Vec<String> {
        let direct = Endpoints::minted(&self.endpoints.direct);
        let lines = [("DATABASE_URL", self.database_url()), ("DIRECT_URL", direct)];
        lines.into_iter().filter_map(|(key, value)| value.map(|value| format!("{key}=\"{value}\""))).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub id: String,
    pub backup_type: BackupType,
    /// The one time without `format: date-time` in the contract: kept as sent when it does not parse.
    pub created_at: Timestamp,
    /// Read as MiB (docs/api-notes.md); kept as the number sent, integer or decimal.
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub size: Option<Number>,
    pub status: BackupStatus,
    #[serde(rename = "type", default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

/// A region from `GET /v1/regions/postgres` (`product` only in the generic list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionInfo {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    pub name: String,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub status: Option<RegionStatus>,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

/// `GET /v1/me`: who the token belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: Option<User>,
    pub workspace: Option<WorkspaceRef>,
    pub credential: Credential,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Option<String>,
    pub name: Option<String>,
}

/// Names each listed resource for the `unreadable <kind> <id>` rows.
macro_rules! listed {
    ($($resource:ty => $kind:literal),+ $(,)?) => {$(
        impl Listed for $resource {
            const KIND: &'static str = $kind;
            fn id(&self) -> &str {
                &self.id
            }
        }
    )+};
}

listed!(
    Workspace => "workspace",
    Project => "project",
    Database => "database",
    Connection => "connection",
    Backup => "backup",
    RegionInfo => "region",
);
