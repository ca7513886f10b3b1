//! Selection by identity: data landing, refreshes, deletions elsewhere and filters never move the
//! selection onto another item; the selected row keeps its screen line while rows land above it.
use proptest::prelude::*;

use super::*;
use crate::app::load::{self, refresh};

/// An app whose workspace lists `projects` (id, name), nothing selected yet.
fn with_projects(projects: &[(String, String)]) -> App {
    let (mut app, effects) = started();
    let request = request_of(&effects, |f| *f == Fetch::Projects);
    answer_projects(&mut app, request, projects);
    app
}

fn answer_projects(app: &mut App, request: RequestId, projects: &[(String, String)]) {
    let page: Vec<Project> = projects.iter().map(|(id, name)| project(id, name)).collect();
    update(app, reply(request, Reply::Projects { page: Ok(page.into()), first: true, done: true }));
}

fn named(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(id, name)| (id.to_string(), name.to_string())).collect()
}

/// Loads the projects again and answers with `projects`.
fn projects_now(app: &mut App, projects: &[(String, String)]) {
    let effects = refresh(app, &Node::Workspace);
    let request = request_of(&effects, |f| *f == Fetch::Projects);
    answer_projects(app, request, projects);
}

fn databases_now(app: &mut App, project: &str, list: Vec<Database>) {
    let effects = refresh(app, &Node::Project(project.into()));
    let request = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let reply_ = Reply::Databases { project: project.into(), result: Ok(list.into()), cut_short: None };
    update(app, reply(request, reply_));
}

fn toast(app: &App) -> String {
    app.toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default()
}

fn go_to(app: &mut App, node: &Node) {
    for _ in 0..20 {
        if app.selected_node() == *node {
            return;
        }
        let rows = app.rows();
        let target = rows.iter().position(|row| &row.node == node).unwrap();
        update(app, char(if target > app.tree_index(&rows) { 'j' } else { 'k' }));
    }
    panic!("could not reach {node:?}");
}

const COMPANY: [(&str, &str); 3] =
    [("proj_bill", "billing"), ("proj_int", "internal-tools"), ("proj_mkt", "marketing-site")];

#[test]
fn answers_landing_late_never_move_the_selection() {
    for keep_open in [false, true] {
        let mut app = with_projects(&named(&COMPANY));
        let effects = update(&mut app, char('j'));
        let late = request_of(&effects, |f| matches!(f, Fetch::Databases { project } if project == "proj_bill"));
        update(&mut app, char('l'));
        if !keep_open {
            update(&mut app, char('h'));
        }
        go_to(&mut app, &Node::Project("proj_mkt".into()));
        let list = vec![
            database("db_b1", "proj_bill", "ledger", "ready", true),
            database("db_b2", "proj_bill", "invoices", "ready", false),
        ];
        let answer = Reply::Databases { project: "proj_bill".into(), result: Ok(list.into()), cut_short: None };
        update(&mut app, reply(late, answer));
        assert_eq!(app.rows().len(), if keep_open { 6 } else { 4 }, "billing's databases are in");
        assert_eq!(app.selected_node(), Node::Project("proj_mkt".into()), "open: {keep_open}");
        let effects = update(&mut app, char('y'));
        assert_eq!(effects, vec![Effect::Copy { text: "proj_mkt".into(), label: "project id".into() }]);
    }
}

#[test]
fn an_item_deleted_elsewhere_gives_way_to_its_neighbour_with_a_toast() {
    let three = named(&[("proj_a", "alpha"), ("proj_b", "bravo"), ("proj_c", "charlie")]);
    let mut app = with_projects(&three);
    go_to(&mut app, &Node::Project("proj_b".into()));
    projects_now(&mut app, &named(&[("proj_a", "alpha"), ("proj_c", "charlie")]));
    assert_eq!(app.selected_node(), Node::Project("proj_c".into()), "the item now at its index");
    assert_eq!(toast(&app), "bravo is gone; selected charlie");
    projects_now(&mut app, &named(&[("proj_a", "alpha")]));
    assert_eq!(app.selected_node(), Node::Project("proj_a".into()), "else the one before");
    assert_eq!(toast(&app), "charlie is gone; selected alpha");

    // Databases: the sibling before, then the parent.
    update(&mut app, char('l'));
    let list =
        vec![database("db_1", "proj_a", "main", "ready", true), database("db_2", "proj_a", "zeta", "ready", false)];
    databases_now(&mut app, "proj_a", list);
    let last = app.rows().last().unwrap().node.clone();
    go_to(&mut app, &last);
    let other = if last == Node::Database("db_1".into()) { "db_2" } else { "db_1" };
    let kept = app.data.databases_of("proj_a").into_iter().find(|d| d.id == other).unwrap().clone();
    databases_now(&mut app, "proj_a", vec![kept]);
    assert_eq!(app.selected_node(), Node::Database(other.into()));
    assert!(toast(&app).ends_with(&format!("is gone; selected {}", if other == "db_1" { "main" } else { "zeta" })));
    databases_now(&mut app, "proj_a", Vec::new());
    assert_eq!(app.selected_node(), Node::Project("proj_a".into()), "the parent when no sibling is left");
    assert!(toast(&app).ends_with("is gone; selected alpha"), "{}", toast(&app));
}

