#!/usr/bin/env bash
# Database faults under a write load: three salesctld instances (scheduler every second) on a throwaway PostgreSQL
# that tests/faults/faults.c restarts (-m fast, then -m immediate) and whose salesctld backends it kills, while
# writers post with Idempotency-Keys. See faults.c for what is checked.
#
#   tests/faults/run.sh BUILD_DIR DAEMON SECONDS [MIN_PASSES]
#
# The cluster commits synchronously here (the other test clusters do not): an immediate shutdown must not lose a
# commit that was acknowledged, and with synchronous_commit=off it may, by PostgreSQL's design.
set -euo pipefail

build=$1
daemon=$2
seconds=$3
min_passes=${4:-0}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. tests/lib.sh

echo "== database faults under write load ($seconds s)"
pgdir="$root/var/pg-faults-$(basename "$build")"
pgport=$([ "$(basename "$build")" = build-asan ] && echo 15436 || echo 15434)
pids=()
trap stop_all EXIT
start_cluster "$pgdir" "$pgport" salesctl_faults "-c synchronous_commit=on"
urls=
logs=()
scheduler_interval=1
for i in 1 2 3; do
  log="$build/tests/faults-salesctld-$i.log"
  mkdir -p "$(dirname "$log")"
  if [ "$i" -eq 1 ]; then start_daemon "$log"; else start_daemon "$log" --no-migrate; fi
  pids+=("$started_pid")
  logs+=("$log")
  urls="$urls http://127.0.0.1:$started_port"
done

status=0
SALESCTL_TEST_URLS="$urls" SALESCTL_TEST_ADMIN_TOKEN="$SALESCTL_ADMIN_TOKEN" \
FAULTS_DATABASE_URL="$SALESCTL_DATABASE_URL" \
FAULTS_PG_RESTART="$root/cmd/dev/pg.sh restart $pgdir" \
FAULTS_REBUILD="$daemon rollup --rebuild >/dev/null" \
FAULTS_SECONDS="$seconds" FAULTS_MIN_PASSES="$min_passes" \
  "$build/tests/faults" || status=1

for i in 0 1 2; do
  kill -0 "${pids[$i]}" 2>/dev/null || { echo "salesctld ${logs[$i]} crashed"; tail -n 30 "${logs[$i]}"; status=1; continue; }
  kill -TERM "${pids[$i]}"
  wait "${pids[$i]}" || { echo "salesctld ${logs[$i]} exited with $? after SIGTERM"; status=1; }
  sanitizer_clean "${logs[$i]}" || status=1
done
pids=()
exit "$status"
