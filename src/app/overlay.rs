//! What can cover the panes: help, the message log, jump, the copy menu; and the list filter.
use tui_input::Input;

use super::Pane;
use super::action::Key;
use super::copy::CopyMenu;
use super::dialogs::{Confirm, RestoreDialog};
use super::forms::Form;
use super::jump::Jump;
use super::probe::Offer;
use super::secrets::SecretPanel;

#[derive(Debug, Clone)]
pub enum Overlay {
    /// Help, over what was open (`beneath`, back when help closes), on that mode's keys first.
    Help {
        scroll: usize,
        beneath: Option<Box<Overlay>>,
    },
    ErrorLog {
        scroll: usize,
    },
    Jump(Jump),
    Copy(CopyMenu),
    Form(Form),
    Confirm(Box<Confirm>),
    Restore(Box<RestoreDialog>),
    Secrets(SecretPanel),
    /// A temporary connection offered for `t` or `p`.
    Offer(Offer),
}

impl Overlay {
    /// Help over `beneath` (what was open, if anything): closing it goes back there.
    pub fn help_over(beneath: Option<Overlay>) -> Overlay {
        Overlay::Help { scroll: 0, beneath: beneath.map(Box::new) }
    }

    /// Remembers the key that opened a dialog, so that it never confirms it.
    pub fn opened_by(&mut self, key: Key) {
        match self {
            Overlay::Confirm(dialog) => dialog.opener = Some(key),
            Overlay::Restore(dialog) => dialog.opener = Some(key),
            _ => {}
        }
    }
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
        text.is_empty() || contains_folded(name, &text.to_lowercase())
    }
}

/// Whether `name` contains `needle` (already lowercase) ignoring case; no allocation for ASCII names.
pub fn contains_folded(name: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if name.is_ascii() && needle.is_ascii() {
        let (name, needle) = (name.as_bytes(), needle.as_bytes());
        return name.windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle));
    }
    name.to_lowercase().contains(needle)
}
