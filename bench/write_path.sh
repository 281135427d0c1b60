#!/usr/bin/env bash
# make bench-write-path: what each part of the call-log write path costs. On the database make bench seeded (its
# 1,000,000 call logs), a copy of call_logs is built up one part at a time, from only the keys the API needs to
# answer (primary key, external_id unique), through what it carries since migration 0021 (three indexes, the rollup
# trigger), to what it carried before (foreign keys to the organisation and the manager), and pgbench inserts into each: one row per transaction for a random one of the 200
# managers as W4 does (64 clients), and 1,000 rows of one random manager per statement as W5 does (8 clients), 10 s
# each, durable settings. Prints a table for docs/PERFORMANCE.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgport=15440
pgdir=var/pg-bench
duration=${BENCH_SECONDS:-10}
pgsettings="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=1GB -c work_mem=16MB -c max_connections=300 -c jit=off"
[ -d "$pgdir" ] || { echo "run make bench first: it seeds the database this measures on" >&2; exit 1; }
cmd/dev/pg.sh start "$pgdir" "$pgport" "$pgsettings" >/dev/null
trap 'cmd/dev/pg.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
psql_db() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$pgport" -U postgres -qAtX -d salesctl_bench "$@"; }

org=$(psql_db -c "SELECT org_id FROM orgs ORDER BY org_id LIMIT 1")
managers=$(psql_db -c "SELECT count(*) FROM users WHERE org_id = '$org' AND role = 'manager'")
# bench/seed.sql's manager ids.
manager="('b2000000-0000-4000-8000-' || lpad(to_hex(:m::int), 12, '0'))::uuid"
columns="org_id, id, manager_id, direction, started_at, duration_s, outcome, external_id, local_date"
echo "\\set d random(0, 300)
\\set m random(1, $managers)
INSERT INTO wp_calls ($columns) VALUES (:org, gen_random_uuid(), $manager, 'outbound', '2026-01-15T10:00:00Z', :d, 'talked', 'wp-' || gen_random_uuid(), '2026-01-15');" \
  >var/bench/wp_single.sql
echo "\\set m random(1, $managers)
INSERT INTO wp_calls ($columns) SELECT :org, gen_random_uuid(), $manager, 'outbound', '2026-01-16T10:00:00Z', i % 300, 'talked', 'wp5-' || gen_random_uuid(), '2026-01-16' FROM generate_series(1, 1000) i;" \
  >var/bench/wp_batch.sql

tps() {
  /usr/lib/postgresql/15/bin/pgbench -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c "$1" -j 2 -T "$duration" \
    -D "org=$org" -f "$2" salesctl_bench 2>/dev/null | sed -nE 's/^tps = ([0-9.]+).*/\1/p'
}

steps=(
  "keys the API needs: primary key, external_id unique|"
  "+ call_logs_manager_day_idx (rollups, reconciliation, review sample)|CREATE INDEX ON wp_calls (org_id, manager_id, local_date)"
  "+ call_logs_manager_list_idx (a manager's calls, newest first)|CREATE INDEX ON wp_calls (org_id, manager_id, started_at DESC, id DESC)"
  "+ call_logs_list_idx (the organisation's calls, newest first)|CREATE INDEX ON wp_calls (org_id, started_at DESC, id DESC)"
  "+ rollup trigger (appends the dirty manager-days' marks, migration 0036): call_logs now|CREATE TRIGGER wp_mark AFTER INSERT ON wp_calls REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_calls()"
  "+ foreign key to the organisation (orgs), dropped by 0021|ALTER TABLE wp_calls ADD FOREIGN KEY (org_id) REFERENCES orgs (org_id)"
  "+ foreign key to the manager (users): call_logs before 0021|ALTER TABLE wp_calls ADD FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id)"
)
echo "building wp_calls from the bench's call logs"
psql_db -c "DROP TABLE IF EXISTS wp_calls" -c "CREATE TABLE wp_calls (LIKE call_logs INCLUDING DEFAULTS)" \
  -c "INSERT INTO wp_calls SELECT * FROM call_logs" \
  -c "ALTER TABLE wp_calls ADD PRIMARY KEY (org_id, id), ADD UNIQUE (org_id, external_id)" -c "VACUUM ANALYZE wp_calls"
rows=()
prev_single="" prev_batch=""
for step in "${steps[@]}"; do
  what=${step%%|*} ddl=${step#*|}
  [ -n "$ddl" ] && psql_db -c "$ddl"
  psql_db -c "CHECKPOINT"
  single=$(tps 64 var/bench/wp_single.sql)
  batch=$(tps 8 var/bench/wp_batch.sql)
  delta() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f %%", (a - b) / b * 100 }' || echo "—"; }
  rows+=("$(printf '| %s | %.0f | %s | %.0f | %s |' "$what" "$single" "$(delta "$single" "$prev_single")" \
    "$(awk -v b="$batch" 'BEGIN { print b * 1000 }')" "$(delta "$batch" "$prev_batch")")")
  echo "${rows[-1]}"
  prev_single=$single prev_batch=$batch
done
psql_db -c "DROP TABLE wp_calls" -c "DELETE FROM rollup_dirty"
echo
printf '%s\n' "| call_logs with | single-row inserts/s (64 clients) | change | rows/s in batches of 1,000 (8 clients) | change |" \
  "|---|---|---|---|---|" "${rows[@]}"
