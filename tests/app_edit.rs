//! `update` tests of the changes made from the TUI: forms, delete and rotate confirmations, the one-key restore
//! and its guard, the secret panel, lost answers settled by a re-list, and read-only mode.
//!
//! Data arrives as it would from the runtime: every fetch is answered with a reply built from JSON-decoded API
//! types, and only what leaves `update` otherwise (changes, copies, `.env` writes) is handed to the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, VecDeque};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ppg::api::{self, BackupList, Connection, Database, DatabaseSource, Project, RegionInfo};
use ppg::app::{
    Action, App, Badges, Button, Change, Changed, Effect, Fetch, Field, FormKind, Msg, Node, Options, Overlay, Pane,
    Reply, RequestId, RestoreMode, RestoreRow, Section, Tone, detail_rows, update,
};
use serde_json::json;

// ---------------------------------------------------------------------------------------------------------------
// Data, as the API would send it.

const NOW: &str = "2026-11-15T12:00:00Z";

fn project(id: &str, name: &str) -> Project {
    serde_json::from_value(json!({
        "id": id, "type": "project", "url": "u", "name": name, "logicalId": null,
        "createdAt": "2026-06-01T00:00:00Z", "defaultRegion": "eu-central-1",
        "workspace": {"id": "wksp_1", "name": "Acme"}
    }))
    .unwrap()
}

fn database(id: &str, project: &str, name: &str, status: &str, default: bool) -> Database {
    serde_json::from_value(json!({
        "id": id, "type": "database", "url": "u", "name": name, "status": status,
        "createdAt": "2026-06-02T00:00:00Z", "isDefault": default, "defaultConnectionId": null, "connections": [],
        "project": {"id": project, "name": "p"}, "region": {"id": "eu-central-1", "name": "Frankfurt"},
        "source": null, "branchId": null, "logicalId": null
    }))
    .unwrap()
}

/// A connection as listed (no secret) or as a create or rotate answers it (`minted`: full strings).
fn connection(id: &str, database: &str, name: &str, minted: bool) -> Connection {
    let string =
        |host: &str| minted.then(|| format!("postgres://{id}user:sk_{id}_secret@{host}:5432/?sslmode=require"));
    serde_json::from_value(json!({
        "id": id, "type": "connection", "url": "u", "name": name, "createdAt": "2026-06-03T00:00:00Z",
        "kind": "postgres", "database": {"id": database, "name": "db"},
        "endpoints": {
            "direct": {"host": "db.prisma.io", "port": 5432, "connectionString": string("db.prisma.io")},
            "pooled": {"host": "pooled.db.prisma.io", "port": 5432, "connectionString": string("pooled.db.prisma.io")}
        }
    }))
    .unwrap()
}

fn direct_string(id: &str) -> String {
    format!("postgres://{id}user:sk_{id}_secret@db.prisma.io:5432/?sslmode=require")
}

fn pooled_string(id: &str) -> String {
    format!("postgres://{id}user:sk_{id}_secret@pooled.db.prisma.io:5432/?sslmode=require")
}

fn backups(items: &[(&str, &str, &str)]) -> BackupList {
    let data: Vec<_> = items
        .iter()
        .map(|(id, at, status)| {
            json!({"id": id, "type": "backup", "backupType": "full", "createdAt": at, "size": 1_048_576,
                   "status": status})
        })
        .collect();
    serde_json::from_value(json!({
        "data": data, "meta": {"backupRetentionDays": 30}, "pagination": {"hasMore": false, "limit": 100}
    }))
    .unwrap()
}

fn regions() -> Vec<RegionInfo> {
    serde_json::from_value(json!([
        {"id": "us-east-1", "type": "region", "name": "US East", "status": "available"},
        {"id": "ap-southeast-1", "type": "region", "name": "Singapore", "status": "unavailable"},
        {"id": "eu-central-1", "type": "region", "name": "Frankfurt", "status": "available"}
    ]))
    .unwrap()
}

fn me() -> api::Me {
    serde_json::from_value(json!({
        "user": {"id": "usr_1", "email": "ada@acme.dev", "name": "Ada"},
        "workspace": {"id": "wksp_1", "name": "Acme"},
        "credential": {"type": "serviceToken", "id": null, "name": null}
    }))
    .unwrap()
}

/// What the fake API holds. Project `alpha` has a default database, a ready one with connections and backups,
/// one provisioning, one recovering and another ready one; `beta` only a default and a provisioning database.
struct Fake {
    projects: Vec<Project>,
    databases: HashMap<String, Vec<Database>>,
    connections: HashMap<String, Vec<Connection>>,
    backups: HashMap<String, BackupList>,
}

impl Fake {
    fn new() -> Fake {
        let alpha = vec![
            database("db_1", "proj_a", "main", "ready", true),
            database("db_2", "proj_a", "copy", "ready", false),
            database("db_3", "proj_a", "fresh", "provisioning", false),
            database("db_4", "proj_a", "mending", "recovering", false),
            database("db_5", "proj_a", "spare", "ready", false),
        ];
        let beta = vec![
            database("db_b1", "proj_b", "ledger", "ready", true),
            database("db_b2", "proj_b", "new", "provisioning", false),
        ];
        let connections = HashMap::from([
            (
                "db_2".to_owned(),
                vec![connection("con_a", "db_2", "app", false), connection("con_b", "db_2", "batch", false)],
            ),
            ("db_1".to_owned(), vec![connection("con_m", "db_1", "main-app", false)]),
        ]);
        let backups = HashMap::from([
            (
                "db_2".to_owned(),
                backups(&[
                    ("bkp_new", "2026-11-14T03:00:00Z", "completed"),
                    ("bkp_failed", "2026-11-13T03:00:00Z", "failed"),
                    ("bkp_old", "2026-11-12T03:00:00Z", "completed"),
                ]),
            ),
            ("db_1".to_owned(), backups(&[("bkp_main", "2026-11-14T03:00:00Z", "completed")])),
            ("db_b1".to_owned(), backups(&[("bkp_ledger", "2026-11-14T03:00:00Z", "completed")])),
        ]);
        Fake {
            projects: vec![project("proj_b", "beta"), project("proj_a", "alpha")],
            databases: HashMap::from([("proj_a".to_owned(), alpha), ("proj_b".to_owned(), beta)]),
            connections,
            backups,
        }
    }

