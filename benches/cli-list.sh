#!/usr/bin/env bash
# cli-list.sh — whole-process wall time of listing every project, side by side in one hyperfine run against
# a local `ppg emulator` seeded with 300 projects (3 pages of 100):
#   ppg            target/release/ppg projects list --json
#   curl+jq        the seed's way, `curl -s -H "Authorization: Bearer …" URL/v1/projects | jq '.data[]'`,
#                  following nextCursor over every page (benches/curl-projects-list.sh)
#   node SDK       @prisma/management-api-sdk listing every page, printing JSON (benches/sdk-projects-list.mjs)
#   curl+jq 1 page the seed's literal one-liner, first page only (100 of 300): a reference, not in the budget
# Budget (docs/benchmarks.md): ppg's mean no slower than curl+jq, and at least 3x faster than the node SDK.
# Exits 1 when the budget is missed, 2 when the benchmark could not run.
#
# Usage: benches/cli-list.sh            (from any cwd; builds `cargo build --release` once)
# Environment:
#   RUNS=30 WARMUP=3     hyperfine's --runs and --warmup
#   PROJECTS=300         how many projects the seed holds
#   OUT_DIR=DIR          where the results go (default target/bench): cli-list.md (hyperfine's markdown
#                        table), cli-list.json (hyperfine's JSON), seed-NNN.json
#   PPG_BIN=PATH         benchmark this binary instead of building target/release/ppg
# Installs what is missing: hyperfine, jq, curl, python3 (apt-get), the SDK (npm ci in tests/sdk).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SDK_DIR="$ROOT/tests/sdk"
RUNS="${RUNS:-30}"
WARMUP="${WARMUP:-3}"
PROJECTS="${PROJECTS:-300}"
OUT_DIR="${OUT_DIR:-$ROOT/target/bench}"
STARTUP_TIMEOUT_S=20

say() { echo "cli-list.sh: $*" >&2; }
die() { say "$*"; exit 2; }

# --- what the benchmark needs ------------------------------------------------------------------------
apt_install() {
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  say "installing $* with apt-get"
  if ! "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null; then
    "${sudo[@]}" apt-get update -qq >/dev/null || die "apt-get update failed"
    "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
  fi
}
missing=()
for tool in hyperfine jq curl python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
command -v node >/dev/null || die "node is not installed (.ci/run installs it: apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm is not installed"
if [[ ! -f "$SDK_DIR/node_modules/.package-lock.json" || "$SDK_DIR/package-lock.json" -nt "$SDK_DIR/node_modules/.package-lock.json" ]]; then
  say "npm ci in tests/sdk"
  (cd "$SDK_DIR" && npm ci --no-audit --no-fund >&2) || die "npm ci failed"
fi

if [[ -n "${PPG_BIN:-}" ]]; then
  PPG="$(cd "$(dirname "$PPG_BIN")" && pwd)/$(basename "$PPG_BIN")"
else
  say "cargo build --release (minutes on a small machine)"
  (cd "$ROOT" && cargo build --release --bin ppg) || die "cargo build --release failed"
  PPG="$ROOT/target/release/ppg"
fi
[[ -x "$PPG" ]] || die "no executable ppg at $PPG"

