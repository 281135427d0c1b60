#!/usr/bin/env bash
# make bench: seeds a realistic volume straight into the schema, measures the scheduler (incremental pass at two
# data sizes, full rebuild), then drives a release salesctld with wrk (2 threads, 64 connections, 3 s warm-up,
# 10 s) and compares each workload with two ceilings (pgbench -M prepared, best of 16 and 64 clients): the plain SQL
# of the same job, and exactly the statements salesctld sends; nginx for /healthz. Prints one table and writes
# docs/PERFORMANCE.md.
#
# Sizes (environment): BENCH_MANAGERS=200 BENCH_DAYS=90 BENCH_CALLS=1000000 BENCH_TASKS=200000
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

managers=${BENCH_MANAGERS:-200}
days=${BENCH_DAYS:-90}
calls=${BENCH_CALLS:-1000000}
tasks=${BENCH_TASKS:-200000}
duration=${BENCH_SECONDS:-10}
all_workloads="w1_healthz w2_task_get w3_task_list w4_call_create w5_call_batch w6_plan_status w6_plan_status_gzip w6_plan_status_304 w7_kpi w8_crm_batch w9_standup_board w10_payouts"
workloads=${BENCH_WORKLOADS:-$all_workloads}
out=${BENCH_OUT:-docs/PERFORMANCE.md}
full=$([ "$workloads" = "$all_workloads" ] && echo yes || echo no)
daemon=bin/salesctld
pgport=15440
apiport=18100
nginxport=18101
# Durable, as users run it: cmd/dev/pg.sh turns fsync and friends off for throwaway databases; these come after and win.
pgsettings="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=1GB -c work_mem=16MB -c max_connections=300 -c jit=off"
mkdir -p var/bench
chmod 755 var

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; break; }
done

pgdir=var/pg-bench
cmd/dev/pg.sh start "$pgdir" "$pgport" "$pgsettings" >/dev/null
daemon_pid=
nginx_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  cmd/dev/pg.sh stop "$pgdir" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql_db() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$pgport" -U postgres -qAtX "$@"; }
export SALESCTL_DATABASE_URL="postgresql://postgres@127.0.0.1:$pgport/salesctl_bench"
export SALESCTL_LOG=json
now_ms() { date +%s%3N; }

# Seeds m managers, d days, c calls, t tasks into a fresh database.
seed() {
  psql_db -d postgres -c 'DROP DATABASE IF EXISTS salesctl_bench' -c 'CREATE DATABASE salesctl_bench'
  "$daemon" migrate >/dev/null 2>&1
  local t0; t0=$(now_ms)
  psql_db -d salesctl_bench -v managers="$1" -v days="$2" -v calls="$3" -v tasks="$4" -f bench/seed.sql >/dev/null
  seed_ms=$(( $(now_ms) - t0 ))
  t0=$(now_ms)
  "$daemon" rollup --rebuild >/dev/null
  rebuild_ms=$(( $(now_ms) - t0 ))
}

owner_token() { awk -F'\t' '$1 == "owner" { print $3; exit }' var/bench/tokens.txt; }

# A first pass opens the alerts of the seeded history; the measured pass then finds only the new day's changes.
# One new day (today) for every manager: calls and reports, then one scheduler pass; prints
# "total_ms rollup_ms rollups".
incremental_pass() {
  curl -s -X POST "http://127.0.0.1:$apiport/v1/admin/scheduler/run" -H "Authorization: Bearer $(owner_token)" \
    -H 'Content-Type: application/json' -d '{}' >/dev/null
  psql_db -d salesctl_bench >/dev/null <<SQL
INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, local_date)
SELECT org_id, gen_random_uuid(), id, 'outbound', now(), 60 + n, (now() AT TIME ZONE 'Europe/Moscow')::date
  FROM users, generate_series(1, $(( calls / (managers * days) + 1 ))) AS n
 WHERE org_id = 'b0000000-0000-4000-8000-000000000001' AND role = 'manager';