    /// The answer to a fetch; polls and usage stay unanswered (they are not what these tests look at).
    fn answer(&self, fetch: &Fetch) -> Option<Reply> {
        Some(match fetch {
            Fetch::Me => Reply::Me(Ok(me())),
            Fetch::Projects => Reply::Projects { page: Ok(self.projects.clone().into()), first: true, done: true },
            Fetch::Databases { project } => Reply::Databases {
                project: project.clone(),
                result: Ok(self.databases.get(project).cloned().unwrap_or_default().into()),
                cut_short: None,
            },
            Fetch::Connections { database } => Reply::Connections {
                database: database.clone(),
                result: Ok(self.connections.get(database).cloned().unwrap_or_default().into()),
                cut_short: None,
            },
            Fetch::Backups { database } => Reply::Backups {
                database: database.clone(),
                result: Ok(self.backups.get(database).cloned().unwrap_or_else(|| backups(&[]))),
            },
            Fetch::AllDatabases => Reply::AllDatabases(Ok(self.databases.values().flatten().cloned().collect())),
            Fetch::AllConnections => Reply::AllConnections(Ok(self.connections.values().flatten().cloned().collect())),
            Fetch::Regions => Reply::Regions(Ok(regions().into())),
            Fetch::Usage { .. } | Fetch::Database { .. } => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Driving `update`.

fn reply(request: RequestId, reply: Reply) -> Msg {
    Msg::Reply { request, reply: Box::new(reply) }
}

fn key_event(code: KeyCode) -> KeyEvent {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, modifiers)
}

/// Answers every fetch among `effects` (and those their answers ask for) from `fake`; returns the other effects.
fn serve(app: &mut App, fake: &Fake, effects: Vec<Effect>) -> Vec<Effect> {
    let mut queue: VecDeque<Effect> = effects.into();
    let mut out = Vec::new();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Fetch { request, fetch } => {
                if let Some(answer) = fake.answer(&fetch) {
                    queue.extend(update(app, reply(request, answer)));
                }
            }
            other => out.push(other),
        }
    }
    out
}

struct Session {
    app: App,
    fake: Fake,
}

impl Session {
    /// The app started and loaded, with project `alpha` expanded.
    fn new(read_only: bool) -> Session {
        let options = Options {
            has_token: true,
            badges: Badges { read_only, ..Badges::default() },
            now: Some(NOW.parse().unwrap()),
            ..Options::default()
        };
        let (mut app, effects) = App::new(options);
        let fake = Fake::new();
        serve(&mut app, &fake, effects);
        let mut session = Session { app, fake };
        session.select(&Node::Project("proj_a".into()));
        session.press(KeyCode::Char('l'));
        session
    }

    /// Presses a key; fetches are answered, everything else that leaves `update` is returned.
    fn press(&mut self, code: KeyCode) -> Vec<Effect> {
        let effects = update(&mut self.app, Msg::Key(key_event(code)));
        serve(&mut self.app, &self.fake, effects)
    }

    fn char(&mut self, c: char) -> Vec<Effect> {
        self.press(KeyCode::Char(c))
    }

    /// Types `text`; every key must stay inside the app (no change, no copy).
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let effects = self.char(c);
            assert!(effects.is_empty(), "typing {c:?} gave {effects:?}");
        }
    }

    /// Feeds a reply and answers the fetches it asks for.
    fn reply(&mut self, request: RequestId, answer: Reply) -> Vec<Effect> {
        let effects = update(&mut self.app, reply(request, answer));
        serve(&mut self.app, &self.fake, effects)
    }

    /// Moves the tree's selection onto `node` with j/k.
    fn select(&mut self, node: &Node) {
        self.app.browse.focus = Pane::Tree;
        for _ in 0..100 {
            let rows = self.app.rows();
            let target = rows.iter().position(|row| &row.node == node).unwrap_or_else(|| panic!("{node:?} not shown"));
            if target == self.app.tree_index(&rows) {
                return;
            }
            self.char(if target > self.app.tree_index(&rows) { 'j' } else { 'k' });
        }
        panic!("could not reach {node:?}");
    }

    /// Opens a section of a database of `alpha` (or `beta`, expanded on the way).
    fn open_section(&mut self, database: &str, section: Section) {
        if self.app.data.database(database).is_none() {
            self.select(&Node::Project("proj_b".into()));
            self.char('l');
        }
        self.select(&Node::Database(database.into()));
        self.char(match section {
            Section::Connections => '1',
            Section::Backups => '2',
            Section::Usage => '3',
        });
        assert_eq!(self.app.selected_node(), Node::Section(database.into(), section));
    }

    /// Focuses the right pane's table on the row whose id is `id`.
    fn focus_row(&mut self, id: &str) {
        if self.app.browse.focus != Pane::Detail {
            self.press(KeyCode::Tab);
        }
        assert_eq!(self.app.browse.focus, Pane::Detail, "the table has rows");
        for _ in 0..50 {
            let rows = detail_rows(&self.app, &self.app.selected_node());
            let target = rows.iter().position(|row| row.id() == id).unwrap_or_else(|| panic!("no row {id}"));
            if target == self.app.detail_index(&self.app.selected_node(), &rows) {
                return;
            }
            self.char(if target > self.app.detail_index(&self.app.selected_node(), &rows) { 'j' } else { 'k' });
        }
        panic!("could not reach row {id}");
    }

    fn toast(&self) -> String {
        self.app.toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default()
    }
}

/// The one change among `effects`, with its request id; fails unless there is exactly one.
fn the_change(effects: &[Effect]) -> (RequestId, Change) {
    let changes: Vec<(RequestId, Change)> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Change { request, change } => Some((*request, change.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(changes.len(), 1, "exactly one change expected in {effects:?}");
    changes.into_iter().next().unwrap()
}

fn no_change(effects: &[Effect]) -> bool {
    !effects.iter().any(|effect| matches!(effect, Effect::Change { .. }))
}

fn form_error(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Form(form)) => form.error.clone(),
        other => panic!("no form open: {other:?}"),
    }
}

fn form_name(app: &App) -> String {
    let Some(Overlay::Form(form)) = &app.overlay else { panic!("no form open: {:?}", app.overlay) };
    form.fields
        .iter()
        .find_map(|field| match field {
            Field::Text { label: "Name", input } => Some(input.value().to_owned()),
            _ => None,
        })
        .expect("a Name field")
}

fn status_error(status: u16, message: &str, hint: Option<&str>) -> api::Error {
    api::Error::Status {
        route: api::Route { method: "POST", path: "/v1/databases/db_2/connections".into() },
        status,
        code: Some("validation_error".into()),
        message: message.into(),
        hint: hint.map(str::to_owned),
    }
}

fn lost(path: &str) -> api::Error {
    api::Error::OutcomeUnknown {
        route: api::Route { method: "POST", path: path.into() },
        detail: "no answer in time".into(),
    }
}

