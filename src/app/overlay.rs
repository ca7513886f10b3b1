//! What can cover the panes: help, the error log, jump, the copy menu; and the list filter.
use tui_input::Input;

use super::Pane;
use super::copy::CopyMenu;
use super::dialogs::{Confirm, RestoreDialog};
use super::forms::Form;
use super::jump::Jump;
use super::secrets::SecretPanel;

#[derive(Debug, Clone)]
pub enum Overlay {
    Help { scroll: usize },
    ErrorLog { scroll: usize },
    Jump(Jump),
    Copy(CopyMenu),
    Form(Form),
    Confirm(Confirm),
    Restore(Box<RestoreDialog>),
    Secrets(SecretPanel),
}

/// `/` on a list: the text, whether keys still go into it, and which pane's list it narrows.
#[derive(Debug, Clone)]
pub struct Filter {
    pub input: Input,
    pub editing: bool,
    pub pane: Pane,
}

impl Filter {
    pub fn new(pane: Pane) -> Self {
        Self { input: Input::default(), editing: true, pane }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Whether `name` passes: a case-insensitive substring; an empty filter passes everything.
    pub fn passes(&self, name: &str) -> bool {
        let text = self.text();
        text.is_empty() || name.to_lowercase().contains(&text.to_lowercase())
    }
}
