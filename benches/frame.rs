//! Key to frame with 10,000 databases (issue 10): 100 projects, all open, 100 databases each, the selection
//! in the middle of the 10,102-row tree, while answers are still arriving. Each measured step is what the
//! console does for one key: `update`, then one 100×30 frame into a terminal holding the previous frame.
//!
//! - `j_10k_databases`: one `j` and its frame (budget ≤ 2 ms);
//! - `j_while_loading`: the same while a project's databases are being read again (the spinner turns);
//! - `reply_then_j`: an answer (that project's 100 databases) lands, then a `j`, then the frame;
//! - `j_10k_in_branches`: one `j` and its frame when every project has four branches, all open, its
//!   databases spread over them (the tree one level deeper: 10,502 rows).
//!
//! Setup is never measured. Run with `cargo bench --bench frame`; figures in docs/benchmarks.md.
#![allow(clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use ppg::api::{Branch, Database, Listing, Me, Project};
use ppg::app::{App, Loadable, Msg, Node, Options, Reply, update};
use ppg::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

const PROJECTS: usize = 100;
const DATABASES_EACH: usize = 100;
/// The request id of the read still on its way in `loading`.
const IN_FLIGHT: u64 = 1_000_000;

fn main() {
    divan::main();
}

fn project(index: usize) -> Project {
    serde_json::from_value(json!({
        "id": format!("proj_{index:04}"), "type": "project", "name": format!("service-{index:04}"),
        "createdAt": "2026-01-15T10:00:00Z", "workspace": {"id": "wksp_bench", "name": "Bench Corp"}
    }))
    .expect("a project")
}

fn databases(project: usize) -> Listing<Database> {
    let statuses = ["ready", "ready", "ready", "recovering", "provisioning"];
    (0..DATABASES_EACH)
        .map(|index| {
            serde_json::from_value(json!({
                "id": format!("db_{project:04}_{index:03}"), "type": "database",
                "name": format!("db-{project:04}-{index:03}"), "status": statuses[index % statuses.len()],
                "createdAt": "2026-02-01T10:00:00Z", "isDefault": index == 0,
                "project": {"id": format!("proj_{project:04}"), "name": format!("service-{project:04}")},
                "region": {"id": "eu-central-1", "name": "Frankfurt"}
            }))
            .expect("a database")
        })
        .collect::<Vec<_>>()
        .into()
}

/// Four branches of a project: `main` (default, production) and three previews.
fn branches(project: usize) -> Listing<Branch> {
    ["main", "feat/a", "feat/b", "fix/c"]
        .iter()
        .enumerate()
        .map(|(index, git_name)| {
            serde_json::from_value(json!({
                "id": format!("br_{project:04}_{index}"), "type": "branch", "gitName": git_name,
                "isDefault": index == 0, "role": if index == 0 { "production" } else { "preview" },
                "createdAt": "2026-02-01T10:00:00Z"
            }))
            .expect("a branch")
        })
        .collect::<Vec<_>>()
        .into()
}

