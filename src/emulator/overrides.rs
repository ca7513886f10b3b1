//! API oddities on demand: a record's `overrides` object is merged over its rendered JSON in every answer.
//!
//! Each record of the world (workspace, region, project, database, connection, backup) may carry
//! `"overrides": {...}`. Answers render the typed wire value, turn it into JSON, then merge the overrides
//! over it, so a test can serve what the typed renderer never would: decimal sizes, timestamps without an
//! offset, unknown enum values, extra fields, or broken items (`"createdAt": 12`, `"name": null`).
//!
//! The merge is deep for objects and shallow for everything else:
//! - an object merged over an object merges key by key, recursively;
//! - any other value (string, number, bool, array, `null`) replaces the field, and `null` sets it to `null`;
//! - the marker `{"$remove": true}` removes the field.
use serde::Serialize;
use serde_json::{Map, Value};

use super::model::{BackupRecord, ConnectionRecord, DatabaseRecord, ProjectRecord, RegionRecord};
use super::render::{self, Renderer, Secrets};

/// The keys of a record's `overrides`, merged over its rendered JSON.
pub type Overrides = Map<String, Value>;

/// The key of the marker object `{"$remove": true}` that removes a field instead of setting it.
pub const REMOVE: &str = "$remove";

/// Merges `overrides` over `target` (see the module text); a non-object target is left alone.
pub fn merge(target: &mut Value, overrides: &Overrides) {
    let Value::Object(fields) = target else { return };
    for (key, patch) in overrides {
        if is_removal(patch) {
            fields.remove(key);
            continue;
        }
        match (fields.get_mut(key), patch) {
            (Some(existing @ Value::Object(_)), Value::Object(inner)) => merge(existing, inner),
            (_, Value::Object(inner)) => {
                // A fresh object: merged over nothing, so that nested markers are applied, not copied.
                let mut fresh = Value::Object(Map::new());
                merge(&mut fresh, inner);
                fields.insert(key.clone(), fresh);
            }
            _ => {
                fields.insert(key.clone(), patch.clone());
            }
        }
    }
}

fn is_removal(value: &Value) -> bool {
    matches!(value, Value::Object(map) if map.len() == 1 && map.get(REMOVE) == Some(&Value::Bool(true)))
}

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

    pub fn connection_json(&self, connection: &ConnectionRecord, secrets: Secrets) -> Value {
        with(json(self.connection(connection, secrets)), &connection.overrides)
    }
}

pub fn backup_json(backup: &BackupRecord) -> Value {
    with(json(render::backup(backup)), &backup.overrides)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn merged(target: Value, overrides: Value) -> Value {
        let mut target = target;
        let Value::Object(overrides) = overrides else { panic!("overrides must be an object") };
        merge(&mut target, &overrides);
        target
    }

    #[test]
    fn scalars_replace_and_null_sets_null() {
        let got = merged(json!({"a": 1, "b": "x", "c": [1]}), json!({"a": 2.5, "b": null, "c": [], "d": true}));
        assert_eq!(got, json!({"a": 2.5, "b": null, "c": [], "d": true}));
    }

    #[test]
    fn objects_merge_deeply_and_the_marker_removes() {
        let target = json!({"source": {"type": "backup", "databaseId": "db_1", "backupId": "b_1"}, "name": "n"});
        let got = merged(
            target,
            json!({"source": {"type": "snapshot", "backupId": {"$remove": true}}, "name": {"$remove": true}}),
        );
        assert_eq!(got, json!({"source": {"type": "snapshot", "databaseId": "db_1"}}));
    }

    #[test]
    fn a_new_object_is_merged_over_nothing() {
        let got = merged(json!({"createdAt": "t"}), json!({"createdAt": {"at": 1, "gone": {"$remove": true}}}));
        assert_eq!(got, json!({"createdAt": {"at": 1}}));
    }

    #[test]
    fn the_marker_needs_exactly_true_alone() {
        let got = merged(json!({"a": 1}), json!({"a": {"$remove": false}}));
        assert_eq!(got, json!({"a": {"$remove": false}}));
    }
}
