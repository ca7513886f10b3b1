//! The client's tolerance of odd answers: numbers of any form, lenient times, open enums, unreadable items
//! kept aside, degrading fields, paging that always ends, a size cap, and secrets of reads redacted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_support;
mod common;

use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::header;
use axum::response::Response;
use client_support::{TINY_TOKEN, client, client_of, json_answer, policy, project_json, scripted};
use common::Emu;
use ppg::api::{
    BackupStatus, BackupType, ConnectionKind, DatabaseSource, DatabaseStatus, Error, Listed, Listing, MAX_BODY_BYTES,
    MAX_IDLE_PAGES, NewDatabase, lenient, redact,
};
use ppg::emulator::{Config, Seed};
use serde_json::{Value, json};

const T0: &str = "2024-01-05T12:00:00Z";
const MIB: usize = 1024 * 1024;

/// A world of records added one by one over the empty seed, each with its `overrides` (`{}`: none).
struct World(Value);

impl World {
    async fn new() -> Self {
        Self(common::start_empty().await.state().await)
    }

    fn add(&mut self, kind: &str, mut record: Value, overrides: Value) -> &mut Self {
        let id = record["id"].as_str().unwrap().to_owned();
        record["overrides"] = overrides;
        self.0[kind][id] = record;
        self
    }

    fn project(&mut self, id: &str, overrides: Value) -> &mut Self {
        let record = json!({"id": id, "name": id, "createdAt": T0, "defaultRegion": "us-east-1"});
        self.add("projects", record, overrides)
    }

    fn database(&mut self, id: &str, project: &str, overrides: Value) -> &mut Self {
        let record = json!({"id": id, "projectId": project, "name": id, "region": "us-east-1", "createdAt": T0,
            "isDefault": true, "status": "ready", "source": {"type": "empty"}, "data": id});
        self.add("databases", record, overrides)
    }

    fn connection(&mut self, id: &str, database: &str, overrides: Value) -> &mut Self {
        let record = json!({"id": id, "databaseId": database, "name": id, "createdAt": T0, "kind": "postgres",
            "user": "a".repeat(64), "secret": "sk_record"});
        self.add("connections", record, overrides)
    }

    fn backup(&mut self, id: &str, database: &str, overrides: Value) -> &mut Self {
        let record = json!({"id": id, "databaseId": database, "createdAt": T0, "backupType": "full",
            "size": 1_048_576, "status": "completed", "data": id});
        self.add("backups", record, overrides)
    }

    /// Serves the world from a seed file in `dir`; databases stay as written (no readiness changes).
    async fn serve(&self, dir: &Path) -> Emu {
        let file = dir.join("world.json");
        std::fs::write(&file, serde_json::to_vec(&self.0).unwrap()).unwrap();
        common::start(Config { ready_after: std::time::Duration::from_secs(3600), ..common::config(Seed::File(file)) })
            .await
    }
}

/// The place of `id` in the emulator's own (single-page) answer to `path`.
async fn place(emu: &Emu, path: &str, id: &str) -> usize {
    let page = emu.get_json(path).await;
    page["data"].as_array().unwrap().iter().position(|item| item["id"] == id).unwrap()
}

/// Asserts that `listing` holds `total - 1` items and one unreadable `kind` `id` at `position`, broken at
/// `{list}[{position}]{field}`.
fn assert_one_unreadable<T: Listed>(listing: &Listing<T>, total: usize, what: (&str, &str), at: (&str, usize, &str)) {
    let ((kind, id), (list, position, field)) = (what, at);
    assert_eq!((listing.items.len(), listing.unreadable.len()), (total - 1, 1), "{kind}s");
    assert!(listing.items.iter().all(|item| item.id() != id), "{id} is not among the items");
    let bad = &listing.unreadable[0];
    assert_eq!((bad.kind, bad.id.as_deref(), bad.position), (kind, Some(id), position), "{bad:?}");
    assert_eq!(bad.reason_in(list).path, format!("{list}[{position}]{field}"), "{bad:?}");
}

