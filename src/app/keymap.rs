//! What a user can ask (`Action`) and the keys that ask it: defaults, config overrides, labels for hints.
use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

/// Everything a key can be bound to; the names are the config's (`[keys] copy = "y"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    SwitchPane,
    Connections,
    Backups,
    Usage,
    Filter,
    Jump,
    Help,
    ErrorLog,
    Refresh,
    Copy,
    New,
    Rename,
    Delete,
    Restore,
    Rotate,
    Reveal,
    WriteEnv,
    Test,
    Psql,
    SwitchProfile,
    Quit,
}

impl Action {
    pub const ALL: [Action; 29] = [
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::Back,
        Action::SwitchPane,
        Action::Connections,
        Action::Backups,
        Action::Usage,
        Action::Filter,
        Action::Jump,
        Action::Help,
        Action::ErrorLog,
        Action::Refresh,
        Action::Copy,
        Action::New,
        Action::Rename,
        Action::Delete,
        Action::Restore,
        Action::Rotate,
        Action::Reveal,
        Action::WriteEnv,
        Action::Test,
        Action::Psql,
        Action::SwitchProfile,
        Action::Quit,
    ];

    /// Whether it changes something through the API: refused in read-only mode.
    pub fn is_mutating(self) -> bool {
        matches!(self, Action::New | Action::Rename | Action::Delete | Action::Restore | Action::Rotate)
    }

    /// The config's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Open => "open",
            Action::Back => "back",
            Action::SwitchPane => "switch_pane",
            Action::Connections => "connections",
            Action::Backups => "backups",
            Action::Usage => "usage",
            Action::Filter => "filter",
            Action::Jump => "jump",
            Action::Help => "help",
            Action::ErrorLog => "error_log",
            Action::Refresh => "refresh",
            Action::Copy => "copy",
            Action::New => "new",
            Action::Rename => "rename",
            Action::Delete => "delete",
            Action::Restore => "restore",
            Action::Rotate => "rotate",
            Action::Reveal => "reveal",
            Action::WriteEnv => "write_env",
            Action::Test => "test",
            Action::Psql => "psql",
            Action::SwitchProfile => "switch_profile",
            Action::Quit => "quit",
        }
    }

    /// A few words for the help screen and the hints.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Open => "open or expand",
            Action::Back => "back or collapse",
            Action::SwitchPane => "switch pane",
            Action::Connections => "connections of the database",
            Action::Backups => "backups of the database",
            Action::Usage => "usage of the database",
            Action::Filter => "filter the list",
            Action::Jump => "jump to anything",
            Action::Help => "help",
            Action::ErrorLog => "message log",
            Action::Refresh => "refresh or retry",
            Action::Copy => "copy",
            Action::New => "new project, database or connection",
            Action::Rename => "rename",
            Action::Delete => "delete",
            Action::Restore => "restore a backup",
            Action::Rotate => "rotate credentials",
            Action::Reveal => "show or hide secrets",
            Action::WriteEnv => "write .env",
            Action::Test => "test the connection",
            Action::Psql => "open psql",
            Action::SwitchProfile => "switch profile",
            Action::Quit => "quit",
        }
    }

    fn default_keys(self) -> &'static [&'static str] {
        match self {
            Action::Up => &["k", "up"],
            Action::Down => &["j", "down"],
            Action::Top => &["g", "home"],
            Action::Bottom => &["G", "end"],
            Action::PageUp => &["pgup"],
            Action::PageDown => &["pgdn"],
            Action::Open => &["l", "enter", "right"],
            Action::Back => &["h", "esc", "left"],
            Action::SwitchPane => &["tab"],
            Action::Connections => &["1"],
            Action::Backups => &["2"],
            Action::Usage => &["3"],
            Action::Filter => &["/"],
            Action::Jump => &[":"],
            Action::Help => &["?"],
            Action::ErrorLog => &["!"],
            Action::Refresh => &["R"],
            Action::Copy => &["y"],
            Action::New => &["n"],
            Action::Rename => &["e"],
            Action::Delete => &["d"],
            Action::Restore => &["r"],
            Action::Rotate => &["o"],
            Action::Reveal => &["s"],
            Action::WriteEnv => &["w"],
            Action::Test => &["t"],
            Action::Psql => &["p"],
            Action::SwitchProfile => &["W"],
            Action::Quit => &["q", "ctrl-c"],
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.name() == name)
    }
}

