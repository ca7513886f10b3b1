//! API oddities on demand: a record's `overrides` object is merged over its rendered JSON in every answer.
//!
//! Each record of the world (workspace, region, project, database, connection, backup, service token) may carry
//! `"overrides": {...}`. Answers render the typed wire value, turn it into JSON, then merge the overrides
//! over it, so a test can serve what the typed renderer never would: decimal sizes, timestamps without an
//! offset, unknown enum values, extra fields, or broken items (`"createdAt": 12`, `"name": null`).
//!
//! The merge is deep for objects and shallow for everything else:
//! - an object merged over an object merges key by key, recursively;
//! - any other value (string, number, bool, array, `null`) replaces the field, and `null` sets it to `null`;
//! - the marker `{"$remove": true}` removes the field.
use serde_json::{Map, Value};

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