# --- the emulator ------------------------------------------------------------------------------------
mkdir -p "$OUT_DIR"
WORK="$(mktemp -d)"
EMU_PID=""
stop_emulator() {
  if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  EMU_PID=""
}
cleanup() { stop_emulator; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts `ppg emulator --addr 127.0.0.1:0 ARGS…` and sets EMU_URL and EMU_TOKEN from its one stdout line:
# ppg emulator listening on http://ADDR (token: TOKEN)
start_emulator() {
  : >"$WORK/emulator.out"
  "$PPG" emulator --addr 127.0.0.1:0 "$@" >"$WORK/emulator.out" &
  EMU_PID=$!
  local re='^ppg emulator listening on (http://[^ ]+) \(token: ([^)]+)\)$' line="" deadline=$((SECONDS + STARTUP_TIMEOUT_S))
  until [[ "$line" =~ $re ]]; do
    if ! kill -0 "$EMU_PID" 2>/dev/null; then
      EMU_PID=""
      die "the emulator exited before announcing its address (its stderr is above)"
    fi
    ((SECONDS < deadline)) || die "the emulator printed no listening line within ${STARTUP_TIMEOUT_S}s"
    sleep 0.05
    line="$(head -n 1 "$WORK/emulator.out")"
  done
  EMU_URL="${BASH_REMATCH[1]}"
  EMU_TOKEN="${BASH_REMATCH[2]}"
}

# The seed: the demo world plus generated projects of the same shape, up to $PROJECTS.
SEED="$OUT_DIR/seed-$PROJECTS.json"
start_emulator --seed demo
curl -sf "$EMU_URL/_emulator/state" | python3 "$HERE/make-seed.py" - "$PROJECTS" >"$SEED" || die "could not make the seed"
stop_emulator

start_emulator --seed "$SEED"
say "emulator $EMU_URL (pid $EMU_PID), seed $SEED"

# Everything talks to the emulator through the environment; no user config or log gets in the way.
export PPG_API_URL="$EMU_URL" PRISMA_POSTGRES_TOKEN="$EMU_TOKEN"
export XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state"
unset PPG_PROFILE PPG_LOG
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"

q() { printf '%q' "$1"; }
CMD_PPG="$(q "$PPG") projects list --json"
CMD_CURL="bash $(q "$HERE/curl-projects-list.sh")"
CMD_NODE="node $(q "$HERE/sdk-projects-list.mjs")"
CMD_ONE='curl -s -H "Authorization: Bearer $PRISMA_POSTGRES_TOKEN" "$PPG_API_URL/v1/projects" | jq ".data[]"'

# --- the same answer from all three --------------------------------------------------------------------
sh -c "$CMD_PPG" | jq -r '.[].id' | sort >"$WORK/ids.ppg"
sh -c "$CMD_CURL" | jq -r '.id' | sort >"$WORK/ids.curl"
sh -c "$CMD_NODE" | jq -r '.[].id' | sort >"$WORK/ids.node"
count="$(wc -l <"$WORK/ids.ppg")"
[[ "$count" -eq "$PROJECTS" ]] || die "ppg listed $count projects, not $PROJECTS"
cmp -s "$WORK/ids.ppg" "$WORK/ids.curl" || die "curl+jq and ppg list different projects ($(wc -l <"$WORK/ids.curl") vs $count)"
cmp -s "$WORK/ids.ppg" "$WORK/ids.node" || die "the node SDK and ppg list different projects ($(wc -l <"$WORK/ids.node") vs $count)"
[[ "$(sort -u "$WORK/ids.ppg" | wc -l)" -eq "$PROJECTS" ]] || die "ppg listed a project twice"
say "all three list the same $PROJECTS projects"

# --- the machine and the versions --------------------------------------------------------------------
{
  echo "machine:   $(nproc) cores (nproc), $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
  echo "ppg:       $("$PPG" --version)"
  echo "curl:      $(curl --version | head -n 1)"
  echo "jq:        $(jq --version)"
  echo "node:      $(node --version), @prisma/management-api-sdk $(jq -r .version "$SDK_DIR/node_modules/@prisma/management-api-sdk/package.json")"
  echo "hyperfine: $(hyperfine --version)"
} | tee "$OUT_DIR/cli-list.env"

# --- the measurement ---------------------------------------------------------------------------------
MD="$OUT_DIR/cli-list.md"
JSON="$OUT_DIR/cli-list.json"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-markdown "$MD" --export-json "$JSON" \
  -n "ppg projects list --json" "$CMD_PPG" \
  -n "curl+jq, every page" "$CMD_CURL" \
  -n "node SDK script" "$CMD_NODE" \
  -n "curl+jq one-liner, first page only (reference)" "$CMD_ONE" >&2

echo
cat "$MD"
echo

# --- the budget --------------------------------------------------------------------------------------
mean() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .mean' "$JSON"; }
ppg_s="$(mean "ppg projects list --json")"
curl_s="$(mean "curl+jq, every page")"
node_s="$(mean "node SDK script")"
verdict="$(python3 - "$ppg_s" "$curl_s" "$node_s" <<'EOF'
import sys
ppg, curl, node = map(float, sys.argv[1:])
ok = True
lines = [f"ppg {ppg*1e3:.1f} ms, curl+jq {curl*1e3:.1f} ms, node SDK {node*1e3:.1f} ms (means)"]
if ppg <= curl:
    lines.append(f"ok: ppg is {curl/ppg:.2f}x as fast as curl+jq (budget: no slower)")
else:
    ok = False
    lines.append(f"MISSED: ppg is slower than curl+jq, by {(ppg-curl)*1e3:.1f} ms ({ppg/curl:.2f}x its time; budget: no slower)")
if node >= 3 * ppg:
    lines.append(f"ok: ppg is {node/ppg:.2f}x as fast as the node SDK script (budget: at least 3x)")
else:
    ok = False
    lines.append(f"MISSED: ppg is only {node/ppg:.2f}x as fast as the node SDK script (budget: at least 3x)")
print("\n".join(lines))
sys.exit(0 if ok else 1)
EOF
)" && status=0 || status=$?
echo "$verdict"
if ((status != 0)); then
  say "the budget is missed (see above)"
  exit 1
fi
say "the budget is met; results in $OUT_DIR"
