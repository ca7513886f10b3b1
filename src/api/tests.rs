//! Decoding spec-shaped JSON of every kind, tolerance of the unknown, and errors that name the field.
use serde_json::json;

use super::*;

fn decode_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    decode(value.to_string().as_bytes())
}

fn connection_json(minted: bool) -> serde_json::Value {
    let mut endpoints = json!({
        "direct": {"host": "db.prisma.io", "port": 5432},
        "pooled": {"host": "pooled.db.prisma.io", "port": 5432}
    });
    let mut connection = json!({
        "id": "con_abc", "type": "connection", "url": "https://api.prisma.io/v1/connections/con_abc",
        "name": "app-server", "createdAt": "2026-11-02T10:00:00.000Z", "kind": "postgres",
        "database": {"id": "db_1", "url": "https://api.prisma.io/v1/databases/db_1", "name": "main-db"}
    });
    if minted {
        endpoints["direct"]["connectionString"] = json!("postgres://u:sk_p@db.prisma.io:5432/?sslmode=require");
        endpoints["pooled"]["connectionString"] = json!("postgres://u:sk_p@pooled.db.prisma.io:5432/?sslmode=require");
        connection["connectionString"] = json!("postgres://u:sk_p@db.prisma.io:5432/?sslmode=require");
        connection["host"] = json!("db.prisma.io");
        connection["user"] = json!("u");
        connection["pass"] = json!(null);
    }
    connection["endpoints"] = endpoints;
    connection
}

fn database_json() -> serde_json::Value {
    json!({
        "id": "db_1", "type": "database", "url": "https://api.prisma.io/v1/databases/db_1", "name": "main-db",
        "status": "ready", "createdAt": "2026-10-01T08:30:00Z", "isDefault": true, "defaultConnectionId": "con_abc",
        "connections": [connection_json(false)],
        "project": {"id": "proj_1", "url": "https://api.prisma.io/v1/projects/proj_1", "name": "checkout"},
        "region": {"id": "eu-central-1", "name": "Europe (Frankfurt)"},
        "source": {"type": "backup", "databaseId": "db_0", "backupId": "bkp_9"},
        "branchId": null, "logicalId": null
    })
}

#[test]
fn decodes_a_page_of_projects() {
    let page: Page<Project> = decode_value(json!({
        "data": [{
            "id": "proj_1", "type": "project", "url": "https://api.prisma.io/v1/projects/proj_1", "name": "checkout",
            "logicalId": null, "createdAt": "2026-01-05T12:00:00.000Z", "defaultRegion": "eu-central-1",
            "workspace": {"id": "wksp_1", "url": "https://api.prisma.io/v1/workspaces/wksp_1", "name": "Acme"}
        }],
        "pagination": {"nextCursor": "proj_1", "hasMore": true}
    }))
    .unwrap();
    assert_eq!(page.data[0].name, "checkout");
    assert_eq!(page.data[0].default_region.as_deref(), Some("eu-central-1"));
    assert_eq!(page.pagination, Pagination { next_cursor: Some("proj_1".into()), has_more: true });
}

#[test]
fn decodes_workspaces_regions_and_me() {
    let workspace: Data<Workspace> = decode_value(json!({"data": {
        "id": "wksp_1", "type": "workspace", "url": "u", "name": "Acme", "createdAt": "2025-01-01T00:00:00Z"
    }}))
    .unwrap();
    assert_eq!(workspace.data.name, "Acme");
    let regions: Data<Vec<RegionInfo>> = decode_value(json!({"data": [
        {"id": "us-east-1", "type": "region", "name": "US East", "status": "available"},
        {"id": "ap-southeast-1", "type": "region", "name": "Singapore", "status": "unavailable", "product": "postgres"}
    ]}))
    .unwrap();
    assert_eq!(regions.data[1].status, Some(RegionStatus::Unavailable));
    let me: Data<Me> = decode_value(json!({"data": {
        "user": null, "workspace": {"id": "wksp_1", "name": "Acme"},
        "credential": {"type": "service_token", "id": "st_1", "name": null}
    }}))
    .unwrap();
    assert_eq!(me.data.user, None);
    assert_eq!(me.data.credential.kind, "service_token");
}

#[test]
fn decodes_databases_with_every_source() {
    let database: Data<Database> = decode_value(json!({"data": database_json()})).unwrap();
    let database = database.data;
    assert_eq!(database.status, DatabaseStatus::Ready);
    assert_eq!(database.source, Some(DatabaseSource::Backup { database_id: "db_0".into(), backup_id: "bkp_9".into() }));
    assert_eq!(database.connections[0].endpoints.pooled.as_ref().map(|e| e.port.clone()), Some(5432.into()));
    assert_eq!(database.connections[0].endpoints.direct.as_ref().and_then(|e| e.connection_string.clone()), None);
    for (source, expected) in [
        (json!({"type": "empty"}), Some(DatabaseSource::Empty)),
        (
            json!({"type": "database", "databaseId": "db_0"}),
            Some(DatabaseSource::Database { database_id: "db_0".into() }),
        ),
        (json!(null), None),
    ] {
        let mut value = database_json();
        value["source"] = source;
        assert_eq!(decode_value::<Database>(value).unwrap().source, expected);
    }
}