/// Decimal and integer sizes, a decimal retention, limit and usage, and a `5432.0` port all decode.
#[tokio::test]
async fn numbers_of_any_form_decode() {
    let mut world = World::new().await;
    world.project("proj_1", json!({})).database("db_1", "proj_1", json!({}));
    world.connection("con_1", "db_1", json!({"endpoints": {"direct": {"port": 5432.0}}}));
    world.backup("bkp_1", "db_1", json!({"size": 980.4})).backup("bkp_2", "db_1", json!({"size": 1024}));
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let client = client_of(&emu, policy(1));

    let backups = client.backups("db_1", None).await.unwrap();
    let size = |id: &str| backups.data.iter().find(|b| b.id == id).and_then(|b| b.size.clone()).unwrap();
    assert_eq!(lenient::mebibytes(&size("bkp_1")), "980.4 MiB");
    assert_eq!(size("bkp_2").as_u64(), Some(1024), "an integer size stays one");
    let port = client.connection("con_1").await.unwrap().endpoints.direct.unwrap().port;
    assert_eq!((port.as_u64(), lenient::port(&port)), (None, Some(5432)), "served as 5432.0, read as 5432");

    let start = "2024-02-01T00:00:00Z".parse().unwrap();
    let usage = client.usage("db_1", Some(start), Some("2024-03-01T00:00:00Z".parse().unwrap())).await.unwrap();
    assert!(usage.metrics.storage.used.fract() != 0.0, "a decimal used: {usage:?}");

    // The backups envelope itself is typed by the emulator, so decimals there come from a scripted server.
    let backup = json!({"id": "bkp_1", "backupType": "full", "createdAt": T0, "size": 980.4, "status": "completed"});
    let answer = json!({"data": [backup], "meta": {"backupRetentionDays": 7.5},
        "pagination": {"hasMore": false, "limit": 25.0}});
    let (base, _) = scripted(move |_| json_answer(200, answer.clone())).await;
    let list = client_support::client(&base, TINY_TOKEN, policy(1)).backups("db_1", None).await.unwrap();
    assert_eq!(list.meta.backup_retention_days.and_then(|days| days.as_f64()), Some(7.5));
    assert_eq!(list.pagination.limit.and_then(|limit| limit.as_f64()), Some(25.0));
    assert_eq!(list.data.items[0].size.as_ref().map(lenient::mebibytes).as_deref(), Some("980.4 MiB"));
}

/// Times without offset, with a fraction or an offset decode to instants; one that does not parse is kept
/// as sent and sorts last newest first.
#[tokio::test]
async fn times_decode_leniently_and_unparsable_ones_sort_last() {
    let mut world = World::new().await;
    world.project("proj_1", json!({})).database("db_1", "proj_1", json!({}));
    let times = [
        ("bkp_plain", "2026-11-01T10:00:00"),
        ("bkp_fraction", "2026-11-02T10:00:00.250"),
        ("bkp_offset", "2026-11-03T10:00:00+02:00"),
        ("bkp_odd", "yesterday"),
    ];
    for (id, at) in times {
        world.backup(id, "db_1", json!({"createdAt": at}));
    }
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let mut backups = client_of(&emu, policy(1)).backups("db_1", None).await.unwrap().data;
    assert!(backups.unreadable.is_empty(), "{:?}", backups.unreadable);
    backups.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let order: Vec<_> = backups.iter().map(|b| (b.id.as_str(), b.created_at.at().map(|at| at.to_rfc3339()))).collect();
    let expected = [
        ("bkp_offset", Some("2026-11-03T08:00:00+00:00")),
        ("bkp_fraction", Some("2026-11-02T10:00:00.250+00:00")),
        ("bkp_plain", Some("2026-11-01T10:00:00+00:00")),
        ("bkp_odd", None),
    ];
    assert_eq!(order, expected.map(|(id, at)| (id, at.map(str::to_owned))));
    assert_eq!(backups[3].created_at.as_sent(), "yesterday", "kept as sent");
}

