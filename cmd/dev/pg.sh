#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL 15 cluster for `make run` and the tests.
#
#   pg.sh start DIR PORT [SETTINGS]  initialises DIR (once) and starts a server on 127.0.0.1:PORT; prints its URL.
#                          SETTINGS are extra postgres options, e.g. "-c shared_buffers=1GB" (the benchmark's tuning)
#   pg.sh stop DIR [MODE]  stops it (MODE: fast, the default, or immediate)
#   pg.sh restart DIR MODE restarts it with pg_ctl restart -m MODE
#
# initdb and postgres refuse to run as root, so when called as root they run as the `postgres` user, which owns DIR.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL 15 is not installed (run cmd/dev/deps.sh)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:?usage: pg.sh start|stop|restart DIR [PORT|MODE]}
dir=$(realpath -m "${2:?data directory required}")

# The postgres user must be able to reach the data directory. A checkout under a private home (e.g. /root) is
# not reachable, so the cluster then lives under /var/tmp, named after the requested directory.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")" 2>/dev/null; then
  dir="/var/tmp/salesctl-pg/$(basename "$dir")-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
  mkdir -p /var/tmp/salesctl-pg
fi

case "$cmd" in
start)
  port=${3:?port required}
  settings=${4:-}
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_pg "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; exit 1; }
  fi
  if ! as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_pg "$bindir/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $settings" \
      start >/dev/null
  fi
  if ! as_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc "select 1 from pg_database where datname='salesctl'" | grep -q 1; then
    as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres salesctl
  fi
  echo "postgresql://postgres@127.0.0.1:$port/salesctl"
  ;;
stop)
  mode=${3:-fast}
  if [ -f "$dir/PG_VERSION" ] && as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_pg "$bindir/pg_ctl" -D "$dir" -w -t 60 -m "$mode" stop >/dev/null
  fi
  ;;
restart)
  mode=${3:-fast}
  as_pg "$bindir/pg_ctl" -D "$dir" -w -t 60 -m "$mode" restart >/dev/null
  ;;
*)
  echo "pg.sh: unknown command $cmd" >&2; exit 2 ;;
esac
