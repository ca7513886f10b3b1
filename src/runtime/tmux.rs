//! Copies through tmux itself: `tmux load-buffer -w -` puts the text in tmux's paste buffer and, through
//! tmux, on the outer terminal's clipboard (tmux 3.2+, with tmux's default options), which an application's
//! own OSC 52 cannot do unless the user changed them. Used only inside tmux (`TMUX` set).
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long tmux may take to take a buffer before ppg gives up on it (and falls back to OSC 52).
const PATIENCE: Duration = Duration::from_secs(2);

/// What tmux took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// The paste buffer and, through tmux, the outer terminal's clipboard (`load-buffer -w`).
    BufferAndClipboard,
    /// The paste buffer only (a tmux older than 3.2 has no `-w`).
    Buffer,
}

/// Gives `text` to the tmux server of this session: `-w` first, then without it; `Err` says why neither
/// worked. An empty text (clearing) is sent as one space: tmux ignores an empty buffer.
pub fn load(text: &str) -> Result<Loaded, String> {
    let text = if text.is_empty() { " " } else { text };
    match run(&["load-buffer", "-w", "-"], text) {
        Ok(()) => Ok(Loaded::BufferAndClipboard),
        Err(_) => run(&["load-buffer", "-"], text).map(|()| Loaded::Buffer),
    }
}

/// Runs `tmux ARGS` with `input` on its stdin, waiting at most `PATIENCE`.
fn run(args: &[&str], input: &str) -> Result<(), String> {
    let mut child = Command::new("tmux")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot run tmux: {error}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A tmux that exits early closes its end; its exit status says what happened.
        let _ = stdin.write_all(input.as_bytes());
    }
    let deadline = Instant::now() + PATIENCE;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("tmux {} failed ({status})", args.join(" "))),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("tmux {} did not answer within {} s", args.join(" "), PATIENCE.as_secs()));
            }
            Err(error) => return Err(format!("cannot wait for tmux: {error}")),
        }
    }
}
