//! A copy inside a real tmux server with tmux's default options (`-f /dev/null`): ppg gives the text to
//! tmux (`load-buffer -w`), tmux's buffer holds it, and the status line says where it went. Skipped with a
//! message when tmux is not installed, except in CI (`.ci/run` installs it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// A tmux server of the test's own, with no configuration file (tmux's defaults), killed on drop.
struct Server {
    socket: String,
    home: tempfile::TempDir,
}

impl Server {
    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").args(["-L", &self.socket, "-f", "/dev/null"]).args(args).output().unwrap()
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "ppg"]).stdout).into_owned()
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(start.elapsed() < DEADLINE, "waited for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn tmux_installed() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|output| output.status.success())
}

#[test]
fn inside_tmux_with_its_defaults_a_copy_lands_in_tmuxs_buffer_and_says_so() {
    if !tmux_installed() {
        assert!(std::env::var_os("CI").is_none(), "tmux is missing in CI: .ci/run installs it");
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let server = Server { socket: format!("ppg-test-{}", std::process::id()), home: tempfile::tempdir().unwrap() };
    let home = server.home.path().to_str().unwrap().to_owned();
    // No display: the system clipboard is out of reach, as over SSH; ppg must go through tmux.
    let command = format!(
        "env -u DISPLAY -u WAYLAND_DISPLAY HOME={home} XDG_CONFIG_HOME={home}/config {} --demo",
        env!("CARGO_BIN_EXE_ppg")
    );
    let started = server.tmux(&["new-session", "-d", "-s", "ppg", "-x", "100", "-y", "30", &command]);
    assert!(started.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&started.stderr));
    server.wait_for("the demo's projects", |screen| screen.contains("checkout-service"));

    // The workspace row is selected: y copies the workspace's id.
    server.tmux(&["send-keys", "-t", "ppg", "y"]);
    let screen = server.wait_for("the copy's toast", |screen| screen.contains("tmux's buffer"));
    assert!(screen.contains("copied workspace id to tmux's buffer and your terminal's clipboard"), "{screen}");
    let buffer = String::from_utf8(server.tmux(&["show-buffer"]).stdout).unwrap();
    assert!(buffer.starts_with("wksp_") && !buffer.contains(char::is_whitespace), "tmux's buffer: {buffer:?}");

    server.tmux(&["send-keys", "-t", "ppg", "q"]);
}