/// The requests of the fetches among `effects`.
fn fetches(effects: &[Effect]) -> Vec<(RequestId, Fetch)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Fetch { request, fetch } => Some((*request, fetch.clone())),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Forms.

#[test]
fn new_project_form_offers_only_available_regions_and_sends_what_was_chosen() {
    let mut s = Session::new(false);
    s.select(&Node::Workspace);
    assert!(s.char('n').is_empty());
    let Some(Overlay::Form(form)) = &s.app.overlay else { panic!("no form: {:?}", s.app.overlay) };
    assert_eq!(form.kind, FormKind::NewProject);
    let Field::Choice { options, .. } = &form.fields[1] else { panic!("field 2 is the region") };
    let offered: Vec<String> = options.iter().map(|choice| choice.label.clone()).collect();
    assert_eq!(offered, ["US East (us-east-1)", "Frankfurt (eu-central-1)"], "an unavailable region is not offered");

    s.type_text("shop");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    s.press(KeyCode::Tab);
    s.char(' ');
    let effects = s.press(KeyCode::Enter);
    let (_, change) = the_change(&effects);
    assert_eq!(
        change,
        Change::CreateProject { name: "shop".into(), region: Some("eu-central-1".into()), create_database: false }
    );
    assert!(s.press(KeyCode::Enter).is_empty(), "a second Enter while the first is in flight sends nothing");
    assert!(matches!(&s.app.overlay, Some(Overlay::Form(form)) if form.pending.is_some()));
}

#[test]
fn new_database_form_sends_name_region_and_source() {
    let mut s = Session::new(false);
    s.select(&Node::Project("proj_a".into()));
    assert!(s.char('n').is_empty());
    let Some(Overlay::Form(form)) = &s.app.overlay else { panic!("no form: {:?}", s.app.overlay) };
    assert_eq!(form.kind, FormKind::NewDatabase { project: "proj_a".into() });
    let Field::Choice { options, .. } = &form.fields[2] else { panic!("field 3 is the source") };
    let labels: Vec<&str> = options.iter().map(|choice| choice.label.as_str()).collect();
    assert_eq!(labels[0], "empty");
    assert!(labels.contains(&"backup of main from 2026-11-14 03:00"), "{labels:?}");
    assert!(labels.contains(&"clone of copy"), "{labels:?}");
    assert!(!labels.iter().any(|label| label.contains("2026-11-13")), "a failed backup is not a source: {labels:?}");

    // Name, the project's region (the first choice), and the first backup of `main`.
    s.type_text("reports");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(
        change,
        Change::CreateDatabase {
            project: "proj_a".into(),
            name: "reports".into(),
            region: None,
            source: Some(DatabaseSource::Backup { database_id: "db_1".into(), backup_id: "bkp_main".into() }),
        }
    );

    // An explicit region and an empty source (sent as no source at all).
    let mut s = Session::new(false);
    s.select(&Node::Project("proj_a".into()));
    s.char('n');
    s.type_text("blank");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    s.press(KeyCode::Right);
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(
        change,
        Change::CreateDatabase {
            project: "proj_a".into(),
            name: "blank".into(),
            region: Some("eu-central-1".into()),
            source: None
        }
    );
}

#[test]
fn new_connection_form_sends_the_name_for_the_selected_database() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    let Some(Overlay::Form(form)) = &s.app.overlay else { panic!("no form: {:?}", s.app.overlay) };
    assert_eq!(form.kind, FormKind::NewConnection { database: "db_2".into() });
    s.type_text("worker");
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(change, Change::CreateConnection { database: "db_2".into(), name: "worker".into() });

    // From the database's own row as well.
    let mut s = Session::new(false);
    s.select(&Node::Database("db_5".into()));
    s.char('n');
    s.type_text("api");
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(change, Change::CreateConnection { database: "db_5".into(), name: "api".into() });
}

#[test]
fn esc_cancels_a_form_without_sending() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    assert!(s.press(KeyCode::Esc).is_empty());
    assert!(s.app.overlay.is_none());
}

#[test]
fn an_empty_or_too_long_name_is_refused_inside_the_form_and_nothing_is_sent() {
    for (kind, open) in [("project", Node::Workspace), ("database", Node::Project("proj_a".into()))] {
        let mut s = Session::new(false);
        s.select(&open);
        s.char('n');
        assert!(s.press(KeyCode::Enter).is_empty(), "{kind}: an empty name sends nothing");
        let error = form_error(&s.app).unwrap_or_else(|| panic!("{kind}: no error for an empty name"));
        assert!(error.contains("empty"), "{kind}: {error}");
    }

    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("   ");
    assert!(s.press(KeyCode::Enter).is_empty(), "blanks only are an empty name");
    assert!(form_error(&s.app).is_some_and(|error| error.contains("empty")));
    for _ in 0..3 {
        s.press(KeyCode::Backspace);
    }
    assert_eq!(form_error(&s.app), None, "editing clears the error");

    let long = "x".repeat(65);
    s.type_text(&long);
    assert!(s.press(KeyCode::Enter).is_empty(), "65 characters send nothing");
    let error = form_error(&s.app).expect("an error for a long name");
    assert!(error.contains("too long") && error.contains("64"), "{error}");
    assert_eq!(form_name(&s.app), long, "what was typed is kept");
    assert!(matches!(&s.app.overlay, Some(Overlay::Form(form)) if form.pending.is_none()));

    s.press(KeyCode::Backspace);
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(change, Change::CreateConnection { database: "db_2".into(), name: "x".repeat(64) }, "64 is allowed");

    // Renames are validated the same way.
    let mut s = Session::new(false);
    s.select(&Node::Database("db_2".into()));
    s.char('e');
    assert_eq!(form_name(&s.app), "copy", "the rename form starts from the current name");
    for _ in 0..4 {
        s.press(KeyCode::Backspace);
    }
    assert!(s.press(KeyCode::Enter).is_empty());
    assert!(form_error(&s.app).is_some_and(|error| error.contains("empty")));
}

#[test]
fn rename_sends_the_new_name() {
    let mut s = Session::new(false);
    s.select(&Node::Database("db_2".into()));
    s.char('e');
    s.press(KeyCode::Backspace);
    s.type_text("ier");
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(change, Change::RenameDatabase { id: "db_2".into(), name: "copier".into() });

    let mut s = Session::new(false);
    s.select(&Node::Project("proj_b".into()));
    s.char('e');
    assert_eq!(form_name(&s.app), "beta");
    s.type_text("-2");
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(change, Change::RenameProject { id: "proj_b".into(), name: "beta-2".into() });
}

