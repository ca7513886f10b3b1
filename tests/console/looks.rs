//! Looks at what the console shows (the status line, the open form or dialog) and at the emulator's world, and
//! moves the right pane's selection onto a row.
use crossterm::event::KeyCode;
use ppg::app::{Confirm, Form, Node, Overlay, Pane, RestoreDialog, SecretPanel, detail_rows};
use serde_json::Value;

use super::Harness;

impl Harness {
    /// The status line's text ("" when none).
    pub fn toast(&self) -> String {
        self.app().toast.as_ref().map(|toast| toast.text.clone()).unwrap_or_default()
    }

    pub fn form(&self) -> &Form {
        match &self.app().overlay {
            Some(Overlay::Form(form)) => form,
            other => panic!("no form open: {other:?}"),
        }
    }

    /// What the open form's Name field holds.
    pub fn form_name(&self) -> String {
        self.form()
            .fields
            .iter()
            .find_map(|field| match field {
                ppg::app::Field::Text { label: "Name", input } => Some(input.value().to_owned()),
                _ => None,
            })
            .expect("a Name field")
    }

    pub fn confirm(&self) -> &Confirm {
        match &self.app().overlay {
            Some(Overlay::Confirm(dialog)) => dialog,
            other => panic!("no confirmation open: {other:?}"),
        }
    }

    pub fn restore_dialog(&self) -> &RestoreDialog {
        match &self.app().overlay {
            Some(Overlay::Restore(dialog)) => dialog,
            other => panic!("no restore dialog open: {other:?}"),
        }
    }

    pub fn secret_panel(&self) -> &SecretPanel {
        match &self.app().overlay {
            Some(Overlay::Secrets(panel)) => panel,
            other => panic!("no secret panel open: {other:?}"),
        }
    }

    /// Selects a project by name in the tree; its id.
    pub fn select_project(&mut self, name: &str) -> String {
        let id = self.project_id(name);
        self.select(&Node::Project(id.clone()));
        id
    }

    /// Focuses the right pane's table on the row whose id is `id`, with Tab and `j`/`k`.
    pub fn focus_row(&mut self, id: &str) {
        if self.app().browse.focus != Pane::Detail {
            self.press(KeyCode::Tab);
        }
        assert_eq!(self.app().browse.focus, Pane::Detail, "the table has rows");
        for _ in 0..100 {
            let node = self.app().selected_node();
            let rows = detail_rows(self.app(), &node);
            let target = rows.iter().position(|row| row.id() == id).unwrap_or_else(|| panic!("no row {id}"));
            let at = self.app().detail_index(&node, &rows);
            if target == at {
                return;
            }
            self.press(if target > at { KeyCode::Char('j') } else { KeyCode::Char('k') });
        }
        panic!("could not reach row {id}");
    }

    /// The records of one kind in the emulator's world (`projects`, `databases`, `connections`, `backups`).
    pub fn records(&self, kind: &str) -> Vec<Value> {
        self.world()[kind].as_object().unwrap().values().cloned().collect()
    }

    /// The one record of `kind` named `name` in the emulator's world.
    pub fn record(&self, kind: &str, name: &str) -> Value {
        let named: Vec<Value> = self.records(kind).into_iter().filter(|record| record["name"] == name).collect();
        assert_eq!(named.len(), 1, "one {kind} named {name}: {named:?}");
        named.into_iter().next().unwrap()
    }

    /// The backups of `database` in the world, newest first.
    pub fn backups_of(&self, database: &str) -> Vec<Value> {
        let mut backups: Vec<Value> =
            self.records("backups").into_iter().filter(|backup| backup["databaseId"] == database).collect();
        backups.sort_by(|a, b| b["createdAt"].as_str().cmp(&a["createdAt"].as_str()));
        backups
    }
}
