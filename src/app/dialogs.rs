//! Confirmations for what cannot be undone: delete, rotate, and the one-key restore with its guard.
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::changes::Change;
use crate::api::{Backup, Database, DatabaseSource, DatabaseStatus};

/// Which button has the focus; dialogs open on `Cancel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Cancel,
    Verb,
}

/// What a key did to a dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Stay,
    Close,
    Send(Change),
}

/// Delete or rotate: says what happens and what is lost; a delete needs the exact name typed.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    /// The button's label: "Delete", "Rotate".
    pub verb: String,
    /// The text to type before the verb is enabled (a delete's resource name).
    pub require: Option<String>,
    pub typed: Input,
    pub focus: Button,
    /// A key that confirms at once (rotate's `y`); never the key that opened the dialog.
    pub confirm_key: Option<char>,
    pub change: Change,
}

impl Confirm {
    pub fn enabled(&self) -> bool {
        self.require.as_ref().is_none_or(|name| self.typed.value() == name)
    }

    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
                self.focus = if self.focus == Button::Cancel { Button::Verb } else { Button::Cancel };
                Outcome::Stay
            }
            KeyCode::Enter => match self.focus {
                Button::Cancel => Outcome::Close,
                Button::Verb if self.enabled() => Outcome::Send(self.change.clone()),
                Button::Verb => Outcome::Stay,
            },
            KeyCode::Char(c) if self.require.is_none() && Some(c) == self.confirm_key => {
                Outcome::Send(self.change.clone())
            }
            _ if self.require.is_some() => {
                self.typed.handle_event(&Event::Key(key));
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreMode {
    /// Safe: a new database from the backup, nothing overwritten.
    NewDatabase,
    /// Destructive: the backup replaces everything in an existing database.
    InPlace,
}

/// The rows of the restore dialog, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreRow {
    Mode,
    /// The new database's name, or the target of an in-place restore.
    Target,
    /// The target's name typed again (in place only).
    Typed,
    Buttons,
}

#[derive(Debug, Clone)]
pub struct RestoreDialog {
    pub backup: Backup,
    pub source: Database,
    pub project: String,
    pub mode: RestoreMode,
    pub name: Input,
    /// Databases that may be overwritten: not the default, not provisioning or recovering.
    pub targets: Vec<(String, String)>,
    pub target: usize,
    pub typed: Input,
    pub row: RestoreRow,
    pub button: Button,
}

impl RestoreDialog {
    /// A restore of `backup` of `source`, offering as in-place targets only the databases it may overwrite.
    pub fn new(backup: Backup, source: Database, siblings: &[&Database]) -> Option<RestoreDialog> {
        let project = source.project.as_ref()?.id.clone();
        let targets = siblings
            .iter()
            .filter(|d| !d.is_default && !matches!(d.status, DatabaseStatus::Provisioning | DatabaseStatus::Recovering))
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect();
        let stamp =
            backup.created_at.at().map_or_else(|| "restored".to_owned(), |at| at.format("%Y%m%d-%H%M").to_string());
        let proposed = format!("{}-{stamp}", source.name);
        Some(RestoreDialog {
            backup,
            source,
            project,
            mode: RestoreMode::NewDatabase,
            name: Input::new(proposed),
            targets,
            target: 0,
            typed: Input::default(),
            row: RestoreRow::Buttons,
            button: Button::Cancel,
        })
    }

    fn rows(&self) -> &'static [RestoreRow] {
        match self.mode {
            RestoreMode::NewDatabase => &[RestoreRow::Mode, RestoreRow::Target, RestoreRow::Buttons],
            RestoreMode::InPlace => &[RestoreRow::Mode, RestoreRow::Target, RestoreRow::Typed, RestoreRow::Buttons],
        }
    }

    pub fn target_name(&self) -> Option<&str> {
        self.targets.get(self.target).map(|(_, name)| name.as_str())
    }

    /// Whether `Restore` may be pressed: a name for a new database, or the target's name typed exactly.
    pub fn enabled(&self) -> bool {
        match self.mode {
            RestoreMode::NewDatabase => super::forms::check_name(self.name.value()).is_ok(),
            RestoreMode::InPlace => self.target_name().is_some_and(|name| self.typed.value() == name),
        }
    }

    fn change(&self) -> Option<Change> {
        let backup = self.backup.id.clone();
        match self.mode {
            RestoreMode::NewDatabase => Some(Change::CreateDatabase {
                project: self.project.clone(),
                name: self.name.value().trim().to_owned(),
                region: self.source.region.as_ref().map(|region| region.id.clone()),
                source: Some(DatabaseSource::Backup { database_id: self.source.id.clone(), backup_id: backup }),
            }),
            RestoreMode::InPlace => self.targets.get(self.target).map(|(target, _)| Change::Restore {
                target: target.clone(),
                source_database: self.source.id.clone(),
                backup,
            }),
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let rows = self.rows();
        let index = rows.iter().position(|row| *row == self.row).unwrap_or(rows.len() - 1);
        match key.code {
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Tab | KeyCode::Down => self.row = rows[(index + 1) % rows.len()],
            KeyCode::BackTab | KeyCode::Up => self.row = rows[(index + rows.len() - 1) % rows.len()],
            KeyCode::Enter => {
                return match (self.row, self.button) {
                    (RestoreRow::Buttons, Button::Cancel) => Outcome::Close,
                    (RestoreRow::Buttons, Button::Verb) if self.enabled() => {
                        self.change().map_or(Outcome::Stay, Outcome::Send)
                    }
                    (RestoreRow::Buttons, Button::Verb) => Outcome::Stay,
                    _ => {
                        self.row = RestoreRow::Buttons;
                        Outcome::Stay
                    }
                };
            }
            _ => match self.row {
                RestoreRow::Mode => {
                    if matches!(key.code, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) {
                        self.mode = match self.mode {
                            RestoreMode::NewDatabase if !self.targets.is_empty() => RestoreMode::InPlace,
                            _ => RestoreMode::NewDatabase,
                        };
                        self.typed = Input::default();
                    }
                }
                RestoreRow::Target => match self.mode {
                    RestoreMode::NewDatabase => {
                        self.name.handle_event(&Event::Key(key));
                    }
                    RestoreMode::InPlace => match key.code {
                        KeyCode::Right | KeyCode::Char(' ') => {
                            self.target = (self.target + 1).min(self.targets.len().saturating_sub(1));
                            self.typed = Input::default();
                        }
                        KeyCode::Left => {
                            self.target = self.target.saturating_sub(1);
                            self.typed = Input::default();
                        }
                        _ => {}
                    },
                },
                RestoreRow::Typed => {
                    self.typed.handle_event(&Event::Key(key));
                }
                RestoreRow::Buttons => {
                    if matches!(key.code, KeyCode::Left | KeyCode::Right) {
                        self.button = if self.button == Button::Cancel { Button::Verb } else { Button::Cancel };
                    }
                }
            },
        }
        Outcome::Stay
    }
}
