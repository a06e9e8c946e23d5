#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests, on a Unix socket only (no TCP port).
#   .ci/pg.sh start DIR   initdb + pg_ctl start in DIR; prints the SQLAlchemy URL to use
#   .ci/pg.sh stop DIR    stops it and removes DIR
# initdb and pg_ctl refuse to run as root: as root they run as the unprivileged `postgres` user that
# Debian's postgresql package creates. Clients connect through DIR as the superuser `postgres` (trust
# authentication: only the socket in DIR, which nobody else can reach, listens).
set -euo pipefail

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then dirname "$(command -v pg_ctl)"; return; fi
  return 1
}

as_owner() {  # run a server program as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
case "$cmd" in
  start)
    bin=$(pg_bindir) || { echo "PostgreSQL (initdb, pg_ctl) is not installed" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a throwaway test cluster, speed over durability
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql+psycopg://postgres@/postgres?host=$dir"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      bin=$(pg_bindir) || true
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
