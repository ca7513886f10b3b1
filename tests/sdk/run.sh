#!/usr/bin/env bash
# run.sh — runs the SDK conformance suite against a freshly started ppg emulator.
# Usage: tests/sdk/run.sh [PATH_TO_PPG]   (default: target/debug/ppg under the repo root; works from any cwd)
# Installs the pinned npm packages when node_modules is missing or older than package-lock.json, starts
# `ppg emulator --addr 127.0.0.1:0 --seed demo --ready-after 1s`, waits for its one stdout line, runs
# `node --test conformance.mjs newer.mjs` (one file at a time: they share the emulator) with PPG_EMULATOR_URL/PPG_EMULATOR_TOKEN, stops the emulator, and exits
# with the tests' status.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STARTUP_TIMEOUT_S=15

die() { echo "run.sh: $*" >&2; exit 2; }

# The binary: as given (relative to the caller's cwd, else to the repo root), or the debug build.
PPG="${1:-$ROOT/target/debug/ppg}"
if [[ ! -x "$PPG" && "$PPG" != /* && -x "$ROOT/$PPG" ]]; then PPG="$ROOT/$PPG"; fi
[[ -x "$PPG" ]] || die "no executable ppg at '$PPG' (build it with: cargo build)"
PPG="$(cd "$(dirname "$PPG")" && pwd)/$(basename "$PPG")"

command -v node >/dev/null || die "node is not installed"
command -v npm >/dev/null || die "npm is not installed"

# Dependencies: npm ci when node_modules is missing or stale versus the lockfile.
if [[ ! -f "$HERE/node_modules/.package-lock.json" || "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund) || die "npm ci failed"
fi

WORK="$(mktemp -d)"
EMU_PID=""
cleanup() {
  if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The emulator's stderr goes straight to ours; its stdout (the one announcement line) to a file.
"$PPG" emulator --addr 127.0.0.1:0 --seed demo --ready-after 1s >"$WORK/stdout" &
EMU_PID=$!

# Wait for: ppg emulator listening on http://ADDR (token: TOKEN)
LINE_RE='^ppg emulator listening on (http://[^ ]+) \(token: ([^)]+)\)$'
deadline=$((SECONDS + STARTUP_TIMEOUT_S))
line=""
until [[ "$line" =~ $LINE_RE ]]; do
  if ! kill -0 "$EMU_PID" 2>/dev/null; then
    wait "$EMU_PID" && code=0 || code=$?
    EMU_PID=""
    die "the emulator exited (status $code) before announcing its address (its stderr is above)"
  fi
  (( SECONDS < deadline )) || die "the emulator did not print its listening line within ${STARTUP_TIMEOUT_S}s; its stdout: '$(cat "$WORK/stdout")'"
  sleep 0.05
  line="$(head -n 1 "$WORK/stdout")"
done
export PPG_EMULATOR_URL="${BASH_REMATCH[1]}"
export PPG_EMULATOR_TOKEN="${BASH_REMATCH[2]}"
echo "run.sh: emulator $PPG_EMULATOR_URL (pid $EMU_PID)"

status=0
(cd "$HERE" && node --test --test-concurrency=1 --test-timeout=60000 conformance.mjs newer.mjs) || status=$?
exit "$status"
