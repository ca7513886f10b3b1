//! Tests of the keymap: defaults, config overrides and their problems, and docs/keys.md kept in step.
use super::*;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn defaults_cover_every_action() {
    let keymap = Keymap::default();
    for action in Action::ALL {
        assert!(!keymap.keys(action).is_empty(), "{action:?} has no key");
    }
    assert_eq!(keymap.action(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    assert_eq!(keymap.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
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
fn config_rebinds_and_reports_problems_with_lines() {
    let source = "[keys]\ncopy = \"c\"\nquit = [\"x\", \"ctrl-q\"]\nfly = \"f\"\nhelp = \"c\"\ndown = \"??\"\n";
    let table: toml::Table = toml::from_str(source).unwrap();
    let keys = table["keys"].as_table().unwrap();
    let (keymap, problems) = Keymap::from_config(keys, Some(source));
    assert_eq!(keymap.action(&press(KeyCode::Char('c'), KeyModifiers::NONE)), Some(Action::Copy));
    assert_eq!(keymap.action(&press(KeyCode::Char('y'), KeyModifiers::NONE)), None, "the old key is free");
    assert_eq!(keymap.hint(Action::Quit).as_deref(), Some("x"));
    assert!(problems.iter().any(|p| p.starts_with("line 4: unknown action \"fly\"")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("line 5") && p.contains("bound to both")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("line 6") && p.contains("cannot read")), "{problems:?}");
}

#[test]
fn a_rebinding_takes_a_default_key_away_from_its_action() {
    let table: toml::Table = toml::from_str("help = \"j\"").unwrap();
    let (keymap, problems) = Keymap::from_config(&table, None);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(keymap.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Help));
    assert_eq!(keymap.hint(Action::Down).as_deref(), Some("↓"));
}

mod docs {
    use super::super::{Action, Keymap};

    /// docs/keys.md lists every action with its default keys, so the documentation cannot drift.
    #[test]
    fn docs_keys_md_matches_the_defaults() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md")).unwrap();
        let keymap = Keymap::default();
        for action in Action::ALL {
            let line = docs
                .lines()
                .find(|line| line.starts_with(&format!("| `{}` |", action.name())))
                .unwrap_or_else(|| panic!("docs/keys.md has no row for {}", action.name()));
            for text in action.default_keys() {
                assert!(line.contains(&format!("`{text}`")), "docs/keys.md: {} lacks `{text}`", action.name());
            }
            assert_eq!(keymap.keys(action).len(), action.default_keys().len());
        }
    }
}
