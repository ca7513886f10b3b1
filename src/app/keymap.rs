//! The keys in force, per mode: each mode's own map, then the common fallback; defaults and `[keys]` overrides.
use std::collections::HashMap;

use crossterm::event::KeyEvent;

pub use super::action::{Action, Key, Press};

/// What has the keyboard, each with its own map; `Common` is the fallback every mode shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Common,
    Browse,
    Form,
    Dialog,
    Jump,
    Secrets,
    CopyMenu,
    /// Help and the error log: text to read and scroll.
    Help,
}

impl Mode {
    pub const ALL: [Mode; 8] =
        [Mode::Common, Mode::Browse, Mode::Form, Mode::Dialog, Mode::Jump, Mode::Secrets, Mode::CopyMenu, Mode::Help];

    /// The config's name for it: `[keys.dialog]`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Common => "common",
            Mode::Browse => "browse",
            Mode::Form => "form",
            Mode::Dialog => "dialog",
            Mode::Jump => "jump",
            Mode::Secrets => "secrets",
            Mode::CopyMenu => "copy_menu",
            Mode::Help => "help",
        }
    }

    /// The heading of its keys in help.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Common => "Everywhere (unless the mode binds the key)",
            Mode::Browse => "Browsing the tree and the tables",
            Mode::Form => "Forms (new, rename)",
            Mode::Dialog => "Dialogs (delete, rotate, restore)",
            Mode::Jump => "Jump",
            Mode::Secrets => "Secret panel",
            Mode::CopyMenu => "Copy menu",
            Mode::Help => "Help and the message log",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|mode| mode.name() == name)
    }

    /// The mode's own bindings, in the order help lists them.
    pub fn defaults(self) -> &'static [(Action, &'static [&'static str])] {
        match self {
            Mode::Common => &[
                (Action::Up, &["k", "up"]),
                (Action::Down, &["j", "down"]),
                (Action::Top, &["g", "home"]),
                (Action::Bottom, &["G", "end"]),
                (Action::PageUp, &["pgup"]),
                (Action::PageDown, &["pgdn"]),
                (Action::Help, &["?"]),
                (Action::Quit, &["q", "ctrl-c"]),
            ],
            Mode::Browse => &[
                (Action::Open, &["l", "enter", "right"]),
                (Action::Back, &["h", "esc", "left"]),
                (Action::SwitchPane, &["tab"]),
                (Action::Connections, &["1"]),
                (Action::Backups, &["2"]),
                (Action::Usage, &["3"]),
                (Action::Filter, &["/"]),
                (Action::Jump, &[":"]),
                (Action::ErrorLog, &["!"]),
                (Action::Refresh, &["R"]),
                (Action::Copy, &["y"]),
                (Action::New, &["n"]),
                (Action::Rename, &["e"]),
                (Action::Delete, &["d"]),
                (Action::Restore, &["r"]),
                (Action::Rotate, &["o"]),
                (Action::Test, &["t"]),
                (Action::Psql, &["p"]),
                (Action::SwitchProfile, &["W"]),
            ],
            Mode::Form => &[
                (Action::NextField, &["tab", "down"]),
                (Action::PreviousField, &["backtab", "up"]),
                (Action::ChoosePrevious, &["left", "h"]),
                (Action::ChooseNext, &["right", "l", "space"]),
                (Action::Submit, &["enter"]),
                (Action::Cancel, &["esc"]),
            ],
            Mode::Dialog => &[
                (Action::NextField, &["tab", "down"]),
                (Action::PreviousField, &["backtab", "up"]),
                (Action::ChoosePrevious, &["left", "h"]),
                (Action::ChooseNext, &["right", "l", "space"]),
                (Action::Submit, &["enter"]),
                (Action::Confirm, &["y"]),
                (Action::Cancel, &["esc"]),
            ],
            Mode::Jump => &[
                (Action::Down, &["down", "tab"]),
                (Action::Up, &["up", "backtab"]),
                (Action::Submit, &["enter"]),
                (Action::Cancel, &["esc"]),
            ],
            Mode::Secrets => &[
                (Action::Reveal, &["s"]),
                (Action::Copy, &["y", "enter"]),
                (Action::WriteEnv, &["w"]),
                (Action::Cancel, &["esc", "h", "left"]),
            ],
            Mode::CopyMenu => &[
                (Action::Submit, &["enter", "l", "right"]),
                (Action::Copy, &["y"]),
                (Action::Cancel, &["esc", "h", "left"]),
            ],
            Mode::Help => {
                &[(Action::Cancel, &["esc", "h", "left"]), (Action::Help, &["?"]), (Action::ErrorLog, &["!"])]
            }
        }
    }

    /// The default keys of `action` in this mode's own map (not the fallback).
    pub fn default_keys(self, action: Action) -> &'static [&'static str] {
        self.defaults().iter().find(|(bound, _)| *bound == action).map_or(&[], |(_, keys)| keys)
    }
}

