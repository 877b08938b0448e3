#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
#   scripts/postgres.sh start   -> installs Debian's postgresql if missing (as root), starts a
#                                  cluster, prints `export DATABASE_URL=...`; exit 3 if impossible
#   scripts/postgres.sh stop    -> stops the cluster and removes its files
# Settings: PG_PORT (default 54329), PG_DIR (default /tmp/trm-portal-pg-$PG_PORT).
set -euo pipefail

PG_PORT="${PG_PORT:-54329}"
PG_DIR="${PG_DIR:-/tmp/trm-portal-pg-$PG_PORT}"
PG_DB="${PG_DB:-trm_portal}"
PG_USER="${PG_USER:-trm}"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)."
    return 1
  fi
  log "installing Debian's postgresql package"
  # Both steps are retried once: a mirror hiccup should not fail a whole CI run.
  (apt-get update -q || apt-get update -q) >&2
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql || \
   DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql) >&2
}

start() {
  local bindir
  if ! bindir=$(find_bindir); then
    install_postgres || exit 3
    bindir=$(find_bindir) || { log "initdb not found after installing postgresql"; exit 3; }
  fi
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    log "a cluster is already running in $PG_DIR; reusing it"
  else
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR/data" "$PG_DIR/socket"
    [ "$(id -u)" = "0" ] && chown -R postgres:postgres "$PG_DIR"
    as_postgres "$bindir/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    as_postgres "$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_USER';" \
      -c "CREATE DATABASE $PG_DB OWNER $PG_USER;" >/dev/null
    log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PG_PORT ($PG_DIR)"
  fi
  echo "export DATABASE_URL=postgres://$PG_USER:$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
}

stop() {
  local bindir
  bindir=$(find_bindir) || exit 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_postgres "$bindir/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
    log "stopped the cluster on port $PG_PORT"
  fi
  rm -rf "$PG_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
