//! Wire types of the Management API resources, shared by the client and the emulator.
//!
//! Required-but-nullable fields are plain `Option`s that serialize as `null`; fields the contract
//! marks optional (or that only some responses carry) are skipped when absent.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::open_enum;

/// RFC 3339 instant as the API writes it.
pub type Timestamp = DateTime<Utc>;

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
    #[serde(rename = "type")]
    pub resource_type: String,
    pub url: String,
    pub name: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub url: String,
    pub name: String,
    pub logical_id: Option<String>,
    pub created_at: Timestamp,
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

/// Where a database's data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DatabaseSource {
    Empty,
    #[serde(rename_all = "camelCase")]
    Backup {
        database_id: String,
        backup_id: String,
    },
    #[serde(rename_all = "camelCase")]
    Database {
        database_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub id: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub url: String,
    pub name: String,
    pub status: DatabaseStatus,
    pub created_at: Timestamp,
    pub is_default: bool,
    pub default_connection_id: Option<String>,
    #[serde(default)]
    pub connections: Vec<Connection>,
    /// Absent only in the database nested in a project-creation response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ResourceRef>,
    pub region: Option<Region>,
    pub source: Option<DatabaseSource>,
    #[serde(default)]
    pub branch_id: Option<String>,
    #[serde(default)]
    pub logical_id: Option<String>,
    /// Deprecated, creation responses only: the connections again, with a top-level string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_keys: Option<Vec<Connection>>,
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
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_string: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Endpoints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<Endpoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pooled: Option<Endpoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(rename = "type")]
    pub resource_type: String,
    pub url: String,
    pub name: String,
    pub created_at: Timestamp,
    pub kind: ConnectionKind,
    #[serde(default)]
    pub endpoints: Endpoints,
    /// Absent in the deprecated `apiKeys` copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<ResourceRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    pub status: BackupStatus,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

/// A region from `GET /v1/regions/postgres` (`product` only in the generic list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionInfo {
    pub id: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RegionStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