#[test]
fn an_api_422_keeps_the_form_open_with_the_message_and_the_input() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let error = status_error(422, "A connection named worker already exists.", Some("Pick another name."));
    let effects = s.reply(request, Reply::Changed { change, result: Err(error) });
    assert!(no_change(&effects), "{effects:?}");
    let Some(Overlay::Form(form)) = &s.app.overlay else { panic!("the form closed: {:?}", s.app.overlay) };
    assert_eq!(form.pending, None, "the form takes keys again");
    let shown = form.error.clone().expect("the API's message in the form");
    assert!(
        shown.contains("422") && shown.contains("already exists") && shown.contains("Pick another name"),
        "{shown}"
    );
    assert_eq!(form_name(&s.app), "worker", "the input is kept");
    assert_eq!(s.app.errors.len(), 1, "and logged");

    // Fixing the name and sending again is the user's call.
    s.type_text("-2");
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(change, Change::CreateConnection { database: "db_2".into(), name: "worker-2".into() });
}

#[test]
fn an_api_400_on_a_rename_is_shown_in_the_form_too() {
    let mut s = Session::new(false);
    s.select(&Node::Project("proj_b".into()));
    s.char('e');
    s.type_text("!");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let effects = s.reply(request, Reply::Changed { change, result: Err(status_error(400, "Bad name.", None)) });
    assert!(no_change(&effects));
    assert!(form_error(&s.app).is_some_and(|error| error.contains("400") && error.contains("Bad name.")));
    assert_eq!(form_name(&s.app), "beta!");
}

// ---------------------------------------------------------------------------------------------------------------
// Delete and rotate.

fn confirm_state(app: &App) -> (Button, Option<String>, String, bool) {
    let Some(Overlay::Confirm(dialog)) = &app.overlay else { panic!("no confirmation open: {:?}", app.overlay) };
    (dialog.focus, dialog.require.clone(), dialog.typed.value().to_owned(), dialog.enabled())
}

#[test]
fn delete_cannot_be_confirmed_until_the_name_matches() {
    let mut s = Session::new(false);
    s.select(&Node::Database("db_2".into()));

    // Enter at once presses Cancel: closed, nothing sent.
    assert!(s.char('d').is_empty());
    let (focus, require, typed, enabled) = confirm_state(&s.app);
    assert_eq!((focus, require.as_deref(), typed.as_str(), enabled), (Button::Cancel, Some("copy"), "", false));
    assert!(s.press(KeyCode::Enter).is_empty());
    assert!(s.app.overlay.is_none(), "Enter on Cancel closes");

    // Tab to the verb: Enter on the disabled button does nothing, and keeps the dialog.
    s.char('d');
    s.press(KeyCode::Tab);
    assert_eq!(confirm_state(&s.app).0, Button::Verb);
    assert!(s.press(KeyCode::Enter).is_empty());
    assert!(matches!(s.app.overlay, Some(Overlay::Confirm(_))), "still open");

    // Almost the name, or the name in another case: still disabled.
    for wrong in ["cop", "Copy", "copy ", " copy"] {
        let mut t = Session::new(false);
        t.select(&Node::Database("db_2".into()));
        t.char('d');
        t.type_text(wrong);
        t.press(KeyCode::Tab);
        assert!(!confirm_state(&t.app).3, "{wrong:?} enables the button");
        assert!(t.press(KeyCode::Enter).is_empty(), "{wrong:?} sent something");
        assert!(matches!(t.app.overlay, Some(Overlay::Confirm(_))));
    }

    // The exact name, Tab, Enter: exactly one delete.
    let mut s = Session::new(false);
    s.select(&Node::Database("db_2".into()));
    s.char('d');
    s.type_text("copy");
    assert!(confirm_state(&s.app).3);
    assert_eq!(confirm_state(&s.app).0, Button::Cancel, "typing does not move the focus");
    s.press(KeyCode::Tab);
    let effects = s.press(KeyCode::Enter);
    assert_eq!(the_change(&effects).1, Change::DeleteDatabase { id: "db_2".into() });
    assert!(s.app.overlay.is_none());
}

#[test]
fn deleting_a_project_names_its_databases_and_a_connection_needs_its_name() {
    let mut s = Session::new(false);
    s.select(&Node::Project("proj_a".into()));
    s.char('d');
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else { panic!("no dialog") };
    let text = dialog.lines.join("\n");
    assert!(text.contains("5 database(s)") && text.contains("main, copy, fresh, mending, spare"), "{text}");
    assert_eq!(dialog.verb, "Delete");
    s.type_text("alpha");
    s.press(KeyCode::Tab);
    assert_eq!(the_change(&s.press(KeyCode::Enter)).1, Change::DeleteProject { id: "proj_a".into() });

    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.focus_row("con_b");
    s.char('d');
    assert_eq!(confirm_state(&s.app).1.as_deref(), Some("batch"));
    s.press(KeyCode::Tab);
    assert!(s.press(KeyCode::Enter).is_empty(), "not typed yet");
    s.type_text("batch");
    assert_eq!(the_change(&s.press(KeyCode::Enter)).1, Change::DeleteConnection { id: "con_b".into() });
}

#[test]
fn a_default_database_is_refused_before_any_request() {
    let mut s = Session::new(false);
    s.select(&Node::Database("db_1".into()));
    let effects = s.char('d');
    assert!(effects.is_empty(), "{effects:?}");
    assert!(s.app.overlay.is_none(), "no dialog at all");
    let toast = s.app.toast.clone().expect("a reason");
    assert_eq!(toast.tone, Tone::Error);
    assert!(toast.text.contains("main") && toast.text.contains("default database"), "{}", toast.text);
}

#[test]
fn rotate_opens_on_cancel_and_y_sends() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.focus_row("con_a");
    assert!(s.char('o').is_empty());
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else { panic!("no dialog: {:?}", s.app.overlay) };
    assert_eq!(dialog.focus, Button::Cancel);
    assert!(dialog.lines.join(" ").contains("must be updated"), "{:?}", dialog.lines);
    assert!(s.char('o').is_empty(), "the opening key does not confirm");
    assert!(s.press(KeyCode::Enter).is_empty(), "Enter presses Cancel");
    assert!(s.app.overlay.is_none());

    s.char('o');
    let (request, change) = the_change(&s.char('y'));
    assert_eq!(change, Change::Rotate { id: "con_a".into() });
    assert!(s.app.overlay.is_none());

    // The rotated strings land in the secret panel and in memory.
    let rotated = connection("con_a", "db_2", "app", true);
    s.reply(request, Reply::Changed { change, result: Ok(Changed::Connection(Box::new(rotated))) });
    assert!(matches!(&s.app.overlay, Some(Overlay::Secrets(panel)) if !panel.revealed && panel.secrets.len() == 2));
    assert!(s.app.session.secrets.contains_key("con_a"));
    assert!(s.toast().contains("rotated connection app"), "{}", s.toast());
}