#[test]
fn decodes_minted_connections_and_a_created_project() {
    let connection: Data<Connection> = decode_value(json!({"data": connection_json(true)})).unwrap();
    let pooled = connection.data.endpoints.pooled.unwrap();
    assert_eq!(
        pooled.connection_string.as_deref(),
        Some("postgres://u:sk_p@pooled.db.prisma.io:5432/?sslmode=require")
    );
    assert_eq!(connection.data.user, Some(Some("u".into())));
    assert_eq!(connection.data.pass, None, "a null reads as absent");
    let mut database = database_json();
    database.as_object_mut().unwrap().remove("project");
    database["connectionString"] = json!(null);
    database["directConnection"] = json!({"host": "db.prisma.io", "user": "u", "pass": "sk_p"});
    database["apiKeys"] = json!([]);
    let mut project = json!({
        "id": "proj_2", "type": "project", "url": "u", "name": "new", "logicalId": null,
        "createdAt": "2026-11-29T00:00:00Z", "defaultRegion": "us-east-1",
        "workspace": {"id": "wksp_1", "url": "u", "name": "Acme"}
    });
    project["database"] = database;
    let created: Data<CreatedProject> = decode_value(json!({ "data": project })).unwrap();
    let database = created.data.database.unwrap();
    assert_eq!(database.project, None);
    assert_eq!(database.direct_connection.map(|d| d.pass).as_deref(), Some("sk_p"));
    assert_eq!(created.data.project.name, "new");
}

#[test]
fn decodes_backups_usage_and_errors() {
    let backups: BackupList = decode_value(json!({
        "data": [{"id": "bkp_1", "backupType": "full", "createdAt": "2026-11-28T03:00:00Z", "size": 734003200, "status": "completed", "type": "backup"},
                 {"id": "bkp_2", "backupType": "incremental", "createdAt": "2026-11-27T03:00:00Z", "status": "running"}],
        "meta": {"backupRetentionDays": 30},
        "pagination": {"hasMore": false, "limit": 25}
    }))
    .unwrap();
    assert_eq!(backups.data[0].size, Some(734_003_200.into()));
    assert_eq!(backups.data[1].size, None);
    assert_eq!(backups.meta.backup_retention_days, Some(30.into()));
    let usage: Usage = decode_value(json!({
        "period": {"start": "2026-11-01T00:00:00Z", "end": "2026-11-29T00:00:00Z"},
        "metrics": {"operations": {"used": 1200345, "unit": "ops"}, "storage": {"used": 1.25, "unit": "GiB"}},
        "generatedAt": "2026-11-29T00:00:01Z"
    }))
    .unwrap();
    assert_eq!(usage.metrics.operations.used, 1_200_345.0);
    let error: ErrorBody =
        decode_value(json!({"error": {"code": "not_found", "message": "Database db_x was not found"}})).unwrap();
    assert_eq!(error.error.hint, None);
}

#[test]
fn tolerates_unknown_fields_and_new_enum_values() {
    let mut value = database_json();
    value["status"] = json!("hibernating");
    value["futureField"] = json!({"anything": [1, 2, 3]});
    value["connections"][0]["kind"] = json!("mcp");
    let database: Database = decode_value(value).unwrap();
    assert_eq!(database.status, DatabaseStatus::Other("hibernating".into()));
    assert_eq!(database.status.to_string(), "hibernating");
    assert_eq!(database.connections[0].kind.as_str(), "mcp");
    let round_trip = serde_json::to_value(&database).unwrap();
    assert_eq!(round_trip["status"], "hibernating");
}

#[test]
fn an_address_reads_a_decimal_port_as_a_whole_one() {
    let endpoint = |port: serde_json::Value| {
        decode_value::<Endpoint>(json!({"host": "db.prisma.io", "port": port})).unwrap().address()
    };
    assert_eq!(endpoint(json!(5432)), "db.prisma.io:5432");
    assert_eq!(endpoint(json!(5432.0)), "db.prisma.io:5432");
    assert_eq!(endpoint(json!(5432.5)), "db.prisma.io:5432.5", "not a port: shown as sent");
}

#[test]
fn a_wrong_type_names_the_field() {
    let mut value = database_json();
    value["status"] = json!(["ready"]);
    value["region"] = json!({"id": 5});
    value["name"] = json!(5);
    let error = decode_value::<Data<Database>>(json!({ "data": value })).unwrap_err();
    assert_eq!(error.path, "data.name");
    assert!(error.to_string().contains("data.name"), "{error}");
    let error = decode_value::<Page<Project>>(json!({"data": [], "pagination": {"hasMore": "no"}})).unwrap_err();
    assert_eq!(error.path, "pagination.hasMore");
}

#[test]
fn a_missing_field_is_reported() {
    let mut value = database_json();
    value.as_object_mut().unwrap().remove("name");
    let error = decode_value::<Database>(value).unwrap_err();
    assert!(error.message.contains("name"), "{error}");
}

#[test]
fn minted_strings_and_env_lines() {
    let minted: Connection = decode_value(connection_json(true)).unwrap();
    let names: Vec<&str> = minted.minted().map(|(name, _)| name).collect();
    assert_eq!(names, ["direct", "pooled"]);
    assert_eq!(minted.database_url(), Some("postgres://u:sk_p@pooled.db.prisma.io:5432/?sslmode=require"));
    assert_eq!(
        minted.env_lines(),
        [
            "DATABASE_URL=\"postgres://u:sk_p@pooled.db.prisma.io:5432/?sslmode=require\"",
            "DIRECT_URL=\"postgres://u:sk_p@db.prisma.io:5432/?sslmode=require\"",
        ]
    );
    let listed: Connection = decode_value(connection_json(false)).unwrap();
    assert_eq!(listed.minted().count(), 0);
    assert_eq!(listed.database_url(), None);
    assert!(listed.env_lines().is_empty());
    assert_eq!(listed.endpoints.named().map(|(name, _)| name).collect::<Vec<_>>(), ["direct", "pooled"]);
}
