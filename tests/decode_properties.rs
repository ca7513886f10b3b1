//! Property tests of the API decoders: every contract-valid answer decodes, and broken list items are set aside.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Debug;

use ppg::api::{
    BackupList, Connection, CreatedProject, Data, Database, ErrorBody, Listed, Listing, Me, Page, Project, RegionInfo,
    Usage, Workspace, decode,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type Json = BoxedStrategy<Value>;

// ---- Odd but legal values -------------------------------------------------------------------------------------------

/// Pieces of odd names: quotes, controls (NUL, ESC, CSI, DEL), combining marks, RTL and bidi overrides, emoji
/// with ZWJ, CJK, BOM, line separator, U+10FFFF, and plain words.
const PIECES: &str = "main|db-1|Acme Inc.| |_|0|\"|\\|\n\t|\0|\u{1b}[2J|\u{1b}]0;x\u{7}|\u{9b}31m|\u{7f}|\
    e\u{301}\u{302}|Z\u{351}\u{36b}|数据库|本番|מסד נתונים|\u{200f}|\u{202e}txt|👩\u{200d}👩\u{200d}👧|🦀|\
    \u{fe0f}|\u{feff}|\u{2028}|\u{fffd}|\u{10ffff}";

fn pieces() -> Vec<&'static str> {
    PIECES.split('|').collect()
}

/// Any string, empty included: pieces of odd names, arbitrary characters, or one piece repeated into thousands.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        12 => vec(select(pieces()), 0..5).prop_map(|pieces| pieces.concat()),
        1 => vec(any::<char>(), 0..12).prop_map(String::from_iter),
        1 => (select(pieces()), 100usize..1000).prop_map(|(piece, n)| piece.repeat(n)),
    ]
    .boxed()
}

fn id() -> Json {
    text().prop_map(|t| if t.is_empty() { "_".into() } else { t.into() }).boxed()
}

fn string() -> Json {
    text().prop_map(Value::from).boxed()
}

fn nullable(strategy: Json) -> Json {
    prop_oneof![1 => Just(Value::Null), 3 => strategy].boxed()
}

/// Marks a field to leave out: `extras` (so `object!`) removes it.
const MISSING: &str = "\u{0}missing";

fn optional(strategy: Json) -> Json {
    prop_oneof![1 => Just(json!(MISSING)), 2 => strategy].boxed()
}

/// The field when `present` (as the answer at hand carries it), else missing.
fn only(present: bool, strategy: Json) -> Json {
    if present { strategy } else { Just(json!(MISSING)).boxed() }
}

/// A known value of an enum-like field, or one this version of ppg has never heard of.
fn open_enum(known: &'static [&'static str]) -> Json {
    prop_oneof![3 => select(known).prop_map(Value::from), 1 => "[a-z]{1,12}".prop_map(Value::from)].boxed()
}

/// Integers, decimals, huge and zero numbers, as the contract's `number` allows.
fn number() -> Json {
    prop_oneof![1 => any::<u64>().prop_map(Value::from), 1 => any::<i64>().prop_map(Value::from), 3 => float()].boxed()
}

/// Numbers whose `f64` serde_json reads back exactly, also as ppg writes them (`1e14` as `100000000000000.0`): at
/// most 15 digits and exponents within ±22. Without `float_roundtrip` serde_json misreads others by one ULP.
fn float() -> Json {
    let fixed = [0.0, -0.0, 980.4, 5432.0, 1e300, -1e300, f64::MAX, 1.8446744073709552e19].map(|f| json!(f));
    prop_oneof![
        (0u64..100_000_000_000_000).prop_map(Value::from),
        select([&[json!(0), json!(u64::MAX)][..], &fixed].concat()),
        (-999_999_999i32..1_000_000_000, -6i32..6).prop_map(|(n, e)| json!(format!("{n}e{e}").parse::<f64>().unwrap())),
    ]
    .boxed()
}

fn port() -> Json {
    prop_oneof![select(vec![json!(5432), json!(5432.0)]), any::<u16>().prop_map(Value::from), number()].boxed()
}

/// Arbitrary JSON, for the values of unknown fields.
fn any_json() -> Json {
    let leaf = prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::from), number(), string()];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::from),
            vec((text(), inner), 0..3).prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
    .boxed()
}

