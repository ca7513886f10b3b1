//! The real `ppg` binary on API data the demo never sends: decimal sizes, odd times, unknown values,
//! broken items among good ones, deprecated secrets, terminal-driving characters and lists that never end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use std::path::Path;

use cli_support::{Harness, project_seed, run};
use ppg::emulator::Seed;
use serde_json::{Value, json};

/// An emulator on `world`, written as a seed file in the harness's folder `dir`.
fn serve(dir: &Path, world: &Value) -> Harness {
    let file = dir.join("world.json");
    std::fs::write(&file, serde_json::to_vec(world).unwrap()).unwrap();
    Harness::start(common::config(Seed::File(file)))
}

/// The demo's state with `overrides` set on the record `id` of `kind`.
fn demo_with(overrides: &[(&str, &str, Value)]) -> (tempfile::TempDir, Harness) {
    let demo = Harness::demo();
    let mut world = demo.state();
    for (kind, id, value) in overrides {
        assert!(world[kind][id].is_object(), "no {kind} {id}");
        world[kind][id]["overrides"] = value.clone();
    }
    let dir = tempfile::tempdir().unwrap();
    let harness = serve(dir.path(), &world);
    (dir, harness)
}

/// The newest completed backup of the demo and the one before it: (their database, newest, older).
fn newest_backups(h: &Harness) -> (String, String, String) {
    let mut backups: Vec<Value> = h.records("backups").into_iter().filter(|b| b["status"] == "completed").collect();
    backups.sort_by(|a, b| b["createdAt"].as_str().cmp(&a["createdAt"].as_str()));
    let database = backups[0]["databaseId"].clone();
    let mut of_it =
        backups.iter().filter(|b| b["databaseId"] == database).map(|b| b["id"].as_str().unwrap().to_owned());
    (database.as_str().unwrap().to_owned(), of_it.next().unwrap(), of_it.next().unwrap())
}

#[test]
fn backups_with_decimal_sizes_and_odd_times_list_and_restore() {
    let demo = Harness::demo();
    let (database, backup, odd_time) = newest_backups(&demo);
    let (_dir, h) = demo_with(&[
        ("backups", &backup, json!({"size": 980.4, "createdAt": "2099-01-01T10:00:00", "status": "verified"})),
        ("backups", &odd_time, json!({"createdAt": "last tuesday", "backupType": "snapshot"})),
    ]);
    let listed = h.ppg(&["backups", "list", &database]);
    listed.ok().has_row(&["2099-01-01 10:00 UTC"]).stdout_has("980.4 MiB").stdout_has("verified");
    let lines: Vec<&str> = listed.stdout.lines().filter(|line| !line.trim().is_empty()).collect();
    assert!(lines[1].contains(&backup), "the newest (an offset-less time) comes first: {}", listed.stdout);
    let last = lines.last().unwrap();
    assert!(last.contains("last tuesday") && last.contains("snapshot"), "unparsed times come last: {}", listed.stdout);

    let json = h.ppg(&["backups", "list", &database, "--json"]).ok().json_array();
    let sent = json.iter().find(|b| b["id"] == backup).unwrap();
    assert_eq!((sent["size"].as_f64(), sent["createdAt"].as_str()), (Some(980.4), Some("2099-01-01T10:00:00")));

    let args = ["restore", "--backup", &backup, "--source-database", &database, "--new", "from-odd-backup"];
    let restored = h.ppg(&args);
    restored.ok().stderr_has("created database");
    assert!(h.records("databases").iter().any(|d| d["name"] == "from-odd-backup"), "{}", restored.printed());
}

#[test]
fn ten_thousand_projects_with_one_broken_show_the_rest_and_one_unreadable_row() {
    let dir = tempfile::tempdir().unwrap();
    let seed = project_seed(dir.path(), 10_000);
    let mut world: Value = serde_json::from_slice(&std::fs::read(&seed).unwrap()).unwrap();
    let broken = "proj_load00000000000000005000";
    world["projects"][broken]["overrides"] = json!({"name": null, "createdAt": 12});
    let h = serve(dir.path(), &world);

    let table = h.ppg(&["projects", "list"]);
    table.ok().stderr_has(&format!("unreadable project {broken}")).stderr_has("data[5000].name");
    let rows: Vec<&str> = table.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 10_000, "9,999 projects and one unreadable row");
    assert_eq!(rows.iter().filter(|row| row.starts_with("load-")).count(), 9_999);
    assert_eq!(rows.last().unwrap().trim_end(), format!("unreadable project {broken}"));

    let json = h.ppg(&["projects", "list", "--json"]).ok().json_array();
    assert_eq!(json.len(), 10_000);
    assert_eq!(json[5000]["id"], broken, "the unreadable item keeps its place");
    assert_eq!((&json[5000]["name"], &json[5000]["createdAt"]), (&Value::Null, &json!(12)), "and its JSON as sent");
}

