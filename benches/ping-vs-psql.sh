#!/usr/bin/env bash
# ping-vs-psql.sh — whole-process wall time of testing a connection, side by side in one hyperfine run:
#   ppg ping   target/release/ppg ping --url URL          (resolve, TCP, TLS, login, 5 x SELECT 1)
#   psql       psql URL -X -q -c 'select 1'                (libpq: TCP, TLS, login, 1 x select 1)
# with the same string, against the throwaway PostgreSQL of tests/pg/cluster.sh (TLS on, sslmode=require).
# Budget (docs/benchmarks.md): ppg ping's mean no slower than psql's. Exits 1 when missed, 2 when the
# benchmark could not run.
#
# Usage: benches/ping-vs-psql.sh        (from any cwd; builds `cargo build --release` once)
# Environment:
#   RUNS=50 WARMUP=5     hyperfine's --runs and --warmup
#   OUT_DIR=DIR          where the results go (default target/bench): ping-vs-psql.md and .json
#   PPG_BIN=PATH         benchmark this binary instead of building target/release/ppg
#   PPG_TEST_POSTGRES    the string to test; without it the script starts (and stops) tests/pg/cluster.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUNS="${RUNS:-50}"
WARMUP="${WARMUP:-5}"
OUT_DIR="${OUT_DIR:-$ROOT/target/bench}"

say() { echo "ping-vs-psql.sh: $*" >&2; }
die() { say "$*"; exit 2; }

if ! command -v hyperfine >/dev/null; then
  [[ "$(id -u)" == 0 ]] || die "hyperfine is missing: apt-get install hyperfine"
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null; } \
    || die "cannot install hyperfine"
fi

if [[ -z "${PPG_TEST_POSTGRES:-}" ]]; then
  pg_env=$(bash "$ROOT/tests/pg/cluster.sh" start) || die "cannot start PostgreSQL"
  eval "$pg_env"
  trap 'bash "$ROOT/tests/pg/cluster.sh" stop' EXIT
fi
command -v psql >/dev/null || die "psql is missing: apt-get install postgresql-client"

if [[ -z "${PPG_BIN:-}" ]]; then
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
  PPG_BIN="$ROOT/target/release/ppg"
fi
mkdir -p "$OUT_DIR"

# Both must answer before they are timed.
"$PPG_BIN" ping --url "$PPG_TEST_POSTGRES" >/dev/null 2>&1 || die "ppg ping does not answer"
psql "$PPG_TEST_POSTGRES" -X -q -c 'select 1' >/dev/null || die "psql does not answer"

# The string is handed over in a variable, so that the command lines hyperfine prints hold no password.
export URL="$PPG_TEST_POSTGRES"
hyperfine --warmup "$WARMUP" --runs "$RUNS" \
  --export-markdown "$OUT_DIR/ping-vs-psql.md" --export-json "$OUT_DIR/ping-vs-psql.json" \
  -n "ppg ping --url" "\"$PPG_BIN\" ping --url \"\$URL\" >/dev/null 2>&1" \
  -n "psql -c 'select 1'" "psql \"\$URL\" -X -q -c 'select 1' >/dev/null" >&2

cat "$OUT_DIR/ping-vs-psql.md"
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "ppg: $("$PPG_BIN" --version); psql: $(psql --version); server: $(psql "$URL" -X -Atc 'show server_version')"
  echo "hyperfine: $(hyperfine --version)"
}

python3 - "$OUT_DIR/ping-vs-psql.json" <<'EOF'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
ppg, psql = results["ppg ping --url"], results["psql -c 'select 1'"]
print(f"ppg ping {ppg * 1000:.1f} ms, psql {psql * 1000:.1f} ms: ppg is {psql / ppg:.2f}x as fast")
if ppg > psql:
    print("MISSED: ppg ping is slower than psql -c 'select 1'")
    sys.exit(1)
EOF
