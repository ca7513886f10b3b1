//! The clipboard: the native one (arboard) when a display is at hand, else the terminal's OSC 52 sequence,
//! wrapped for tmux and GNU screen and capped in size. Only the runtime touches it.

use std::ffi::OsString;
use std::io::Write;

/// Terminals commonly drop OSC 52 payloads beyond this many base64 bytes.
pub const OSC52_MAX_PAYLOAD: usize = 100_000;

/// GNU screen truncates a DCS string near 768 bytes, so the wrapped sequence is sent in pieces this long.
const SCREEN_CHUNK: usize = 512;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;

/// How to reach the clipboard, from the config's `clipboard = "auto" | "native" | "osc52"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClipboardMode {
    /// Native when a local display is usable, OSC 52 otherwise or when the native copy fails.
    #[default]
    Auto,
    /// Native only; an error when there is no display.
    Native,
    /// OSC 52 only, which reaches the user's own terminal through SSH, tmux and screen.
    Osc52,
}

/// A terminal multiplexer that needs the OSC 52 sequence wrapped to pass it on to the outer terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplexer {
    /// `TMUX` is set.
    Tmux,
    /// GNU screen: `STY` is set or `TERM` starts with `screen` (and `TMUX` is not set).
    Screen,
}

/// Which way a copy went, for the toast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyPath {
    /// The system clipboard, through arboard.
    Native,
    /// Given to tmux (`tmux load-buffer`), which took it.
    Tmux(super::tmux::Loaded),
    /// The OSC 52 escape sequence written to the terminal, wrapped for a multiplexer if one was detected.
    Osc52 {
        /// The multiplexer the sequence was wrapped for.
        wrapped_for: Option<Multiplexer>,
    },
}

/// Why a copy failed. No variant carries the copied text: it may be a secret.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// Native mode without `DISPLAY` or `WAYLAND_DISPLAY`; arboard is not even tried, as it could hang.
    #[error(
        "no native clipboard here (neither DISPLAY nor WAYLAND_DISPLAY is set); \
         set clipboard = \"auto\" or \"osc52\" in the config to copy through the terminal"
    )]
    NoDisplay,
    /// arboard could not be created or could not set the text; the reason is arboard's own.
    #[error("the native clipboard failed: {0}")]
    Native(String),
    /// The OSC 52 payload would be larger than terminals accept.
    #[error("too large to copy through the terminal: {encoded} bytes once encoded, terminals accept at most {limit}")]
    TooLarge {
        /// The size of the base64 payload.
        encoded: usize,
        /// [`OSC52_MAX_PAYLOAD`].
        limit: usize,
    },
    /// Writing the sequence to the terminal failed.
    #[error("could not write to the terminal: {0}")]
    Terminal(#[from] std::io::Error),
}

/// The environment facts that decide the path, captured once so that tests can build them by hand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerminalEnv {
    /// A native clipboard may exist: always on macOS and Windows, elsewhere `DISPLAY` or `WAYLAND_DISPLAY` set.
    pub display: bool,
    /// An SSH session (`SSH_CONNECTION` or `SSH_TTY` set): the native clipboard would be the remote host's.
    pub ssh: bool,
    /// The multiplexer between ppg and the terminal, if any.
    pub multiplexer: Option<Multiplexer>,
    /// This process runs inside a tmux session (`TMUX` set), whose server `tmux load-buffer` reaches. Facts
    /// given by hand leave it unset, so that a test never copies into the tmux server it happens to run in.
    pub tmux_session: bool,
}

impl TerminalEnv {
    /// Facts given by hand (tests, or a caller that knows better).
    pub const fn new(display: bool, ssh: bool, multiplexer: Option<Multiplexer>) -> Self {
        Self { display, ssh, multiplexer, tmux_session: false }
    }

    /// Reads the facts from this process's environment.
    pub fn from_process() -> Self {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// Reads the facts through `var`, which looks up an environment variable; an empty value counts as unset.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Self {
        let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
        let display = cfg!(any(target_os = "macos", target_os = "windows")) || set("DISPLAY") || set("WAYLAND_DISPLAY");
        let ssh = set("SSH_CONNECTION") || set("SSH_TTY");
        let term_is_screen = var("TERM").is_some_and(|term| term.to_string_lossy().starts_with("screen"));
        let multiplexer = if set("TMUX") {
            Some(Multiplexer::Tmux)
        } else if set("STY") || term_is_screen {
            Some(Multiplexer::Screen)
        } else {
            None
        };
        Self { display, ssh, multiplexer, tmux_session: set("TMUX") }
    }

    /// Auto mode tries the native clipboard only with a display and outside SSH.
    fn native_first(&self) -> bool {
        self.display && !self.ssh
    }
}

/// The clipboard for the life of the app. The arboard handle is kept because on X11 the copied text
/// disappears when the handle that owns it is dropped.
pub struct Clipboard {
    mode: ClipboardMode,
    env: TerminalEnv,
    /// `None` until the first native copy; then the handle, or why it could not be created (not retried).
    native: Option<Result<arboard::Clipboard, String>>,
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let native = match &self.native {
            None => "untried",
            Some(Ok(_)) => "ready",
            Some(Err(_)) => "unavailable",
        };
        f.debug_struct("Clipboard").field("mode", &self.mode).field("env", &self.env).field("native", &native).finish()
    }
}