#[test]
fn a_filter_shows_the_nearest_match_and_clearing_it_brings_the_choice_back() {
    let mut app = browsing();
    go_to(&mut app, &Node::Project("proj_b".into()));
    let before = app.toast.clone();
    update(&mut app, char('/'));
    for c in "cop".chars() {
        update(&mut app, char(c));
    }
    assert_eq!(app.browse.selected, Node::Project("proj_b".into()), "the choice is kept");
    assert_eq!(app.selected_node(), Node::Database("db_2".into()), "shown on the nearest visible row");
    assert_eq!(app.toast, before, "hiding by a filter is no news");
    let effects = update(&mut app, char('y'));
    assert!(effects.is_empty() || !effects.iter().any(|e| matches!(e, Effect::Copy { text, .. } if text == "proj_b")));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.selected_node(), Node::Project("proj_b".into()), "back on the choice");
    update(&mut app, char('/'));
    for c in "bet".chars() {
        update(&mut app, char(c));
    }
    assert_eq!(app.selected_node(), Node::Project("proj_b".into()), "a match stays selected");
    update(&mut app, key(KeyCode::Enter));
    let effects = update(&mut app, char('y'));
    assert_eq!(effects, vec![Effect::Copy { text: "proj_b".into(), label: "project id".into() }]);
}

/// The screen line (0-based) of the first line containing `text`.
fn line_of(app: &App, text: &str) -> usize {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| crate::ui::draw(frame, app, &crate::ui::Theme::plain())).unwrap();
    let screen = terminal.backend().to_string();
    screen.lines().position(|line| line.contains(text)).unwrap_or_else(|| panic!("no {text} in\n{screen}"))
}

#[test]
fn rows_landing_above_keep_the_selected_row_on_its_screen_line() {
    let many: Vec<(String, String)> =
        (0..10_000).map(|n| (format!("proj_{n:05}"), format!("project-{n:05}"))).collect();
    let mut app = with_projects(&many);
    app.size = (100, 30);
    super::super::selection::select_node(&mut app, Node::Project("proj_05010".into()));
    for _ in 0..10 {
        update(&mut app, char('k'));
    }
    assert_eq!(app.tree_index(&app.rows()), 5_001);
    let line = line_of(&app, "›  ▸ project-05000");
    assert!(line > 5 && line < 25, "in the middle: {line}");
    let mut more: Vec<(String, String)> = (0..100).map(|n| (format!("proj_new{n}"), format!("aaa-{n:03}"))).collect();
    more.extend(many.iter().cloned());
    projects_now(&mut app, &more);
    assert_eq!(app.selected_node(), Node::Project("proj_05000".into()));
    assert_eq!(app.tree_index(&app.rows()), 5_101);
    assert_eq!(line_of(&app, "›  ▸ project-05000"), line, "the view did not jump");

    // The same in the right pane's table.
    super::super::selection::select_node(&mut app, Node::Workspace);
    update(&mut app, key(KeyCode::Tab));
    app.browse.detail_selected = Some(RowKey::Id("proj_05010".into()));
    load::follow_selection(&mut app);
    for _ in 0..10 {
        update(&mut app, char('k'));
    }
    let line = line_of(&app, "› project-05000");
    projects_now(&mut app, &many);
    assert_eq!(crate::app::selection::selected_row(&app).map(|row| row.id().to_owned()), Some("proj_05000".into()));
    assert_eq!(line_of(&app, "› project-05000"), line, "the table did not jump");
}

fn any_key() -> impl Strategy<Value = Msg> {
    let chars = prop::sample::select(vec![
        'j', 'k', 'g', 'G', 'l', 'h', '1', '2', '3', '/', ':', '?', '!', 'R', 'y', 'W', 'a', 'x', 'c',
    ]);
    let codes = prop::sample::select(vec![
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::PageDown,
        KeyCode::Backspace,
    ]);
    prop_oneof![
        chars.prop_map(char),
        codes.prop_map(key),
        (1u16..300, 1u16..100).prop_map(|(w, h)| Msg::Resize(w, h)),
        (0usize..8).prop_map(Msg::SelectRow)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Whatever is pressed, nothing panics and both selections are items inside their lists.
    #[test]
    fn random_keys_keep_the_selection_valid(keys in prop::collection::vec(any_key(), 1..60)) {
        let mut app = browsing();
        for msg in keys {
            let effects = update(&mut app, msg);
            prop_assert!(!effects.contains(&Effect::Quit) || app.overlay.is_none());
            let rows = app.rows();
            let node = app.selected_node();
            prop_assert!(app.tree_index(&rows) < rows.len(), "{} of {}", app.tree_index(&rows), rows.len());
            prop_assert!(rows.iter().any(|row| row.node == node), "{node:?} is not shown");
            prop_assert!(tree::all_rows(&app).iter().any(|row| row.node == app.browse.selected), "{:?} exists", app.browse.selected);
            let details = detail::rows(&app, &node);
            if !details.is_empty() {
                prop_assert!(app.detail_index(&node, &details) < details.len());
                // No key yet (a list still loading) means the row shown first; a key is always a row of the list.
                let key = app.browse.detail_selected.clone();
                prop_assert!(key.is_none_or(|key| detail::all_rows(&app, &node).iter().any(|row| row.is(&key))));
            }
        }
    }
}

#[test]
fn a_row_of_the_right_pane_deleted_elsewhere_gives_way_to_its_neighbour() {
    let three = named(&[("proj_a", "alpha"), ("proj_b", "bravo"), ("proj_c", "charlie")]);
    let mut app = with_projects(&three);
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, char('j'));
    assert_eq!(crate::app::selection::selected_row(&app).map(|row| row.id().to_owned()), Some("proj_b".into()));
    projects_now(&mut app, &named(&[("proj_a", "alpha"), ("proj_c", "charlie")]));
    assert_eq!(crate::app::selection::selected_row(&app).map(|row| row.id().to_owned()), Some("proj_c".into()));
    assert_eq!(toast(&app), "bravo is gone; selected charlie");
    projects_now(&mut app, &[]);
    assert_eq!(app.browse.focus, Pane::Tree, "an empty table hands the keyboard back to the tree");
    assert_eq!(app.selected_node(), Node::Workspace);
}
