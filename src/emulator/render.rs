//! Turns world records into the wire types, with connection strings only when they were just minted.
use super::backing::{self, Served};
use super::model::{BackupRecord, BranchRecord, ConnectionRecord, DatabaseRecord, ProjectRecord, World};
use crate::api::{
    Backup, Branch, Connection, ConnectionKind, CreatedProject, Database, DirectConnection, Endpoint, Endpoints,
    Project, Region, RegionInfo, RegionStatus, ResourceRef, Workspace,
};

pub const DIRECT_HOST: &str = "db.prisma.io";
pub const POOLED_HOST: &str = "pooled.db.prisma.io";
pub const ACCELERATE_HOST: &str = "accelerate.prisma-data.net";
const POSTGRES_PORT: u16 = 5432;
const ACCELERATE_PORT: u16 = 443;

/// Whether a response may carry secrets: only the ones that mint them do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    Hidden,
    Minted,
}

/// Builds resource URLs under the address the emulator serves on.
pub struct Renderer<'a> {
    pub world: &'a World,
    pub base: &'a str,
    /// With `--postgres`: the server that minted strings point at.
    pub served: Option<&'a Served>,
}

/// Where a Postgres connection's strings point, and as whom.
struct Place {
    direct_host: String,
    pooled_host: String,
    /// `host:port` as written in a string (IPv6 in brackets) for the direct and pooled hosts.
    direct: String,
    pooled: String,
    port: u16,
    user: String,
    /// `/` or `/DATABASE`, then `?sslmode=…`.
    tail: String,
}

impl Place {
    fn string(&self, connection: &ConnectionRecord, authority: &str) -> String {
        format!("postgres://{}:{}@{authority}{}", self.user, connection.secret, self.tail)
    }
}