/// The actions that open a dialog from the browse map: `confirm` may never share a key with them.
const OPENERS: [Action; 5] = [Action::New, Action::Rename, Action::Delete, Action::Restore, Action::Rotate];

/// One mode's map: key → action, and each action's keys in order (the first is shown in hints).
#[derive(Debug, Clone, Default)]
struct Bindings {
    by_key: HashMap<Key, Action>,
    by_action: HashMap<Action, Vec<Key>>,
    /// The actions in the order help lists them.
    order: Vec<Action>,
}

impl Bindings {
    /// Gives `action` exactly `keys`; a key another action had is taken from it.
    fn bind(&mut self, action: Action, keys: Vec<Key>) {
        for old in self.by_action.get(&action).cloned().unwrap_or_default() {
            self.by_key.remove(&old);
        }
        for key in &keys {
            if let Some(previous) = self.by_key.insert(*key, action).filter(|previous| *previous != action) {
                self.by_action.entry(previous).or_default().retain(|k| k != key);
            }
        }
        if !self.order.contains(&action) {
            self.order.push(action);
        }
        self.by_action.insert(action, keys);
    }

    fn unbind_key(&mut self, key: &Key) {
        if let Some(action) = self.by_key.remove(key) {
            self.by_action.entry(action).or_default().retain(|k| k != key);
        }
    }
}

/// The bindings in force: a map per mode and the common fallback.
#[derive(Debug, Clone)]
pub struct Keymap {
    maps: HashMap<Mode, Bindings>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut maps = HashMap::new();
        for mode in Mode::ALL {
            let mut bindings = Bindings::default();
            for (action, keys) in mode.defaults() {
                bindings.bind(*action, keys.iter().filter_map(|text| Key::parse(text)).collect());
            }
            maps.insert(mode, bindings);
        }
        Keymap { maps }
    }
}

impl Keymap {
    fn map(&self, mode: Mode) -> Option<&Bindings> {
        self.maps.get(&mode)
    }

    /// The action `event` asks for in `mode`: the mode's own map first, then the common one.
    pub fn action_in(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        [mode, Mode::Common].into_iter().find_map(|mode| self.map(mode)?.by_key.get(&key).copied())
    }

    /// The key and the action it asks for in `mode`.
    pub fn press(&self, mode: Mode, event: KeyEvent) -> Press {
        Press { event, action: self.action_in(mode, &event) }
    }

    /// The keys that ask for `action` in `mode`: its own, else the common ones the mode does not take over.
    pub fn keys_in(&self, mode: Mode, action: Action) -> Vec<Key> {
        if let Some(keys) = self.map(mode).and_then(|map| map.by_action.get(&action)) {
            return keys.clone();
        }
        let own = self.map(mode);
        let common = self.map(Mode::Common).and_then(|map| map.by_action.get(&action));
        common
            .into_iter()
            .flatten()
            .filter(|key| mode == Mode::Common || own.is_none_or(|own| !own.by_key.contains_key(key)))
            .copied()
            .collect()
    }

    /// The first key of `action` in `mode`, for hints; `None` when it is unbound there.
    pub fn hint_in(&self, mode: Mode, action: Action) -> Option<String> {
        self.keys_in(mode, action).first().map(Key::label)
    }

    /// The actions of `mode`'s own map, in the order help lists them, each with its keys (maybe none).
    pub fn own(&self, mode: Mode) -> Vec<(Action, Vec<Key>)> {
        let Some(map) = self.map(mode) else { return Vec::new() };
        map.order.iter().map(|action| (*action, map.by_action.get(action).cloned().unwrap_or_default())).collect()
    }