#[test]
fn rotate_needs_a_connection() {
    let mut s = Session::new(false);
    s.select(&Node::Database("db_2".into()));
    assert!(s.char('o').is_empty());
    assert!(s.app.overlay.is_none());
    assert!(s.toast().contains("select a connection"), "{}", s.toast());
}

// ---------------------------------------------------------------------------------------------------------------
// Restore.

fn restore_dialog(app: &App) -> &ppg::app::RestoreDialog {
    match &app.overlay {
        Some(Overlay::Restore(dialog)) => dialog,
        other => panic!("no restore dialog: {other:?}"),
    }
}

/// The restore dialog on backup `backup` of `copy`.
fn open_restore(backup: &str) -> Session {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Backups);
    s.focus_row(backup);
    assert!(s.char('r').is_empty());
    s
}

#[test]
fn restore_offers_no_default_or_busy_database_as_a_target() {
    let s = open_restore("bkp_new");
    let dialog = restore_dialog(&s.app);
    let targets: Vec<&str> = dialog.targets.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(targets, ["db_2", "db_5"], "not main (default), fresh (provisioning) nor mending (recovering)");
    assert_eq!(
        (dialog.row, dialog.button, dialog.mode),
        (RestoreRow::Buttons, Button::Cancel, RestoreMode::NewDatabase)
    );

    // Cycling through every target never lands on one of them.
    let mut s = s;
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    assert_eq!(restore_dialog(&s.app).mode, RestoreMode::InPlace);
    s.press(KeyCode::Tab);
    let mut seen = Vec::new();
    for code in [KeyCode::Right, KeyCode::Right, KeyCode::Right, KeyCode::Left, KeyCode::Left, KeyCode::Left] {
        seen.push(restore_dialog(&s.app).target_name().unwrap().to_owned());
        s.press(code);
    }
    assert!(seen.iter().all(|name| name == "copy" || name == "spare"), "{seen:?}");

    // A project whose only other database is busy: in place is not even offered.
    let mut s = Session::new(false);
    s.open_section("db_b1", Section::Backups);
    s.focus_row("bkp_ledger");
    s.char('r');
    assert!(restore_dialog(&s.app).targets.is_empty());
    s.press(KeyCode::Tab);
    assert_eq!(restore_dialog(&s.app).row, RestoreRow::Mode);
    s.press(KeyCode::Right);
    assert_eq!(restore_dialog(&s.app).mode, RestoreMode::NewDatabase, "nothing may be overwritten");
}

#[test]
fn restore_of_a_failed_backup_is_refused() {
    let s = open_restore("bkp_failed");
    assert!(s.app.overlay.is_none());
    assert!(s.toast().contains("failed") && s.toast().contains("completed"), "{}", s.toast());
}

#[test]
fn restore_opens_on_cancel_and_into_a_new_database_needs_one_right_and_enter() {
    let mut s = open_restore("bkp_new");
    assert!(s.press(KeyCode::Enter).is_empty(), "Enter on Cancel");
    assert!(s.app.overlay.is_none());

    s.char('r');
    assert_eq!(restore_dialog(&s.app).name.value(), "copy-20261114-0300", "a name is proposed");
    s.press(KeyCode::Right);
    assert_eq!(restore_dialog(&s.app).button, Button::Verb);
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(
        change,
        Change::CreateDatabase {
            project: "proj_a".into(),
            name: "copy-20261114-0300".into(),
            region: Some("eu-central-1".into()),
            source: Some(DatabaseSource::Backup { database_id: "db_2".into(), backup_id: "bkp_new".into() }),
        }
    );
}

#[test]
fn in_place_restore_does_nothing_on_enter_until_the_targets_name_is_typed() {
    let mut s = open_restore("bkp_old");
    s.press(KeyCode::Tab);
    assert_eq!(restore_dialog(&s.app).row, RestoreRow::Mode);
    s.press(KeyCode::Right);
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    assert_eq!(restore_dialog(&s.app).target_name(), Some("spare"));
    s.press(KeyCode::Tab);
    assert_eq!(restore_dialog(&s.app).row, RestoreRow::Typed);
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    let dialog = restore_dialog(&s.app);
    assert_eq!((dialog.row, dialog.button, dialog.enabled()), (RestoreRow::Buttons, Button::Verb, false));

    // Enter alone, repeatedly: nothing.
    for _ in 0..3 {
        assert!(s.press(KeyCode::Enter).is_empty());
        assert!(matches!(s.app.overlay, Some(Overlay::Restore(_))), "the dialog stays");
    }

    // Another database's name does not count; Enter from the typing row only moves to the buttons.
    s.press(KeyCode::Up);
    assert_eq!(restore_dialog(&s.app).row, RestoreRow::Typed);
    s.type_text("copy");
    assert!(s.press(KeyCode::Enter).is_empty());
    assert_eq!(restore_dialog(&s.app).row, RestoreRow::Buttons);
    assert!(s.press(KeyCode::Enter).is_empty(), "copy is not the target");

    // Choosing another target clears what was typed.
    s.press(KeyCode::Up);
    for _ in 0..4 {
        s.press(KeyCode::Backspace);
    }
    s.type_text("spare");
    assert!(restore_dialog(&s.app).enabled());
    s.press(KeyCode::Up);
    s.press(KeyCode::Left);
    assert_eq!(restore_dialog(&s.app).target_name(), Some("copy"));
    assert_eq!(restore_dialog(&s.app).typed.value(), "", "a new target starts over");
    s.press(KeyCode::Right);
    assert_eq!(restore_dialog(&s.app).target_name(), Some("spare"));
    s.press(KeyCode::Tab);
    s.type_text("spare");
    s.press(KeyCode::Tab);
    let (_, change) = the_change(&s.press(KeyCode::Enter));
    assert_eq!(
        change,
        Change::Restore { target: "db_5".into(), source_database: "db_2".into(), backup: "bkp_old".into() }
    );
    assert!(s.app.overlay.is_none());
}

