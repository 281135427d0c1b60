#!/usr/bin/env bash
# `make run`: serve salesctl with a demo organisation. Without SALESCTL_DATABASE_URL it starts a throwaway
# PostgreSQL under var/pg (reused on the next run) and stops it cleanly when the server stops (Ctrl-C).
#
#   cmd/dev/run.sh bin/salesctld
set -euo pipefail
daemon=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

own_pg=
if [ -z "${SALESCTL_DATABASE_URL:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
  mkdir -p var && chmod 755 var
  port=${SALESCTL_PG_PORT:-15429}
  echo "Starting a throwaway PostgreSQL in var/pg on 127.0.0.1:$port ..."
  SALESCTL_DATABASE_URL=$(cmd/dev/pg.sh start var/pg "$port")
  export SALESCTL_DATABASE_URL
  own_pg=var/pg
fi
export SALESCTL_LISTEN=${SALESCTL_LISTEN:-127.0.0.1:8080}
# Browser front ends: the server's own origin and a Vite dev server's.
export SALESCTL_CORS_ORIGINS=${SALESCTL_CORS_ORIGINS:-http://$SALESCTL_LISTEN,http://localhost:5173}
# The key that seals webhook secrets: kept in var/ so that webhooks created in one run still deliver in the next.
if [ -z "${SALESCTL_SECRET_KEY:-}" ]; then
  mkdir -p var
  [ -s var/secret.key ] || { umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >var/secret.key; }
  SALESCTL_SECRET_KEY=$(cat var/secret.key)
  export SALESCTL_SECRET_KEY
fi
export SALESCTL_LOG=${SALESCTL_LOG:-text}

stop_pg() {
  if [ -n "$own_pg" ]; then
    echo "Stopping PostgreSQL ..."
    cmd/dev/pg.sh stop "$own_pg"
  fi
}
trap stop_pg EXIT
# Ctrl-C reaches salesctld too (same process group); it drains and exits, then this script stops PostgreSQL.
trap 'true' INT TERM

"$daemon" demo
echo "Serving on http://$SALESCTL_LISTEN (Ctrl-C stops the server and its PostgreSQL)"
"$daemon" || true
