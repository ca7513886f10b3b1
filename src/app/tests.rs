//! `update` as a state machine: message sequences in, state and effects out.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::*;
use crate::api::{self, Connection, Database, Error, Project, Route};

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

fn connection(id: &str, database: &str, minted: bool) -> Connection {
    let string = |host: &str| minted.then(|| format!("postgres://u1:sk_secret@{host}:5432/?sslmode=require"));
    serde_json::from_value(json!({
        "id": id, "type": "connection", "url": "u", "name": "app", "createdAt": "2026-06-03T00:00:00Z",
        "kind": "postgres", "database": {"id": database, "name": "main"},
        "endpoints": {
            "direct": {"host": "db.prisma.io", "port": 5432, "connectionString": string("db.prisma.io")},
            "pooled": {"host": "pooled.db.prisma.io", "port": 5432, "connectionString": string("pooled.db.prisma.io")}
        }
    }))
    .unwrap()
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn char(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn reply(request: RequestId, reply: Reply) -> Msg {
    Msg::Reply { request, reply: Box::new(reply) }
}

/// The request id of the first fetch matching `wanted` among `effects`.
fn request_of(effects: &[Effect], wanted: impl Fn(&Fetch) -> bool) -> RequestId {
    effects
        .iter()
        .find_map(|effect| match effect {
            Effect::Fetch { request, fetch } if wanted(fetch) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no such fetch in {effects:?}"))
}

fn started() -> (App, Vec<Effect>) {
    App::new(Options { has_token: true, ..Options::default() })
}

/// An app with two projects loaded and the first one's databases loaded.
fn browsing() -> App {
    let (mut app, effects) = started();
    let projects = request_of(&effects, |f| *f == Fetch::Projects);
    update(
        &mut app,
        reply(
            projects,
            Reply::Projects {
                page: Ok(vec![project("proj_b", "beta"), project("proj_a", "alpha")].into()),
                first: true,
                done: true,
            },
        ),
    );
    let mut effects = update(&mut app, char('j'));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Fetch { fetch: Fetch::Databases { .. }, .. })),
        "selecting loads"
    );
    effects.extend(update(&mut app, char('l')));
    let databases = request_of(&effects, |f| matches!(f, Fetch::Databases { project } if project == "proj_a"));
    let list =
        vec![database("db_1", "proj_a", "main", "ready", true), database("db_2", "proj_a", "copy", "ready", false)];
    update(
        &mut app,
        reply(databases, Reply::Databases { project: "proj_a".into(), result: Ok(list.into()), cut_short: None }),
    );
    let branches = request_of(&effects, |f| matches!(f, Fetch::Branches { project } if project == "proj_a"));
    update(&mut app, reply(branches, Reply::Branches { project: "proj_a".into(), result: Ok(Default::default()) }));
    app
}

#[test]
fn starting_asks_who_and_the_projects() {
    let (app, effects) = started();
    assert!(matches!(
        effects.as_slice(),
        [Effect::Fetch { fetch: Fetch::Me, .. }, Effect::Fetch { fetch: Fetch::Projects, .. }]
    ));
    assert!(app.is_loading());
    let (first_run, effects) = App::new(Options::default());
    assert_eq!(first_run.screen, Screen::FirstRun);
    assert!(effects.is_empty());
}

#[test]
fn pages_of_projects_show_as_they_arrive() {
    let (mut app, effects) = started();
    let request = request_of(&effects, |f| *f == Fetch::Projects);
    update(
        &mut app,
        reply(request, Reply::Projects { page: Ok(vec![project("proj_1", "one")].into()), first: true, done: false }),
    );
    assert_eq!(app.rows().len(), 2, "the first page is shown at once");
    assert!(app.data.projects.is_loading());
    update(
        &mut app,
        reply(request, Reply::Projects { page: Ok(vec![project("proj_2", "two")].into()), first: false, done: true }),
    );
    assert_eq!(app.rows().len(), 3);
    assert!(matches!(*app.data.projects, Loadable::Loaded(_)));
}

#[test]
fn a_list_that_fails_midway_keeps_what_was_read_and_says_the_rest_is_missing() {
    let (mut app, effects) = started();
    let request = request_of(&effects, |f| *f == Fetch::Projects);
    let first = vec![project("proj_1", "one")].into();
    update(&mut app, reply(request, Reply::Projects { page: Ok(first), first: true, done: false }));
    let stuck = Error::Paging { route: Route { method: "GET", path: "/v1/projects".into() }, detail: "stuck".into() };
    update(&mut app, reply(request, Reply::Projects { page: Err(stuck.clone()), first: false, done: true }));
    assert!(matches!(&*app.data.projects, Loadable::Loaded(list) if list.len() == 1), "{:?}", app.data.projects);
    assert_eq!(app.errors.last().map(|logged| &logged.error), Some(&stuck));

    let mut app = browsing();
    let effects = update(&mut app, char('R'));
    let request = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let read = vec![database("db_1", "proj_a", "main", "ready", true)].into();
    let databases = Reply::Databases { project: "proj_a".into(), result: Ok(read), cut_short: Some(stuck.clone()) };
    update(&mut app, reply(request, databases));
    assert_eq!(app.data.databases_of("proj_a").len(), 1, "what was read is shown");
    assert_eq!(app.errors.last().map(|logged| &logged.error), Some(&stuck), "and the failure logged");
}

#[test]
fn opening_a_project_fetches_its_databases_and_sorts_default_first() {
    let app = browsing();
    let rows = app.rows();
    assert_eq!(rows[1].node, Node::Project("proj_a".into()), "projects sorted by name");
    assert_eq!(rows[2].node, Node::Database("db_1".into()), "the default database first");
    assert_eq!(rows[3].node, Node::Database("db_2".into()));
}

#[test]
fn a_stale_reply_is_ignored() {
    let mut app = browsing();
    let effects = update(&mut app, char('R'));
    let fresh = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let stale = fresh - 1;
    let before = app.data.databases.clone();
    update(
        &mut app,
        reply(stale, Reply::Databases { project: "proj_a".into(), result: Ok(Default::default()), cut_short: None }),
    );
    assert_eq!(app.data.databases, before, "a reply nobody waits for changes nothing");
    update(
        &mut app,
        reply(fresh, Reply::Databases { project: "proj_a".into(), result: Ok(Default::default()), cut_short: None }),
    );
    assert_eq!(app.data.databases_of("proj_a").len(), 0);
}

#[test]
fn an_error_becomes_a_toast_an_inline_error_and_a_log_entry_and_r_retries() {
    let (mut app, effects) = started();
    let request = request_of(&effects, |f| *f == Fetch::Projects);
    let error = api::Error::Status {
        route: api::Route { method: "GET", path: "/v1/projects".into() },
        status: 503,
        code: Some("service_unavailable".into()),
        message: "down for maintenance".into(),
        hint: Some("try later".into()),
    };
    update(&mut app, reply(request, Reply::Projects { page: Err(error.clone()), first: true, done: true }));
    assert_eq!(app.data.projects.error(), Some(&error), "inline on the node");
    let toast = app.toast.clone().unwrap();
    assert_eq!(toast.tone, Tone::Error);
    assert!(toast.text.contains("down for maintenance") && toast.text.contains("try later"), "{}", toast.text);
    assert_eq!(app.errors.len(), 1);
    let effects = update(&mut app, char('R'));
    request_of(&effects, |f| *f == Fetch::Projects);
}

#[test]
fn a_rejected_token_shows_its_own_screen() {
    let (mut app, effects) = started();
    let request = request_of(&effects, |f| *f == Fetch::Me);
    let error = api::Error::Status {
        route: api::Route { method: "GET", path: "/v1/me".into() },
        status: 401,
        code: Some("unauthorized".into()),
        message: "The token is not valid.".into(),
        hint: None,
    };
    update(&mut app, reply(request, Reply::Me(Err(error))));
    assert!(matches!(app.screen, Screen::Rejected(ref message) if message.contains("not valid")));
    assert_eq!(update(&mut app, char('d')), vec![Effect::StartDemo]);
}

#[test]
fn sections_load_lazily_and_busy_databases_are_polled() {
    let mut app = browsing();
    update(&mut app, char('j'));
    let effects = update(&mut app, char('2'));
    assert_eq!(app.selected_node(), Node::Section("db_1".into(), Section::Backups));
    request_of(&effects, |f| matches!(f, Fetch::Backups { database } if database == "db_1"));
    let effects = update(&mut app, char('3'));
    let days = effects.iter().filter(|e| matches!(e, Effect::Fetch { fetch: Fetch::Usage { .. }, .. })).count();
    assert_eq!(days, 31, "last month and thirty days: this month was asked for with the project's list");
    assert!(update(&mut app, char('3')).is_empty(), "cached: nothing fetched twice");

    let (mut app, effects) = started();
    let projects = request_of(&effects, |f| *f == Fetch::Projects);
    update(
        &mut app,
        reply(projects, Reply::Projects { page: Ok(vec![project("proj_a", "a")].into()), first: true, done: true }),
    );
    let mut effects = update(&mut app, char('j'));
    effects.extend(update(&mut app, char('l')));
    let request = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let busy = vec![database("db_9", "proj_a", "new", "provisioning", false)];
    let effects = update(
        &mut app,
        reply(request, Reply::Databases { project: "proj_a".into(), result: Ok(busy.into()), cut_short: None }),
    );
    let poll = request_of(&effects, |f| matches!(f, Fetch::Database { database, .. } if database == "db_9"));
    let ready = database("db_9", "proj_a", "new", "ready", false);
    let effects = update(&mut app, reply(poll, Reply::Database { database: "db_9".into(), result: Ok(ready) }));
    assert!(effects.is_empty(), "polling stops once ready");
    assert!(app.toast.as_ref().is_some_and(|t| t.text.contains("new is ready")));
    assert_eq!(app.data.database("db_9").map(|d| d.status.clone()), Some(api::DatabaseStatus::Ready));
}

#[test]
fn filter_narrows_the_tree_and_esc_clears_it() {
    let mut app = browsing();
    update(&mut app, char('/'));
    for c in "bet".chars() {
        update(&mut app, char(c));
    }
    let names: Vec<Node> = app.rows().iter().map(|row| row.node.clone()).collect();
    assert_eq!(names, vec![Node::Workspace, Node::Project("proj_b".into())]);
    update(&mut app, key(KeyCode::Esc));
    assert!(app.browse.filter.is_none());
    assert_eq!(app.rows().len(), 5);
}

#[test]
fn jump_lands_on_a_database() {
    let mut app = browsing();
    app.browse.expanded.remove(&Node::Project("proj_a".into()));
    let effects = update(&mut app, char(':'));
    let index: Vec<(RequestId, Fetch)> = effects
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::Fetch { request, fetch } => Some((request, fetch)),
            _ => None,
        })
        .collect();
    assert!(index.iter().any(|(_, fetch)| *fetch == Fetch::AllDatabases));
    for c in "copy".chars() {
        update(&mut app, char(c));
    }
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(app.overlay, Some(Overlay::Jump(Jump { waiting: true, .. }))), "Enter waits for the index");
    let databases: Vec<Database> = app.data.databases.values().filter_map(|d| d.value()).flatten().cloned().collect();
    for (request, fetch) in index {
        let reply = match fetch {
            Fetch::AllDatabases => Reply::AllDatabases(Ok(databases.clone().into())),
            _ => Reply::AllConnections(Ok(Vec::new().into())),
        };
        update(&mut app, Msg::Reply { request, reply: Box::new(reply) });
    }
    assert_eq!(app.selected_node(), Node::Database("db_2".into()));
    assert!(app.overlay.is_none());
}