#[test]
fn an_in_place_restore_is_announced_and_polled() {
    let mut s = open_restore("bkp_new");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    s.press(KeyCode::Tab);
    s.press(KeyCode::Tab);
    s.type_text("copy");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let restoring = database("db_2", "proj_a", "copy", "recovering", false);
    let effects = update(
        &mut s.app,
        reply(request, Reply::Changed { change, result: Ok(Changed::Database(Box::new(restoring))) }),
    );
    assert!(
        fetches(&effects)
            .iter()
            .any(|(_, fetch)| matches!(fetch, Fetch::Database { database, .. } if database == "db_2")),
        "the target is polled: {effects:?}"
    );
    assert!(s.toast().contains("restore started"), "{}", s.toast());
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets.

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ppg::ui::draw(frame, app, &ppg::ui::Theme::dark())).unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_created_connection_is_kept_shown_masked_revealed_with_s_and_copied_exactly() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let minted = connection("con_new", "db_2", "worker", true);
    let effects = update(
        &mut s.app,
        reply(request, Reply::Changed { change, result: Ok(Changed::Connection(Box::new(minted.clone()))) }),
    );
    assert!(
        fetches(&effects).iter().any(|(_, fetch)| *fetch == Fetch::Connections { database: "db_2".into() }),
        "the list is refreshed: {effects:?}"
    );
    assert!(no_change(&effects));
    assert_eq!(s.app.session.secrets.get("con_new"), Some(&minted), "kept in memory");
    let Some(Overlay::Secrets(panel)) = &s.app.overlay else { panic!("no secret panel: {:?}", s.app.overlay) };
    assert!(!panel.revealed, "masked at first");
    let labels: Vec<&str> = panel.secrets.iter().map(|secret| secret.label.as_str()).collect();
    assert_eq!(labels, ["worker · direct", "worker · pooled"]);
    let screen = render(&s.app, 100, 30);
    assert!(!screen.contains("sk_con_new_secret"), "a masked panel shows no password:\n{screen}");
    assert!(screen.contains("will not show these again"), "{screen}");
    assert!(s.toast().contains("created connection worker"), "{}", s.toast());

    // The refreshed list arrives behind the panel.
    let mut listed = s.fake.connections["db_2"].clone();
    listed.push(connection("con_new", "db_2", "worker", false));
    s.fake.connections.insert("db_2".into(), listed);
    serve(&mut s.app, &s.fake, effects);
    assert!(matches!(s.app.overlay, Some(Overlay::Secrets(_))), "still open after the refresh");

    assert!(s.char('s').is_empty());
    assert!(matches!(&s.app.overlay, Some(Overlay::Secrets(panel)) if panel.revealed));
    let screen = render(&s.app, 100, 30);
    assert!(screen.contains("sk_con_new_secret"), "revealed:\n{screen}");

    s.char('j');
    let effects = s.char('y');
    assert_eq!(effects, vec![Effect::Copy { text: pooled_string("con_new"), label: "worker · pooled".into() }]);
    s.char('k');
    let effects = s.char('y');
    assert_eq!(effects, vec![Effect::Copy { text: direct_string("con_new"), label: "worker · direct".into() }]);
    assert!(matches!(s.app.overlay, Some(Overlay::Secrets(_))), "copying keeps the panel");

    let effects = s.char('w');
    assert_eq!(
        effects,
        vec![Effect::WriteEnv {
            lines: vec![
                format!("DATABASE_URL=\"{}\"", pooled_string("con_new")),
                format!("DIRECT_URL=\"{}\"", direct_string("con_new"))
            ],
            force: false
        }]
    );
    s.char('s');
    assert!(matches!(&s.app.overlay, Some(Overlay::Secrets(panel)) if !panel.revealed), "s hides again");
    s.press(KeyCode::Esc);
    assert!(s.app.overlay.is_none());

    // Later in the session the copy menu still offers the minted string.
    s.focus_row("con_new");
    s.char('y');
    let Some(Overlay::Copy(menu)) = &s.app.overlay else { panic!("no copy menu: {:?}", s.app.overlay) };
    let pooled = menu.items.iter().find(|item| item.label == "pooled connection string").map(|item| item.text.clone());
    assert_eq!(pooled, Some(pooled_string("con_new")));
}

#[test]
fn a_new_database_or_project_shows_its_minted_strings_too() {
    let mut s = Session::new(false);
    s.select(&Node::Project("proj_a".into()));
    s.char('n');
    s.type_text("reports");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let mut created = database("db_9", "proj_a", "reports", "provisioning", false);
    created.connections = vec![connection("con_9", "db_9", "default", true)].into();
    let effects =
        update(&mut s.app, reply(request, Reply::Changed { change, result: Ok(Changed::Database(Box::new(created))) }));
    assert!(matches!(&s.app.overlay, Some(Overlay::Secrets(panel)) if panel.secrets.len() == 2 && !panel.revealed));
    assert!(s.app.session.secrets.contains_key("con_9"));
    let polls = fetches(&effects);
    assert!(polls.iter().any(|(_, fetch)| matches!(fetch, Fetch::Database { database, .. } if database == "db_9")));
    assert!(polls.iter().any(|(_, fetch)| *fetch == Fetch::Databases { project: "proj_a".into() }));

    let mut s = Session::new(false);
    s.select(&Node::Workspace);
    s.char('n');
    s.type_text("shop");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let mut database = database("db_s", "proj_s", "main", "provisioning", true);
    database.project = None;
    database.connections = vec![connection("con_s", "db_s", "default", true)].into();
    let created: api::CreatedProject = serde_json::from_value(json!({
        "id": "proj_s", "type": "project", "url": "u", "name": "shop", "logicalId": null,
        "createdAt": "2026-11-15T12:00:00Z", "defaultRegion": "us-east-1",
        "workspace": {"id": "wksp_1", "name": "Acme"}, "database": database
    }))
    .unwrap();
    let effects =
        update(&mut s.app, reply(request, Reply::Changed { change, result: Ok(Changed::Project(Box::new(created))) }));
    assert!(matches!(&s.app.overlay, Some(Overlay::Secrets(panel)) if panel.secrets.len() == 2));
    assert!(s.app.session.secrets.contains_key("con_s"));
    assert!(fetches(&effects).iter().any(|(_, fetch)| *fetch == Fetch::Projects), "{effects:?}");
}

// ---------------------------------------------------------------------------------------------------------------
// Lost answers.

/// Sends "create connection worker" on `copy` and loses its answer; returns the re-list's request.
fn lose_a_connection_create(s: &mut Session) -> RequestId {
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let effects = update(
        &mut s.app,
        reply(request, Reply::Changed { change, result: Err(lost("/v1/databases/db_2/connections")) }),
    );
    assert!(no_change(&effects), "never re-sent on its own: {effects:?}");
    let refreshes = fetches(&effects);
    assert_eq!(refreshes.len(), 1, "{effects:?}");
    assert_eq!(refreshes[0].1, Fetch::Connections { database: "db_2".into() });
    assert!(s.app.overlay.is_none());
    assert!(s.app.activity.pending_check.is_some());
    assert!(s.toast().contains("looking"), "{}", s.toast());
    refreshes[0].0
}

