//! Confirmations for what cannot be undone (delete, rotate) and the restore dialog, in one grammar: Tab visits
//! every field and button, Enter in a field sends when it can (else says what is missing), Esc cancels.
use crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::{Action, Key, Press};
use super::changes::Change;
pub use super::forms::Outcome;
use crate::api::{Backup, Database, DatabaseSource, DatabaseStatus};
use crate::format::{sanitize, truncate_middle};

/// How many columns a name takes in a dialog: longer ones lose their middle.
pub const NAME_WIDTH: usize = 40;

/// The button a dialog's focus is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Cancel,
    Verb,
}

/// Where a confirmation's focus is: its name field, or a button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Field,
    Button(Button),
}

/// A name to type before something is destroyed: shown as everywhere else (escaped), its middle cut when
/// long; accepted as shown (with `...` for `…`), as the id, or as the name itself.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedName {
    pub shown: String,
    pub id: String,
    accepted: Vec<String>,
}

impl TypedName {
    pub fn new(name: &str, id: &str) -> TypedName {
        let shown = truncate_middle(&sanitize(name), NAME_WIDTH).into_owned();
        let mut accepted = vec![shown.clone(), shown.replace('…', "..."), id.to_owned(), name.to_owned()];
        accepted.dedup();
        TypedName { shown, id: id.to_owned(), accepted }
    }

    /// Whether `typed` names it: a comparison per accepted form, each stopping at the first difference.
    pub fn matches(&self, typed: &str) -> bool {
        self.accepted.iter().any(|form| form == typed)
    }

    /// What to type, for the dialog's line and its complaint.
    pub fn prompt(&self, verb: &str) -> String {
        format!("Type {} (or its id {}) to enable {verb}.", self.shown, sanitize(&self.id))
    }
}

/// Delete or rotate: says what happens and what is lost; a delete needs the name typed.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    /// The button's label: "Delete", "Rotate".
    pub verb: String,
    /// The name to type before the verb is enabled (a delete's).
    pub require: Option<TypedName>,
    pub typed: Input,
    pub focus: Focus,
    /// The key that opened the dialog: it never confirms it, whatever the keymap says.
    pub opener: Option<Key>,
    /// Why the last Enter did not send, shown in the dialog.
    pub error: Option<String>,
    pub change: Change,
    /// A second confirmation opened in this one's place instead of sending (revoking this console's own token).
    pub then: Option<Box<Confirm>>,
}

impl Confirm {
    /// A confirmation opening on Cancel.
    pub fn new(title: String, lines: Vec<String>, verb: &str, require: Option<TypedName>, change: Change) -> Confirm {
        Confirm {
            title,
            lines,
            verb: verb.to_owned(),
            require,
            typed: Input::default(),
            focus: Focus::Button(Button::Cancel),
            opener: None,
            error: None,
            change,
            then: None,
        }
    }

    pub fn enabled(&self) -> bool {
        self.require.as_ref().is_none_or(|name| name.matches(self.typed.value()))
    }

    fn stops(&self) -> Vec<Focus> {
        let field = self.require.is_some().then_some(Focus::Field);
        field.into_iter().chain([Focus::Button(Button::Cancel), Focus::Button(Button::Verb)]).collect()
    }

    fn submit(&mut self) -> Outcome {
        if self.enabled() {
            return Outcome::Send(self.change.clone());
        }
        self.error = self.require.as_ref().map(|name| match self.typed.value() {
            "" => name.prompt(&self.verb),
            _ => format!("That is not the name. {}", name.prompt(&self.verb)),
        });
        Outcome::Stay
    }

    fn edit(&mut self, press: Press) -> Outcome {
        self.focus = Focus::Field;
        self.typed.handle_event(&Event::Key(press.event));
        self.error = None;
        Outcome::Stay
    }

