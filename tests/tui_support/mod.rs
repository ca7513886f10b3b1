//! Drives the real `ppg` binary in a pseudo-terminal: its output is kept raw (to find escape sequences such as
//! OSC 52) and fed to a vt100 parser (to read the screen as text); keys are written to the pty like a user's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod screen;

#[allow(unused_imports)] // each test file uses some of them
pub use screen::{copy_menu, menu_selection, menu_value, selected_table_row, table_names, tree_rows};

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long any one condition may take to come true; the binary is a debug build.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// The longest a poll sleeps before looking at the screen again (it wakes early when output arrives).
const POLL: Duration = Duration::from_millis(20);

/// Enter, as a terminal sends it in raw mode.
pub const ENTER: &str = "\r";
/// Tab.
pub const TAB: &str = "\t";

/// What the reader thread shares with the test.
struct Output {
    /// Every byte the child wrote, in order.
    raw: Vec<u8>,
    /// The same bytes, interpreted as a terminal would.
    parser: vt100::Parser,
    /// The pty reached its end (the child and every holder of the slave side are gone).
    eof: bool,
}

type Shared = Arc<(Mutex<Output>, Condvar)>;

/// The binary running in a pty of a given size, with a clean environment in a temporary home.
pub struct Tui {
    shared: Shared,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    _home: tempfile::TempDir,
}

impl Tui {
    /// Starts `ppg ARGS` at `cols`×`rows`. The environment holds only a temporary HOME (with the XDG config
    /// and state homes inside it, so no user config is read), `TERM=xterm-256color` and a UTF-8 locale: no
    /// display, multiplexer, SSH or token variables.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn_with_env(args, &[], cols, rows)
    }

    /// Types `keys` (each character is one key press; see [`ENTER`] and [`TAB`]).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("writing to the pty");
        self.writer.flush().expect("flushing the pty");
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        self.lock().parser.screen().contents()
    }

    /// Every byte the child has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    /// Whether the terminal is in the alternate screen and whether the cursor is hidden, as vt100 sees it.
    pub fn modes(&self) -> (bool, bool) {
        let output = self.lock();
        (output.parser.screen().alternate_screen(), output.parser.screen().hide_cursor())
    }

    /// Polls the parsed screen until `cond` holds and returns that screen; fails, printing the screen, when
    /// `deadline` passes first.
    #[track_caller]
    pub fn wait_for(&self, cond: impl Fn(&str) -> bool, deadline: Duration) -> String {
        let (screen, ok) = self.poll(deadline, |output| {
            let screen = output.parser.screen().contents();
            let ok = frame_complete(&output.raw) && cond(&screen);
            (screen, ok)
        });
        assert!(ok, "the screen did not reach the expected state within {deadline:?}:\n{screen}");
        screen
    }

    /// Polls the raw output until `cond` holds; fails, printing the screen and the tail of the output, when
    /// `deadline` passes first.
    #[track_caller]
    pub fn wait_for_raw(&self, cond: impl Fn(&[u8]) -> bool, deadline: Duration) -> Vec<u8> {
        let (raw, ok) = self.poll(deadline, |output| (output.raw.clone(), cond(&output.raw)));
        assert!(ok, "the output did not reach the expected state within {deadline:?}:\n{}", self.describe());
        raw
    }

    /// Resizes the pty (the child gets SIGWINCH) and the parser with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.lock().parser.screen_mut().set_size(rows, cols);
        self.master.resize(pty_size(cols, rows)).expect("resizing the pty");
    }

    /// The child's process id, to send it signals.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// The child's exit status if it has exited; fails if it cannot be queried.
    pub fn exited(&mut self) -> Option<portable_pty::ExitStatus> {
        self.child.try_wait().expect("querying the child")
    }

    /// Waits for the child to exit and for the pty to be drained; fails, printing the screen, when `deadline`
    /// passes first.
    #[track_caller]
    pub fn wait_exit(&mut self, deadline: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.exited() {
                break status;
            }
            assert!(start.elapsed() < deadline, "ppg did not exit within {deadline:?}:\n{}", self.describe());
            std::thread::sleep(POLL);
        };
        let left = deadline.saturating_sub(start.elapsed());
        let ((), eof) = self.poll(left, |output| ((), output.eof));
        assert!(eof, "the pty did not reach its end within {deadline:?} of the exit:\n{}", self.describe());
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread");
        }
        status
    }

    /// The screen and the end of the raw output, escaped, for failure messages.
    pub fn describe(&self) -> String {
        let output = self.lock();
        let tail = &output.raw[output.raw.len().saturating_sub(400)..];
        format!("{}\n--- last bytes of the output ---\n{}", output.parser.screen().contents(), escape(tail))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Output> {
        self.shared.0.lock().expect("the output lock")
    }

    /// Evaluates `look` on the output each time it changes (or every [`POLL`]) until it reports success or
    /// `deadline` passes; returns its last answer.
    fn poll<T>(&self, deadline: Duration, look: impl Fn(&Output) -> (T, bool)) -> (T, bool) {
        let start = Instant::now();
        let (lock, changed) = &*self.shared;
        let mut output = lock.lock().expect("the output lock");
        loop {
            let (value, ok) = look(&output);
            let elapsed = start.elapsed();
            if ok || elapsed >= deadline {
                return (value, ok);
            }
            let wait = POLL.min(deadline - elapsed);
            output = changed.wait_timeout(output, wait).expect("the output lock").0;
        }
    }
}

