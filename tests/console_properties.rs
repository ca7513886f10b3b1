//! The real loop under random keys and random replies (out of order, late, twice), against the demo emulator:
//! after every step the tree's selection is the node the keys last chose, both selections lie inside their
//! lists, and no change reaches the API without a dialog confirmed with Enter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Jump, Node, Overlay};
use proptest::prelude::*;

/// What the user and the network do next.
#[derive(Debug, Clone)]
enum Step {
    /// A key press.
    Key(KeyCode),
    /// One waiting reply, picked among them (so replies arrive out of order, some long after).
    Deliver(usize),
    /// Every waiting reply, oldest first.
    DeliverAll,
    /// A reply delivered before, once more.
    Again(usize),
}

/// Moves, opening and closing, sections, the filter and the jump, and the keys that open dialogs.
/// `j` and `l` come more often, so that lists open above the cursor while their answers are on the way.
const KEYS: [KeyCode; 24] = [
    KeyCode::Char('j'),
    KeyCode::Char('j'),
    KeyCode::Char('j'),
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Char('l'),
    KeyCode::Char('l'),
    KeyCode::Char('l'),
    KeyCode::Char('h'),
    KeyCode::Char('g'),
    KeyCode::Char('G'),
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('3'),
    KeyCode::Char('/'),
    KeyCode::Char(':'),
    KeyCode::Char('n'),
    KeyCode::Char('d'),
    KeyCode::Char('e'),
    KeyCode::Char('r'),
    KeyCode::Char('R'),
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => prop::sample::select(KEYS.to_vec()).prop_map(Step::Key),
        3 => any::<usize>().prop_map(Step::Deliver),
        1 => Just(Step::DeliverAll),
        1 => any::<usize>().prop_map(Step::Again),
    ]
}

/// Whether Enter now would confirm a dialog (a form, a confirmation, a restore).
fn dialog_open(harness: &Harness) -> bool {
    matches!(harness.app().overlay, Some(Overlay::Form(_) | Overlay::Confirm(_) | Overlay::Restore(_)))
}

/// Both selections inside their lists, the scroll offsets too.
fn selections_in_range(harness: &Harness) -> Result<(), TestCaseError> {
    let app = harness.app();
    let rows = app.rows();
    if !rows.is_empty() {
        prop_assert!(app.tree_index(&rows) < rows.len(), "tree selection outside its {} rows", rows.len());
        prop_assert!(app.browse.tree_scroll < rows.len(), "tree scrolled past its rows");
    }
    let node = app.selected_node();
    let detail = ppg::app::detail_rows(app, &node);
    if !detail.is_empty() {
        prop_assert!(app.detail_index(&node, &detail) < detail.len(), "pane selection outside its rows");
        prop_assert!(app.browse.detail_scroll < detail.len(), "pane scrolled past its rows");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_selection_is_what_the_keys_chose_whatever_the_replies_do(steps in prop::collection::vec(step(), 1..80)) {
        let mut harness = Harness::holding();
        let mut chosen: Node = harness.app().browse.selected.clone();
        let mut confirmations = 0;
        for step in steps {
            let jump_was_waiting = matches!(harness.app().overlay, Some(Overlay::Jump(Jump { waiting: true, .. })));
            match step {
                Step::Key(code) => {
                    let confirms = code == KeyCode::Enter && dialog_open(&harness);
                    harness.press(code);
                    confirmations += usize::from(confirms);
                    chosen = harness.app().browse.selected.clone();
                }
                Step::Deliver(pick) => {
                    if harness.waiting() > 0 {
                        let index = pick % harness.waiting();
                        harness.deliver(index);
                    }
                }
                Step::DeliverAll => {
                    while harness.waiting() > 0 {
                        harness.deliver(0);
                    }
                }
                Step::Again(pick) => harness.deliver_again(pick),
            }
            // Enter on a jump while the index was loading chose where to go: the jump lands when it arrives.
            if jump_was_waiting && harness.app().overlay.is_none() {
                chosen = harness.app().browse.selected.clone();
            }
            prop_assert!(harness.ended.is_none(), "the console ended");
            let writes = harness.writes();
            prop_assert!(writes.len() <= confirmations, "a change without a confirmed dialog: {writes:?}");
            if writes.is_empty() {
                // Nothing changed in the workspace, so nothing vanished: the selection is the chosen node.
                prop_assert_eq!(&harness.app().browse.selected, &chosen);
            }
            selections_in_range(&harness)?;
        }
    }
}

/// The scene, with replies held: expand a project, move down three, then let its databases land.
#[test]
fn databases_landing_above_the_cursor_leave_the_selection_where_it_was() {
    let mut harness = Harness::holding();
    while harness.waiting() > 0 {
        harness.deliver(0);
    }
    let billing = harness.app().data.projects().iter().find(|p| p.name == "billing").unwrap().id.clone();
    harness.select(&Node::Project(billing.clone()));
    harness.press(KeyCode::Char('l'));
    for _ in 0..3 {
        harness.press(KeyCode::Char('j'));
    }
    let chosen = harness.app().browse.selected.clone();
    assert_ne!(chosen, Node::Project(billing.clone()));
    let before = harness.app().rows().iter().position(|row| row.node == chosen).unwrap();
    // Every held reply (billing's databases among them) lands now, newest first.
    while harness.waiting() > 0 {
        let last = harness.waiting() - 1;
        harness.deliver(last);
    }
    let app = harness.app();
    assert_eq!(app.browse.selected, chosen, "the selection stays on the project chosen");
    let rows = app.rows();
    let after = rows.iter().position(|row| row.node == chosen).unwrap();
    assert!(after > before, "billing's databases landed above it ({before} → {after})");
    assert_eq!(rows[app.tree_index(&rows)].node, chosen);
}