INSERT INTO daily_reports (org_id, id, manager_id, date, calls_outbound, deals_won, late)
SELECT org_id, gen_random_uuid(), id, (now() AT TIME ZONE 'Europe/Moscow')::date, 50, 1, false
  FROM users WHERE org_id = 'b0000000-0000-4000-8000-000000000001' AND role = 'manager'
ON CONFLICT DO NOTHING;
INSERT INTO crm_events (org_id, id, external_id, type, occurred_at, manager_id, lead_id, source, local_date)
SELECT org_id, gen_random_uuid(), 'day-' || e.type || '-' || id || '-' || k, e.type, now() - interval '1 hour' + e.after, id,
       'DL-' || id || '-' || k, 'bench-day', (now() AT TIME ZONE 'Europe/Moscow')::date
  FROM users, generate_series(0, 1) AS k,
       LATERAL (VALUES ('lead.created', interval '0'), ('lead.first_contact', interval '5 minutes')) AS e (type, after)
 WHERE org_id = 'b0000000-0000-4000-8000-000000000001' AND role = 'manager'
   AND (e.type = 'lead.created' OR k = 0);
SELECT count(*) FROM (SELECT crm_merge('b0000000-0000-4000-8000-000000000001', array_agg(e)) FROM crm_events e
                       WHERE e.org_id = 'b0000000-0000-4000-8000-000000000001' AND e.source = 'bench-day') m;
SQL
  curl -s -X POST "http://127.0.0.1:$apiport/v1/admin/scheduler/run" -H "Authorization: Bearer $(owner_token)" \
    -H 'Content-Type: application/json' -d '{}' >/dev/null
  grep '"scheduler.pass"' var/bench/salesctld.log | tail -1 |
    sed -E 's/.*rollups_updated=([0-9]+).*rollups_ms=([0-9.]+) duration_ms=([0-9.]+).*/\3 \2 \1/'
}

start_daemon() {
  SALESCTL_LISTEN=127.0.0.1:$apiport SALESCTL_THREADS=${BENCH_THREADS:-16} SALESCTL_DB_POOL=${BENCH_POOL:-16} \
    SALESCTL_SCHEDULER_INTERVAL=86400 SALESCTL_RATE_LIMIT=0 "$daemon" --no-migrate >var/bench/salesctld.log 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$apiport/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "salesctld did not start"; tail var/bench/salesctld.log; exit 1
}
stop_daemon() { kill -TERM "$daemon_pid"; wait "$daemon_pid" || true; daemon_pid=; }

small_pass_ms=- small_rollup_ms=- small_pass_rows=-
if [ "$full" = yes ] || [ "${BENCH_PASS_ONLY:-}" = yes ]; then
  echo "== scheduler: small data set (managers=$managers, days=$(( days / 10 )), calls=$(( calls / 10 )))"
  seed "$managers" $(( days / 10 )) $(( calls / 10 )) $(( tasks / 10 ))
  start_daemon
  read -r small_pass_ms small_rollup_ms small_pass_rows < <(incremental_pass)
  stop_daemon
  echo "   incremental pass after one new day: ${small_pass_ms} ms (rollups ${small_rollup_ms} ms), ${small_pass_rows} rollups"
fi

echo "== seeding managers=$managers days=$days calls=$calls tasks=$tasks"
seed "$managers" "$days" "$calls" "$tasks"
echo "   seed ${seed_ms} ms, full rebuild ${rebuild_ms} ms"
start_daemon
read -r pass_ms rollup_ms pass_rows < <(incremental_pass)
echo "   incremental pass after one new day: ${pass_ms} ms (rollups ${rollup_ms} ms), ${pass_rows} rollups"
# make bench-pass: the scheduler at the two sizes only (issue 16: a pass must cost what changed, not the history).
[ "${BENCH_PASS_ONLY:-}" = yes ] && exit 0

export BENCH_TASKS=$tasks BENCH_RUN=$$
export BENCH_PERIOD; BENCH_PERIOD=$(psql_db -d salesctl_bench -c "SELECT to_char(now() AT TIME ZONE 'Europe/Moscow', 'YYYY-MM')")
export BENCH_FROM="$BENCH_PERIOD-01" BENCH_TO; BENCH_TO=$(psql_db -d salesctl_bench -c "SELECT (now() AT TIME ZONE 'Europe/Moscow')::date")