/// A connection as the API lists it once a create sent at `NOW` made it.
fn made_now(mut connection: Connection) -> Connection {
    connection.created_at = api::Timestamp::parse(NOW);
    connection
}

#[test]
fn a_lost_create_that_did_happen_is_reported_as_created() {
    let mut s = Session::new(false);
    let request = lose_a_connection_create(&mut s);
    let mut now = s.fake.connections["db_2"].clone();
    now.push(made_now(connection("con_x", "db_2", "worker", false)));
    let effects =
        s.reply(request, Reply::Connections { database: "db_2".into(), result: Ok(now.into()), cut_short: None });
    assert!(no_change(&effects));
    assert!(s.app.activity.pending_check.is_none());
    let toast = s.toast();
    assert!(toast.contains("WAS created (con_x)") && toast.contains("worker"), "{toast}");
}

#[test]
fn a_lost_create_that_did_not_happen_is_reported_as_not_created() {
    let mut s = Session::new(false);
    let request = lose_a_connection_create(&mut s);
    let now = s.fake.connections["db_2"].clone();
    let effects =
        s.reply(request, Reply::Connections { database: "db_2".into(), result: Ok(now.into()), cut_short: None });
    assert!(no_change(&effects));
    assert!(s.toast().contains("no connection named worker was created"), "{}", s.toast());
    assert!(s.app.activity.pending_check.is_none());
}

#[test]
fn an_older_connection_with_the_same_name_is_not_taken_for_the_lost_one() {
    let mut s = Session::new(false);
    let mut listed = s.fake.connections["db_2"].clone();
    listed.push(connection("con_old", "db_2", "worker", false));
    s.fake.connections.insert("db_2".into(), listed.clone());
    let request = lose_a_connection_create(&mut s);
    s.reply(request, Reply::Connections { database: "db_2".into(), result: Ok(listed.into()), cut_short: None });
    assert!(s.toast().contains("no connection named worker was created"), "{}", s.toast());
}

#[test]
fn when_the_re_list_fails_r_settles_the_lost_create() {
    let mut s = Session::new(false);
    let request = lose_a_connection_create(&mut s);
    let down = api::Error::Status {
        route: api::Route { method: "GET", path: "/v1/databases/db_2/connections".into() },
        status: 503,
        code: None,
        message: "down".into(),
        hint: None,
    };
    s.reply(request, Reply::Connections { database: "db_2".into(), result: Err(down), cut_short: None });
    assert!(s.app.activity.pending_check.is_some(), "still to be settled");
    let mut now = s.fake.connections["db_2"].clone();
    now.push(made_now(connection("con_x", "db_2", "worker", false)));
    s.fake.connections.insert("db_2".into(), now);
    assert_eq!(s.app.selected_node(), Node::Section("db_2".into(), Section::Connections));
    let effects = s.char('R');
    assert!(no_change(&effects));
    assert!(s.toast().contains("WAS created (con_x)"), "{}", s.toast());
}

#[test]
fn a_lost_project_or_database_create_is_settled_by_its_list() {
    let mut s = Session::new(false);
    s.select(&Node::Workspace);
    s.char('n');
    s.type_text("shop");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let effects = update(&mut s.app, reply(request, Reply::Changed { change, result: Err(lost("/v1/projects")) }));
    assert!(no_change(&effects));
    let refresh = fetches(&effects);
    assert_eq!(refresh.iter().map(|(_, fetch)| fetch.clone()).collect::<Vec<_>>(), [Fetch::Projects]);
    let mut shop = project("proj_new", "shop");
    shop.created_at = api::Timestamp::parse(NOW);
    s.fake.projects.push(shop);
    s.reply(refresh[0].0, Reply::Projects { page: Ok(s.fake.projects.clone().into()), first: true, done: true });
    assert!(s.toast().contains("project shop WAS created (proj_new)"), "{}", s.toast());

    // A restore into a new database is a create: its project's list settles it.
    let mut s = open_restore("bkp_new");
    s.press(KeyCode::Right);
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let effects = update(
        &mut s.app,
        reply(request, Reply::Changed { change, result: Err(lost("/v1/projects/proj_a/databases")) }),
    );
    assert!(no_change(&effects));
    let refresh = fetches(&effects);
    assert_eq!(refresh.len(), 1, "{effects:?}");
    assert_eq!(refresh[0].1, Fetch::Databases { project: "proj_a".into() });
    s.reply(
        refresh[0].0,
        Reply::Databases {
            project: "proj_a".into(),
            result: Ok(s.fake.databases["proj_a"].clone().into()),
            cut_short: None,
        },
    );
    assert!(s.toast().contains("no database named copy-20261114-0300 was created"), "{}", s.toast());
}

#[test]
fn a_lost_in_place_restore_is_checked_and_reported() {
    let mut s = open_restore("bkp_new");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    s.press(KeyCode::Tab);
    s.press(KeyCode::Tab);
    s.type_text("copy");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    let effects =
        update(&mut s.app, reply(request, Reply::Changed { change, result: Err(lost("/v1/databases/db_2/restore")) }));
    assert!(no_change(&effects), "never re-sent: {effects:?}");
    let refresh = fetches(&effects);
    assert_eq!(refresh.len(), 1, "the target's list is looked at: {effects:?}");
    assert_eq!(refresh[0].1, Fetch::Databases { project: "proj_a".into() });
    let looking = s.toast();
    // The restore did not start: the target is still `ready`. ppg must say what it found (design §3, issue 5 #7).
    s.reply(
        refresh[0].0,
        Reply::Databases {
            project: "proj_a".into(),
            result: Ok(s.fake.databases["proj_a"].clone().into()),
            cut_short: None,
        },
    );
    let toast = s.toast();
    assert_ne!(toast, looking, "after the re-list the status line still says only {looking:?}");
    assert!(toast.contains("copy"), "the report names the target: {toast}");
}

// ---------------------------------------------------------------------------------------------------------------
// Read-only.

/// Every key of the keymap, and the keys dialogs use besides.
fn all_keys(app: &App) -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = Action::ALL
        .iter()
        .flat_map(|action| app.session.keymap.keys(*action).to_vec())
        .map(|key| KeyEvent::new(key.code, key.modifiers))
        .collect();
    for code in [
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Char(' '),
        KeyCode::Char('c'),
    ] {
        keys.push(KeyEvent::new(code, KeyModifiers::NONE));
    }
    keys.dedup();
    keys
}