/// Whether the output ends between frames: ppg wraps each frame in a synchronized update
/// (`ESC [ ? 2026 h` … `ESC [ ? 2026 l`), so a screen read mid-frame is never taken for the next state.
fn frame_complete(raw: &[u8]) -> bool {
    let last = |marker: &[u8]| raw.windows(marker.len()).rposition(|window| window == marker);
    match (last(b"\x1b[?2026h"), last(b"\x1b[?2026l")) {
        (Some(begin), Some(end)) => end > begin,
        (Some(_), None) => false,
        _ => true,
    }
}

impl Drop for Tui {
    /// A failed test must not leave the binary running.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

/// Copies the pty's output into the shared buffer and parser until the end (EOF, or EIO on Linux).
fn read_all(mut reader: Box<dyn Read + Send>, shared: &Shared) {
    let (lock, changed) = &**shared;
    let mut buffer = [0u8; 8192];
    loop {
        let read = match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let mut output = lock.lock().expect("the output lock");
        output.raw.extend_from_slice(&buffer[..read]);
        output.parser.process(&buffer[..read]);
        changed.notify_all();
    }
    lock.lock().expect("the output lock").eof = true;
    changed.notify_all();
}

/// Bytes as text with control characters escaped, for failure messages.
pub fn escape(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] })
        .collect()
}

/// The payloads of every OSC 52 clipboard sequence (`ESC ] 52 ; c ; BASE64` ended by BEL or ST) in `raw`,
/// decoded, in order. An undecodable payload fails the test.
pub fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    const START: &[u8] = b"\x1b]52;c;";
    let mut payloads = Vec::new();
    let mut rest = raw;
    while let Some(at) = find(rest, START) {
        let body = &rest[at + START.len()..];
        let Some(end) = body.iter().position(|&byte| byte == 0x07 || byte == 0x1b) else { break };
        let bytes =
            base64_decode(&body[..end]).unwrap_or_else(|| panic!("bad base64 in OSC 52: {}", escape(&body[..end])));
        payloads.push(String::from_utf8(bytes).expect("the copied text is UTF-8"));
        rest = &body[end..];
    }
    payloads
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

