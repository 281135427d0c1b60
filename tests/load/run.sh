#!/usr/bin/env bash
# Mixed load against one salesctld on a throwaway PostgreSQL; see tests/load/load.c for what is checked.
#
#   tests/load/run.sh BUILD_DIR DAEMON REQUESTS
set -euo pipefail

build=$1
daemon=$2
requests=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. tests/lib.sh

echo "== mixed load ($requests requests)"
pgdir="$root/var/pg-load-$(basename "$build")"
pgport=$([ "$(basename "$build")" = build-asan ] && echo 15438 || echo 15437)
pids=()
trap stop_all EXIT
start_cluster "$pgdir" "$pgport" salesctl_load
log="$build/tests/load-salesctld.log"
mkdir -p "$(dirname "$log")"
# Production-like: the default pool and threads, no rate limit (64 clients share a few tokens).
db_pool=8 start_daemon "$log"
pids+=("$started_pid")

status=0
SALESCTL_TEST_URL="http://127.0.0.1:$started_port" SALESCTL_TEST_ADMIN_TOKEN="$SALESCTL_ADMIN_TOKEN" \
LOAD_PID="$started_pid" LOAD_REQUESTS="$requests" \
  "$build/tests/load" || status=1
kill -TERM "$started_pid"
wait "$started_pid" || { echo "salesctld exited with $? after SIGTERM"; status=1; }
pids=()
sanitizer_clean "$log" || status=1
exit "$status"