proc_cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
proc_rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

# wrk against url with workload $2; sets rps p50 p99 errors cpu_ms_per_req rss_mb.
run_wrk() {
  local url=$1 script=var/bench/$2.lua pid=$3
  cat "bench/wrk/$2.lua" bench/wrk/report.lua >"$script"
  wrk -t2 -c64 -d3s --timeout 10s -s "$script" "$url" >/dev/null 2>&1 || true
  local c0; c0=$(proc_cpu "$pid")
  local out; out=$(wrk -t2 -c64 -d"${duration}s" --timeout 10s --latency -s "$script" "$url" 2>&1 | grep '^RESULT' || true)
  local c1; c1=$(proc_cpu "$pid")
  rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$out")
  p50=$(sed -E 's/.*p50=([0-9.]+).*/\1/' <<<"$out")
  p99=$(sed -E 's/.*p99=([0-9.]+).*/\1/' <<<"$out")
  errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$out")
  bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<<"$out")
  local requests; requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$out")
  cpu_us=$(awk -v t=$(( c1 - c0 )) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", n ? t * 1e6 / hz / n : 0 }')
  rss_mb=$(awk -v k="$(proc_rss_kb "$pid")" 'BEGIN { printf "%.1f", k / 1024 }')
}

# A pgbench script holding the statements salesctld sends for one request. Statement parameters become pgbench
# variables (-D) or fixed expressions, given as NAME=replacement pairs for $1, $2, ...
pg_stmt() {
  local name=$1; shift
  local sql; sql=$("$daemon" sql "$name")
  local i=$#
  local args=("$@")
  while [ "$i" -ge 1 ]; do
    sql=${sql//\$$i/${args[$((i - 1))]}}
    i=$((i - 1))
  done
  printf '%s;\n' "$sql"
}

# The same for a statement limited to the viewer's reach, composed for ROLE (\`salesctld sql NAME ROLE\`): its
# parameters are named ($O organisation, $V viewer, $A... its own), given as LETTER=replacement pairs.
pg_reach() {
  local name=$1 role=$2; shift 2
  local sql; sql=$("$daemon" sql "$name" "$role")
  local kv
  for kv in "$@"; do
    sql=${sql//\$${kv%%=*}/${kv#*=}}
  done
  printf '%s;\n' "$sql"
}

org=b0000000-0000-4000-8000-000000000001
owner_id=b0000000-0000-4000-8000-000000000101
mgr_line=$(awk -F'\t' '$1 == "manager" { print; exit }' var/bench/tokens.txt)
mgr_id=$(cut -f2 <<<"$mgr_line")
hash_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
ohash=$(hash_of "$(owner_token)")
mhash=$(hash_of "$(cut -f3 <<<"$mgr_line")")
# Values salesctld sends as parameters are pgbench variables (-D), so pgbench sends them as parameters too.
pg_vars=(-D "org=$org" -D "ohash=$ohash" -D "mhash=$mhash" -D "oid=$owner_id" -D "mid=$mgr_id" -D owner=owner
         -D manager=manager -D day=day -D "from=$BENCH_FROM" -D "to=$BENCH_TO" -D limit=21)
auth_owner=$(pg_stmt token_principal :org :ohash 43200)
auth_mgr=$(pg_stmt token_principal :org :mhash 43200)
task_n="('b1000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid"
calls_json="(SELECT jsonb_agg(jsonb_build_object('manager_id', m.ids[1 + i % array_length(m.ids, 1)], 'direction', 'outbound', 'started_at', '2026-01-16T10:00:00Z', 'duration_s', i % 300, 'external_id', 'pg5-' || gen_random_uuid())) FROM generate_series(1, 1000) i, (SELECT array_agg(id) AS ids FROM users WHERE org_id = :org AND role = 'manager') m)"
# Own statements: what salesctld sends for the request, authentication included.
{
  echo '\set n random(1, '"$tasks"')'
  echo "$auth_owner"
  pg_reach task_get owner O=:org A="$task_n"
} >var/bench/pg_w2.sql
{
  echo "$auth_mgr"
  pg_stmt task_list :org :mid :limit
} >var/bench/pg_w3.sql
{
  echo '\set d random(0, 300)'
  echo "$auth_mgr"
  echo 'BEGIN;'
  pg_stmt call_create :org "gen_random_uuid()" \
    "json_build_object('manager_id', :mid::text, 'direction', 'outbound', 'started_at', '2026-01-15T10:00:00Z', 'duration_s', :d::int, 'outcome', 'talked', 'external_id', 'pg-' || gen_random_uuid())::text"
  echo 'COMMIT;'
} >var/bench/pg_w4.sql
{
  echo "$auth_owner"
  echo 'BEGIN;'
  pg_reach call_batch owner O=:org V=:oid A="(SELECT jsonb_build_object('items', $calls_json))" B="'{}'"
  echo 'COMMIT;'
} >var/bench/pg_w5.sql
# The 1,000 events of a W8 batch: 400 new leads, 300 first contacts of them, 100 new deals, 100 stage changes, 100
# meetings (bench/wrk/w8_crm_batch.lua).
events_json="(SELECT jsonb_agg(jsonb_build_object('external_id', 'pg8-' || r || '-' || i, 'type', (ARRAY['lead.created','lead.created','lead.created','lead.created','lead.first_contact','lead.first_contact','lead.first_contact','deal.created','deal.stage_changed','meeting.held'])[1 + (i - 1) % 10], 'occurred_at', '2026-01-16T10:00:00Z', 'manager_id', m.ids[1 + i % array_length(m.ids, 1)], 'lead_id', CASE WHEN (i - 1) % 10 < 7 THEN 'pg8-' || r || '-L' || (i - 1) / 10 || '-' || (i - 1) % 10 % 4 END, 'deal_id', CASE WHEN (i - 1) % 10 IN (7, 8) THEN 'pg8-' || r || '-D' || (i - 1) / 10 END, 'stage', CASE WHEN (i - 1) % 10 IN (7, 8) THEN 'new' END)) FROM generate_series(1, 1000) i, (SELECT array_agg(id) AS ids FROM users WHERE org_id = :org AND role = 'manager') m, (SELECT gen_random_uuid()::text AS r) run)"
{
  echo "$auth_owner"
  pg_reach crm_event_batch owner O=:org V=:oid A="(SELECT jsonb_build_object('items', $events_json))" B="'{}'"
} >var/bench/pg_w8.sql
# W7's answer is kept in the plan-status cache, so a request that finds it sends the context statement alone; this is
# what a request that misses sends (the context, then the series).
{
  echo "$auth_mgr"
  pg_reach kpi_series_context manager O=:org V=:mid A=:manager B=:mid
  pg_stmt kpi_series :org :manager :mid :from :to :day
} >var/bench/pg_w7.sql

# Plain ceilings (issue 15): the minimal SQL of the same job on the same tables, a yardstick salesctld cannot move.
# W4 and W5 insert the same columns into a table with only the keys the API needs to answer (the primary key and
# the external_id unique): no foreign key, no list index, no rollup trigger.
psql_db -d salesctl_bench -c "DROP TABLE IF EXISTS bench_plain_calls" \
  -c "CREATE TABLE bench_plain_calls (LIKE call_logs INCLUDING DEFAULTS)" \
  -c "ALTER TABLE bench_plain_calls ADD PRIMARY KEY (org_id, id), ADD UNIQUE (org_id, external_id)"
plain_columns="org_id, id, manager_id, direction, started_at, duration_s, outcome, external_id, local_date"
{
  echo '\set n random(1, '"$tasks"')'
  echo "SELECT * FROM tasks WHERE org_id = :org AND id = $task_n;"
} >var/bench/plain_w2.sql
echo "SELECT * FROM tasks WHERE org_id = :org AND assignee_id = :mid ORDER BY created_at DESC, id DESC LIMIT 20;" \
  >var/bench/plain_w3.sql
{
  echo '\set d random(0, 300)'
  echo "INSERT INTO bench_plain_calls ($plain_columns) VALUES (:org, gen_random_uuid(), :mid, 'outbound', '2026-01-15T10:00:00Z', :d, 'talked', 'plain-' || gen_random_uuid(), '2026-01-15');"
} >var/bench/plain_w4.sql
echo "INSERT INTO bench_plain_calls ($plain_columns) SELECT :org, gen_random_uuid(), :mid, 'outbound', '2026-01-16T10:00:00Z', i % 300, 'talked', 'plain5-' || gen_random_uuid(), '2026-01-16' FROM generate_series(1, 1000) i;" \
  >var/bench/plain_w5.sql
echo "SELECT * FROM kpi_daily WHERE org_id = :org AND manager_id = :mid AND date BETWEEN :from AND :to;" \
  >var/bench/plain_w7.sql
# W8: the same 1,000 events' columns into a table with only the primary key and the external_id unique: no leads, no
# deals, no index for the figures.
psql_db -d salesctl_bench -c "DROP TABLE IF EXISTS bench_plain_events" \
  -c "CREATE TABLE bench_plain_events (LIKE crm_events INCLUDING DEFAULTS)" \
  -c "ALTER TABLE bench_plain_events ADD PRIMARY KEY (org_id, id), ADD UNIQUE (org_id, external_id)"
echo "INSERT INTO bench_plain_events (org_id, id, external_id, type, occurred_at, manager_id, lead_id, local_date) SELECT :org, gen_random_uuid(), 'plain8-' || gen_random_uuid(), 'lead.created', '2026-01-16T10:00:00Z', :mid, 'plain8-' || i, '2026-01-16' FROM generate_series(1, 1000) i;" \
  >var/bench/plain_w8.sql

# Best transactions/s of pgbench at 16 and 64 clients for a script (one transaction = one request).
pg_ceiling() {
  local best=0
  for c in 16 64; do
    local tps
    tps=$(/usr/lib/postgresql/15/bin/pgbench -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c "$c" -j 2 \
      -T "$duration" "${pg_vars[@]}" -f "$1" salesctl_bench 2>var/bench/pgbench.err | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
    best=$(awk -v a="$best" -v b="${tps:-0}" 'BEGIN { print (b > a) ? b : a }')
  done
  echo "$best"
}

rows=()
add_row() { rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$@")"); }
ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
# The issue 15 targets: a ratio to the plain ceiling (W5 in calls/s), and whether this run met it.
target_of() {
  case $1 in
    w1_healthz) echo 0.80 ;; w2_task_get|w4_call_create) echo 0.60 ;; w3_task_list|w7_kpi) echo 0.40 ;; *) echo "" ;;
  esac
}
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { if (t == "") print ""; else printf "%s %s", t, (r + 0 >= t + 0) ? "met" : "missed" }'; }
# W6 with If-None-Match needs the current ETag of the answer it polls.
export BENCH_W6_ETAG; BENCH_W6_ETAG=$(curl -s -D - -o /dev/null "http://127.0.0.1:$apiport/v1/plan-status?period=$BENCH_PERIOD" \
  -H "Authorization: Bearer $(owner_token)" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
url="http://127.0.0.1:$apiport"
for w in $workloads; do
  echo "== $w"
  run_wrk "$url" "$w" "$daemon_pid"
  plain="" own="" plain_ratio="" own_ratio=""
  case $w in
    w2_task_get|w3_task_list|w4_call_create|w5_call_batch|w7_kpi|w8_crm_batch)
      n=${w:1:1}
      plain=$(pg_ceiling "var/bench/plain_w$n.sql")
      own=$(pg_ceiling "var/bench/pg_w$n.sql")
      plain_ratio=$(ratio_of "$rps" "$plain")
      own_ratio=$(ratio_of "$rps" "$own") ;;
  esac
  shown_rps=$rps target=$(verdict "$plain_ratio" "$(target_of "$w")")
  if [ "$w" = w5_call_batch ]; then
    shown_rps="$rps (= $(awk -v r="$rps" 'BEGIN { printf "%.0f", r * 1000 }') calls/s)"
    target="60,000 calls/s $(awk -v r="$rps" 'BEGIN { print (r * 1000 >= 60000) ? "met" : "missed" }')"
  fi
  if [ "$w" = w9_standup_board ] || [ "$w" = w10_payouts ]; then
    target="p99 ≤ 20 ms $(awk -v p="$p99" 'BEGIN { print (p + 0 <= 20) ? "met" : "missed" }')"
  fi
  if [ "$w" = w8_crm_batch ]; then
    shown_rps="$rps (= $(awk -v r="$rps" 'BEGIN { printf "%.0f", r * 1000 }') events/s)"
    target="50,000 events/s $(awk -v r="$rps" 'BEGIN { print (r * 1000 >= 50000) ? "met" : "missed" }')"
  fi
  add_row "$w" "$shown_rps" "$p50" "$p99" "${plain:-}" "${plain_ratio:-}" "$target" "${own:-}" "${own_ratio:-}" \
    "$rss_mb" "$cpu_us" "$bytes"
  echo "   rps=$rps p50=${p50}ms p99=${p99}ms errors=$errors plain=${plain:--} (${plain_ratio:--}) own=${own:--} (${own_ratio:--}) rss=${rss_mb}MiB cpu=${cpu_us}us/req bytes=$bytes"