/// Values of enums this version does not know, and a source of an unknown type, decode and serialize back.
#[tokio::test]
async fn unknown_enum_values_and_sources_are_kept() {
    let mut world = World::new().await;
    let source = json!({"type": "snapshot", "snapshotId": "s1"});
    world.project("proj_1", json!({}));
    world.database("db_1", "proj_1", json!({"status": "archived", "source": source}));
    world.connection("con_1", "db_1", json!({"kind": "mcp"}));
    world.backup("bkp_1", "db_1", json!({"status": "verifying", "backupType": "logical"}));
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let client = client_of(&emu, policy(1));

    let database = client.database("db_1").await.unwrap();
    assert_eq!(database.status, DatabaseStatus::Other("archived".into()));
    let got = database.source.clone().unwrap();
    assert!(matches!(&got, DatabaseSource::Other { kind, .. } if kind == "snapshot"), "{got:?}");
    assert_eq!(serde_json::to_value(&got).unwrap(), source, "serialized back as sent");
    assert_eq!(serde_json::to_value(&database).unwrap()["status"], "archived");
    assert_eq!(database.connections.items[0].kind, ConnectionKind::Other("mcp".into()), "nested too");
    let connections = client.connections("db_1").await.unwrap();
    assert_eq!(connections.items[0].kind.as_str(), "mcp");
    let backup = &client.backups("db_1", None).await.unwrap().data.items[0];
    assert_eq!(backup.status, BackupStatus::Other("verifying".into()));
    assert_eq!(backup.backup_type, BackupType::Other("logical".into()));
}

/// One broken item of each list (and of a database's nested connections) is kept aside with its id,
/// position and path; it never fails its list.
#[tokio::test]
async fn one_bad_item_never_fails_its_list() {
    let mut world = World::new().await;
    for n in 1..=5 {
        let (project, database) = (format!("proj_{n}"), format!("db_{n}"));
        let broken = json!({"name": null});
        world.project(&project, if n == 3 { broken.clone() } else { json!({}) });
        world.database(&database, "proj_1", if n == 2 { broken.clone() } else { json!({}) });
        world.connection(&format!("con_{n}"), "db_1", if n == 4 { broken } else { json!({}) });
        let removed = json!({"backupType": {"$remove": true}});
        world.backup(&format!("bkp_{n}"), "db_1", if n == 1 { removed } else { json!({}) });
    }
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let client = client_of(&emu, policy(1));

    let at = place(&emu, "/v1/projects", "proj_3").await;
    let projects = client.projects().await.unwrap();
    assert_one_unreadable(&projects, 5, ("project", "proj_3"), ("data", at, ".name"));
    let at = place(&emu, "/v1/projects/proj_1/databases", "db_2").await;
    let databases = client.databases(Some("proj_1")).await.unwrap();
    assert_one_unreadable(&databases, 5, ("database", "db_2"), ("data", at, ".name"));
    let databases = client.databases(None).await.unwrap();
    assert_one_unreadable(&databases, 5, ("database", "db_2"), ("data", at, ".name"));
    let at = place(&emu, "/v1/databases/db_1/connections", "con_4").await;
    let connections = client.connections("db_1").await.unwrap();
    assert_one_unreadable(&connections, 5, ("connection", "con_4"), ("data", at, ".name"));
    let at = place(&emu, "/v1/databases/db_1/backups", "bkp_1").await;
    let backups = client.backups("db_1", None).await.unwrap().data;
    assert_one_unreadable(&backups, 5, ("backup", "bkp_1"), ("data", at, ""));
    assert!(backups.unreadable[0].reason.message.contains("backupType"), "{:?}", backups.unreadable[0]);

    let served = emu.get_json("/v1/databases/db_1").await;
    let nested = served["data"]["connections"].as_array().unwrap().iter().position(|c| c["id"] == "con_4").unwrap();
    let database = client.database("db_1").await.unwrap();
    assert_one_unreadable(&database.connections, 5, ("connection", "con_4"), ("connections", nested, ".name"));
}

/// In a 10,000-project world read at the default page size, the one broken project is kept aside at its
/// place in the whole list: positions count across pages.
#[tokio::test]
async fn positions_of_unreadable_items_count_across_pages() {
    let mut world = World::new().await;
    for n in 0..10_000 {
        world.project(&format!("proj_{n:05}"), if n == 4321 { json!({"name": null}) } else { json!({}) });
    }
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let projects = client_of(&emu, policy(1)).projects().await.unwrap();
    assert_one_unreadable(&projects, 10_000, ("project", "proj_04321"), ("data", 4321, ".name"));
    assert_eq!(emu.requests().await.len(), 100, "pages of 100");
    let json = serde_json::to_value(&projects).unwrap();
    let served = emu.get_json("/v1/projects/proj_04321").await;
    assert_eq!(json[4321], served["data"], "the JSON puts it back at its place, as sent");
}

