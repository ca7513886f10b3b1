//! TUI benchmarks on a workspace of 10,000 projects (issue 4, "Must show"):
//!
//! - drawing one 100×30 frame of the tree (selection in the middle) ≤ 2 ms;
//! - drawing one frame with the right pane showing the 10,000-row projects table ≤ 2 ms;
//! - filtering 10,000 names ≤ 2 ms (`App::rows` with a filter, and typing one character through `update`);
//! - `update` of one key press (`j`) on that tree.
//!
//! Setup (10,000 projects fed through `update` as the reply to the start-up `Fetch::Projects`) is
//! never inside the measured closure. Run with `cargo bench --bench tui`; figures in docs/benchmarks.md.
// Set-up that cannot go wrong on fixed data; a benchmark should stop loudly if it does.
#![allow(clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use ppg::api::{Me, Project};
use ppg::app::{App, Effect, Fetch, Msg, Node, Options, Pane, Reply, update};
use ppg::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

const PROJECTS: usize = 10_000;
const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;
/// The filter typed in the filter benchmarks: matches one name in ten (see `names`).
const FILTER: &str = "billing";

fn main() {
    divan::main();
}

/// Words the project names are made of; ten of them so that each matches about a tenth of the list.
const WORDS: [&str; 10] =
    ["checkout", "billing", "search", "analytics", "auth", "inventory", "shipping", "reports", "gateway", "mailer"];
const KINDS: [&str; 5] = ["api", "worker", "staging", "prod", "sandbox"];

/// 10,000 distinct names in a scrambled order (so sorting them does real work), such as
/// `billing-worker-0421`.
fn names() -> Vec<String> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        // xorshift64*: deterministic, no dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut names: Vec<String> = (0..PROJECTS)
        .map(|index| format!("{}-{}-{index:04}", WORDS[index % WORDS.len()], KINDS[(index / 10) % KINDS.len()]))
        .collect();
    for index in (1..names.len()).rev() {
        let other = (next() % (index as u64 + 1)) as usize;
        names.swap(index, other);
    }
    names
}

fn projects() -> Vec<Project> {
    names()
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            let region = ["us-east-1", "eu-central-1", "ap-northeast-1"][index % 3];
            serde_json::from_value(json!({
                "id": format!("proj_{index:06}"), "type": "project",
                "url": format!("https://api.prisma.io/v1/projects/proj_{index:06}"),
                "name": name, "logicalId": null, "createdAt": "2026-01-15T10:00:00Z",
                "defaultRegion": region,
                "workspace": {"id": "wksp_bench", "name": "Bench Corp"}
            }))
            .expect("a project")
        })
        .collect()
}

fn me() -> Me {
    serde_json::from_value(json!({
        "user": {"id": "usr_1", "email": "bench@example.com", "name": "Bench"},
        "workspace": {"id": "wksp_bench", "name": "Bench Corp"},
        "credential": {"type": "serviceToken"}
    }))
    .expect("a /v1/me answer")
}