done

# The export of every call log as CSV (SPEC §6.1): time, size, and salesctld's RSS sampled every 50 ms during it.
csv_row="not run (BENCH_WORKLOADS)"
if [ "$full" = yes ] || [ -n "${BENCH_CSV:-}" ]; then
  echo "== CSV export of every call log"
  rss_before=$(proc_rss_kb "$daemon_pid")
  peak_file=var/bench/csv_peak
  echo "$rss_before" >"$peak_file"
  touch var/bench/csv_running
  ( while kill -0 "$daemon_pid" 2>/dev/null && [ -f var/bench/csv_running ]; do
      r=$(proc_rss_kb "$daemon_pid"); [ "$r" -gt "$(cat "$peak_file")" ] && echo "$r" >"$peak_file"; sleep 0.05
    done ) &
  sampler=$!
  read -r csv_s csv_bytes < <(curl -s -o var/bench/calls.csv -w '%{time_total} %{size_download}\n' \
    "http://127.0.0.1:$apiport/v1/call-logs" -H "Authorization: Bearer $(owner_token)" -H 'Accept: text/csv')
  rm -f var/bench/csv_running
  wait "$sampler" 2>/dev/null || true
  csv_rows=$(( $(wc -l <var/bench/calls.csv) - 1 ))
  rss_peak=$(cat "$peak_file")
  csv_row=$(awk -v s="$csv_s" -v b="$csv_bytes" -v n="$csv_rows" -v r0="$rss_before" -v r1="$rss_peak" \
    'BEGIN { printf "%d rows, %.0f MiB in %.1f s (%.0f rows/s); salesctld RSS %.1f MiB before, peak %.1f MiB during", n, b / 1048576, s, n / s, r0 / 1024, r1 / 1024 }')
  rm -f var/bench/calls.csv
  echo "   $csv_row"
