#!/usr/bin/env bash
# A throwaway PostgreSQL for ppg's tests: loopback only, a free port, TLS on (a CA and a server certificate
# made here with openssl), a random password for the superuser `postgres`.
#
#   pg_env=$(bash tests/pg/cluster.sh start) && eval "$pg_env"   # start it; exports PPG_TEST_POSTGRES(_CA)
#   bash tests/pg/cluster.sh env                                  # the export lines of the running one
#   bash tests/pg/cluster.sh stop                                 # stop it and remove its folder
#
# As root (CI) it installs the Debian packages postgresql and postgresql-client when PostgreSQL is missing,
# and runs the server as the user postgres (initdb refuses root). PPG_PG_DIR chooses its folder.
set -euo pipefail

DIR="${PPG_PG_DIR:-/tmp/ppg-test-pg-$(id -u)}"
log() { printf 'cluster.sh: %s\n' "$*" >&2; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; fi
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
  if [ -n "$(bindir)" ] && command -v psql >/dev/null && command -v openssl >/dev/null; then return; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL (server and psql) and openssl are needed: install postgresql, postgresql-client and openssl"
    exit 1
  fi
  log "installing postgresql, postgresql-client and openssl (Debian packages)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client openssl >&2
}

free_port() {
  local port
  for port in $(shuf -i 20000-59999 -n 40 2>/dev/null || seq 54320 54359); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port found"
  exit 1
}

certificates() {
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 -new "${ec[@]}" -days 7 -subj "/CN=ppg test CA" -keyout "$DIR/ca.key" -out "$DIR/ca.crt" 2>/dev/null
  openssl req -new "${ec[@]}" -subj "/CN=localhost" -keyout "$DIR/server.key" -out "$DIR/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$DIR/server.ext"
  openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -days 7 \
    -extfile "$DIR/server.ext" -out "$DIR/server.crt" 2>/dev/null
  chmod 600 "$DIR/server.key" "$DIR/ca.key"
}

running() {
  [ -f "$DIR/env" ] && [ -n "$(bindir)" ] && as_owner "$(bindir)/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

start() {
  if running; then
    log "already running ($DIR)"
    cat "$DIR/env"
    return
  fi
  install_if_missing
  local bin port password
  bin=$(bindir)
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  port=$(free_port)
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$DIR/password"
  certificates
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$DIR"; fi
  as_owner "$bin/initdb" -D "$DIR/data" -U postgres -A scram-sha-256 --pwfile="$DIR/password" -E UTF8 \
    --no-locale -N >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
  cat >>"$DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR'
ssl = on
ssl_cert_file = '$DIR/server.crt'
ssl_key_file = '$DIR/server.key'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  printf 'local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n' \
    >"$DIR/data/pg_hba.conf"
  as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null \
    || { cat "$DIR/server.log" >&2; exit 1; }
  {
    printf "export PPG_TEST_POSTGRES='postgres://postgres:%s@127.0.0.1:%s/postgres?sslmode=require'\n" "$password" "$port"
    printf "export PPG_TEST_POSTGRES_CA='%s'\n" "$DIR/ca.crt"
  } >"$DIR/env"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port with TLS ($DIR)"
  cat "$DIR/env"
}

stop() {
  if [ -d "$DIR/data" ] && [ -n "$(bindir)" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) if running; then cat "$DIR/env"; else log "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