impl Clipboard {
    /// A clipboard that has not touched anything yet; arboard is created on the first native copy.
    pub fn new(mode: ClipboardMode, env: TerminalEnv) -> Self {
        Self { mode, env, native: None }
    }

    /// Copies `text`: Native → arboard only; Osc52 → the sequence only; Auto → arboard when there is a
    /// display and no SSH session, then tmux itself when inside tmux (docs/clipboard.md), and OSC 52 when
    /// those are skipped or fail. `out` receives the OSC 52 bytes (the terminal; a `Vec<u8>` in tests) and
    /// is flushed.
    pub fn copy(&mut self, text: &str, out: &mut impl Write) -> Result<CopyPath, CopyError> {
        match self.mode {
            ClipboardMode::Native => self.copy_native(text).map(|()| CopyPath::Native),
            ClipboardMode::Osc52 => self.copy_osc52(text, out),
            ClipboardMode::Auto => {
                if self.env.native_first() && self.copy_native(text).is_ok() {
                    return Ok(CopyPath::Native);
                }
                if self.env.multiplexer == Some(Multiplexer::Tmux)
                    && self.env.tmux_session
                    && let Ok(loaded) = super::tmux::load(text)
                {
                    return Ok(CopyPath::Tmux(loaded));
                }
                self.copy_osc52(text, out)
            }
        }
    }

    fn copy_native(&mut self, text: &str) -> Result<(), CopyError> {
        if !self.env.display {
            return Err(CopyError::NoDisplay);
        }
        let handle = self.native.get_or_insert_with(|| arboard::Clipboard::new().map_err(|error| error.to_string()));
        match handle {
            Ok(clipboard) => clipboard.set_text(text).map_err(|error| CopyError::Native(error.to_string())),
            Err(reason) => Err(CopyError::Native(reason.clone())),
        }
    }

    fn copy_osc52(&self, text: &str, out: &mut impl Write) -> Result<CopyPath, CopyError> {
        let wrapped_for = self.env.multiplexer;
        let sequence = osc52_sequence(text, wrapped_for)?;
        out.write_all(&sequence)?;
        out.flush()?;
        Ok(CopyPath::Osc52 { wrapped_for })
    }
}

/// The bytes that ask the terminal to put `text` on its clipboard: `ESC ] 52 ; c ; BASE64 BEL`, wrapped in
/// a DCS passthrough for tmux (`ESC P tmux; … ESC \`, every inner ESC doubled) or for GNU screen
/// (`ESC P … ESC \`, in pieces screen does not truncate). Refused when the payload exceeds
/// [`OSC52_MAX_PAYLOAD`].
pub fn osc52_sequence(text: &str, multiplexer: Option<Multiplexer>) -> Result<Vec<u8>, CopyError> {
    let encoded = base64_len(text.len());
    if encoded > OSC52_MAX_PAYLOAD {
        return Err(CopyError::TooLarge { encoded, limit: OSC52_MAX_PAYLOAD });
    }
    let mut plain = Vec::with_capacity(encoded + 8);
    plain.extend_from_slice(b"\x1b]52;c;");
    base64_encode_into(text.as_bytes(), &mut plain);
    plain.push(BEL);
    Ok(match multiplexer {
        None => plain,
        Some(Multiplexer::Tmux) => {
            let mut wrapped = Vec::with_capacity(plain.len() + 10);
            wrapped.extend_from_slice(b"\x1bPtmux;");
            for &byte in &plain {
                if byte == ESC {
                    wrapped.push(ESC);
                }
                wrapped.push(byte);
            }
            wrapped.extend_from_slice(b"\x1b\\");
            wrapped
        }
        Some(Multiplexer::Screen) => {
            let mut wrapped = Vec::with_capacity(plain.len() + 4 * plain.len().div_ceil(SCREEN_CHUNK));
            for piece in plain.chunks(SCREEN_CHUNK) {
                wrapped.extend_from_slice(b"\x1bP");
                wrapped.extend_from_slice(piece);
                wrapped.extend_from_slice(b"\x1b\\");
            }
            wrapped
        }
    })
}

/// The length of the padded standard base64 encoding of `len` bytes.
fn base64_len(len: usize) -> usize {
    len.div_ceil(3).saturating_mul(4)
}

/// Appends the standard (RFC 4648 §4) padded base64 encoding of `input` to `out`.
fn base64_encode_into(input: &[u8], out: &mut Vec<u8>) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(base64_len(input.len()));
    for chunk in input.chunks(3) {
        let byte = |i: usize| usize::from(chunk.get(i).copied().unwrap_or(0));
        let group = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        let sextet = |shift: usize| ALPHABET[(group >> shift) & 0x3f];
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { b'=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { b'=' });
    }
}

#[cfg(test)]
#[path = "clipboard_tests.rs"]
mod tests;
