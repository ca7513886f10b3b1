//! Generators for the decoder properties: contract-valid answers as the SDK types them (odd but legal values
//! throughout), and list items broken in ways that must set only them aside.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{Value, json};

pub type Json = BoxedStrategy<Value>;

// ---- Odd but legal values -------------------------------------------------------------------------------------------

/// Pieces of odd names: quotes, controls (NUL, ESC, CSI, DEL), combining marks, RTL and bidi overrides, emoji
/// with ZWJ, CJK, BOM, line separator, U+10FFFF, and plain words.
pub const PIECES: &str = "main|db-1|Acme Inc.| |_|0|\"|\\|\n\t|\0|\u{1b}[2J|\u{1b}]0;x\u{7}|\u{9b}31m|\u{7f}|\
    e\u{301}\u{302}|Z\u{351}\u{36b}|数据库|本番|מסד נתונים|\u{200f}|\u{202e}txt|👩\u{200d}👩\u{200d}👧|🦀|\
    \u{fe0f}|\u{feff}|\u{2028}|\u{fffd}|\u{10ffff}";

pub fn pieces() -> Vec<&'static str> {
    PIECES.split('|').collect()
}

/// Any string, empty included: pieces of odd names, arbitrary characters, or one piece repeated into thousands.
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        12 => vec(select(pieces()), 0..5).prop_map(|pieces| pieces.concat()),
        1 => vec(any::<char>(), 0..12).prop_map(String::from_iter),
        1 => (select(pieces()), 100usize..1000).prop_map(|(piece, n)| piece.repeat(n)),
    ]
    .boxed()
}

pub fn id() -> Json {
    text().prop_map(|t| if t.is_empty() { "_".into() } else { t.into() }).boxed()
}

pub fn string() -> Json {
    text().prop_map(Value::from).boxed()
}

pub fn nullable(strategy: Json) -> Json {
    prop_oneof![1 => Just(Value::Null), 3 => strategy].boxed()
}

/// Marks a field to leave out: `extras` (so `object!`) removes it.
pub const MISSING: &str = "\u{0}missing";

pub fn optional(strategy: Json) -> Json {
    prop_oneof![1 => Just(json!(MISSING)), 2 => strategy].boxed()
}

/// The field when `present` (as the answer at hand carries it), else missing.
pub fn only(present: bool, strategy: Json) -> Json {
    if present { strategy } else { Just(json!(MISSING)).boxed() }
}

/// A known value of an enum-like field, or one this version of ppg has never heard of.
pub fn open_enum(known: &'static [&'static str]) -> Json {
    prop_oneof![3 => select(known).prop_map(Value::from), 1 => "[a-z]{1,12}".prop_map(Value::from)].boxed()
}

/// Integers, decimals, huge and zero numbers, as the contract's `number` allows.
pub fn number() -> Json {
    prop_oneof![1 => any::<u64>().prop_map(Value::from), 1 => any::<i64>().prop_map(Value::from), 3 => float()].boxed()
}

/// Numbers whose `f64` serde_json reads back exactly, also as ppg writes them (`1e14` as `100000000000000.0`): at
/// most 15 digits and exponents within ±22. Without `float_roundtrip` serde_json misreads others by one ULP.
pub fn float() -> Json {
    let fixed = [0.0, -0.0, 980.4, 5432.0, 1e300, -1e300, f64::MAX, 1.8446744073709552e19].map(|f| json!(f));
    prop_oneof![
        (0u64..100_000_000_000_000).prop_map(Value::from),
        select([&[json!(0), json!(u64::MAX)][..], &fixed].concat()),
        (-999_999_999i32..1_000_000_000, -6i32..6).prop_map(|(n, e)| json!(format!("{n}e{e}").parse::<f64>().unwrap())),
    ]
    .boxed()
}

pub fn port() -> Json {
    prop_oneof![select(vec![json!(5432), json!(5432.0)]), any::<u16>().prop_map(Value::from), number()].boxed()
}