/// RFC 3339 times, with or without fraction; the offset may be left out only where the contract gives no format.
fn rfc3339(offset_required: bool) -> BoxedStrategy<String> {
    let named = if offset_required { vec!["Z", "z"] } else { vec!["Z", "z", ""] };
    let offset = (select(&['+', '-'][..]), 0u32..15, select(&[0u32, 30, 45][..]));
    let zone =
        prop_oneof![select(named).prop_map(String::from), offset.prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}"))];
    let fraction = prop::option::of("[0-9]{1,9}").prop_map(|f| f.map(|f| format!(".{f}")).unwrap_or_default());
    let date = (1970u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    (date, select(&['T', 't'][..]), 0u32..24, 0u32..60, 0u32..60, fraction, zone)
        .prop_map(|(date, t, h, m, s, fraction, zone)| format!("{date}{t}{h:02}:{m:02}:{s:02}{fraction}{zone}"))
        .boxed()
}

fn time() -> Json {
    rfc3339(true).prop_map(Value::from).boxed()
}

/// Leaves out the fields marked `MISSING`, and adds 0 to 2 unknown ones with arbitrary values.
fn extras(object: impl Strategy<Value = Value> + 'static) -> Json {
    let extras = prop_oneof![3 => Just(vec![]), 1 => vec((text(), any_json()), 1..3)];
    (object, extras)
        .prop_map(|(mut object, extras)| {
            object.as_object_mut().unwrap().retain(|_, value| value != MISSING);
            object.as_object_mut().unwrap().extend(extras.into_iter().map(|(key, value)| (format!("x-{key}"), value)));
            object
        })
        .boxed()
}

/// `object!(name in strategy, … => { JSON })`: an object of generated values (at most 12), through `extras`.
macro_rules! object {
    ($($name:ident in $strategy:expr),+ => $json:tt) => {
        extras(($($strategy,)+).prop_map(|($($name,)+)| json!($json)))
    };
}

// ---- Resources and answers as the SDK types them --------------------------------------------------------------------

fn reference() -> Json {
    object!(id in id(), url in string(), name in string() => {"id": id, "url": url, "name": name})
}

fn workspace() -> Json {
    object!(id in id(), url in string(), name in string(), at in time() =>
        {"id": id, "type": "workspace", "url": url, "name": name, "createdAt": at})
}

fn project() -> Json {
    object!(id in id(), url in string(), name in string(), at in time(), logical in nullable(string()),
        region in nullable(string()), workspace in reference() =>
        {"id": id, "type": "project", "url": url, "name": name, "logicalId": logical, "createdAt": at,
         "defaultRegion": region, "workspace": workspace})
}

/// Where a connection or database appears, which decides the minted and deprecated fields it carries: `Read` (list
/// and get: host and port only), `Nested` (in a create-database or create-project answer: endpoint strings may be
/// minted), `Minted` (create and rotate, create database: minted strings and the deprecated top-level fields),
/// `ApiKey` (the deprecated `apiKeys` copies: no `database`, a top-level `connectionString`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Read,
    Nested,
    Minted,
    ApiKey,
}

fn endpoint(answer: Answer) -> Json {
    let minted = match answer {
        Answer::Nested => optional(string()),
        _ => only(answer == Answer::Minted, string()),
    };
    object!(host in string(), port in port(), minted in minted =>
        {"host": host, "port": port, "connectionString": minted})
}

fn direct_connection() -> Json {
    object!(host in string(), user in string(), pass in string() => {"host": host, "user": user, "pass": pass})
}

fn connection(answer: Answer) -> Json {
    let end = || optional(endpoint(answer));
    let endpoints = object!(d in end(), p in end(), a in end() => {"direct": d, "pooled": p, "accelerate": a});
    let trio = || only(answer == Answer::Minted, nullable(string()));
    let top = only(matches!(answer, Answer::Minted | Answer::ApiKey), string());
    object!(id in id(), url in string(), name in string(), at in time(), kind in open_enum(&["postgres", "accelerate"]),
        endpoints in endpoints, database in only(answer != Answer::ApiKey, reference()),
        direct in optional(nullable(direct_connection())), top in top, host in trio(), user in trio(), pass in trio() =>
        {"id": id, "type": "connection", "url": url, "name": name, "createdAt": at, "kind": kind,
         "endpoints": endpoints, "database": database, "directConnection": direct, "connectionString": top,
         "host": host, "user": user, "pass": pass})
}

/// `null`, one of the three sources of the contract, or a type this version does not know.
fn source() -> Json {
    let known = (0..3, id(), id()).prop_map(|(which, database, backup)| match which {
        0 => json!({"type": "empty"}),
        1 => json!({"type": "backup", "databaseId": database, "backupId": backup}),
        _ => json!({"type": "database", "databaseId": database}),
    });
    let unknown = ("[a-z]{1,12}", id()).prop_map(|(kind, database)| json!({"type": kind, "databaseId": database}));
    prop_oneof![1 => Just(Value::Null), 4 => extras(prop_oneof![3 => known, 1 => unknown])].boxed()
}