fi
stop_daemon

# The HTTP ceiling: nginx answering W1's fixed body.
if [ "${rows[0]:2:10}" = w1_healthz ]; then
  mkdir -p var/bench/nginx
  cat >var/bench/nginx/nginx.conf <<NGINX
worker_processes 2;
pid $root/var/bench/nginx/nginx.pid;
error_log $root/var/bench/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginxport;
    location /healthz { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
NGINX
  nginx -c "$root/var/bench/nginx/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  sleep 0.5
  run_wrk "http://127.0.0.1:$nginxport" w1_healthz "$nginx_pid"
  nginx_rps=$rps
  kill "$nginx_pid"; nginx_pid=
  w1_ratio=$(ratio_of "$(sed -nE 's/^\| w1_healthz \| ([0-9.]+) .*/\1/p' <<<"${rows[0]}")" "$nginx_rps")
  rows[0]=$(awk -F'|' -v c="$nginx_rps (nginx)" -v r="$w1_ratio" -v t="$(verdict "$w1_ratio" 0.80)" \
    'BEGIN { OFS="|" } { $6 = " " c " "; $7 = " " r " "; $8 = " " t " "; print }' <<<"${rows[0]}")
fi

table=$(printf '%s\n' "| workload | req/s | p50 ms | p99 ms | plain ceiling req/s | ratio | target | own statements req/s | ratio | salesctld RSS MiB | salesctld CPU µs/req | bytes/answer |" \
  "|---|---|---|---|---|---|---|---|---|---|---|---|" "${rows[@]}")
echo
echo "$table"

cpu_model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
cat >"$out" <<DOC
# Performance

Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d). Machine: $(nproc) cores ($cpu_model),
$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); wrk, salesctld and PostgreSQL 15 share the cores.

