#!/usr/bin/env bash
# make test-dates: the suite of tests/run.sh on other days than today, so that a test which only holds in the month
# it was written (a fixed date that turns into the past, a "today" that moves under it) is found before CI's clock
# gets there. Every process of the run (tests, salesctld, PostgreSQL, Chromium) sees the clock shifted by libfaketime;
# monotonic clocks are left alone. Three instants, each relative to now:
#   - the first of next month at 06:00 UTC (a new month: plans, rollups and windows start empty);
#   - the last day of this year at 20:58 UTC, two minutes before midnight in Moscow, the demo and test time zone,
#     so the run crosses into a new day and a new year while it runs;
#   - 400 days ahead.
# PostgreSQL's deadlock_timeout and statement_timeout do not fire under the shifted clock: the tests that wait for
# them are tagged real_clock and left out here (make test runs them).
#
#   tests/dates.sh BUILD_DIR DAEMON
set -euo pipefail
build=$1
daemon=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v faketime >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }

now=$(date -u +%s)
year_end=$(date -u -d "$(date -u +%Y)-12-31 20:58" +%s)
[ "$year_end" -gt "$now" ] || year_end=$(date -u -d "$(($(date -u +%Y) + 1))-12-31 20:58" +%s)
instants=("$(date -u -d "$(date -u +%Y-%m-01) +1 month 06:00" +%s)" "$year_end" "$((now + 400 * 86400))")
failed=0
for at in "${instants[@]}"; do
  offset=$((at - $(date -u +%s)))
  echo "== the suite at $(date -u -d "@$at" '+%F %H:%M UTC') (clock shifted by ${offset} s)"
  if ! FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 CK_EXCLUDE_TAGS=real_clock \
      faketime -f "+${offset}" tests/run.sh "$build" "$daemon"; then
    echo "== FAILED at $(date -u -d "@$at" '+%F %H:%M UTC')"
    failed=1
  fi
done
exit "$failed"
