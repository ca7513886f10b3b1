//! What the emulator serves: each resource rendered to its wire JSON, then its record's overrides merged in.
use serde::Serialize;
use serde_json::Value;

use super::model::{BackupRecord, BranchRecord, ConnectionRecord, DatabaseRecord, ProjectRecord, RegionRecord};
use super::overrides::{Overrides, merge};
use super::render::{self, Renderer, Secrets};

/// The JSON of a typed wire value. The wire types are plain structs with string keys, whose
/// serialization cannot fail; should it ever, the item renders as `null` rather than failing the answer.
fn json(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn with(mut value: Value, overrides: &Overrides) -> Value {
    if !overrides.is_empty() {
        merge(&mut value, overrides);
    }
    value
}

/// The rendered JSON of every resource, with its record's overrides applied.
impl Renderer<'_> {
    pub fn workspace_json(&self) -> Value {
        with(json(self.workspace()), &self.world.workspace.overrides)
    }

    pub fn region_json(&self, region: &RegionRecord, product: Option<&str>) -> Value {
        let info = crate::api::RegionInfo { product: product.map(str::to_owned), ..self.region(region) };
        with(json(info), &region.overrides)
    }

    pub fn project_json(&self, project: &ProjectRecord) -> Value {
        with(json(self.project(project)), &project.overrides)
    }

    /// `POST /v1/projects`: the project's overrides at the top, the database's on `database`.
    pub fn created_project_json(&self, project: &ProjectRecord, database: Option<&DatabaseRecord>) -> Value {
        let mut value = with(json(self.created_project(project, database)), &project.overrides);
        if let (Some(database), Some(rendered)) = (database, value.get_mut("database")) {
            self.decorate_database(rendered, database);
        }
        value
    }

    pub fn database_json(&self, database: &DatabaseRecord, secrets: Secrets) -> Value {
        let mut value = json(self.database(database, secrets));
        self.decorate_database(&mut value, database);
        value
    }

    /// Applies each nested connection's overrides (in `connections` and the deprecated `apiKeys`),
    /// then the database's own, which thus win over its connections'.
    fn decorate_database(&self, value: &mut Value, database: &DatabaseRecord) {
        for list in ["connections", "apiKeys"] {
            let Some(Value::Array(items)) = value.get_mut(list) else { continue };
            for item in items {
                let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
                if let Some(connection) = self.world.connections.get(id)
                    && !connection.overrides.is_empty()
                {
                    merge(item, &connection.overrides);
                }
            }
        }
        if !database.overrides.is_empty() {
            merge(value, &database.overrides);
        }
    }

    pub fn branch_json(&self, branch: &BranchRecord) -> Value {
        with(json(self.branch(branch)), &branch.overrides)
    }

    pub fn connection_json(&self, connection: &ConnectionRecord, secrets: Secrets) -> Value {
        with(json(self.connection(connection, secrets)), &connection.overrides)
    }
}

pub fn backup_json(backup: &BackupRecord) -> Value {
    with(json(render::backup(backup)), &backup.overrides)
}