fn request_of(effects: &[Effect], wanted: Fetch) -> u64 {
    effects
        .iter()
        .find_map(|effect| match effect {
            Effect::Fetch { request, fetch } if *fetch == wanted => Some(*request),
            _ => None,
        })
        .expect("the start-up fetch")
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The app after start-up: `/v1/me` answered and all 10,000 projects loaded through `update`,
/// the tree showing the workspace expanded (10,002 rows: the projects and the Service tokens row).
fn loaded() -> App {
    let (mut app, effects) = App::new(Options { has_token: true, ..Options::default() });
    let me_request = request_of(&effects, Fetch::Me);
    let projects_request = request_of(&effects, Fetch::Projects);
    update(&mut app, Msg::Reply { request: me_request, reply: Box::new(Reply::Me(Ok(me()))) });
    update(
        &mut app,
        Msg::Reply {
            request: projects_request,
            reply: Box::new(Reply::Projects { page: Ok(projects().into()), first: true, done: true }),
        },
    );
    assert_eq!(app.rows().len(), PROJECTS + 2, "the workspace, its projects and the Service tokens row");
    app
}

/// The tree with the selection in the middle of the list.
fn tree_middle() -> App {
    let mut app = loaded();
    app.browse.selected = app.rows()[PROJECTS / 2].node.clone();
    app
}

/// The workspace selected, the keyboard in the right pane's projects table, its selection in the middle.
fn projects_table() -> App {
    let mut app = loaded();
    app.browse.selected = Node::Workspace;
    app.browse.focus = Pane::Detail;
    let middle = ppg::app::detail_rows(&app, &Node::Workspace)[PROJECTS / 2].key();
    app.browse.detail_selected = Some(middle);
    app
}

/// The tree's filter open with `typed` in it, typed through `update`.
fn filtering(typed: &str) -> App {
    let mut app = loaded();
    update(&mut app, key(KeyCode::Char('/')));
    for c in typed.chars() {
        update(&mut app, key(KeyCode::Char(c)));
    }
    assert!(app.browse.filter.is_some(), "`/` opens the filter");
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

/// Draws into a terminal that already holds the previous frame (as in the running TUI).
fn draw_repeated(bencher: Bencher, app: App) {
    let theme = Theme::dark();
    let mut terminal = terminal();
    terminal.draw(|frame| ui::draw(frame, &app, &theme)).expect("draw");
    bencher.bench_local(|| {
        terminal.draw(|frame| ui::draw(frame, &app, &theme)).expect("draw");
    });
}

mod draw {
    use super::*;

    /// (a) One 100×30 frame of the tree of 10,000 projects, the selection in the middle.
    #[divan::bench]
    fn tree_10k(bencher: Bencher) {
        draw_repeated(bencher, tree_middle());
    }

    /// (a′) The same into a fresh terminal, so every cell differs from the previous (empty) buffer.
    #[divan::bench]
    fn tree_10k_first_frame(bencher: Bencher) {
        let app = tree_middle();
        let theme = Theme::dark();
        bencher.with_inputs(terminal).bench_local_refs(|terminal| {
            terminal.draw(|frame| ui::draw(frame, &app, &theme)).expect("draw");
        });
    }

    /// (b) The workspace selected: the right pane shows the 10,000-row projects table.
    #[divan::bench]
    fn projects_table_10k(bencher: Bencher) {
        draw_repeated(bencher, projects_table());
    }

    /// (b′) The tree filtered to one name in ten while drawing (filter text in the footer too).
    #[divan::bench]
    fn tree_10k_filtered(bencher: Bencher) {
        draw_repeated(bencher, filtering(FILTER));
    }
}

mod filter {
    use super::*;

    /// (c) The tree's rows with a filter text applied: 10,000 names tested.
    #[divan::bench]
    fn rows_10k(bencher: Bencher) {
        let app = filtering(FILTER);
        let expected = app.rows().len();
        assert!(expected > 1 && expected < PROJECTS, "the filter keeps some: {expected}");
        bencher.bench_local(|| divan::black_box(app.rows()));
    }

    /// (c, for scale) The tree's rows with no filter.
    #[divan::bench]
    fn rows_10k_unfiltered(bencher: Bencher) {
        let app = loaded();
        bencher.bench_local(|| divan::black_box(app.rows()));
    }

    /// (c) Typing the last character of the filter through `update` (`billin` → `billing`).
    #[divan::bench]
    fn type_one_char(bencher: Bencher) {
        let (typed, last) = FILTER.split_at(FILTER.len() - 1);
        let last = last.chars().next().expect("a character");
        let app = filtering(typed);
        bencher.with_inputs(|| app.clone()).bench_local_refs(|app| update(app, key(KeyCode::Char(last))));
    }

    /// (c) Typing the first character into an empty filter (`/` pressed): the widest result.
    #[divan::bench]
    fn type_first_char(bencher: Bencher) {
        let app = filtering("");
        bencher.with_inputs(|| app.clone()).bench_local_refs(|app| update(app, key(KeyCode::Char('b'))));
    }
}

mod keys {
    use super::*;

    /// (d) `j` on the tree of 10,000 projects, the selection in the middle (moves, asks for the
    /// next project's databases).
    #[divan::bench]
    fn j_on_tree_10k(bencher: Bencher) {
        let app = tree_middle();
        bencher.with_inputs(|| app.clone()).bench_local_refs(|app| update(app, key(KeyCode::Char('j'))));
    }
}