    /// The action in the browse map (the tree and tables).
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(Mode::Browse, event)
    }

    /// The keys of `action` while browsing.
    pub fn keys(&self, action: Action) -> Vec<Key> {
        self.keys_in(Mode::Browse, action)
    }

    /// The first key of `action` while browsing, for hints; `None` when it is unbound.
    pub fn hint(&self, action: Action) -> Option<String> {
        self.hint_in(Mode::Browse, action)
    }

    /// The defaults with the config's `[keys]` applied: `action = keys` rebinds the action in every mode
    /// that has it, `[keys.MODE] action = keys` in that mode only. Each problem (unknown action or mode,
    /// unreadable key, a key bound twice, a `confirm` key that opens a dialog) is reported with its line
    /// in `source` when it can be found, and skipped.
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
        // Which config entry claimed a key in a map, so that two claims are reported, and defaults yield.
        let mut claimed: HashMap<(Mode, Key), Action> = HashMap::new();
        let mut entries: Vec<(Option<Mode>, &str, &toml::Value)> = Vec::new();
        for (name, value) in keys {
            match (value, Mode::from_name(name)) {
                (toml::Value::Table(table), Some(mode)) => {
                    entries.extend(table.iter().map(|(action, value)| (Some(mode), action.as_str(), value)));
                }
                (toml::Value::Table(_), None) => {
                    let modes: Vec<&str> = Mode::ALL.iter().map(|mode| mode.name()).collect();
                    let at = source
                        .and_then(|text| text.lines().position(|line| line.trim().ends_with(&format!("{name}]"))))
                        .map_or_else(String::new, |index| format!("line {}: ", index + 1));
                    problems.push(format!("{at}unknown mode [keys.{name}]: one of {}", modes.join(", ")));
                }
                _ => entries.push((None, name.as_str(), value)),
            }
        }
        for (only, name, value) in entries {
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
            // Where it applies: the one mode named, or every map that has the action by default.
            let modes: Vec<Mode> = match only {
                Some(mode) => vec![mode],
                None => Mode::ALL.into_iter().filter(|mode| !mode.default_keys(action).is_empty()).collect(),
            };
            let mut parsed = Vec::new();
            for text in texts {
                match Key::parse(text) {
                    Some(key) => parsed.push((text, key)),
                    None => problems.push(format!("{}[keys] {name}: cannot read the key {text:?}", line(name))),
                }
            }
            for mode in modes {
                let mut keys = Vec::new();
                for (text, key) in &parsed {
                    // A common key shows in every mode: it clashes with a claim in any of them, and they with it.
                    let clash = claimed.iter().find(|((other, claimed_key), other_action)| {
                        claimed_key == key
                            && **other_action != action
                            && (*other == mode || *other == Mode::Common || mode == Mode::Common)
                    });
                    match clash.map(|(_, other)| other) {
                        Some(other) if *other != action => problems.push(format!(
                            "{}key {text:?} is bound to both {} and {}",
                            line(name),
                            other.name(),
                            action.name()
                        )),
                        _ => {
                            claimed.insert((mode, *key), action);
                            keys.push(*key);
                        }
                    }
                }
                if let Some(map) = keymap.maps.get_mut(&mode) {
                    map.bind(action, keys.clone());
                }
                // A key given to the common map is no longer taken over by a mode's default.
                if mode == Mode::Common {
                    for (other, map) in keymap.maps.iter_mut().filter(|(other, _)| **other != Mode::Common) {
                        for key in keys.iter().filter(|key| !claimed.contains_key(&(*other, **key))) {
                            map.unbind_key(key);
                        }
                    }
                }
            }
        }
        problems.extend(keymap.keep_confirm_apart(&line));
        (keymap, problems)
    }

    /// Takes from `confirm` every key that opens a dialog while browsing, so a key pressed twice never
    /// opens and confirms; says which and why.
    fn keep_confirm_apart(&mut self, line: &dyn Fn(&str) -> String) -> Vec<String> {
        let mut problems = Vec::new();
        let confirm = self.keys_in(Mode::Dialog, Action::Confirm);
        let mut kept = Vec::new();
        for key in confirm {
            match OPENERS.into_iter().find(|opener| self.keys_in(Mode::Browse, *opener).contains(&key)) {
                Some(opener) => problems.push(format!(
                    "{}key {:?} opens the {} dialog, so it cannot also confirm dialogs: confirm does without it \
                     (enter on the button still confirms); choose another with [keys.dialog] confirm = \"…\"",
                    line(opener.name()),
                    key.label(),
                    opener.name()
                )),
                None => kept.push(key),
            }
        }
        if let Some(map) = self.maps.get_mut(&Mode::Dialog) {
            map.bind(Action::Confirm, kept);
        }
        problems
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
