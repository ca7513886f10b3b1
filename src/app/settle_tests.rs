//! Lost answers in the TUI under random, late, duplicate and foreign replies: no "created" or "started"
//! is ever said without this request's evidence in the list just read.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::json;

use super::super::msg::{Msg, Reply};
use super::super::{App, Options, update};
use super::*;
use crate::api::{self, Connection, DatabaseStatus, Error, Route};

const NOW: &str = "2026-11-15T12:00:00Z";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn connection(id: &str, name: &str, seconds: i64) -> Connection {
    let created = (now() + Duration::seconds(seconds)).to_rfc3339();
    let value = json!({"id": id, "name": name, "createdAt": created, "kind": "postgres",
        "database": {"id": "db_2", "name": "copy"}});
    api::decode(value.to_string().as_bytes()).unwrap()
}

fn target(status: &str, backup: Option<&str>) -> api::Database {
    let source = backup.map(|backup| json!({"type": "backup", "databaseId": "db_1", "backupId": backup}));
    let value = json!({"id": "db_2", "name": "copy", "status": status, "createdAt": NOW, "isDefault": false,
        "project": {"id": "proj_a", "name": "alpha"}, "source": source});
    api::decode(value.to_string().as_bytes()).unwrap()
}

fn lost(change: Change) -> Reply {
    let route = Route { method: "POST", path: "/v1/x".into() };
    Reply::Changed { change, result: Err(Error::OutcomeUnknown { route, detail: "lost".into() }) }
}

/// An app at `NOW` that sent `change` (remembering what it showed then) and lost its answer; returns the
/// request of the list read to settle it.
fn sent_and_lost(app: &mut App, change: Change) -> u64 {
    app.now = now();
    let request = app.request();
    let sent = sending(app, &change, change.list(app).as_ref());
    app.activity.sent.insert(request, sent);
    let effects = update(app, Msg::Reply { request, reply: Box::new(lost(change)) });
    effects
        .iter()
        .find_map(|effect| match effect {
            super::super::Effect::Fetch { request, .. } => Some(*request),
            _ => None,
        })
        .expect("the list is read again")
}

fn loaded_app() -> App {
    let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
    let project = json!({"id": "proj_a", "name": "alpha", "createdAt": NOW, "workspace": {"id": "w", "name": "W"}});
    *app.data.projects = Loadable::Loaded(vec![api::decode(project.to_string().as_bytes()).unwrap()].into());
    app.data.databases.insert("proj_a".into(), Loadable::Loaded(vec![target("ready", Some("bkp_0"))].into()));
    app
}

/// Items of the connections list: (id, name, seconds after the request).
fn items() -> impl Strategy<Value = Vec<(String, String, i64)>> {
    proptest::collection::vec(("con_[a-e]", prop_oneof!["worker", "other"], -2i64..3), 0..6)
}

proptest! {
    #[test]
    fn no_lost_create_is_claimed_without_its_evidence(
        before in items(),
        replies in proptest::collection::vec((items(), 0u64..3), 1..6),
    ) {
        let mut app = loaded_app();
        let listed: Vec<Connection> = before.iter().map(|(id, name, at)| connection(id, name, *at - 100)).collect();
        let before_ids: Vec<String> = listed.iter().map(|c| c.id.clone()).collect();
        app.data.connections.insert("db_2".into(), Loadable::Loaded(listed.into()));
        let request = sent_and_lost(&mut app, Change::CreateConnection { database: "db_2".into(), name: "worker".into() });
        for (items, lateness) in replies {
            let listed: Vec<Connection> = items.iter().map(|(id, name, at)| connection(id, name, *at)).collect();
            // Some replies answer an older request (late, stale), some the one waited for, some twice.
            let reply = Reply::Connections { database: "db_2".into(), result: Ok(listed.clone().into()), cut_short: None };
            let waiting = app.activity.pending_check.is_some();
            update(&mut app, Msg::Reply { request: request.saturating_sub(lateness), reply: Box::new(reply) });
            if !waiting || app.activity.pending_check.is_some() {
                continue; // no verdict on this reply
            }
            let toast = app.toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default();
            if let Some(claimed) = toast.split("WAS created (").nth(1).and_then(|rest| rest.split(')').next()) {
                let new: Vec<&Connection> =
                    listed.iter().filter(|c| c.name == "worker" && !before_ids.contains(&c.id)).collect();
                prop_assert_eq!(new.len(), 1, "{}", toast);
                prop_assert_eq!(new[0].id.as_str(), claimed);
                prop_assert!(new[0].created_at.at().unwrap() >= now());
            }
        }
    }

    #[test]
    fn no_lost_restore_is_claimed_without_its_evidence(
        replies in proptest::collection::vec(
            (prop_oneof!["ready", "recovering"], proptest::option::of(prop_oneof!["bkp_0", "bkp_1", "bkp_9"]), 0u64..3),
            1..6,
        ),
    ) {
        let mut app = loaded_app();
        let restore = Change::Restore { target: "db_2".into(), source_database: "db_1".into(), backup: "bkp_1".into() };
        let request = sent_and_lost(&mut app, restore);
        for (status, backup, lateness) in replies {
            let now = target(&status, backup.as_deref());
            let reply = Reply::Databases { project: "proj_a".into(), result: Ok(vec![now.clone()].into()), cut_short: None };
            let waiting = app.activity.pending_check.is_some();
            update(&mut app, Msg::Reply { request: request.saturating_sub(lateness), reply: Box::new(reply) });
            if !waiting || app.activity.pending_check.is_some() {
                continue; // no verdict on this reply
            }
            let toast = app.toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default();
            if toast.contains("WAS started") {
                // Before: ready, from bkp_0. Evidence: now from bkp_1 (of db_1), the backup asked for.
                prop_assert_eq!(backup.as_deref(), Some("bkp_1"), "{}", toast);
                prop_assert!(matches!(now.status, DatabaseStatus::Ready | DatabaseStatus::Recovering));
            }
        }
    }
}

#[test]
fn the_issues_restore_pair_is_unknown_not_started() {
    let mut app = loaded_app();
    // The first restore runs: the target is recovering from bkp_1. The second, of bkp_2, is lost.
    app.data.databases.insert("proj_a".into(), Loadable::Loaded(vec![target("recovering", Some("bkp_1"))].into()));
    let second = Change::Restore { target: "db_2".into(), source_database: "db_1".into(), backup: "bkp_2".into() };
    let request = sent_and_lost(&mut app, second);
    let reply = Reply::Databases {
        project: "proj_a".into(),
        result: Ok(vec![target("recovering", Some("bkp_1"))].into()),
        cut_short: None,
    };
    update(&mut app, Msg::Reply { request, reply: Box::new(reply) });
    let toast = app.toast.clone().unwrap().text;
    assert!(toast.starts_with("unknown whether the restore") && toast.contains("bkp_1"), "{toast}");
}