impl Renderer<'_> {
    /// The contract's hosts, or (with `--postgres`) the backing server, the connection's role and database.
    fn place(&self, connection: &ConnectionRecord) -> Place {
        match self.served {
            None => Place {
                direct_host: DIRECT_HOST.to_owned(),
                pooled_host: POOLED_HOST.to_owned(),
                direct: format!("{DIRECT_HOST}:{POSTGRES_PORT}"),
                pooled: format!("{POOLED_HOST}:{POSTGRES_PORT}"),
                port: POSTGRES_PORT,
                user: connection.user.clone(),
                tail: "/?sslmode=require".to_owned(),
            },
            Some(served) => Place {
                direct_host: served.host.clone(),
                pooled_host: served.host.clone(),
                direct: served.authority(),
                pooled: served.authority(),
                port: served.port,
                user: backing::name(&served.instance, &connection.id),
                tail: format!(
                    "/{}?sslmode={}",
                    backing::name(&served.instance, &connection.database_id),
                    served.sslmode
                ),
            },
        }
    }

    fn direct_connection(&self, connection: &ConnectionRecord) -> DirectConnection {
        let place = self.place(connection);
        DirectConnection { host: place.direct_host, user: place.user, pass: connection.secret.clone() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1/{path}", self.base)
    }

    pub fn workspace(&self) -> Workspace {
        let workspace = &self.world.workspace;
        Workspace {
            id: workspace.id.clone(),
            resource_type: "workspace".to_owned(),
            url: self.url(&format!("workspaces/{}", workspace.id)),
            name: workspace.name.clone(),
            created_at: workspace.created_at.into(),
        }
    }

    pub fn project(&self, project: &ProjectRecord) -> Project {
        let workspace = &self.world.workspace;
        Project {
            id: project.id.clone(),
            resource_type: "project".to_owned(),
            url: self.url(&format!("projects/{}", project.id)),
            name: project.name.clone(),
            logical_id: project.logical_id.clone(),
            created_at: project.created_at.into(),
            default_region: project.default_region.clone(),
            workspace: ResourceRef {
                id: workspace.id.clone(),
                url: Some(self.url(&format!("workspaces/{}", workspace.id))),
                name: workspace.name.clone(),
            },
        }
    }

    /// The answer to `POST /v1/projects`: the project and its freshly minted default database.
    pub fn created_project(&self, project: &ProjectRecord, database: Option<&DatabaseRecord>) -> CreatedProject {
        CreatedProject {
            project: self.project(project),
            database: database.map(|database| Database { project: None, ..self.database(database, Secrets::Minted) }),
        }
    }

    pub fn database(&self, database: &DatabaseRecord, secrets: Secrets) -> Database {
        let mut records: Vec<&ConnectionRecord> = self.world.connections_of(&database.id).collect();
        records.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        let connections: Vec<Connection> =
            records.iter().map(|connection| self.connection(connection, secrets)).collect();
        let project = self.world.projects.get(&database.project_id);
        let region = self.world.region(&database.region);
        let mut rendered = Database {
            id: database.id.clone(),
            resource_type: "database".to_owned(),
            url: self.url(&format!("databases/{}", database.id)),
            name: database.name.clone(),
            status: database.status.clone(),
            created_at: database.created_at.into(),
            is_default: database.is_default,
            default_connection_id: connections.first().map(|connection| connection.id.clone()),
            connections: connections.into(),
            project: project.map(|project| ResourceRef {
                id: project.id.clone(),
                url: Some(self.url(&format!("projects/{}", project.id))),
                name: project.name.clone(),
            }),
            region: Some(Region {
                id: database.region.clone(),
                name: region.map_or_else(|| database.region.clone(), |region| region.name.clone()),
            }),
            source: database.source.clone(),
            branch_id: database.branch_id.clone(),
            logical_id: database.logical_id.clone(),
            api_keys: None,
            connection_string: None,
            direct_connection: None,
        };
        if secrets == Secrets::Minted {
            rendered.api_keys =
                Some(rendered.connections.iter().map(|c| Connection { database: None, ..c.clone() }).collect());
            rendered.connection_string = rendered.connections.first().and_then(|c| c.connection_string.clone());
            rendered.direct_connection = records.first().map(|first| self.direct_connection(first));
        }
        rendered
    }

    pub fn connection(&self, connection: &ConnectionRecord, secrets: Secrets) -> Connection {
        let database = self.world.databases.get(&connection.database_id);
        let minted = secrets == Secrets::Minted;
        let endpoint = |host: &str, port: u16, string: String| Endpoint {
            host: host.to_owned(),
            port: port.into(),
            connection_string: minted.then_some(string),
        };
        let place = self.place(connection);
        let endpoints = match connection.kind {
            ConnectionKind::Accelerate => Endpoints {
                accelerate: Some(endpoint(ACCELERATE_HOST, ACCELERATE_PORT, accelerate_string(connection))),
                ..Endpoints::default()
            },
            _ => Endpoints {
                direct: Some(endpoint(&place.direct_host, place.port, place.string(connection, &place.direct))),
                pooled: Some(endpoint(&place.pooled_host, place.port, place.string(connection, &place.pooled))),
                accelerate: None,
            },
        };
        let mut rendered = Connection {
            id: connection.id.clone(),
            resource_type: "connection".to_owned(),
            url: self.url(&format!("connections/{}", connection.id)),
            name: connection.name.clone(),
            created_at: connection.created_at.into(),
            kind: connection.kind.clone(),
            endpoints,
            database: database.map(|database| ResourceRef {
                id: database.id.clone(),
                url: Some(self.url(&format!("databases/{}", database.id))),
                name: database.name.clone(),
            }),
            direct_connection: None,
            connection_string: None,
            host: None,
            user: None,
            pass: None,
        };
        if minted {
            let is_postgres = connection.kind != ConnectionKind::Accelerate;
            rendered.connection_string = Some(match is_postgres {
                true => place.string(connection, &place.direct),
                false => accelerate_string(connection),
            });
            rendered.direct_connection = is_postgres.then(|| self.direct_connection(connection));
            rendered.host = Some(is_postgres.then(|| place.direct_host.clone()));
            rendered.user = Some(is_postgres.then(|| place.user.clone()));
            rendered.pass = Some(is_postgres.then(|| connection.secret.clone()));
        }
        rendered
    }

    pub fn branch(&self, branch: &BranchRecord) -> Branch {
        let project = self.world.projects.get(&branch.project_id);
        Branch {
            id: branch.id.clone(),
            resource_type: "branch".to_owned(),
            url: self.url(&format!("branches/{}", branch.id)),
            git_name: branch.git_name.clone(),
            is_default: branch.is_default,
            role: branch.role.clone(),
            created_at: branch.created_at.into(),
            updated_at: Some(branch.updated_at.into()),
            project: project.map(|project| ResourceRef {
                id: project.id.clone(),
                url: Some(self.url(&format!("projects/{}", project.id))),
                name: project.name.clone(),
            }),
        }
    }

    pub fn region(&self, region: &super::model::RegionRecord) -> RegionInfo {
        RegionInfo {
            id: region.id.clone(),
            resource_type: "region".to_owned(),
            name: region.name.clone(),
            status: Some(if region.available { RegionStatus::Available } else { RegionStatus::Unavailable }),
            product: None,
        }
    }
}

pub fn backup(backup: &BackupRecord) -> Backup {
    Backup {
        id: backup.id.clone(),
        backup_type: backup.backup_type.clone(),
        created_at: backup.created_at.into(),
        size: backup.size.and_then(mebibytes),
        status: backup.status.clone(),
        resource_type: Some("backup".to_owned()),
    }
}

fn accelerate_string(connection: &ConnectionRecord) -> String {
    format!("prisma+postgres://{ACCELERATE_HOST}/?api_key={}", connection.secret)
}

/// A size kept in bytes, served as the API's MiB with one decimal (docs/api-notes.md).
fn mebibytes(bytes: u64) -> Option<serde_json::Number> {
    serde_json::Number::from_f64((bytes as f64 / 1_048_576.0 * 10.0).round() / 10.0)
}