    pub fn key(&mut self, press: Press) -> Outcome {
        let opener = self.opener == Some(Key::from_event(&press.event));
        let in_field = self.focus == Focus::Field;
        // Characters always go into the name: there is nothing else to type, and no letter acts by surprise.
        if self.require.is_some() && press.is_text() {
            return self.edit(press);
        }
        let action = if in_field { press.in_text() } else { press.action };
        let stops = self.stops();
        let at = stops.iter().position(|stop| *stop == self.focus).unwrap_or(0);
        match action {
            Some(Action::Cancel) => return Outcome::Close,
            Some(Action::Quit) if !in_field => return Outcome::Close,
            Some(Action::Help) => return Outcome::Help,
            Some(Action::NextField) => self.focus = stops[(at + 1) % stops.len()],
            Some(Action::PreviousField) => self.focus = stops[(at + stops.len() - 1) % stops.len()],
            Some(Action::Top) => self.focus = stops[0],
            Some(Action::Bottom) => self.focus = stops[stops.len() - 1],
            Some(Action::ChooseNext) => self.focus = Focus::Button(Button::Verb),
            Some(Action::ChoosePrevious) => self.focus = Focus::Button(Button::Cancel),
            Some(Action::Submit) if self.focus == Focus::Button(Button::Cancel) => return Outcome::Close,
            Some(Action::Submit) => return self.submit(),
            Some(Action::Confirm) if !opener => return self.submit(),
            _ if in_field => return self.edit(press),
            _ => {}
        }
        Outcome::Stay
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
    /// Whether a copy of the target is made first (in place only; on by default).
    SafetyCopy,
    /// The buttons: `RestoreDialog::button` says which one.
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
    /// The key that opened the dialog: it never confirms it.
    pub opener: Option<Key>,
    /// Why the last Enter did not send.
    pub error: Option<String>,
    /// In place: copy the target first (`<target>-before-restore-<time>`), so that the restore keeps a way back.
    pub safety_copy: bool,
    /// When the dialog opened, for the copy's name.
    pub now: chrono::DateTime<chrono::Utc>,
}

impl RestoreDialog {
    /// A restore of `backup` of `source` into a new database, with [ Restore ] focused (the safe way is one
    /// Enter away); as in-place targets only the databases it may overwrite.
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
            button: Button::Verb,
            opener: None,
            error: None,
            safety_copy: true,
            now: chrono::DateTime::UNIX_EPOCH,
        })
    }

    /// The focus stops in Tab order: the rows, then Cancel and Restore.
    fn stops(&self) -> Vec<(RestoreRow, Button)> {
        let in_place = (self.mode == RestoreMode::InPlace)
            .then_some([(RestoreRow::Typed, Button::Cancel), (RestoreRow::SafetyCopy, Button::Cancel)]);
        [(RestoreRow::Mode, Button::Cancel), (RestoreRow::Target, Button::Cancel)]
            .into_iter()
            .chain(in_place.into_iter().flatten())
            .chain([(RestoreRow::Buttons, Button::Cancel), (RestoreRow::Buttons, Button::Verb)])
            .collect()
    }

    fn at(&self) -> usize {
        let stops = self.stops();
        let here = (self.row, if self.row == RestoreRow::Buttons { self.button } else { Button::Cancel });
        stops.iter().position(|stop| *stop == here).unwrap_or(stops.len() - 1)
    }

    fn go(&mut self, index: usize) {
        let stops = self.stops();
        let (row, button) = stops[index % stops.len()];
        self.row = row;
        if row == RestoreRow::Buttons {
            self.button = button;
        }
    }

    pub fn target_name(&self) -> Option<&str> {
        self.targets.get(self.target).map(|(_, name)| name.as_str())
    }

    /// The in-place target's name as shown and accepted.
    pub fn target_typed_name(&self) -> Option<TypedName> {
        self.targets.get(self.target).map(|(id, name)| TypedName::new(name, id))
    }

    /// Whether `Restore` may be pressed: a name for a new database, or the target's name (or id) typed.
    pub fn enabled(&self) -> bool {
        match self.mode {
            RestoreMode::NewDatabase => super::forms::check_name(self.name.value()).is_ok(),
            RestoreMode::InPlace => self.target_typed_name().is_some_and(|name| name.matches(self.typed.value())),
        }
    }

    /// Whether the focus is in a text field (the new name, or the target's name typed again).
    pub fn in_text(&self) -> bool {
        match self.row {
            RestoreRow::Target => self.mode == RestoreMode::NewDatabase,
            RestoreRow::Typed => true,
            RestoreRow::Mode | RestoreRow::SafetyCopy | RestoreRow::Buttons => false,
        }
    }

    fn change(&self) -> Option<Change> {
        let backup = self.backup.id.clone();
        match self.mode {
            RestoreMode::NewDatabase => Some(Change::CreateDatabase {
                branch: None,
                project: self.project.clone(),
                name: self.name.value().trim().to_owned(),
                region: self.source.region.as_ref().map(|region| region.id.clone()),
                source: Some(DatabaseSource::Backup { database_id: self.source.id.clone(), backup_id: backup }),
            }),
            RestoreMode::InPlace => self.targets.get(self.target).map(|(target, name)| {
                let restore =
                    Change::Restore { target: target.clone(), source_database: self.source.id.clone(), backup };
                if !self.safety_copy {
                    return restore;
                }
                Change::SafetyCopy {
                    project: self.project.clone(),
                    name: crate::api::safety_copy_name(name, self.now),
                    region: self.source.region.as_ref().map(|region| region.id.clone()),
                    target: target.clone(),
                    restore: Box::new(restore),
                }
            }),
        }
    }

    fn submit(&mut self) -> Outcome {
        if self.enabled() {
            return self.change().map_or(Outcome::Stay, Outcome::Send);
        }
        self.error = match self.mode {
            RestoreMode::NewDatabase => super::forms::check_name(self.name.value()).err(),
            RestoreMode::InPlace => match self.target_typed_name() {
                Some(name) if self.typed.value().is_empty() => Some(name.prompt("Restore")),
                Some(name) => Some(format!("That is not the target's name. {}", name.prompt("Restore"))),
                None => Some("No database of this project can be restored over.".to_owned()),
            },
        };
        Outcome::Stay
    }

    /// ←/→ on a row: the mode, the in-place target, or the button.
    fn choose(&mut self, next: bool) {
        match self.row {
            RestoreRow::Mode => {
                self.mode = match self.mode {
                    RestoreMode::NewDatabase if !self.targets.is_empty() => RestoreMode::InPlace,
                    _ => RestoreMode::NewDatabase,
                };
                // In place is destructive: its buttons start on Cancel; a new database's on Restore.
                self.button = if self.mode == RestoreMode::InPlace { Button::Cancel } else { Button::Verb };
                self.typed = Input::default();
            }
            RestoreRow::Target if self.mode == RestoreMode::InPlace => {
                self.target = if next {
                    (self.target + 1).min(self.targets.len().saturating_sub(1))
                } else {
                    self.target.saturating_sub(1)
                };
                self.typed = Input::default();
            }
            RestoreRow::SafetyCopy => self.safety_copy = !self.safety_copy,
            RestoreRow::Buttons => self.button = if next { Button::Verb } else { Button::Cancel },
            RestoreRow::Target | RestoreRow::Typed => {}
        }
        self.error = None;
    }

    pub fn key(&mut self, press: Press) -> Outcome {
        let opener = self.opener == Some(Key::from_event(&press.event));
        let in_text = self.in_text();
        let action = if in_text { press.in_text() } else { press.action };
        let count = self.stops().len();
        match action {
            Some(Action::Cancel) => return Outcome::Close,
            Some(Action::Quit) if !in_text => return Outcome::Close,
            Some(Action::Help) => return Outcome::Help,
            Some(Action::NextField) => self.go(self.at() + 1),
            Some(Action::PreviousField) => self.go(self.at() + count - 1),
            Some(Action::Top) => self.go(0),
            Some(Action::Bottom) => self.go(count - 1),
            Some(Action::ChooseNext) => self.choose(true),
            Some(Action::ChoosePrevious) => self.choose(false),
            Some(Action::Submit) if (self.row, self.button) == (RestoreRow::Buttons, Button::Cancel) => {
                return Outcome::Close;
            }
            Some(Action::Submit) => return self.submit(),
            Some(Action::Confirm) if !opener => return self.submit(),
            _ if in_text => {
                let input = if self.row == RestoreRow::Typed { &mut self.typed } else { &mut self.name };
                input.handle_event(&Event::Key(press.event));
                self.error = None;
            }
            _ => {}
        }
        Outcome::Stay
    }
}