const DATABASE_STATUSES: &[&str] = &["provisioning", "ready", "recovering", "failure"];

/// A database of a list or get (`Read`), a create-database answer (`Minted`) or a create-project one (`Nested`).
fn database(answer: Answer) -> Json {
    let created = answer != Answer::Read;
    let region = object!(id in string(), name in string() => {"id": id, "name": name});
    let connections = vec(connection(if created { Answer::Nested } else { Answer::Read }), 0..3);
    let keys = only(created, vec(connection(Answer::ApiKey), 0..2).prop_map(Value::from).boxed());
    let deprecated = object!(keys in keys, string in only(created, nullable(string())),
        direct in only(created, nullable(direct_connection())), project in only(answer != Answer::Nested, reference()),
        branch in optional(nullable(string())), logical in optional(nullable(string())) =>
        {"apiKeys": keys, "connectionString": string, "directConnection": direct, "project": project,
         "branchId": branch, "logicalId": logical});
    let main = object!(id in id(), url in string(), name in string(), status in open_enum(DATABASE_STATUSES),
        at in time(), default in any::<bool>(), connection in nullable(string()), connections in connections,
        region in if created { region } else { nullable(region) }, source in source() =>
        {"id": id, "type": "database", "url": url, "name": name, "status": status, "createdAt": at,
         "isDefault": default, "defaultConnectionId": connection, "connections": connections, "region": region,
         "source": source});
    (main, deprecated)
        .prop_map(|(mut main, deprecated)| {
            main.as_object_mut().unwrap().extend(deprecated.as_object().unwrap().clone());
            main
        })
        .boxed()
}

fn backup() -> Json {
    let created = prop_oneof![3 => rfc3339(false), 1 => text()];
    object!(id in id(), kind in open_enum(&["full", "incremental", "differential"]), at in created,
        size in optional(number()), status in open_enum(&["running", "completed", "failed", "unknown"]),
        typed in optional(Just(json!("backup")).boxed()) =>
        {"id": id, "backupType": kind, "createdAt": at, "size": size, "status": status, "type": typed})
}

fn region() -> Json {
    object!(id in id(), name in string(), status in optional(open_enum(&["available", "unavailable"])),
        product in optional(open_enum(&["postgres", "accelerate"])) =>
        {"id": id, "type": "region", "name": name, "status": status, "product": product})
}

fn page(items: impl Strategy<Value = Vec<Value>> + 'static) -> Json {
    let pagination =
        object!(cursor in nullable(string()), more in any::<bool>() => {"nextCursor": cursor, "hasMore": more});
    object!(items in items, pagination in pagination => {"data": items, "pagination": pagination})
}

fn backup_list() -> Json {
    let meta = object!(days in number() => {"backupRetentionDays": days});
    let pagination = object!(more in any::<bool>(), limit in nullable(number()) => {"hasMore": more, "limit": limit});
    object!(items in vec(backup(), 0..10), meta in meta, pagination in pagination =>
        {"data": items, "meta": meta, "pagination": pagination})
}

fn data(inner: impl Strategy<Value = Value> + 'static) -> Json {
    object!(inner in inner => {"data": inner})
}

fn usage() -> Json {
    let metric = |unit: &'static str| {
        let unit = prop_oneof![3 => Just(Value::from(unit)), 1 => string()];
        object!(used in float(), unit in unit => {"used": used, "unit": unit})
    };
    let period = object!(start in time(), end in time() => {"start": start, "end": end});
    let metrics = object!(ops in metric("ops"), gib in metric("GiB") => {"operations": ops, "storage": gib});
    object!(period in period, metrics in metrics, at in time() =>
        {"period": period, "metrics": metrics, "generatedAt": at})
}

fn me() -> Json {
    let user =
        object!(id in id(), email in string(), name in nullable(string()) => {"id": id, "email": email, "name": name});
    let workspace = object!(id in id(), name in string() => {"id": id, "name": name});
    let kinds = open_enum(&["oauth", "service_token", "management_token", "agent_token"]);
    let credential = object!(kind in kinds, id in nullable(string()), name in nullable(string()) =>
        {"type": kind, "id": id, "name": name});
    data(object!(user in nullable(user), workspace in nullable(workspace), credential in credential =>
        {"user": user, "workspace": workspace, "credential": credential}))
}