/// Fields of a single object whose values do not decode take their defaults instead of failing it.
#[tokio::test]
async fn fields_that_do_not_decode_degrade_to_defaults() {
    let mut world = World::new().await;
    world.project("proj_1", json!({})).connection("con_1", "db_1", json!({}));
    world.database("db_1", "proj_1", json!({"isDefault": "yes", "region": 5, "defaultConnectionId": {}}));
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let served = emu.get_json("/v1/databases/db_1").await;
    assert_eq!(served["data"]["defaultConnectionId"], json!({}), "served as written: {served}");
    let client = client_of(&emu, policy(1));
    let database = client.database("db_1").await.unwrap();
    assert_eq!((database.is_default, &database.region, &database.default_connection_id), (false, &None, &None));
    assert_eq!(database.connections.items.len(), 1, "the rest is read as usual");
    let listed = client.databases(None).await.unwrap();
    assert_eq!((listed.items.len(), listed.unreadable.len()), (1, 0));
}

/// A page claiming more, pointing at a fresh cursor each time (`nextCursor: "c<n>"`).
fn page(n: usize, items: Vec<Value>) -> Response {
    json_answer(200, json!({"data": items, "pagination": {"hasMore": true, "nextCursor": format!("c{n}")}}))
}

fn assert_paging(error: Option<&Error>) {
    assert!(matches!(error, Some(Error::Paging { detail, .. }) if detail.contains("no new one")), "{error:?}");
}

/// Lists that claim `hasMore` forever with fresh cursors end in `Error::Paging` once `MAX_IDLE_PAGES` pages
/// in a row bring no new item; what was read before is still handed over by `until_error`.
#[tokio::test]
async fn paging_always_ends() {
    // Every page empty: the first page is already one without a new item.
    let (base, hits) = scripted(|n| page(n, Vec::new())).await;
    let outcome = client(&base, TINY_TOKEN, policy(1)).projects().await;
    assert_paging(outcome.as_ref().err());
    assert_eq!(hits.load(Ordering::SeqCst), MAX_IDLE_PAGES);

    // Three pages of items, then empty pages forever.
    let items = |n: usize| (1..=2).map(|k| project_json(&format!("proj_{n}_{k}"), "p")).collect::<Vec<_>>();
    let (base, hits) = scripted(move |n| page(n, if n <= 3 { items(n) } else { Vec::new() })).await;
    let (listing, error) = client(&base, TINY_TOKEN, policy(1)).projects().until_error().await;
    assert_paging(error.as_ref());
    let ids: Vec<_> = listing.iter().map(|project| project.id.as_str()).collect();
    assert_eq!(ids, ["proj_1_1", "proj_1_2", "proj_2_1", "proj_2_2", "proj_3_1", "proj_3_2"]);
    assert_eq!(hits.load(Ordering::SeqCst), 3 + MAX_IDLE_PAGES);

    // The same items on every page, with fresh cursors.
    let (base, hits) = scripted(|n| page(n, vec![project_json("proj_a", "a"), project_json("proj_b", "b")])).await;
    let (read, error) = client(&base, TINY_TOKEN, policy(1)).projects().until_error().await;
    assert_paging(error.as_ref());
    assert_eq!(hits.load(Ordering::SeqCst), 1 + MAX_IDLE_PAGES);
    let ids: Vec<&str> = read.iter().map(|project| project.id.as_str()).collect();
    assert_eq!(ids, ["proj_a", "proj_b"], "items that come again are left out");
}

/// A server answering `chunks` chunks of 1 MiB, streamed only as they are pulled (with a `Content-Length`
/// when `declared`, chunked otherwise); returns its URL and how many chunks were pulled.
async fn big_answer(chunks: usize, declared: bool) -> (String, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = pulled.clone();
    let chunk = bytes::Bytes::from(vec![b' '; MIB]);
    let (base, _) = scripted(move |_| {
        let (counter, chunk) = (counter.clone(), chunk.clone());
        let stream = futures::stream::repeat_with(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok::<_, Infallible>(chunk.clone())
        });
        let mut response = Response::new(Body::from_stream(futures::StreamExt::take(stream, chunks)));
        if declared {
            response.headers_mut().insert(header::CONTENT_LENGTH, (chunks * MIB).into());
        }
        response
    })
    .await;
    (base, pulled)
}

fn assert_too_large(error: &Error) {
    assert!(matches!(error, Error::TooLarge { limit: MAX_BODY_BYTES, .. }), "{error:?}");
    assert!(error.to_string().contains("larger than 64 MiB"), "{error}");
}