#[test]
fn help_error_log_and_quit() {
    let mut app = browsing();
    update(&mut app, char('?'));
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    assert!(update(&mut app, char('q')).is_empty(), "q closes the overlay first");
    assert!(app.overlay.is_none());
    update(&mut app, char('!'));
    assert!(matches!(app.overlay, Some(Overlay::ErrorLog { .. })));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(update(&mut app, char('q')), vec![Effect::Quit]);
    let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(update(&mut app, ctrl_c), vec![Effect::Quit]);
}

#[test]
fn filtering_the_right_pane_keeps_the_tree_selection() {
    let mut app = browsing();
    assert_eq!(app.selected_node(), Node::Project("proj_a".into()));
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, char('/'));
    update(&mut app, char('c'));
    assert_eq!(app.selected_node(), Node::Project("proj_a".into()), "the tree stays where it was");
    assert_eq!(detail_rows(&app, &app.selected_node()).len(), 1, "only `copy` matches");
}

#[test]
fn w_cycles_through_the_config_profiles() {
    let options = Options {
        has_token: true,
        profiles: vec!["acme".into(), "staging".into()],
        badges: Badges { profile: Some("acme".into()), ..Badges::default() },
        ..Options::default()
    };
    let (mut app, _) = App::new(options);
    assert_eq!(update(&mut app, char('W')), vec![Effect::SwitchProfile("staging".into())]);
    let effects = update(&mut app, Msg::Connected(Badges { profile: Some("staging".into()), ..Badges::default() }));
    assert_eq!(app.session.badges.profile.as_deref(), Some("staging"), "the header names the active profile");
    assert!(effects.iter().any(|e| matches!(e, Effect::Fetch { fetch: Fetch::Projects, .. })), "reloads the workspace");
    assert_eq!(update(&mut app, char('W')), vec![Effect::SwitchProfile("acme".into())]);

    let (mut single, _) = App::new(Options { has_token: true, profiles: vec!["only".into()], ..Options::default() });
    assert!(update(&mut single, char('W')).is_empty(), "nothing to switch to");
}

#[test]
fn auto_refresh_reloads_the_visible_view_only_when_idle() {
    let mut app = browsing();
    app.data.me = Loadable::Idle;
    // The project's databases' usage this month, asked for with its list, is left unanswered here.
    app.data.usage.clear();
    assert!(!app.is_loading());
    let effects = update(&mut app, Msg::AutoRefresh);
    request_of(&effects, |f| matches!(f, Fetch::Databases { project } if project == "proj_a"));
    assert!(app.data.databases_of("proj_a").len() == 2, "what is shown stays while it reloads");
    assert!(update(&mut app, Msg::AutoRefresh).is_empty(), "not while something loads");
}

mod branches;
mod copying;
mod selection;
mod stale;
mod wording;
