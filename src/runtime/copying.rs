//! Where the runtime's copies go: a clipboard sink (the terminal's clipboard in the binary, a recorder in tests).
use std::io::Write;

use super::clipboard::{Clipboard, CopyPath, Multiplexer};

/// Something that takes text onto a clipboard and says which way it went.
pub trait ClipboardSink: Send {
    /// Puts `text` on the clipboard (an empty `text` clears it); says the path taken ("system clipboard",
    /// "OSC 52 via tmux"), or why the copy failed. Never carries the text itself: it may be a secret.
    fn copy(&mut self, text: &str) -> Result<String, String>;
}

/// The user's clipboard: native when there is a display, else OSC 52 written to this process's terminal.
pub struct TerminalClipboard(pub Clipboard);

impl ClipboardSink for TerminalClipboard {
    fn copy(&mut self, text: &str) -> Result<String, String> {
        let mut out = std::io::stdout();
        let path = self.0.copy(text, &mut out).map_err(|error| error.to_string())?;
        let _ = out.flush();
        Ok(describe(path).to_owned())
    }
}

/// The path of a copy as the toast names it.
pub fn describe(path: CopyPath) -> &'static str {
    match path {
        CopyPath::Native => "system clipboard",
        CopyPath::Osc52 { wrapped_for: None } => "OSC 52",
        CopyPath::Osc52 { wrapped_for: Some(Multiplexer::Tmux) } => "OSC 52 via tmux",
        CopyPath::Osc52 { wrapped_for: Some(Multiplexer::Screen) } => "OSC 52 via screen",
    }
}

/// No clipboard at all (a runtime built without one): every copy fails and says so.
pub struct NoClipboard;

impl ClipboardSink for NoClipboard {
    fn copy(&mut self, _text: &str) -> Result<String, String> {
        Err("no clipboard in this session".to_owned())
    }
}