#[test]
fn deprecated_secrets_of_reads_are_never_printed() {
    let demo = Harness::demo();
    let connection = demo.records("connections").into_iter().next().unwrap();
    let (id, database) = (connection["id"].as_str().unwrap(), connection["databaseId"].as_str().unwrap().to_owned());
    let legacy = json!({"directConnection": {"host": "db.prisma.io", "user": "u", "pass": "sk_leaked_secret"},
        "connectionString": "postgres://u:sk_leaked_secret@db.prisma.io/"});
    let (_dir, h) = demo_with(&[("connections", id, legacy)]);
    for args in [
        vec!["connections", "list", database.as_str(), "--json"],
        vec!["connections", "list", database.as_str()],
        vec!["databases", "get", database.as_str(), "--json"],
    ] {
        let out = h.ppg(&args);
        out.ok();
        assert!(!out.printed().contains("sk_leaked"), "{args:?} printed a secret: {}", out.printed());
    }
    let json = h.ppg(&["connections", "list", &database, "--json"]).ok().json_array();
    let listed = json.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(listed["directConnection"]["pass"], "<redacted>");
    assert_eq!(listed["connectionString"], "<redacted>");
    // A connection minted now still prints its new strings: only reads are redacted.
    h.ppg(&["connections", "create", &database, "--name", "fresh"]).ok().stdout_has("DATABASE_URL=\"postgres://");
}

#[test]
fn json_escapes_what_could_drive_a_terminal_and_tables_show_invisible_characters() {
    let demo = Harness::demo();
    let project = demo.id_of("projects", "checkout-service");
    let (_dir, h) = demo_with(&[("projects", &project, json!({"name": "pay\u{9b}31m\u{202e}ment\u{200b}s"}))]);
    let json = h.ppg(&["projects", "list", "--json"]);
    json.ok();
    for raw in ['\u{9b}', '\u{202e}', '\u{200b}'] {
        assert!(!json.stdout.contains(raw), "{raw:?} written raw: {}", json.stdout);
    }
    json.stdout_has("pay\\u009b31m\\u202ement\\u200bs");
    assert!(json.json_array().iter().any(|p| p["name"] == "pay\u{9b}31m\u{202e}ment\u{200b}s"), "still the same JSON");
    h.ppg(&["projects", "list"]).ok().stdout_has("pay\\u{9b}31m\\u{202e}ment\\u{200b}s");
}

#[test]
fn a_list_whose_pages_never_end_prints_what_it_read_then_fails() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let ppg = |args: &[&str]| {
        let mut command = cli_support::bare_command(home.path());
        command.env("PPG_API_URL", runtime.block_on(endless_projects())).env("PRISMA_POSTGRES_TOKEN", "t");
        run(command.args(args), args)
    };
    let out = ppg(&["projects", "list"]);
    out.code(1).has_row(&["first", "proj_1"]).stderr_has("the list did not end");
    let json = ppg(&["projects", "list", "--json"]);
    assert_eq!(json.code(1).json_array().len(), 1, "the one project read is printed: {}", json.printed());
}

/// A server whose first page holds one project, and every later page none, with a fresh cursor and
/// `hasMore: true` each time.
async fn endless_projects() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let pages = std::sync::Arc::new(AtomicUsize::new(0));
    let router = axum::Router::new().fallback(move || {
        let n = pages.fetch_add(1, Ordering::SeqCst);
        let data = if n == 0 { vec![project_json("proj_1", "first")] } else { Vec::new() };
        let page = json!({"data": data, "pagination": {"hasMore": true, "nextCursor": format!("c{n}")}});
        async move { axum::Json(page) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

fn project_json(id: &str, name: &str) -> Value {
    json!({"id": id, "type": "project", "url": "u", "name": name, "logicalId": null,
        "createdAt": "2026-01-05T12:00:00Z", "defaultRegion": null, "workspace": {"id": "w", "name": "Acme"}})
}
