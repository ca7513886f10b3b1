//! Forms (create, rename): fields with tui-input, then [ Cancel ] [ Verb ]; validation before sending, the API's
//! refusal kept inside.
use crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::{Action, Press};
use super::changes::Change;
use super::model::{Data, RequestId};
use crate::api::{BackupStatus, DatabaseSource, RegionStatus};

/// Longest name ppg lets a user send; the API has its own limits and answers 400/422 beyond them.
pub const MAX_NAME: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub label: String,
    pub value: ChoiceValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceValue {
    Nothing,
    Text(String),
    Source(DatabaseSource),
}

#[derive(Debug, Clone)]
pub enum Field {
    Text { label: &'static str, input: Input },
    Choice { label: &'static str, options: Vec<Choice>, selected: usize },
    Toggle { label: &'static str, on: bool },
}

/// What the form makes when submitted.
#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    NewProject,
    /// In `branch` when one is named (see `Change::CreateDatabase`).
    NewDatabase {
        project: String,
        branch: Option<String>,
    },
    NewConnection {
        database: String,
    },
    NewServiceToken {
        workspace: String,
    },
    RenameProject {
        id: String,
    },
    RenameDatabase {
        id: String,
    },
}

/// What a key did to a form or a dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Stay,
    Close,
    Send(Change),
    /// Help over it, on its mode's keys.
    Help,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub kind: FormKind,
    pub fields: Vec<Field>,
    /// A field's index, or past them the buttons: `fields.len()` is Cancel, the next one the verb.
    pub focus: usize,
    /// Why the last submit was refused: by validation here, or by the API (its message and hint).
    pub error: Option<String>,
    /// The request in flight after a submit; keys wait until it answers.
    pub pending: Option<RequestId>,
}

/// Why a name cannot be sent, checked before any request: empty, too long, or with control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("The name must not be empty.".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("The name is too long: at most {MAX_NAME} characters."));
    }
    if name.chars().any(char::is_control) {
        return Err("The name must not contain control characters.".into());
    }
    Ok(())
}

fn text(label: &'static str, value: &str) -> Field {
    Field::Text { label, input: Input::new(value.to_owned()) }
}

/// The regions a new resource may go to: only the available ones.
fn region_choices(data: &Data, first: Option<Choice>) -> Vec<Choice> {
    let regions = data.regions.value().into_iter().flatten();
    let available = regions.filter(|region| region.status.as_ref().is_none_or(|s| *s == RegionStatus::Available));
    first
        .into_iter()
        .chain(available.map(|region| Choice {
            label: format!("{} ({})", region.name, region.id),
            value: ChoiceValue::Text(region.id.clone()),
        }))
        .collect()
}

impl Form {
    pub fn new_project(data: &Data) -> Form {
        let mut regions = region_choices(data, None);
        if regions.is_empty() {
            regions.push(Choice { label: "us-east-1".into(), value: ChoiceValue::Text("us-east-1".into()) });
        }
        Form::make(
            "New project",
            FormKind::NewProject,
            vec![
                text("Name", ""),
                Field::Choice { label: "Region", options: regions, selected: 0 },
                Field::Toggle { label: "Default database", on: true },
            ],
        )
    }

    /// A database in `project` (in `branch`, when named): a name, a region (or the project's), and where its
    /// data comes from. The title says which branch it goes in when the project has branches.
    pub fn new_database(data: &Data, project: &str, branch: Option<&str>) -> Form {
        let same = Choice { label: "same as the project".into(), value: ChoiceValue::Nothing };
        let mut sources = vec![Choice { label: "empty".into(), value: ChoiceValue::Source(DatabaseSource::Empty) }];
        for database in data.databases_of(project) {
            let backups = data.backups.get(&database.id).and_then(|b| b.value());
            for backup in backups.map(|list| list.data.iter()).into_iter().flatten() {
                if backup.status == BackupStatus::Completed {
                    sources.push(Choice {
                        label: format!(
                            "backup of {} from {}",
                            database.name,
                            backup.created_at.format("%Y-%m-%d %H:%M")
                        ),
                        value: ChoiceValue::Source(DatabaseSource::Backup {
                            database_id: database.id.clone(),
                            backup_id: backup.id.clone(),
                        }),
                    });
                }
            }
            sources.push(Choice {
                label: format!("clone of {}", database.name),
                value: ChoiceValue::Source(DatabaseSource::Database { database_id: database.id.clone() }),
            });
        }
        let default = || data.branches_of(project).into_iter().find(|b| b.is_default).map(|b| b.label());
        let title = match (branch, default()) {
            (Some(branch), _) => format!("New database in {}", data.branch_label(Some(branch))),
            (None, Some(default)) => format!("New database (in {default}, the default branch)"),
            (None, None) => "New database".to_owned(),
        };
        Form::make(
            &title,
            FormKind::NewDatabase { project: project.to_owned(), branch: branch.map(str::to_owned) },
            vec![
                text("Name", ""),
                Field::Choice { label: "Region", options: region_choices(data, Some(same)), selected: 0 },
                Field::Choice { label: "Data", options: sources, selected: 0 },
            ],
        )
    }