/// An answer over `MAX_BODY_BYTES` is refused: at once when its `Content-Length` says so, and as soon as
/// the cap is passed when it comes chunked without end.
#[tokio::test]
async fn answers_over_the_size_cap_are_refused() {
    let whole = MAX_BODY_BYTES / MIB + 1;
    let (base, pulled) = big_answer(whole, true).await;
    assert_too_large(&client(&base, TINY_TOKEN, policy(1)).projects().await.unwrap_err());
    let read = pulled.load(Ordering::SeqCst);
    assert!(read < whole, "refused by its header, before the body was sent ({read} of {whole} MiB pulled)");

    let (base, pulled) = big_answer(usize::MAX, false).await;
    assert_too_large(&client(&base, TINY_TOKEN, policy(1)).database("db_1").await.unwrap_err());
    assert!(pulled.load(Ordering::SeqCst) > MAX_BODY_BYTES / MIB, "read up to the cap, then stopped");
}

/// Asserts that neither the debug form nor the JSON of `value` shows `secret`.
fn assert_hidden<T: std::fmt::Debug + serde::Serialize>(value: &T, secret: &str) {
    let (debug, json) = (format!("{value:?}"), serde_json::to_string(value).unwrap());
    assert!(!debug.contains(secret) && !json.contains(secret), "{debug}\n{json}");
    assert!(json.contains(redact::REDACTED), "{json}");
}

/// Secrets that reads still carry in deprecated fields are redacted before decoding, unreadable items
/// included; the answers that mint credentials still show them.
#[tokio::test]
async fn secrets_of_reads_are_redacted_but_minted_ones_shown() {
    const SECRET: &str = "sk_secret";
    let direct = json!({"directConnection": {"host": "db.prisma.io", "user": "u", "pass": SECRET}});
    let key = json!({"id": "con_key", "name": "key", "createdAt": T0, "kind": "postgres",
        "connectionString": format!("postgres://u:{SECRET}@db.prisma.io:5432/")});
    let mut world = World::new().await;
    world.project("proj_1", json!({})).connection("con_1", "db_1", direct.clone());
    let mut broken = direct;
    broken["name"] = Value::Null;
    world.connection("con_2", "db_1", broken).connection("con_3", "db_1", json!({}));
    world.database("db_1", "proj_1", json!({"apiKeys": [key]}));
    let dir = tempfile::tempdir().unwrap();
    let emu = world.serve(dir.path()).await;
    let client = client_of(&emu, policy(1));

    let connections = client.connections("db_1").await.unwrap();
    assert_eq!((connections.items.len(), connections.unreadable.len()), (2, 1));
    assert_hidden(&connections, SECRET);
    let connection = client.connection("con_1").await.unwrap();
    assert_hidden(&connection, SECRET);
    assert_eq!(connection.direct_connection.unwrap().pass, redact::REDACTED);
    let database = client.database("db_1").await.unwrap();
    assert_hidden(&database, SECRET);
    let key = &database.api_keys.as_ref().unwrap().items[0];
    assert_eq!(key.connection_string.as_deref(), Some(redact::REDACTED));
    assert_hidden(&client.databases(None).await.unwrap(), SECRET);

    let minted = |strings: Vec<Option<&str>>| {
        let shown = |s: &Option<&str>| s.is_some_and(|s| s.contains(":sk_") && !s.contains(redact::REDACTED));
        assert!(strings.iter().all(shown), "minted strings are shown: {strings:?}");
    };
    let created = client.create_connection("db_1", "fresh").await.unwrap();
    minted(vec![created.database_url(), created.connection_string.as_deref()]);
    let pass = created.direct_connection.as_ref().map(|direct| direct.pass.as_str());
    assert!(pass.is_some_and(|pass| pass.starts_with("sk_")) && created.pass.clone().flatten().as_deref() == pass);
    let rotated = client.rotate_connection("con_3").await.unwrap();
    minted(vec![
        rotated.endpoints.direct.as_ref().and_then(|e| e.connection_string.as_deref()),
        rotated.database_url(),
    ]);
    let new = NewDatabase { name: Some("minted".into()), ..NewDatabase::default() };
    let database = client.create_database("proj_1", &new).await.unwrap();
    let keys = database.api_keys.as_ref().unwrap();
    assert!(!keys.is_empty(), "{database:?}");
    minted(
        keys.iter()
            .map(|key| key.connection_string.as_deref())
            .chain([database.connection_string.as_deref()])
            .collect(),
    );
}