PostgreSQL runs durable, as users run it: \`$pgsettings\` (fsync, synchronous_commit and full_page_writes on), the
same for salesctld and pgbench. salesctld: release build, SALESCTL_THREADS=${BENCH_THREADS:-16}, SALESCTL_DB_POOL=${BENCH_POOL:-16}, JSON access log on, per-token rate limit off
(SALESCTL_RATE_LIMIT=0: a few tokens carry the whole load here, which the default 50/s per token would refuse).

## Data
$managers managers in $(( managers / 10 )) teams, $days days, $calls call logs, $tasks tasks, an evening report per
manager and day, this month's plans (bench/seed.sql). Seeding took ${seed_ms} ms.

## Scheduler
| measurement | result |
|---|---|
| full rebuild (\`salesctld rollup --rebuild\`), $calls calls | ${rebuild_ms} ms |
| incremental pass after one new day, $(( days / 10 )) days / $(( calls / 10 )) calls of history | ${small_pass_ms} ms in all, ${small_rollup_ms} ms for ${small_pass_rows} rollups |
| incremental pass after one new day, $days days / $calls calls of history | ${pass_ms} ms in all, ${rollup_ms} ms for ${pass_rows} rollups |

The rest of a pass is the alert rules, evaluated over the organisation's current state (open tasks, this month's
reports and plans), not over history.

## HTTP workloads
wrk -t2 -c64, 3 s warm-up then ${duration} s. Two ceilings, each pgbench -M prepared, best of 16 and 64 clients:
- **plain**: the minimal SQL of the same job on the same tables, which salesctld cannot move (var/bench/plain_w*.sql):
  W2 a primary-key select of the task row; W3 the 20 newest tasks of one assignee (one index range); W7 one manager's
  rollup rows over the range; W4 a single-row insert of a call's columns into a table with only the primary key and
  the external_id unique, W5 the same 1,000 rows at a time; W8 1,000 CRM events' columns at a time into a table with
  only those two keys (no leads or deals derived); nginx for W1. The targets are ratios to it (W5 and W8: a rate).
- **own statements**: exactly what salesctld sends for the request, authentication included (\`salesctld sql NAME
  [ROLE]\`, var/bench/pg_w*.sql) — what the database alone would do for salesctld's work.

$table

W6 three ways (SPEC §6.1): plain; with \`Accept-Encoding: gzip\`; and as a dashboard polling an unchanged answer with
\`If-None-Match\` (every reply 304, no body). bytes/answer is what wrk read per reply, headers included.

## Export
CSV of every call log (\`GET /v1/call-logs\`, \`Accept: text/csv\`, as the owner): $csv_row.

Commands: \`make bench-pass\` (the scheduler pass at two history sizes), \`make bench\` (sizes: BENCH_MANAGERS, BENCH_DAYS, BENCH_CALLS, BENCH_TASKS; BENCH_THREADS, BENCH_POOL;
BENCH_WORKLOADS, BENCH_OUT), \`make bench-scale\` (ten times the managers, calls and tasks; W3 and W6).
DOC
[ "$full" = yes ] && cat bench/analysis.md >>"$out"
echo "$out written"