/// Arbitrary JSON, for the values of unknown fields.
pub fn any_json() -> Json {
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
pub fn rfc3339(offset_required: bool) -> BoxedStrategy<String> {
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

pub fn time() -> Json {
    rfc3339(true).prop_map(Value::from).boxed()
}

/// Leaves out the fields marked `MISSING`, and adds 0 to 2 unknown ones with arbitrary values.
pub fn extras(object: impl Strategy<Value = Value> + 'static) -> Json {
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

pub fn reference() -> Json {
    object!(id in id(), url in string(), name in string() => {"id": id, "url": url, "name": name})
}

pub fn workspace() -> Json {
    object!(id in id(), url in string(), name in string(), at in time() =>
        {"id": id, "type": "workspace", "url": url, "name": name, "createdAt": at})
}

pub fn project() -> Json {
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
pub enum Answer {
    Read,
    Nested,
    Minted,
    ApiKey,
}

pub fn endpoint(answer: Answer) -> Json {
    let minted = match answer {
        Answer::Nested => optional(string()),
        _ => only(answer == Answer::Minted, string()),
    };
    object!(host in string(), port in port(), minted in minted =>
        {"host": host, "port": port, "connectionString": minted})
}

pub fn direct_connection() -> Json {
    object!(host in string(), user in string(), pass in string() => {"host": host, "user": user, "pass": pass})
}

pub fn connection(answer: Answer) -> Json {
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
pub fn source() -> Json {
    let known = (0..3, id(), id()).prop_map(|(which, database, backup)| match which {
        0 => json!({"type": "empty"}),
        1 => json!({"type": "backup", "databaseId": database, "backupId": backup}),
        _ => json!({"type": "database", "databaseId": database}),
    });
    let unknown = ("[a-z]{1,12}", id()).prop_map(|(kind, database)| json!({"type": kind, "databaseId": database}));
    prop_oneof![1 => Just(Value::Null), 4 => extras(prop_oneof![3 => known, 1 => unknown])].boxed()
}

pub const DATABASE_STATUSES: &[&str] = &["provisioning", "ready", "recovering", "failure"];

/// A database of a list or get (`Read`), a create-database answer (`Minted`) or a create-project one (`Nested`).
pub fn database(answer: Answer) -> Json {
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

pub fn backup() -> Json {
    let created = prop_oneof![3 => rfc3339(false), 1 => text()];
    object!(id in id(), kind in open_enum(&["full", "incremental", "differential"]), at in created,
        size in optional(number()), status in open_enum(&["running", "completed", "failed", "unknown"]),
        typed in optional(Just(json!("backup")).boxed()) =>
        {"id": id, "backupType": kind, "createdAt": at, "size": size, "status": status, "type": typed})
}

pub fn region() -> Json {
    object!(id in id(), name in string(), status in optional(open_enum(&["available", "unavailable"])),
        product in optional(open_enum(&["postgres", "accelerate"])) =>
        {"id": id, "type": "region", "name": name, "status": status, "product": product})
}

pub fn page(items: impl Strategy<Value = Vec<Value>> + 'static) -> Json {
    let pagination =
        object!(cursor in nullable(string()), more in any::<bool>() => {"nextCursor": cursor, "hasMore": more});
    object!(items in items, pagination in pagination => {"data": items, "pagination": pagination})
}

pub fn backup_list() -> Json {
    let meta = object!(days in number() => {"backupRetentionDays": days});
    let pagination = object!(more in any::<bool>(), limit in nullable(number()) => {"hasMore": more, "limit": limit});
    object!(items in vec(backup(), 0..10), meta in meta, pagination in pagination =>
        {"data": items, "meta": meta, "pagination": pagination})
}

pub fn data(inner: impl Strategy<Value = Value> + 'static) -> Json {
    object!(inner in inner => {"data": inner})
}

pub fn usage() -> Json {
    let metric = |unit: &'static str| {
        let unit = prop_oneof![3 => Just(Value::from(unit)), 1 => string()];
        object!(used in float(), unit in unit => {"used": used, "unit": unit})
    };
    let period = object!(start in time(), end in time() => {"start": start, "end": end});
    let metrics = object!(ops in metric("ops"), gib in metric("GiB") => {"operations": ops, "storage": gib});
    object!(period in period, metrics in metrics, at in time() =>
        {"period": period, "metrics": metrics, "generatedAt": at})
}

pub fn me() -> Json {
    let user =
        object!(id in id(), email in string(), name in nullable(string()) => {"id": id, "email": email, "name": name});
    let workspace = object!(id in id(), name in string() => {"id": id, "name": name});
    let kinds = open_enum(&["oauth", "service_token", "management_token", "agent_token"]);
    let credential = object!(kind in kinds, id in nullable(string()), name in nullable(string()) =>
        {"type": kind, "id": id, "name": name});
    data(object!(user in nullable(user), workspace in nullable(workspace), credential in credential =>
        {"user": user, "workspace": workspace, "credential": credential}))
}

pub fn created_project() -> Json {
    data((project(), nullable(database(Answer::Nested))).prop_map(|(mut project, database)| {
        project["database"] = database;
        project
    }))
}

pub fn error_body() -> Json {
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
pub enum Bad {
    Text,
    NullText,
    Object,
    NullObject,
}

/// Breaks an item: `(None, junk)` replaces it, `(field, None)` removes the field, `(field, junk)` sets it.
pub type Breaker = (Option<&'static str>, Option<Value>);

pub fn apply((field, junk): Breaker, mut item: Value) -> Value {
    match (field, junk) {
        (Some(field), None) => drop(item.as_object_mut().unwrap().remove(field)),
        (Some(field), Some(junk)) => item[field] = junk,
        (None, junk) => return junk.unwrap(),
    }
    item
}

/// What makes an item unreadable: a required field missing, or a field whose wrong type is not forgiven.
pub struct Strict(&'static [&'static str], &'static [(&'static str, Bad)]);

pub const WORKSPACE: Strict = Strict(&["id", "name", "createdAt"], &[("id", Bad::Text), ("name", Bad::Text)]);
pub const PROJECT: Strict =
    Strict(&["id", "name", "createdAt", "workspace"], &[("name", Bad::Text), ("workspace", Bad::Object)]);
pub const DATABASE: Strict = Strict(&["id", "name", "status", "createdAt"], DATABASE_BAD);
pub const DATABASE_BAD: &[(&str, Bad)] = &[
    ("id", Bad::Text),
    ("connectionString", Bad::NullText),
    ("apiKeys", Bad::NullObject),
    ("directConnection", Bad::NullObject),
];
pub const CONNECTION: Strict = Strict(&["id", "name", "createdAt", "kind"], CONNECTION_BAD);
pub const CONNECTION_BAD: &[(&str, Bad)] =
    &[("name", Bad::Text), ("connectionString", Bad::NullText), ("host", Bad::NullText), ("pass", Bad::NullText)];
pub const BACKUP: Strict = Strict(&["id", "backupType", "createdAt", "status"], &[("id", Bad::Text)]);
pub const REGION: Strict = Strict(&["id", "name"], &[("id", Bad::Text), ("name", Bad::Text)]);

pub fn junk(bad: Bad) -> Json {
    let scalar = prop_oneof![number(), any::<bool>().prop_map(Value::from)];
    let composite = prop_oneof![vec(any_json(), 0..3).prop_map(Value::from), Just(json!({"x": 1}))];
    match bad {
        Bad::Text => prop_oneof![scalar, Just(Value::Null), composite].boxed(),
        Bad::NullText => prop_oneof![scalar, composite].boxed(),
        Bad::Object => prop_oneof![scalar, Just(Value::Null), string()].boxed(),
        Bad::NullObject => prop_oneof![scalar, string()].boxed(),
    }
}

pub fn breaker(strict: &Strict) -> BoxedStrategy<Breaker> {
    // A whole item that is not an object, or an array whose first element cannot be an `id`.
    let whole = prop_oneof![junk(Bad::Object), Just(json!([])), vec(number(), 1..4).prop_map(Value::from)];
    let set = select(strict.1).prop_flat_map(|(field, bad)| junk(bad).prop_map(move |junk| (Some(field), Some(junk))));
    prop_oneof![whole.prop_map(|junk| (None, Some(junk))), select(strict.0).prop_map(|field| (Some(field), None)), set]
        .boxed()
}

/// N valid items (1 to 29), K ≥ 1 of them broken: the items as sent, and the broken positions in order.
pub fn broken_list(item: Json, strict: Strict) -> BoxedStrategy<(Vec<Value>, Vec<usize>)> {
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
