//! The real `ppg` binary's changing commands against the emulator: what they print (minted strings on stdout
//! only, messages on stderr, `--json` objects) and what they leave on the server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use cli_support::{Harness, Run};
use common::parse_connection_string;
use serde_json::Value;

/// The record of `kind` with this id in the emulator's state, if any.
fn record(h: &Harness, kind: &str, id: &str) -> Option<Value> {
    h.state()[kind].get(id).cloned()
}

/// Checks that stdout is exactly the `.env` lines of one minted connection (pooled as DATABASE_URL, direct as
/// DIRECT_URL) and nothing else, and that stderr carries no string; returns the (user, password).
fn minted_lines(run: &Run) -> (String, String) {
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "ppg {}: stdout is the two .env lines only\n{}", run.args, run.printed());
    let value = |line: &str, key: &str| {
        let rest = line.strip_prefix(&format!("{key}=\"")).and_then(|rest| rest.strip_suffix('"'));
        rest.unwrap_or_else(|| panic!("ppg {}: {line:?} is not {key}=\"…\"", run.args)).to_owned()
    };
    let pooled = value(lines[0], "DATABASE_URL");
    let direct = value(lines[1], "DIRECT_URL");
    let credentials = parse_connection_string(&pooled, "pooled.db.prisma.io");
    assert_eq!(parse_connection_string(&direct, "db.prisma.io"), credentials, "both strings hold the same credentials");
    assert!(!run.stderr.contains("postgres://"), "no string on stderr\n{}", run.printed());
    run.stderr_has("only once");
    credentials
}

/// The one connection record of `database` named `name`.
fn connection_named(h: &Harness, database: &str, name: &str) -> Value {
    let found: Vec<Value> =
        h.records("connections").into_iter().filter(|c| c["databaseId"] == database && c["name"] == name).collect();
    assert_eq!(found.len(), 1, "one connection {name} on {database}: {found:?}");
    found[0].clone()
}

#[test]
fn projects_are_created_renamed_and_deleted() {
    let h = Harness::demo();
    let created = h.ppg(&["projects", "create", "--name", "shop", "--region", "eu-west-3"]);
    created.ok().stderr_has("created project shop").stderr_has("with its default database");
    let (user, secret) = minted_lines(&created);
    let shop = h.id_of("projects", "shop");
    let databases: Vec<Value> =
        h.records("databases").into_iter().filter(|d| d["projectId"] == shop.as_str()).collect();
    assert_eq!(databases.len(), 1, "a project comes with its default database: {databases:?}");
    assert_eq!((&databases[0]["isDefault"], &databases[0]["region"]), (&true.into(), &"eu-west-3".into()));
    let connection = h.records("connections").into_iter().find(|c| c["databaseId"] == databases[0]["id"]).unwrap();
    assert_eq!((connection["user"].as_str().unwrap(), connection["secret"].as_str().unwrap()), (&*user, &*secret));

    let bare = h.ppg(&["projects", "create", "--name", "bare", "--no-database", "--json"]).ok().json();
    assert_eq!(bare["name"], "bare", "the project, with its database beside its fields");
    assert!(bare["database"].is_null(), "--no-database: {bare}");
    let bare_id = bare["id"].as_str().unwrap().to_owned();
    assert_eq!(record(&h, "projects", &bare_id).unwrap()["name"], "bare");
    assert!(h.records("databases").iter().all(|d| d["projectId"] != bare_id.as_str()));

    let renamed = h.ppg(&["projects", "rename", &shop, "shop-2"]);
    renamed.ok().stderr_has("renamed project");
    assert!(renamed.stdout.is_empty(), "{}", renamed.printed());
    assert_eq!(record(&h, "projects", &shop).unwrap()["name"], "shop-2");
    let renamed = h.ppg(&["projects", "rename", &shop, "shop-3", "--json"]).ok().json();
    assert_eq!(renamed, h.data(&format!("/v1/projects/{shop}"), &[]));
    assert_eq!(renamed["name"], "shop-3");

    let deleted = h.ppg(&["projects", "delete", &shop, "--confirm", &shop]);
    deleted.ok().stderr_has("deleted project shop-3");
    assert!(record(&h, "projects", &shop).is_none());
    assert!(h.records("databases").iter().all(|d| d["projectId"] != shop.as_str()), "its databases went with it");
    h.ppg(&["projects", "get", &shop]).code(3);
    h.ppg(&["projects", "delete", &bare_id, "--confirm", &bare_id]).ok();
    assert!(record(&h, "projects", &bare_id).is_none());
}