fn created_project() -> Json {
    data((project(), nullable(database(Answer::Nested))).prop_map(|(mut project, database)| {
        project["database"] = database;
        project
    }))
}

fn error_body() -> Json {
    let detail = object!(code in string(), message in string(), hint in optional(string()) =>
        {"code": code, "message": message, "hint": hint});
    object!(error in detail => {"error": error})
}

// ---- Broken items ---------------------------------------------------------------------------------------------------

/// How a field can be sent so that its item cannot be read (`types.rs`: no `or_default` on it): a `String` (`Text`:
/// anything else, `null` included), an `Option<String>` (`NullText`: neither a string nor `null`), a required object
/// (`Object`: a scalar or `null`; an array could fill a struct by position), an optional object or list without
/// `or_default` (`NullObject`: `directConnection` and `apiKeys` of a database).
#[derive(Debug, Clone, Copy)]
enum Bad {
    Text,
    NullText,
    Object,
    NullObject,
}

/// Breaks an item: `(None, junk)` replaces it, `(field, None)` removes the field, `(field, junk)` sets it.
type Breaker = (Option<&'static str>, Option<Value>);

fn apply((field, junk): Breaker, mut item: Value) -> Value {
    match (field, junk) {
        (Some(field), None) => drop(item.as_object_mut().unwrap().remove(field)),
        (Some(field), Some(junk)) => item[field] = junk,
        (None, junk) => return junk.unwrap(),
    }
    item
}

/// What makes an item unreadable: a required field missing, or a field whose wrong type is not forgiven.
struct Strict(&'static [&'static str], &'static [(&'static str, Bad)]);

const WORKSPACE: Strict = Strict(&["id", "name", "createdAt"], &[("id", Bad::Text), ("name", Bad::Text)]);
const PROJECT: Strict =
    Strict(&["id", "name", "createdAt", "workspace"], &[("name", Bad::Text), ("workspace", Bad::Object)]);
const DATABASE: Strict = Strict(&["id", "name", "status", "createdAt"], DATABASE_BAD);
const DATABASE_BAD: &[(&str, Bad)] = &[
    ("id", Bad::Text),
    ("connectionString", Bad::NullText),
    ("apiKeys", Bad::NullObject),
    ("directConnection", Bad::NullObject),
];
const CONNECTION: Strict = Strict(&["id", "name", "createdAt", "kind"], CONNECTION_BAD);
const CONNECTION_BAD: &[(&str, Bad)] =
    &[("name", Bad::Text), ("connectionString", Bad::NullText), ("host", Bad::NullText), ("pass", Bad::NullText)];
const BACKUP: Strict = Strict(&["id", "backupType", "createdAt", "status"], &[("id", Bad::Text)]);
const REGION: Strict = Strict(&["id", "name"], &[("id", Bad::Text), ("name", Bad::Text)]);

fn junk(bad: Bad) -> Json {
    let scalar = prop_oneof![number(), any::<bool>().prop_map(Value::from)];
    let composite = prop_oneof![vec(any_json(), 0..3).prop_map(Value::from), Just(json!({"x": 1}))];
    match bad {
        Bad::Text => prop_oneof![scalar, Just(Value::Null), composite].boxed(),
        Bad::NullText => prop_oneof![scalar, composite].boxed(),
        Bad::Object => prop_oneof![scalar, Just(Value::Null), string()].boxed(),
        Bad::NullObject => prop_oneof![scalar, string()].boxed(),
    }
}

fn breaker(strict: &Strict) -> BoxedStrategy<Breaker> {
    // A whole item that is not an object, or an array whose first element cannot be an `id`.
    let whole = prop_oneof![junk(Bad::Object), Just(json!([])), vec(number(), 1..4).prop_map(Value::from)];
    let set = select(strict.1).prop_flat_map(|(field, bad)| junk(bad).prop_map(move |junk| (Some(field), Some(junk))));
    prop_oneof![whole.prop_map(|junk| (None, Some(junk))), select(strict.0).prop_map(|field| (Some(field), None)), set]
        .boxed()
}

/// N valid items (1 to 29), K ≥ 1 of them broken: the items as sent, and the broken positions in order.
fn broken_list(item: Json, strict: Strict) -> BoxedStrategy<(Vec<Value>, Vec<usize>)> {
    let breaker = breaker(&strict);
    let parts =
        move |n| (vec(item.clone(), n), subsequence((0..n).collect::<Vec<_>>(), 1..=n), vec(breaker.clone(), n));
    (1usize..30)
        .prop_flat_map(parts)
        .prop_map(|(mut items, broken, breakers)| {
            for (&at, breaker) in broken.iter().zip(breakers) {
                items[at] = apply(breaker, items[at].take());
            }
            (items, broken)
        })
        .boxed()
}