fn me() -> Me {
    serde_json::from_value(json!({
        "user": {"id": "usr_1", "email": "bench@example.com", "name": "Bench"},
        "workspace": {"id": "wksp_bench", "name": "Bench Corp"},
        "credential": {"type": "serviceToken"}
    }))
    .expect("a /v1/me answer")
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Every project open with its databases (and its branches: none) loaded, the selection in the middle of the tree, and the list
/// heights the console gives the app.
fn loaded() -> App {
    let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
    app.heights = ui::list_heights;
    app.size = (100, 30);
    app.data.me = Loadable::Loaded(me());
    *app.data.projects = Loadable::Loaded((0..PROJECTS).map(project).collect::<Vec<_>>().into());
    for index in 0..PROJECTS {
        let id = project(index).id;
        app.data.databases.insert(id.clone(), Loadable::Loaded(databases(index)));
        // Opening a project reads its branches with its databases: these have none.
        app.data.branches.insert(id.clone(), Loadable::Loaded(Listing::default()));
        app.browse.expanded.insert(Node::Project(id));
    }
    let rows = app.rows();
    let rows_expected = 1 + PROJECTS * (1 + DATABASES_EACH) + 1;
    assert_eq!(rows.len(), rows_expected, "the workspace, its projects and databases, the Service tokens row");
    app.browse.selected = rows[rows.len() / 2].node.clone();
    app
}

/// As `loaded`, every project with four branches, all open, its databases spread over them.
fn branched() -> App {
    let mut app = loaded();
    for index in 0..PROJECTS {
        let project = project(index).id;
        let mut spread = databases(index);
        for (at, database) in spread.iter_mut().enumerate() {
            database.branch_id = Some(format!("br_{index:04}_{}", at % 4));
        }
        app.data.databases.insert(project.clone(), Loadable::Loaded(spread));
        app.data.branches.insert(project.clone(), Loadable::Loaded(branches(index)));
        for branch in 0..4 {
            let branch = Some(format!("br_{index:04}_{branch}"));
            app.browse.expanded.insert(Node::Branch { project: project.clone(), branch });
        }
    }
    let rows = app.rows();
    let rows_expected = 1 + PROJECTS * (1 + 4 + DATABASES_EACH) + 1;
    assert_eq!(rows.len(), rows_expected, "the workspace, projects, branches, databases, Service tokens");
    app.browse.selected = rows[rows.len() / 2].node.clone();
    app
}

/// As `loaded`, with the databases of a project above the selection being read again.
fn loading() -> App {
    let mut app = loaded();
    let reread = project(PROJECTS / 4).id;
    let partial = app.data.databases.remove(&reread).and_then(|list| list.value().cloned());
    app.data.databases.insert(reread, Loadable::Loading { request: IN_FLIGHT, partial });
    assert!(app.is_loading());
    app
}

/// The app and a terminal that already holds its frame (as in the running console).
fn drawn(app: App) -> (App, Terminal<TestBackend>) {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("a test terminal");
    terminal.draw(|frame| ui::draw(frame, &app, &Theme::dark())).expect("draw");
    (app, terminal)
}

fn frame(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|frame| ui::draw(frame, app, &Theme::dark())).expect("draw");
}

#[divan::bench]
fn j_10k_databases(bencher: Bencher) {
    let app = loaded();
    bencher.with_inputs(|| drawn(app.clone())).bench_local_refs(|(app, terminal)| {
        divan::black_box(update(app, key(KeyCode::Char('j'))));
        frame(app, terminal);
    });
}

#[divan::bench]
fn j_10k_in_branches(bencher: Bencher) {
    let app = branched();
    bencher.with_inputs(|| drawn(app.clone())).bench_local_refs(|(app, terminal)| {
        divan::black_box(update(app, key(KeyCode::Char('j'))));
        frame(app, terminal);
    });
}

#[divan::bench]
fn j_while_loading(bencher: Bencher) {
    let app = loading();
    bencher.with_inputs(|| drawn(app.clone())).bench_local_refs(|(app, terminal)| {
        divan::black_box(update(app, key(KeyCode::Char('j'))));
        frame(app, terminal);
    });
}

#[divan::bench]
fn reply_then_j(bencher: Bencher) {
    let app = loading();
    let project = project(PROJECTS / 4).id;
    let answer = Reply::Databases { project, result: Ok(databases(PROJECTS / 4)), cut_short: None };
    bencher.with_inputs(|| (drawn(app.clone()), Some(answer.clone()))).bench_local_refs(|((app, terminal), answer)| {
        let reply = Msg::Reply { request: IN_FLIGHT, reply: Box::new(answer.take().expect("one answer per run")) };
        divan::black_box(update(app, reply));
        divan::black_box(update(app, key(KeyCode::Char('j'))));
        frame(app, terminal);
    });
}

/// For scale: the `update` of one `j` alone.
#[divan::bench]
fn j_update_only(bencher: Bencher) {
    let app = loaded();
    bencher.with_inputs(|| app.clone()).bench_local_refs(|app| update(app, key(KeyCode::Char('j'))));
}

/// For scale: one frame alone, nothing changed since the last.
#[divan::bench]
fn frame_only(bencher: Bencher) {
    let (app, mut terminal) = drawn(loaded());
    bencher.bench_local(|| frame(&app, &mut terminal));
}
