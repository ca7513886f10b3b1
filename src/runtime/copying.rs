//! Where the runtime's copies go: a clipboard sink (the terminal's clipboard in the binary, a recorder in tests).
use std::io::Write;

use super::clipboard::{Clipboard, CopyPath};
use super::tmux::Loaded;
use crate::app::CopiedTo;

/// Something that takes text onto a clipboard and says which way it went.
pub trait ClipboardSink: Send {
    /// Puts `text` on the clipboard (an empty `text` clears it); says where it went, or why the copy
    /// failed. Never carries the text itself: it may be a secret.
    fn copy(&mut self, text: &str) -> Result<CopiedTo, String>;
}

/// The user's clipboard: native when there is a display, else OSC 52 written to this process's terminal.
pub struct TerminalClipboard(pub Clipboard);

impl ClipboardSink for TerminalClipboard {
    fn copy(&mut self, text: &str) -> Result<CopiedTo, String> {
        let mut out = std::io::stdout();
        let path = self.0.copy(text, &mut out).map_err(|error| error.to_string())?;
        let _ = out.flush();
        Ok(copied_to(path))
    }
}

/// Where a copy went, as the app tells the user.
fn copied_to(path: CopyPath) -> CopiedTo {
    match path {
        CopyPath::Native => CopiedTo::System,
        CopyPath::Tmux(Loaded::BufferAndClipboard) => CopiedTo::Tmux { clipboard: true },
        CopyPath::Tmux(Loaded::Buffer) => CopiedTo::Tmux { clipboard: false },
        CopyPath::Osc52 { .. } => CopiedTo::Terminal,
    }
}

/// No clipboard at all (a runtime built without one): every copy fails and says so.
pub struct NoClipboard;

impl ClipboardSink for NoClipboard {
    fn copy(&mut self, _text: &str) -> Result<CopiedTo, String> {
        Err("no clipboard in this session".to_owned())
    }
}