/// A key as bound: the code, and Ctrl/Alt (Shift is in the character itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        let modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        Key { code: event.code, modifiers }
    }

    /// Parses `j`, `G`, `?`, `ctrl-c`, `alt-x`, `enter`, `esc`, `tab`, `up`, `pgdn`, `f5`, `space`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(after) = rest.strip_prefix("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = after;
            } else if let Some(after) = rest.strip_prefix("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = after;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "delete" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?),
            single => {
                let mut chars = single.chars();
                let first = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(first)
            }
        };
        Some(Key { code, modifiers })
    }

    /// How the key is written in hints and help.
    pub fn label(&self) -> String {
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("alt-");
        }
        match self.code {
            KeyCode::Char(' ') => label.push_str("space"),
            KeyCode::Char(c) => label.push(c),
            KeyCode::Enter => label.push_str("enter"),
            KeyCode::Esc => label.push_str("esc"),
            KeyCode::Tab => label.push_str("tab"),
            KeyCode::BackTab => label.push_str("backtab"),
            KeyCode::Backspace => label.push_str("backspace"),
            KeyCode::Up => label.push('↑'),
            KeyCode::Down => label.push('↓'),
            KeyCode::Left => label.push('←'),
            KeyCode::Right => label.push('→'),
            KeyCode::Home => label.push_str("home"),
            KeyCode::End => label.push_str("end"),
            KeyCode::PageUp => label.push_str("pgup"),
            KeyCode::PageDown => label.push_str("pgdn"),
            KeyCode::Delete => label.push_str("delete"),
            KeyCode::F(n) => label.push_str(&format!("f{n}")),
            _ => label.push('?'),
        }
        label
    }
}

/// The bindings in force: key → action, and each action's keys in order (the first is shown in hints).
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    by_action: HashMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut keymap = Keymap { by_key: HashMap::new(), by_action: HashMap::new() };
        for action in Action::ALL {
            let keys: Vec<Key> = action.default_keys().iter().filter_map(|text| Key::parse(text)).collect();
            keymap.bind(action, keys);
        }
        keymap
    }
}

impl Keymap {
    fn bind(&mut self, action: Action, keys: Vec<Key>) {
        for key in &keys {
            self.by_key.insert(*key, action);
        }
        self.by_action.insert(action, keys);
    }

    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.by_key.get(&Key::from_event(event)).copied()
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.by_action.get(&action).map(Vec::as_slice).unwrap_or_default()
    }

    /// The first key of `action`, for hints; `None` when it is unbound.
    pub fn hint(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(Key::label)
    }

    /// The defaults with the config's `[keys]` applied. Each problem (unknown action, unreadable key,
    /// a key bound twice) is reported with its line in `source` when it can be found, and skipped.
    pub fn from_config(keys: &toml::Table, source: Option<&str>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        let line = |name: &str| {
            source
                .and_then(|text| {
                    text.lines().position(|line| {
                        let line = line.trim_start();
                        line.strip_prefix(name).is_some_and(|rest| rest.trim_start().starts_with('='))
                    })
                })
                .map_or_else(String::new, |index| format!("line {}: ", index + 1))
        };
        let mut rebound: HashMap<Key, Action> = HashMap::new();
        for (name, value) in keys {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!("{}unknown action {name:?} in [keys]", line(name)));
                continue;
            };
            let texts: Vec<&str> = match value {
                toml::Value::String(text) => vec![text.as_str()],
                toml::Value::Array(items) => items.iter().filter_map(toml::Value::as_str).collect(),
                _ => {
                    problems.push(format!("{}[keys] {name} must be a key or a list of keys", line(name)));
                    continue;
                }
            };
            let mut parsed = Vec::new();
            for text in texts {
                match Key::parse(text) {
                    Some(key) => match rebound.get(&key) {
                        Some(other) if *other != action => problems.push(format!(
                            "{}key {text:?} is bound to both {} and {}",
                            line(name),
                            other.name(),
                            action.name()
                        )),
                        _ => {
                            rebound.insert(key, action);
                            parsed.push(key);
                        }
                    },
                    None => problems.push(format!("{}[keys] {name}: cannot read the key {text:?}", line(name))),
                }
            }
            for old in keymap.keys(action).to_vec() {
                keymap.by_key.remove(&old);
            }
            keymap.bind(action, parsed);
        }
        // A default key taken by a rebinding now belongs to the new action only.
        for (key, action) in &rebound {
            for (other, keys) in keymap.by_action.iter_mut() {
                if other != action {
                    keys.retain(|k| k != key);
                }
            }
            keymap.by_key.insert(*key, *action);
        }
        (keymap, problems)
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