/// The broken items are set aside where they were, as sent; the others read as they read alone.
fn set_aside<T>(listing: &Listing<T>, sent: &[Value], broken: &[usize]) -> Result<(), TestCaseError>
where
    T: Listed + Serialize + PartialEq + Debug,
{
    prop_assert_eq!((listing.items.len(), listing.unreadable.len()), (sent.len() - broken.len(), broken.len()));
    for (unreadable, &at) in listing.unreadable.iter().zip(broken) {
        prop_assert_eq!((unreadable.kind, unreadable.position), (T::KIND, at));
        prop_assert_eq!(unreadable.id.as_deref(), text_at(&sent[at], "id"));
        prop_assert_eq!(&serde_json::from_str::<Value>(unreadable.raw.get()).unwrap(), &sent[at]);
        let (path, place) = (unreadable.reason_in("data").path, format!("data[{at}]"));
        prop_assert!(path == place || path.starts_with(&format!("{place}.")), "{} is not in {}", path, place);
    }
    let readable = sent.iter().enumerate().filter(|(at, _)| !broken.contains(at));
    let readable = readable.map(|(_, item)| decode::<T>(item.to_string().as_bytes()).unwrap()).collect::<Vec<_>>();
    prop_assert_eq!(&listing.items, &readable);
    let written = serde_json::to_value(listing).unwrap();
    prop_assert_eq!(written.as_array().unwrap().len(), sent.len());
    for &at in broken {
        prop_assert_eq!(&written[at], &sent[at], "an unreadable item goes back to its place");
    }
    Ok(())
}

fn page_of(items: &[Value]) -> Value {
    json!({"data": items, "pagination": {"nextCursor": null, "hasMore": false}})
}

// ---- Checks ---------------------------------------------------------------------------------------------------------

/// Decodes `sent` as `T`, and checks that `T` serialized decodes again to an equal value.
fn decodes<T: Serialize + DeserializeOwned + PartialEq + Debug>(sent: &Value) -> Result<T, TestCaseError> {
    let text = sent.to_string();
    let decoded: T = decode(text.as_bytes()).map_err(|error| TestCaseError::fail(format!("{error} in {text}")))?;
    let again = serde_json::to_string(&decoded).unwrap();
    let redecoded: T = decode(again.as_bytes()).map_err(|error| TestCaseError::fail(format!("{error} in {again}")))?;
    prop_assert_eq!(&redecoded, &decoded, "serialized as {}", again);
    Ok(decoded)
}

/// Every item sent was read, and none set aside.
fn all_read<'a, T>(listing: &'a Listing<T>, sent: &'a Value) -> Result<Vec<(&'a T, &'a Value)>, TestCaseError> {
    prop_assert!(listing.unreadable.is_empty(), "unreadable: {:?}", listing.unreadable);
    let sent = sent.as_array().unwrap();
    prop_assert_eq!(listing.items.len(), sent.len());
    Ok(listing.items.iter().zip(sent).collect())
}

fn text_at<'a>(sent: &'a Value, key: &str) -> Option<&'a str> {
    sent.get(key).and_then(Value::as_str)
}

fn check_connection(connection: &Connection, sent: &Value) -> Result<(), TestCaseError> {
    prop_assert_eq!(connection.kind.as_str(), text_at(sent, "kind").unwrap());
    prop_assert_eq!(connection.kind.to_string(), text_at(sent, "kind").unwrap());
    let ends = ["direct", "pooled", "accelerate"].into_iter();
    let ends = ends.filter_map(|name| Some((name, sent["endpoints"].get(name)?))).collect::<Vec<_>>();
    let decoded = connection.endpoints.named().collect::<Vec<_>>();
    prop_assert_eq!(decoded.len(), ends.len());
    for ((name, endpoint), (sent_name, sent)) in decoded.into_iter().zip(ends) {
        prop_assert_eq!(name, sent_name);
        prop_assert_eq!(Value::from(endpoint.port.clone()), sent["port"].clone(), "the port is kept as sent");
        prop_assert_eq!(endpoint.connection_string.as_deref(), text_at(sent, "connectionString"));
    }
    prop_assert_eq!(connection.connection_string.as_deref(), text_at(sent, "connectionString"));
    prop_assert_eq!(connection.host.as_ref().and_then(Option::as_deref), text_at(sent, "host"));
    Ok(())
}