#[test]
fn databases_are_created_renamed_and_deleted() {
    let h = Harness::demo();
    let project = h.id_of("projects", "checkout-service");
    let created = h.ppg(&["databases", "create", "--project", &project, "--name", "reports", "--region", "us-east-1"]);
    created.ok().stderr_has("created database reports");
    let (user, _) = minted_lines(&created);
    let reports = h.id_of("databases", "reports");
    let stored = record(&h, "databases", &reports).unwrap();
    assert_eq!(
        (&stored["projectId"], &stored["region"], &stored["isDefault"]),
        (&project.as_str().into(), &"us-east-1".into(), &false.into())
    );
    assert!(h.records("connections").iter().any(|c| c["databaseId"] == reports.as_str() && c["user"] == user.as_str()));

    let json = h.ppg(&["databases", "create", "--project", &project, "--name", "reports-eu", "--json"]).ok().json();
    assert_eq!(json["name"], "reports-eu");
    assert_eq!(json["project"]["id"], project.as_str());
    let minted = json["connections"].as_array().unwrap();
    assert!(!minted.is_empty(), "a new database's connections carry their strings: {json}");
    common::assert_minted(&minted[0]);
    let reports_eu = json["id"].as_str().unwrap().to_owned();
    assert!(record(&h, "databases", &reports_eu).is_some());

    h.ppg(&["databases", "rename", &reports, "reporting"]).ok().stderr_has("renamed database");
    assert_eq!(record(&h, "databases", &reports).unwrap()["name"], "reporting");
    let renamed = h.ppg(&["databases", "rename", &reports, "reporting-2", "--json"]).ok().json();
    assert_eq!((&renamed["id"], &renamed["name"]), (&reports.as_str().into(), &"reporting-2".into()));

    let deleted = h.ppg(&["databases", "delete", &reports, "--confirm", &reports]);
    deleted.ok().stderr_has("deleted database reporting-2");
    assert!(deleted.stdout.is_empty(), "{}", deleted.printed());
    assert!(record(&h, "databases", &reports).is_none());
    assert!(h.records("connections").iter().all(|c| c["databaseId"] != reports.as_str()));
    h.ppg(&["databases", "get", &reports]).code(3);
    h.ppg(&["databases", "delete", &reports_eu, "--confirm", &reports_eu]).ok();
    assert!(record(&h, "databases", &reports_eu).is_none());
}

#[test]
fn connections_print_their_minted_strings_once() {
    let h = Harness::demo();
    let main = h.id_of("databases", "main-db");
    let created = h.ppg(&["connections", "create", &main, "--name", "deploy"]);
    created.ok().stderr_has("created connection deploy");
    let (user, secret) = minted_lines(&created);
    let deploy = connection_named(&h, &main, "deploy");
    assert_eq!((deploy["user"].as_str().unwrap(), deploy["secret"].as_str().unwrap()), (&*user, &*secret));
    let id = deploy["id"].as_str().unwrap().to_owned();
    let listed = h.ppg(&["connections", "list", &main]);
    listed.ok().has_row(&["deploy", &id]);
    assert!(!listed.stdout.contains(&secret) && !listed.stderr.contains(&secret), "listed without its secret");

    let json = h.ppg(&["connections", "create", &main, "--name", "worker", "--json"]).ok().json();
    assert_eq!(json["name"], "worker");
    let (user, secret) = common::assert_minted(&json);
    let worker = connection_named(&h, &main, "worker");
    assert_eq!(json["id"], worker["id"]);
    assert_eq!((worker["user"].as_str().unwrap(), worker["secret"].as_str().unwrap()), (&*user, &*secret));

    let old = deploy["secret"].as_str().unwrap().to_owned();
    let rotated = h.ppg(&["connections", "rotate", &id, "--confirm", &id]);
    rotated.ok().stderr_has("rotated the credentials of deploy");
    let (_, new) = minted_lines(&rotated);
    assert_ne!(new, old, "rotation mints a new password");
    assert_eq!(record(&h, "connections", &id).unwrap()["secret"], new.as_str());
    let again = h.ppg(&["connections", "rotate", &id, "--confirm", &id, "--json"]).ok().json();
    let (_, newest) = common::assert_minted(&again);
    assert_ne!(newest, new);
    assert_eq!(record(&h, "connections", &id).unwrap()["secret"], newest.as_str());

    let deleted = h.ppg(&["connections", "delete", &id, "--confirm", &id]);
    deleted.ok().stderr_has("deleted connection deploy");
    assert!(deleted.stdout.is_empty(), "{}", deleted.printed());
    assert!(record(&h, "connections", &id).is_none());
    h.ppg(&["connections", "delete", &id, "--confirm", &id]).code(3);
    assert!(record(&h, "connections", worker["id"].as_str().unwrap()).is_some(), "only that one went");
}

