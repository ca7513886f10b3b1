//! What a user can ask (`Action`, named as the config names it) and the keys that ask it (`Key`).
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
    NextField,
    PreviousField,
    ChoosePrevious,
    ChooseNext,
    Submit,
    Confirm,
    Cancel,
}

impl Action {
    pub const ALL: [Action; 36] = [
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
        Action::NextField,
        Action::PreviousField,
        Action::ChoosePrevious,
        Action::ChooseNext,
        Action::Submit,
        Action::Confirm,
        Action::Cancel,
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
            Action::NextField => "next_field",
            Action::PreviousField => "previous_field",
            Action::ChoosePrevious => "choose_previous",
            Action::ChooseNext => "choose_next",
            Action::Submit => "submit",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
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
            Action::New => "new project, database, connection or service token",
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
            Action::NextField => "next field or button",
            Action::PreviousField => "previous field or button",
            Action::ChoosePrevious => "previous choice or button",
            Action::ChooseNext => "next choice or button",
            Action::Submit => "press the focused button; in a field, send",
            Action::Confirm => "confirm at once (never the key that opened the dialog)",
            Action::Cancel => "cancel or close",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
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

impl Key {
    /// A character typed as text: no Ctrl or Alt (Shift is in the character itself).
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && self.modifiers.is_empty()
    }
}

/// A key as the mode in force reads it: the event, and the action the mode's keymap binds it to.
#[derive(Debug, Clone, Copy)]
pub struct Press {
    pub event: KeyEvent,
    pub action: Option<Action>,
}

impl Press {
    /// Whether the key is a character a text field would take.
    pub fn is_text(&self) -> bool {
        Key::from_event(&self.event).is_text()
    }

    /// The action when a text field has the focus: only leaving it, sending, cancelling, confirming and help
    /// count, and only on keys that are not characters; every other key edits the text.
    pub fn in_text(&self) -> Option<Action> {
        if self.is_text() {
            return None;
        }
        self.action.filter(|action| {
            matches!(
                action,
                Action::NextField
                    | Action::PreviousField
                    | Action::Submit
                    | Action::Cancel
                    | Action::Confirm
                    | Action::Help
            )
        })
    }
}