/// The selections the read-only walk starts from.
fn read_only_starts() -> Vec<(&'static str, App)> {
    let mut starts = Vec::new();
    let mut s = Session::new(true);
    s.select(&Node::Workspace);
    starts.push(("workspace", s.app.clone()));
    s.press(KeyCode::Tab);
    starts.push(("workspace table", s.app.clone()));
    s.select(&Node::Project("proj_a".into()));
    starts.push(("project", s.app.clone()));
    s.press(KeyCode::Tab);
    s.focus_row("db_2");
    starts.push(("project table on a database", s.app.clone()));
    s.select(&Node::Project("proj_b".into()));
    starts.push(("unloaded project", s.app.clone()));
    s.select(&Node::Database("db_1".into()));
    starts.push(("default database", s.app.clone()));
    s.select(&Node::Database("db_2".into()));
    starts.push(("database", s.app.clone()));
    s.open_section("db_2", Section::Connections);
    starts.push(("connections", s.app.clone()));
    s.focus_row("con_a");
    starts.push(("a connection", s.app.clone()));
    s.open_section("db_2", Section::Backups);
    starts.push(("backups", s.app.clone()));
    s.focus_row("bkp_new");
    starts.push(("a backup", s.app.clone()));
    s.open_section("db_2", Section::Usage);
    starts.push(("usage", s.app.clone()));
    starts
}

#[test]
fn read_only_produces_no_change_for_any_key_in_any_reachable_state() {
    let fake = Fake::new();
    let starts = read_only_starts();
    let keys = all_keys(&starts[0].1);
    let mut pressed = 0usize;
    let mut overlays = std::collections::HashSet::new();
    let press = |app: &mut App, key: KeyEvent, path: &str| {
        let effects = update(app, Msg::Key(key));
        let out = serve(app, &fake, effects);
        assert!(no_change(&out), "read-only, {path}: {out:?}");
    };
    for (name, start) in &starts {
        for first in &keys {
            let mut one = start.clone();
            press(&mut one, *first, &format!("{name}: {first:?}"));
            pressed += 1;
            for second in &keys {
                let mut two = one.clone();
                press(&mut two, *second, &format!("{name}: {first:?} {second:?}"));
                pressed += 1;
                if let Some(overlay) = &two.overlay {
                    overlays.insert(std::mem::discriminant(overlay));
                }
                // Inside an overlay or a filter, one more key of every kind.
                if two.overlay.is_some() || two.browse.filter.is_some() {
                    for third in &keys {
                        let mut three = two.clone();
                        press(&mut three, *third, &format!("{name}: {first:?} {second:?} {third:?}"));
                        pressed += 1;
                    }
                }
            }
        }
    }
    assert!(pressed > 10_000, "{pressed} presses");
    assert!(overlays.len() >= 4, "help, the error log, jump and the copy menu were reached: {overlays:?}");
}

#[test]
fn read_only_refuses_mutating_keys_with_a_reason() {
    for (name, app) in read_only_starts() {
        for action in Action::ALL.into_iter().filter(|action| action.is_mutating()) {
            let mut app = app.clone();
            let key = app.session.keymap.keys(action)[0];
            let effects = update(&mut app, Msg::Key(KeyEvent::new(key.code, key.modifiers)));
            assert!(effects.is_empty(), "{name}, {action:?}: {effects:?}");
            assert!(app.overlay.is_none(), "{name}, {action:?}: no dialog opens");
            let toast = app.toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default();
            assert!(toast.contains("read-only"), "{name}, {action:?}: {toast}");
        }
    }
}

#[test]
fn read_only_set_while_a_dialog_is_open_still_sends_nothing() {
    // Each dialog, filled in so that its next key would send.
    let mut ready: Vec<(&str, Session, Vec<KeyCode>)> = Vec::new();
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    ready.push(("new connection", s, vec![KeyCode::Enter]));
    let mut s = Session::new(false);
    s.select(&Node::Database("db_2".into()));
    s.char('d');
    s.type_text("copy");
    s.press(KeyCode::Tab);
    ready.push(("delete", s, vec![KeyCode::Enter]));
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.focus_row("con_a");
    s.char('o');
    ready.push(("rotate", s, vec![KeyCode::Char('y')]));
    let mut s = open_restore("bkp_new");
    s.press(KeyCode::Right);
    ready.push(("restore into a new database", s, vec![KeyCode::Enter]));
    for (name, mut s, keys) in ready {
        s.app.session.badges.read_only = true;
        for code in keys {
            let effects = s.press(code);
            assert!(no_change(&effects), "{name}: {effects:?}");
        }
        assert!(s.toast().contains("read-only"), "{name}: {}", s.toast());
    }
}

#[test]
fn a_late_answer_does_not_land_in_another_form() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    let (request, change) = the_change(&s.press(KeyCode::Enter));
    // Esc while the create is in flight, then a rename form on another database.
    s.press(KeyCode::Esc);
    s.select(&Node::Database("db_5".into()));
    s.char('e');
    s.type_text("-2");
    let error = status_error(422, "A connection named worker already exists.", None);
    s.reply(request, Reply::Changed { change, result: Err(error) });
    let Some(Overlay::Form(form)) = &s.app.overlay else { panic!("the rename form closed: {:?}", s.app.overlay) };
    assert_eq!(form.kind, FormKind::RenameDatabase { id: "db_5".into() });
    assert_eq!(form.error, None, "the create's refusal is shown in the rename form of another database");
    assert_eq!(form_name(&s.app), "spare-2");
}

#[test]
fn a_late_answer_does_not_unlock_another_form_in_flight() {
    let mut s = Session::new(false);
    s.open_section("db_2", Section::Connections);
    s.char('n');
    s.type_text("worker");
    let (first, change) = the_change(&s.press(KeyCode::Enter));
    s.press(KeyCode::Esc);
    // A second create is sent and waits for its answer.
    s.char('n');
    s.type_text("other");
    let (second, _) = the_change(&s.press(KeyCode::Enter));
    assert!(matches!(&s.app.overlay, Some(Overlay::Form(form)) if form.pending == Some(second)));
    // The first one's refusal arrives: the second form must stay locked, or Enter sends "other" twice.
    s.reply(first, Reply::Changed { change, result: Err(status_error(422, "Taken.", None)) });
    assert!(
        matches!(&s.app.overlay, Some(Overlay::Form(form)) if form.pending == Some(second)),
        "the second form was unlocked: {:?}",
        s.app.overlay
    );
    let effects = s.press(KeyCode::Enter);
    assert!(no_change(&effects), "a create still in flight was sent again: {effects:?}");
}