#[test]
fn restore_into_a_new_database_and_in_place() {
    let h = Harness::demo();
    h.wait_until_settled();
    let main = h.id_of("databases", "main-db");
    let analytics = h.id_of("databases", "analytics");
    let backups = h.data(&format!("/v1/databases/{main}/backups"), &[]);
    let completed: Vec<&str> = backups
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] == "completed")
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    let (newest, older) = (completed[0], completed[2]);
    let backup_data = |id: &str| record(&h, "backups", id).unwrap()["data"].clone();

    let json = h.ppg(&["restore", "--backup", newest, "--source-database", &main, "--new", "restored", "--json"]);
    let restored = json.ok().json();
    assert_eq!(restored["name"], "restored");
    assert_eq!(restored["source"]["type"], "backup");
    assert_eq!(restored["source"]["backupId"], newest);
    let stored = record(&h, "databases", restored["id"].as_str().unwrap()).unwrap();
    assert_eq!(stored["projectId"], record(&h, "databases", &main).unwrap()["projectId"], "in the source's project");
    assert_eq!(stored["data"], backup_data(newest), "it starts with the backup's data");
    let table = h.ppg(&["restore", "--backup", older, "--source-database", &main, "--new", "restored-older"]);
    table.ok().stderr_has("created database restored-older");
    minted_lines(&table);
    assert_eq!(record(&h, "databases", &h.id_of("databases", "restored-older")).unwrap()["data"], backup_data(older));

    h.clear_requests();
    let args =
        ["restore", "--backup", older, "--source-database", &main, "--into", &analytics, "--confirm", &analytics];
    let before = record(&h, "databases", &analytics).unwrap()["data"].clone();
    let in_place = h.ppg(&args);
    in_place.ok().stderr_has("restore started").stderr_has("analytics-before-restore-");
    assert!(in_place.stdout.is_empty(), "{}", in_place.printed());
    let target = record(&h, "databases", &analytics).unwrap();
    assert_eq!(target["data"], backup_data(older), "the target now holds the backup's data");
    assert_eq!(target["status"], "recovering");
    let changes = h.changes();
    assert_eq!(changes.len(), 2, "the safety copy, then the restore: {changes:?}");
    assert_eq!(changes[1]["path"], format!("/v1/databases/{analytics}/restore"));
    let copy: Vec<Value> =
        h.records("databases").into_iter().filter(|d| d["source"]["databaseId"] == analytics).collect();
    assert_eq!(copy.len(), 1, "one copy of the target");
    assert_eq!(copy[0]["data"], before, "the copy holds what the target held before the restore");

    h.wait_until_settled();
    let args =
        ["restore", "--backup", newest, "--source-database", &main, "--into", &analytics, "--confirm", &analytics];
    let json = h.ppg(&[&args[..], &["--json"]].concat()).ok().json();
    assert_eq!((&json["id"], &json["status"]), (&analytics.as_str().into(), &"recovering".into()));
    assert_eq!(record(&h, "databases", &analytics).unwrap()["data"], backup_data(newest));
}
