#!/usr/bin/env bash
# Time from launch to the first frame of `ppg --demo` (release build), and frames drawn while idle.
#
# Budgets (issue 4): median time to first frame ≤ 50 ms; zero frames drawn while idle.
#
# Each run starts target/release/ppg --demo in a 100×30 pseudo-terminal (python3's pty module), with
# PPG_LOG=info and --log-file, waits for the log's "first frame" line and reads its elapsed_ms (measured
# by ppg from the start of main), then sends `q` and waits for the exit. The time from spawning the
# process to the first bytes of the first frame reaching the terminal (the DEMO badge) is measured
# from outside as well, so the process start-up before main is counted too.
#
# Idle check: one run with PPG_LOG=trace; once loading is over (no new "frame drawn" line for 1 s), it
# counts the "frame drawn" lines, waits 5 s without input, and counts again: the difference must be 0.
#
# Usage: bash benches/tui-startup.sh [runs]      (runs defaults to 20; any working directory)
# Exit status: 0 when both budgets hold, 1 otherwise (or when something else went wrong).
set -euo pipefail

runs="${1:-${RUNS:-20}}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="$root/target/release/ppg"

echo "building release (cargo build --release)…" >&2
(cd "$root" && cargo build --release --quiet --bin ppg)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"

python3 - "$binary" "$tmp" "$runs" <<'PY'
import fcntl, os, pty, re, select, signal, statistics, struct, sys, termios, time

binary, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
COLS, ROWS = 100, 30
BUDGET_MS = 50.0
IDLE_SECONDS = 5.0
QUIET_SECONDS = 1.0

# A clean environment: no config file, no token, no profile; the terminal is a 100×30 xterm.
env = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": os.path.join(tmp, "home"),
    "TERM": "xterm-256color",
    "LANG": "C.UTF-8",
}


class Run:
    """ppg --demo in a pseudo-terminal; the terminal's output is drained and kept."""

    def __init__(self, log, level):
        self.log = log
        self.output = bytearray()
        self.first_bytes_at = None  # when the first frame's DEMO badge reached the terminal
        self.status = None
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execve(binary, [binary, "--demo", "--log-file", log], dict(env, PPG_LOG=level))
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def pump(self, timeout):
        """Reads what the terminal got within `timeout` seconds; answers a cursor-position query."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            self.reap(block=False)
            time.sleep(min(timeout, 0.01))
            return 0
        self.output += chunk
        if self.first_bytes_at is None and b"DEMO" in self.output:
            self.first_bytes_at = time.monotonic()
        if b"\x1b[6n" in chunk:
            os.write(self.fd, b"\x1b[1;1R")
        return len(chunk)

    def reap(self, block):
        if self.status is None:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def log_text(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as file:
                return file.read()
        except FileNotFoundError:
            return ""

    def wait_for(self, predicate, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return
            self.pump(0.002)
            if self.reap(block=False) is not None and not predicate():
                fail(f"ppg exited ({self.status}) while waiting for {what}:\n{self.log_text()[-2000:]}")
        fail(f"timed out after {seconds} s waiting for {what}:\n{self.log_text()[-2000:]}")

    def quit(self):
        os.write(self.fd, b"q")
        deadline = time.monotonic() + 10
        while self.reap(block=False) is None:
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                self.reap(block=True)
                fail("ppg did not exit within 10 s of `q`")
            self.pump(0.01)
        os.close(self.fd)
        if self.status != 0:
            fail(f"ppg exited with {self.status} after `q`:\n{self.log_text()[-2000:]}")


def fail(message):
    print(f"tui-startup: {message}", file=sys.stderr)
    sys.exit(1)


FIRST = re.compile(r"elapsed_ms=(\d+).*first frame|first frame.*elapsed_ms=(\d+)")


def first_frame_ms(text):
    match = FIRST.search(text)
    return None if match is None else int(match.group(1) or match.group(2))


def summary(values, unit):
    return f"min {min(values):.1f} {unit}, median {statistics.median(values):.1f} {unit}, max {max(values):.1f} {unit}"


# Time to first frame.
internal, external = [], []
for index in range(runs):
    run = Run(os.path.join(tmp, f"start-{index}.log"), "info")
    run.wait_for(lambda: first_frame_ms(run.log_text()) is not None, 10, "the first frame")
    run.wait_for(lambda: run.first_bytes_at is not None, 5, "the first frame on the terminal")
    internal.append(first_frame_ms(run.log_text()))
    external.append((run.first_bytes_at - run.started) * 1000)
    run.quit()
print(f"time to first frame, ppg --demo, release, {COLS}×{ROWS} pty, {runs} runs")
print(f"  logged by ppg (elapsed_ms, from main):      {summary(internal, 'ms')}")
print(f"  seen on the terminal (from spawn, wall):    {summary(external, 'ms')}")
print(f"  all logged values (ms): {' '.join(str(value) for value in internal)}")

# Frames drawn while idle.
run = Run(os.path.join(tmp, "idle.log"), "trace")
count = lambda: run.log_text().count("frame drawn")
run.wait_for(lambda: first_frame_ms(run.log_text()) is not None, 10, "the first frame")
deadline = time.monotonic() + 30
last, changed = count(), time.monotonic()
while time.monotonic() - changed < QUIET_SECONDS:
    if time.monotonic() > deadline:
        fail("frames kept being drawn for 30 s after start: loading never settled")
    run.pump(0.05)
    now = count()
    if now != last:
        last, changed = now, time.monotonic()
settled_after = changed - run.started
before = count()
bytes_before = len(run.output)
end = time.monotonic() + IDLE_SECONDS
while time.monotonic() < end:
    run.pump(max(0.0, min(0.1, end - time.monotonic())))
after = count()
idle_bytes = len(run.output) - bytes_before
run.quit()
idle_frames = after - before
print(f"idle: loading settled {settled_after:.2f} s after launch with {before} frames drawn;"
      f" after {IDLE_SECONDS:.0f} s idle {after} frames drawn -> {idle_frames} frames while idle"
      f" ({idle_bytes} bytes written to the terminal)")

median = statistics.median(internal)
verdicts = [
    (median <= BUDGET_MS, f"median time to first frame {median:.1f} ms (budget {BUDGET_MS:.0f} ms)"),
    (idle_frames == 0, f"frames drawn while idle: {idle_frames} (budget 0)"),
]
for ok, text in verdicts:
    print(f"{'PASS' if ok else 'FAIL'}  {text}")
sys.exit(0 if all(ok for ok, _ in verdicts) else 1)
PY
