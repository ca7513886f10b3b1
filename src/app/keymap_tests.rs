//! Tests of the keymap: defaults per mode, config overrides and their problems, and docs/keys.md kept in step.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn char(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn configured(source: &str) -> (Keymap, Vec<String>) {
    let table: toml::Table = toml::from_str(source).unwrap();
    Keymap::from_config(&table, Some(source))
}

#[test]
fn defaults_give_every_action_a_key_in_some_mode() {
    let keymap = Keymap::default();
    for action in Action::ALL {
        assert!(Mode::ALL.iter().any(|mode| !keymap.keys_in(*mode, action).is_empty()), "{action:?} has no key");
    }
    for mode in Mode::ALL {
        for (action, keys) in keymap.own(mode) {
            assert!(!keys.is_empty(), "{action:?} has no key in {mode:?}");
        }
        assert_eq!(keymap.action_in(mode, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    }
    assert_eq!(keymap.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
    assert_eq!(keymap.action(&char('t')), Some(Action::Test));
    assert_eq!(keymap.action(&char('p')), Some(Action::Psql));
}

#[test]
fn a_mode_map_comes_first_and_the_common_one_fills_in() {
    let keymap = Keymap::default();
    let enter = press(KeyCode::Enter, KeyModifiers::NONE);
    let tab = press(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(keymap.action_in(Mode::Browse, &enter), Some(Action::Open));
    assert_eq!(keymap.action_in(Mode::Dialog, &enter), Some(Action::Submit));
    assert_eq!(keymap.action_in(Mode::Browse, &tab), Some(Action::SwitchPane));
    assert_eq!(keymap.action_in(Mode::Form, &tab), Some(Action::NextField));
    assert_eq!(keymap.action_in(Mode::Jump, &tab), Some(Action::Down));
    // The secret panel has no `j` of its own: the common map moves down.
    assert_eq!(keymap.action_in(Mode::Secrets, &char('j')), Some(Action::Down));
    assert_eq!(keymap.action_in(Mode::Secrets, &char('s')), Some(Action::Reveal));
    assert_eq!(keymap.action_in(Mode::Browse, &char('s')), None, "reveal is the secret panel's");
    // `down` is taken over by the form's next field: it is not listed as the form's `down`.
    assert_eq!(keymap.hint_in(Mode::Form, Action::Down).as_deref(), Some("j"));
    assert_eq!(keymap.hint_in(Mode::Dialog, Action::Confirm).as_deref(), Some("y"));
}

#[test]
fn parses_and_labels_keys() {
    for text in ["j", "G", "?", "ctrl-c", "alt-x", "enter", "esc", "tab", "pgdn", "f5", "space"] {
        let key = Key::parse(text).unwrap();
        assert_eq!(Key::parse(&key.label()).unwrap_or(key), key, "{text}");
    }
    assert_eq!(Key::parse("jj"), None);
    assert_eq!(Key::parse("f99"), None);
}

#[test]
fn config_rebinds_everywhere_and_reports_problems_with_lines() {
    let (keymap, problems) =
        configured("copy = \"c\"\nquit = [\"x\", \"ctrl-q\"]\nfly = \"f\"\nhelp = \"c\"\ndown = \"??\"\n");
    assert_eq!(keymap.action(&char('c')), Some(Action::Copy));
    assert_eq!(keymap.action(&char('y')), None, "the old key is free");
    assert_eq!(keymap.action_in(Mode::Secrets, &char('c')), Some(Action::Copy), "the rebinding shows everywhere");
    assert_eq!(keymap.hint_in(Mode::CopyMenu, Action::Copy).as_deref(), Some("c"));
    assert_eq!(keymap.hint(Action::Quit).as_deref(), Some("x"));
    assert!(problems.iter().any(|p| p.starts_with("line 3: unknown action \"fly\"")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("line 4") && p.contains("bound to both")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("line 5") && p.contains("cannot read")), "{problems:?}");
}

#[test]
fn a_mode_table_rebinds_in_that_mode_only() {
    let (keymap, problems) = configured("[secrets]\ncopy = \"c\"\n[jump]\nsubmit = \"ctrl-j\"\n[nowhere]\nx = \"x\"\n");
    assert_eq!(keymap.action_in(Mode::Secrets, &char('c')), Some(Action::Copy));
    assert_eq!(keymap.action(&char('y')), Some(Action::Copy), "browsing keeps y");
    let ctrl_j = press(KeyCode::Char('j'), KeyModifiers::CONTROL);
    assert_eq!(keymap.action_in(Mode::Jump, &ctrl_j), Some(Action::Submit));
    assert!(problems.iter().any(|p| p.contains("line 5") && p.contains("unknown mode [keys.nowhere]")), "{problems:?}");
}

#[test]
fn a_rebinding_takes_a_default_key_away_from_its_action() {
    let (keymap, problems) = configured("help = \"j\"");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(keymap.action(&char('j')), Some(Action::Help));
    assert_eq!(keymap.hint(Action::Down).as_deref(), Some("↓"));
    // A key given to a common action wins over a mode's default.
    let (keymap, problems) = configured("down = [\"j\", \"tab\"]");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(keymap.action(&press(KeyCode::Tab, KeyModifiers::NONE)), Some(Action::Down));
}

#[test]
fn confirm_never_shares_a_key_with_what_opens_a_dialog() {
    // The case: rotate on `y`, the default confirm key.
    let (keymap, problems) = configured("rotate = \"y\"\n");
    assert_eq!(keymap.action(&char('y')), Some(Action::Rotate));
    assert!(keymap.keys_in(Mode::Dialog, Action::Confirm).is_empty(), "confirm lost y");
    assert_eq!(keymap.action_in(Mode::Dialog, &char('y')), None);
    let problem = problems.iter().find(|p| p.contains("confirm")).expect("reported");
    assert!(problem.starts_with("line 1: key \"y\" opens the rotate dialog"), "{problem}");
    // Confirm bound to the delete key, in the dialog's own table.
    let (keymap, problems) = configured("[dialog]\nconfirm = [\"d\", \"ctrl-y\"]\n");
    let kept: Vec<String> = keymap.keys_in(Mode::Dialog, Action::Confirm).iter().map(Key::label).collect();
    assert_eq!(kept, ["ctrl-y"]);
    assert!(problems.iter().any(|p| p.contains("\"d\" opens the delete dialog")), "{problems:?}");
    // The defaults never conflict.
    assert!(Keymap::from_config(&toml::Table::new(), None).1.is_empty());
}

mod docs {
    use super::super::{Keymap, Mode};

    /// docs/keys.md lists every mode's actions with their default keys, so the documentation cannot drift.
    #[test]
    fn docs_keys_md_matches_the_defaults() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md")).unwrap();
        let keymap = Keymap::default();
        for mode in Mode::ALL {
            let heading = format!("### `{}`", mode.name());
            let section = docs.split("\n### ").find(|section| format!("### {section}").starts_with(&heading));
            let section = section.unwrap_or_else(|| panic!("docs/keys.md has no section {heading}"));
            let section = section.split("\n## ").next().unwrap_or_default();
            for (action, keys) in mode.defaults() {
                let line = section
                    .lines()
                    .find(|line| line.starts_with(&format!("| `{}` |", action.name())))
                    .unwrap_or_else(|| panic!("docs/keys.md {heading} has no row for {}", action.name()));
                for text in *keys {
                    assert!(
                        line.contains(&format!("`{text}`")),
                        "docs/keys.md {heading}: {} lacks `{text}`",
                        action.name()
                    );
                }
                assert_eq!(keymap.keys_in(mode, *action).len(), keys.len(), "{mode:?} {action:?}");
            }
        }
    }
}