fn check_database(database: &Database, sent: &Value) -> Result<(), TestCaseError> {
    prop_assert_eq!(database.status.as_str(), text_at(sent, "status").unwrap());
    prop_assert_eq!(database.status.to_string(), text_at(sent, "status").unwrap());
    prop_assert_eq!(database.default_connection_id.as_deref(), text_at(sent, "defaultConnectionId"));
    prop_assert_eq!(database.branch_id.as_deref(), text_at(sent, "branchId"));
    prop_assert_eq!(database.region.is_some(), sent["region"].is_object());
    prop_assert_eq!(
        database.source.as_ref().map(|source| source.kind()),
        sent["source"].get("type").and_then(Value::as_str)
    );
    for (connection, sent) in all_read(&database.connections, &sent["connections"])? {
        check_connection(connection, sent)?;
    }
    if let Some(keys) = &database.api_keys {
        all_read(keys, &sent["apiKeys"])?;
    }
    Ok(())
}

const CASES: u32 = 64;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn workspaces_projects_and_regions_decode(
        workspaces in page(vec(workspace(), 0..8)),
        projects in page(vec(project(), 0..8)),
        regions in data(vec(region(), 0..8).prop_map(Value::from)),
        one in data(workspace()),
    ) {
        let page: Page<Workspace> = decodes(&workspaces)?;
        for (workspace, sent) in all_read(&page.data, &workspaces["data"])? {
            prop_assert_eq!(&workspace.name, sent["name"].as_str().unwrap());
            prop_assert_eq!(workspace.created_at.as_sent(), sent["createdAt"].as_str().unwrap());
            prop_assert!(workspace.created_at.at().is_some(), "an RFC 3339 time reads as an instant");
        }
        prop_assert_eq!(page.pagination.next_cursor.as_deref(), text_at(&workspaces["pagination"], "nextCursor"));
        let page: Page<Project> = decodes(&projects)?;
        for (project, sent) in all_read(&page.data, &projects["data"])? {
            prop_assert_eq!(project.logical_id.as_deref(), text_at(sent, "logicalId"));
            prop_assert_eq!(project.default_region.as_deref(), text_at(sent, "defaultRegion"));
            prop_assert_eq!(&project.workspace.id, sent["workspace"]["id"].as_str().unwrap());
        }
        let list: Data<Listing<RegionInfo>> = decodes(&regions)?;
        for (region, sent) in all_read(&list.data, &regions["data"])? {
            prop_assert_eq!(region.status.as_ref().map(|status| status.as_str()), text_at(sent, "status"));
            prop_assert_eq!(region.product.as_deref(), text_at(sent, "product"));
        }
        decodes::<Data<Workspace>>(&one)?;
    }

    #[test]
    fn databases_decode(
        list in page(vec(database(Answer::Read), 0..5)),
        created in data(database(Answer::Minted)),
        project in created_project(),
    ) {
        let page: Page<Database> = decodes(&list)?;
        for (database, sent) in all_read(&page.data, &list["data"])? {
            check_database(database, sent)?;
        }
        let one: Data<Database> = decodes(&created)?;
        check_database(&one.data, &created["data"])?;
        let one: Data<CreatedProject> = decodes(&project)?;
        prop_assert_eq!(&one.data.project.name, project["data"]["name"].as_str().unwrap());
        prop_assert_eq!(one.data.database.is_some(), project["data"]["database"].is_object());
        if let Some(database) = &one.data.database {
            check_database(database, &project["data"]["database"])?;
        }
    }

    #[test]
    fn connections_decode(
        list in page(vec(connection(Answer::Read), 0..8)),
        minted in data(connection(Answer::Minted)),
    ) {
        let page: Page<Connection> = decodes(&list)?;
        for (connection, sent) in all_read(&page.data, &list["data"])? {
            check_connection(connection, sent)?;
            prop_assert_eq!(connection.minted().count(), 0, "reads mint nothing");
        }
        let one: Data<Connection> = decodes(&minted)?;
        check_connection(&one.data, &minted["data"])?;
        prop_assert!(one.data.database_url().is_some(), "a minted connection has a URL");
        prop_assert_eq!(one.data.minted().count(), one.data.endpoints.named().count());
    }

    #[test]
    fn backups_usage_me_and_errors_decode(list in backup_list(), usage in usage(), me in me(), error in error_body()) {
        let backups: BackupList = decodes(&list)?;
        for (backup, sent) in all_read(&backups.data, &list["data"])? {
            prop_assert_eq!(backup.created_at.as_sent(), sent["createdAt"].as_str().unwrap());
            prop_assert_eq!(backup.backup_type.as_str(), sent["backupType"].as_str().unwrap());
            prop_assert_eq!(backup.status.to_string(), sent["status"].as_str().unwrap());
            prop_assert_eq!(backup.size.clone().map(Value::from), sent.get("size").cloned(), "size kept as sent");
            let size = backup.size.as_ref().and_then(|size| size.as_f64());
            prop_assert_eq!(size, sent.get("size").and_then(Value::as_f64));
            prop_assert_eq!(backup.resource_type.as_deref(), text_at(sent, "type"));
        }
        let days = backups.meta.backup_retention_days.map(Value::from);
        prop_assert_eq!(days.as_ref(), Some(&list["meta"]["backupRetentionDays"]));
        let limit = backups.pagination.limit.map(Value::from).unwrap_or_default();
        prop_assert_eq!(&limit, &list["pagination"]["limit"]);
        let decoded: Usage = decodes(&usage)?;
        prop_assert_eq!(decoded.metrics.operations.used, usage["metrics"]["operations"]["used"].as_f64().unwrap());
        prop_assert_eq!(&decoded.metrics.storage.unit, usage["metrics"]["storage"]["unit"].as_str().unwrap());
        let decoded: Data<Me> = decodes(&me)?;
        prop_assert_eq!(decoded.data.user.is_some(), me["data"]["user"].is_object());
        prop_assert_eq!(&decoded.data.credential.kind, me["data"]["credential"]["type"].as_str().unwrap());
        let decoded: ErrorBody = decodes(&error)?;
        prop_assert_eq!(decoded.error.hint.as_deref(), text_at(&error["error"], "hint"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn broken_workspaces_and_projects_are_set_aside(
        (workspaces, at) in broken_list(workspace(), WORKSPACE),
        (projects, broken) in broken_list(project(), PROJECT),
    ) {
        set_aside(&decodes::<Page<Workspace>>(&page_of(&workspaces))?.data, &workspaces, &at)?;
        set_aside(&decodes::<Page<Project>>(&page_of(&projects))?.data, &projects, &broken)?;
    }

    #[test]
    fn broken_databases_and_connections_are_set_aside(
        (databases, at) in broken_list(database(Answer::Read), DATABASE),
        (connections, broken) in broken_list(connection(Answer::Read), CONNECTION),
    ) {
        set_aside(&decodes::<Page<Database>>(&page_of(&databases))?.data, &databases, &at)?;
        set_aside(&decodes::<Page<Connection>>(&page_of(&connections))?.data, &connections, &broken)?;
    }

    #[test]
    fn broken_backups_and_regions_are_set_aside(
        (backups, at) in broken_list(backup(), BACKUP),
        (regions, broken) in broken_list(region(), REGION),
    ) {
        let list = json!({"data": backups, "meta": {"backupRetentionDays": 7},
                          "pagination": {"hasMore": false, "limit": 25}});
        set_aside(&decodes::<BackupList>(&list)?.data, &backups, &at)?;
        set_aside(&decodes::<Data<Listing<RegionInfo>>>(&json!({ "data": regions }))?.data, &regions, &broken)?;
    }
}

// ---- Edge cases -----------------------------------------------------------------------------------------------------

fn one_page<T: Listed>(items: Value) -> Page<T> {
    decode(page_of(items.as_array().unwrap()).to_string().as_bytes()).unwrap()
}

#[test]
fn ten_thousand_projects_with_one_broken_in_the_middle() {
    let project = |n: usize| {
        json!({"id": format!("proj_{n}"), "type": "project", "url": "u", "name": format!("p{n}"), "logicalId": null,
               "createdAt": "2026-01-05T12:00:00Z", "defaultRegion": null,
               "workspace": {"id": "w", "url": "u", "name": "W"}})
    };
    let mut items = (0..10_000).map(project).collect::<Vec<_>>();
    items[5_000]["name"] = json!(5_000);
    let page: Page<Project> = one_page(Value::from(items));
    assert_eq!((page.data.items.len(), page.data.unreadable.len()), (9_999, 1));
    let unreadable = &page.data.unreadable[0];
    assert_eq!((unreadable.position, unreadable.id.as_deref()), (5_000, Some("proj_5000")));
    assert_eq!(unreadable.reason_in("data").path, "data[5000].name");
    assert_eq!((page.data[4_999].id.as_str(), page.data[5_000].id.as_str()), ("proj_4999", "proj_5001"));
}

/// Times and enum-like fields take any JSON (kept as its text), so these items are readable, not broken.
#[test]
fn times_and_enums_that_are_not_strings_are_kept_as_json_text() {
    let page: Page<Connection> = one_page(json!([
        {"id": "c1", "name": "n", "createdAt": {"at": 1}, "kind": null},
        {"id": "c2", "name": "n", "createdAt": 1700000000, "kind": 5,
         "endpoints": {"direct": {"host": "h", "port": "5432"}}}
    ]));
    assert!(page.data.unreadable.is_empty());
    let [first, second] = [&page.data[0], &page.data[1]];
    assert_eq!((first.created_at.as_sent(), first.created_at.at(), first.kind.as_str()), (r#"{"at":1}"#, None, "null"));
    assert_eq!((second.created_at.as_sent(), second.kind.to_string().as_str()), ("1700000000", "5"));
    assert_eq!(second.endpoints.direct, None, "a port that is not a number drops its endpoint, not the connection");
    let again: Page<Connection> = decode(&serde_json::to_vec(&page).unwrap()).unwrap();
    assert_eq!(again, page);
}

/// Fields read through `or_default` degrade; sources keep what they do not know.
#[test]
fn fields_that_degrade_and_sources_that_are_kept() {
    let database = |source: Value| {
        json!({"id": "db", "name": "n", "status": "ready", "createdAt": "x", "isDefault": "yes", "region": "eu",
               "defaultConnectionId": 5, "connections": {}, "branchId": [], "source": source})
    };
    let sources = [json!({"databaseId": "d"}), json!({"type": 5}), json!({"type": "backup", "databaseId": "d"})];
    let page: Page<Database> = one_page(sources.iter().cloned().map(database).collect());
    assert!(page.data.unreadable.is_empty());
    let first = &page.data[0];
    assert_eq!(
        (first.is_default, &first.region, &first.default_connection_id, &first.branch_id),
        (false, &None, &None, &None)
    );
    assert_eq!((first.connections.total(), &first.source), (0, &None), "a source without a type reads as none");
    let kinds = page.data.iter().skip(1).map(|database| database.source.as_ref().unwrap().kind()).collect::<Vec<_>>();
    assert_eq!(kinds, ["5", "backup"], "a backup source without its backupId is kept as another type");
    let written = serde_json::to_value(&page.data[2]).unwrap();
    assert_eq!(written["source"], sources[2], "and written back as sent");
}

/// A lone surrogate escape is legal JSON syntax but no Rust string: only its item is set aside.
#[test]
fn a_lone_surrogate_sets_only_its_item_aside() {
    let body = r#"{"data": [{"id": "w1", "name": "ok", "createdAt": "x"},
                            {"id": "w2", "name": "\ud800", "createdAt": "x"}],
                   "pagination": {"nextCursor": null, "hasMore": false}}"#;
    let page: Page<Workspace> = decode(body.as_bytes()).unwrap();
    assert_eq!((page.data.items.len(), page.data.unreadable[0].id.as_deref()), (1, Some("w2")));
    assert_eq!(page.data.unreadable[0].reason_in("data").path, "data[1].name");
    assert_eq!(page.data.unreadable[0].raw.get(), r#"{"id": "w2", "name": "\ud800", "createdAt": "x"}"#);
}

/// serde would fill a struct from an array, field by field; an item of a list must be an object.
#[test]
fn an_array_item_is_unreadable_not_a_resource() {
    let body = r#"{"data": [["a", "b", "c", "d", "e"]], "pagination": {"nextCursor": null, "hasMore": false}}"#;
    let page: Page<Workspace> = decode(body.as_bytes()).unwrap();
    assert_eq!((page.data.items.len(), page.data.unreadable.len()), (0, 1));
    assert_eq!(page.data.unreadable[0].reason_in("data").path, "data[0]");
}

/// Decimals with every digit, and integers beyond 2^53, are kept exactly (no last-digit drift).
#[test]
fn full_precision_numbers_are_kept_exactly() {
    let body = r#"{"data": [{"id": "b", "backupType": "full", "createdAt": "x", "status": "completed",
                   "size": 394301.33835633675}, {"id": "c", "backupType": "full", "createdAt": "x",
                   "status": "completed", "size": 268e165}], "meta": {"backupRetentionDays": 7},
                   "pagination": {"hasMore": false, "limit": null}}"#;
    let list: BackupList = decode(body.as_bytes()).unwrap();
    let sizes: Vec<f64> = list.data.iter().map(|backup| backup.size.as_ref().unwrap().as_f64().unwrap()).collect();
    assert_eq!(sizes, [394301.33835633675, 268e165]);
}
