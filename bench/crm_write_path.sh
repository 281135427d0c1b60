#!/usr/bin/env bash
# make bench-crm-path: what each index behind a CRM event batch costs it. On the database make bench seeded and ran
# (its leads and deals), pgbench sends W8's own statement (var/bench/pg_w8.sql: the owner's token check, then 1,000
# events inserted and merged into leads and deals in one statement) at 8 clients for 10 s, durable settings, first
# with and then without each of the indexes that serve reads (put back before the next). Prints a table for
# docs/PERFORMANCE.md. Issue 16 asks for 50,000 events/s; salesctld runs at its own statement's rate, so this is
# where the rest would have to come from.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgport=15440
pgdir=var/pg-bench
duration=${BENCH_SECONDS:-10}
pgsettings="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=1GB -c work_mem=16MB -c max_connections=300 -c jit=off"
[ -f var/bench/pg_w8.sql ] || { echo "run make bench first: it seeds the database and writes var/bench/pg_w8.sql" >&2; exit 1; }
cmd/dev/pg.sh start "$pgdir" "$pgport" "$pgsettings" >/dev/null
trap 'cmd/dev/pg.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
psql_db() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$pgport" -U postgres -qAtX -d salesctl_bench "$@"; }

org=b0000000-0000-4000-8000-000000000001
owner_id=b0000000-0000-4000-8000-000000000101
owner_token=$(awk -F'\t' '$1 == "owner" { print $3; exit }' var/bench/tokens.txt)
ohash=$(printf '%s' "$owner_token" | sha256sum | cut -d' ' -f1)
tps() {
  /usr/lib/postgresql/15/bin/pgbench -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c 8 -j 2 -T "$duration" \
    -D "org=$org" -D "ohash=$ohash" -D "oid=$owner_id" -D owner=owner -f var/bench/pg_w8.sql salesctl_bench 2>/dev/null |
    sed -nE 's/^tps = ([0-9.]+).*/\1/p'
}
# The keys that answer the API (primary keys, external ids, the ids of leads and deals) stay; these serve reads.
indexes=(crm_events_manager_day_idx leads_list_idx leads_manager_idx leads_waiting_idx
         deals_list_idx deals_manager_idx deals_open_idx)
echo "events $(psql_db -c 'SELECT count(*) FROM crm_events'), leads $(psql_db -c 'SELECT count(*) FROM leads'), deals $(psql_db -c 'SELECT count(*) FROM deals')"
rows=()
# Each index is measured in a pair, with it and then without it, because every run adds some 300,000 events and
# the rate drifts as the tables grow.
for ix in "${indexes[@]}"; do
  def=$(psql_db -c "SELECT pg_get_indexdef('$ix'::regclass)")
  psql_db -c "CHECKPOINT"
  with=$(tps)
  psql_db -c "DROP INDEX $ix" -c "CHECKPOINT"
  without=$(tps)
  psql_db -c "$def"
  rows+=("$(printf '| %s | %.1f | %.1f | %s |' "$ix" "$with" "$without" \
    "$(awk -v a="$with" -v b="$without" 'BEGIN { printf "%+.0f %%", (a - b) / b * 100 }')")")
  echo "${rows[-1]}"
done
echo
printf '%s\n' "| index (W8's own statement, pgbench at 8 clients) | batches/s with it | without it | what it costs |" \
  "|---|---|---|---|" "${rows[@]}"
