//! What the app says and in which order it lists things: copy toasts, names sorted as people read them.
use super::*;

#[test]
fn a_copy_says_where_it_went_and_never_claims_more() {
    let cases = [
        (CopiedTo::System, "copied id (system clipboard)"),
        (CopiedTo::Tmux { clipboard: true }, "copied id to tmux's buffer and your terminal's clipboard"),
        (CopiedTo::Tmux { clipboard: false }, "copied id to tmux's buffer (paste with prefix ])"),
        (CopiedTo::Terminal, "sent id to your terminal (OSC 52); if nothing pasted, see docs/clipboard.md"),
    ];
    for (copied_to, toast) in cases {
        let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
        update(&mut app, Msg::Copied { label: "id".into(), outcome: Ok(copied_to) });
        assert_eq!(app.toast.as_ref().map(|toast| toast.text.as_str()), Some(toast));
    }
    let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
    update(&mut app, Msg::Copied { label: "id".into(), outcome: Err("no display".into()) });
    assert_eq!(app.toast.unwrap().text, "could not copy id: no display");
}

#[test]
fn names_sort_without_regard_to_case() {
    let mut names = ["Zürich", "batch-006", "Alpha", "alpha", "zeta"];
    names.sort_by(|a, b| crate::app::model::by_name(a, b));
    assert_eq!(names, ["Alpha", "alpha", "batch-006", "zeta", "Zürich"]);
}