/// Decodes standard padded base64 (RFC 4648 §4); `None` on any malformed input.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    fn value(byte: u8) -> Option<u32> {
        Some(u32::from(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    if text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let groups = text.len() / 4;
    for (index, group) in text.chunks(4).enumerate() {
        let padding = group.iter().rev().take_while(|&&byte| byte == b'=').count();
        if padding > 2 || (padding > 0 && index + 1 != groups) {
            return None;
        }
        let mut bits = 0u32;
        for &byte in &group[..4 - padding] {
            bits = (bits << 6) | value(byte)?;
        }
        bits <<= 6 * padding as u32;
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
}

impl Tui {
    /// Moves the tree's selection with j/k until the selected row contains `label`, waiting for each move.
    #[track_caller]
    pub fn select_in_tree(&mut self, label: &str) {
        for _ in 0..50 {
            let screen = self.screen();
            let rows = tree_rows(&screen);
            let cursor = rows.iter().find(|(_, selected, _)| *selected).map(|(row, _, _)| *row);
            let target = rows.iter().find(|(_, _, text)| text.contains(label)).map(|(row, _, _)| *row);
            let (Some(cursor), Some(target)) = (cursor, target) else {
                panic!("no selection or no {label:?} in the tree:\n{screen}");
            };
            if cursor == target {
                return;
            }
            self.send(if target > cursor { "j" } else { "k" });
            self.wait_for(
                |screen| tree_rows(screen).iter().any(|(row, selected, _)| *selected && *row != cursor),
                DEADLINE,
            );
        }
        panic!("could not select {label:?} in the tree:\n{}", self.screen());
    }

    /// Moves the copy menu's selection with j/k until the selected row starts with `label`.
    #[track_caller]
    pub fn select_in_menu(&mut self, label: &str) {
        for _ in 0..20 {
            let screen = self.screen();
            let Some((_, rows)) = copy_menu(&screen) else { panic!("no copy menu:\n{screen}") };
            let labelled = |text: &str| text.strip_prefix(label).is_some_and(|rest| rest.starts_with(' '));
            let cursor = rows.iter().position(|(selected, _)| *selected);
            let target = rows.iter().position(|(_, text)| labelled(text));
            let (Some(cursor), Some(target)) = (cursor, target) else {
                panic!("no selection or no {label:?} in the copy menu:\n{screen}");
            };
            if cursor == target {
                return;
            }
            let before = rows[cursor].1.clone();
            self.send(if target > cursor { "j" } else { "k" });
            self.wait_for(|screen| menu_selection(screen).is_some_and(|now| now != before), DEADLINE);
        }
        panic!("could not select {label:?} in the copy menu:\n{}", self.screen());
    }
}

#[allow(dead_code)]
impl Tui {
    /// Starts `ppg ARGS` at `cols`×`rows` like [`Tui::spawn`], with `env` added to the same clean environment
    /// (such as the token of an emulator started by the test).
    pub fn spawn_with_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let home = tempfile::tempdir().expect("a temporary home");
        let pair = native_pty_system().openpty(pty_size(cols, rows)).expect("a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_ppg"));
        command.args(args);
        command.env_clear();
        command.cwd(home.path());
        command.env("HOME", home.path());
        command.env("XDG_CONFIG_HOME", home.path().join("config"));
        command.env("XDG_STATE_HOME", home.path().join("state"));
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair.slave.spawn_command(command).expect("ppg starts in the pty");
        // Only the child holds the slave side now, so the reader sees the end when the child exits.
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer = pair.master.take_writer().expect("a pty writer");
        let shared: Shared = Arc::new((
            Mutex::new(Output { raw: Vec::new(), parser: vt100::Parser::new(rows, cols, 0), eof: false }),
            Condvar::new(),
        ));
        let reader = std::thread::spawn({
            let shared = Arc::clone(&shared);
            move || read_all(reader, &shared)
        });
        Tui { shared, master: pair.master, writer, child, reader: Some(reader), _home: home }
    }

    /// Polls the parsed screen until `cond` holds and returns that screen, or `None` once `deadline` has passed
    /// (for callers that react to a timeout instead of failing).
    pub fn poll_screen(&self, cond: impl Fn(&str) -> bool, deadline: Duration) -> Option<String> {
        let (screen, ok) = self.poll(deadline, |output| {
            let screen = output.parser.screen().contents();
            let ok = frame_complete(&output.raw) && cond(&screen);
            (screen, ok)
        });
        ok.then_some(screen)
    }
}

/// The Up arrow key as a terminal sends it.
#[allow(dead_code)]
pub const UP: &str = "\x1b[A";
/// The Right arrow key.
#[allow(dead_code)]
pub const RIGHT: &str = "\x1b[C";