    /// A connection to `database`, whose name (`database_name`) the title gives, so `n` says what it makes
    /// wherever it is pressed (a Backups or Usage row makes a connection too: backups and usage cannot be made).
    pub fn new_connection(database: &str, database_name: &str) -> Form {
        let title = format!("New connection to {database_name}");
        Form::make(&title, FormKind::NewConnection { database: database.to_owned() }, vec![text("Name", "")])
    }

    /// A service token of `workspace`: only a name (its value comes back once, in the secret panel).
    pub fn new_service_token(workspace: &str) -> Form {
        let kind = FormKind::NewServiceToken { workspace: workspace.to_owned() };
        Form::make("New service token", kind, vec![text("Name", "")])
    }

    pub fn rename(kind: FormKind, current: &str) -> Form {
        let title = match kind {
            FormKind::RenameProject { .. } => "Rename project",
            _ => "Rename database",
        };
        Form::make(title, kind, vec![text("Name", current)])
    }

    fn make(title: &str, kind: FormKind, fields: Vec<Field>) -> Form {
        Form { title: title.to_owned(), kind, fields, focus: 0, error: None, pending: None }
    }

    fn text_value(&self, label: &str) -> String {
        self.fields
            .iter()
            .find_map(|field| match field {
                Field::Text { label: l, input } if *l == label => Some(input.value().trim().to_owned()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn choice_value(&self, label: &str) -> ChoiceValue {
        self.fields
            .iter()
            .find_map(|field| match field {
                Field::Choice { label: l, options, selected } if *l == label => {
                    options.get(*selected).map(|choice| choice.value.clone())
                }
                _ => None,
            })
            .unwrap_or(ChoiceValue::Nothing)
    }

    fn toggle_value(&self, label: &str) -> bool {
        self.fields.iter().any(|field| matches!(field, Field::Toggle { label: l, on: true } if *l == label))
    }

    /// What Enter does, for the help line: "create" or "rename".
    pub fn verb(&self) -> &'static str {
        match self.kind {
            FormKind::RenameProject { .. } | FormKind::RenameDatabase { .. } => "rename",
            _ => "create",
        }
    }

    /// The change this form asks for, or why it cannot be sent yet.
    pub fn change(&self) -> Result<Change, String> {
        let name = self.text_value("Name");
        check_name(&name)?;
        let text = |value: ChoiceValue| match value {
            ChoiceValue::Text(text) => Some(text),
            _ => None,
        };
        Ok(match &self.kind {
            FormKind::NewProject => Change::CreateProject {
                name,
                region: text(self.choice_value("Region")),
                create_database: self.toggle_value("Default database"),
            },
            FormKind::NewDatabase { project, branch } => Change::CreateDatabase {
                project: project.clone(),
                branch: branch.clone(),
                name,
                region: text(self.choice_value("Region")),
                source: match self.choice_value("Data") {
                    ChoiceValue::Source(DatabaseSource::Empty) | ChoiceValue::Nothing | ChoiceValue::Text(_) => None,
                    ChoiceValue::Source(source) => Some(source),
                },
            },
            FormKind::NewConnection { database } => Change::CreateConnection { database: database.clone(), name },
            FormKind::NewServiceToken { workspace } => {
                Change::CreateServiceToken { workspace: workspace.clone(), name }
            }
            FormKind::RenameProject { id } => Change::RenameProject { id: id.clone(), name },
            FormKind::RenameDatabase { id } => Change::RenameDatabase { id: id.clone(), name },
        })
    }

    /// Focus stops: the fields, then Cancel and the verb.
    fn stops(&self) -> usize {
        self.fields.len() + 2
    }

    /// The focus on Cancel (`Some(false)`) or on the verb (`Some(true)`); `None` on a field.
    pub fn button(&self) -> Option<bool> {
        self.focus.checked_sub(self.fields.len()).map(|index| index == 1)
    }

    /// Sends when everything is valid, else says what is missing inside the form.
    fn submit(&mut self) -> Outcome {
        match self.change() {
            Ok(change) => Outcome::Send(change),
            Err(why) => {
                self.error = Some(why);
                Outcome::Stay
            }
        }
    }

    fn move_focus(&mut self, action: Action) {
        let stops = self.stops();
        self.focus = match action {
            Action::NextField => (self.focus + 1) % stops,
            Action::PreviousField => (self.focus + stops - 1) % stops,
            Action::Top => 0,
            _ => stops - 1,
        };
    }

    /// A key inside the form: Tab and Shift-Tab visit every field and both buttons; Enter sends from a
    /// field or the verb (or says what is missing); Esc cancels; ←/→ change a choice or the button.
    pub fn key(&mut self, press: Press) -> Outcome {
        let on_text = matches!(self.fields.get(self.focus), Some(Field::Text { .. }));
        let action = if on_text { press.in_text() } else { press.action };
        match action {
            Some(Action::Cancel) => return Outcome::Close,
            Some(Action::Quit) if !on_text => return Outcome::Close,
            Some(Action::Help) => return Outcome::Help,
            Some(action @ (Action::NextField | Action::PreviousField)) => self.move_focus(action),
            Some(action @ (Action::Top | Action::Bottom)) if !on_text => self.move_focus(action),
            Some(Action::Submit | Action::Confirm) => {
                return if self.button() == Some(false) { Outcome::Close } else { self.submit() };
            }
            Some(action @ (Action::ChooseNext | Action::ChoosePrevious)) if !on_text => {
                let next = action == Action::ChooseNext;
                match self.fields.get_mut(self.focus) {
                    Some(Field::Choice { options, selected, .. }) => {
                        *selected = if next {
                            (*selected + 1).min(options.len().saturating_sub(1))
                        } else {
                            selected.saturating_sub(1)
                        };
                    }
                    Some(Field::Toggle { on, .. }) => *on = !*on,
                    Some(Field::Text { .. }) => {}
                    None => self.focus = self.fields.len() + usize::from(next),
                }
                self.error = None;
            }
            _ if on_text => {
                if let Some(Field::Text { input, .. }) = self.fields.get_mut(self.focus) {
                    input.handle_event(&Event::Key(press.event));
                }
                self.error = None;
            }
            _ => {}
        }
        Outcome::Stay
    }
}

impl Form {
    /// This project or database form rebuilt from `data` (regions or backups arrived), keeping what was
    /// typed and chosen; other forms need no rebuilding.
    pub fn refreshed(&self, data: &Data) -> Option<Form> {
        let mut fresh = match &self.kind {
            FormKind::NewProject => Form::new_project(data),
            FormKind::NewDatabase { project, branch } => Form::new_database(data, project, branch.as_deref()),
            _ => return None,
        };
        for (new, old) in fresh.fields.iter_mut().zip(&self.fields) {
            match (new, old) {
                (Field::Text { input, .. }, Field::Text { input: typed, .. }) => *input = typed.clone(),
                (Field::Toggle { on, .. }, Field::Toggle { on: was, .. }) => *on = *was,
                (
                    Field::Choice { options, selected, .. },
                    Field::Choice { options: old_options, selected: old, .. },
                ) => {
                    if let Some(kept) =
                        old_options.get(*old).and_then(|choice| options.iter().position(|o| o == choice))
                    {
                        *selected = kept;
                    }
                }
                _ => {}
            }
        }
        fresh.focus = self.focus;
        fresh.pending = self.pending;
        fresh.error = self.error.clone();
        Some(fresh)
    }
}
