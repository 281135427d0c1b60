#!/usr/bin/env bash
# Runs every test of `make test` / `make test-asan`:
#   1. unit tests (Check), 2. the OpenAPI lint (when asked), 3. API tests over real HTTP against a real salesctld
#   on a throwaway PostgreSQL, ending with SIGTERM, which must drain and exit 0.
#
#   tests/run.sh BUILD_DIR DAEMON [lint]
set -euo pipefail

build=$1
daemon=$2
lint=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. tests/lib.sh

echo "== unit tests"
"$build/tests/unit_tests"

echo "== fuzz corpora and crash reproducers"
for replay in "$build"/tests/fuzz_replay_*; do
  target=${replay##*fuzz_replay_}
  printf '%s: ' "$target"
  "$replay" $(find tests/fuzz/corpus/"$target" tests/fuzz/crashes/"$target" -type f 2>/dev/null | sort)
done

js_tools
if [ "$lint" = lint ]; then
  echo "== openapi.yaml lint (Redocly CLI)"
  redocly lint openapi.yaml --format=stylish 2>&1 | grep -v -e '^ *║' -e '^ *╔' -e '^ *╚' || exit 1
fi

echo "== libmicrohttpd's form parser (MHD_create_post_processor, the CVE-prone part) is never called"
if grep -rn "MHD_create_post_processor" src include cmd; then
  echo "MHD_create_post_processor is called: JSON bodies are read by src/http/server.c, forms are not accepted"
  exit 1
fi
echo "not called"

echo "== API tests"
# The contract, bundled and dereferenced, for the tests that check replies against their schemas.
openapi_json="$build/tests/openapi.json"
redocly bundle openapi.yaml --dereferenced --ext json -o "$openapi_json" >/dev/null 2>&1 || {
  echo "cannot bundle openapi.yaml"; exit 1; }
name=$(basename "$build")
pgdir="$root/var/pg-test-$name"
# Ports below the kernel's ephemeral range (32768-60999), so that no client connection can be holding them.
pgport=$([ "$name" = build-asan ] && echo 15432 || echo 15430)
# The origin the browser test serves its page from (allowed by every instance), and one it does not allow.
case "$name" in build-asan) page_port=15482 ;; build-tsan) page_port=15484 ;; *) page_port=15480 ;; esac
cors_origin="http://127.0.0.1:$page_port"
cors_origins=$cors_origin
pids=()
trap stop_all EXIT

psql_pg() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -qAtX "$@"; }
start_cluster "$pgdir" "$pgport" salesctl_test
secrets_file="$build/tests/issued-secrets.txt"
: >"$secrets_file"
replies_file="$build/tests/replies.jsonl"
: >"$replies_file"

log="$build/tests/salesctld.log"
log2="$build/tests/salesctld-2.log"
log3="$build/tests/salesctld-3.log"
log4="$build/tests/salesctld-4.log"
start_daemon "$log"
pids+=("$started_pid")
port=$started_port
# A second instance on the same database, for the two-instance tests.
start_daemon "$log2" --no-migrate
pids+=("$started_pid")
port2=$started_port
# A third with a tight per-token rate limit, for the 429 test.
# It has no SALESCTL_SECRET_KEY either: webhooks cannot be created there (501) and it delivers none.
SALESCTL_SECRET_KEY= rate_limit=2 rate_burst=5 start_daemon "$log3" --no-migrate
pids+=("$started_pid")
port3=$started_port
# A fourth for the SQLSTATE tests: one connection, 100 ms per statement, logged in as a role whose connection limit
# the tests change (tests/api/sqlstate_test.c).
psql_pg -d salesctl_test >/dev/null <<'SQL'
DO $$ BEGIN CREATE ROLE salesctl_limited LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
ALTER ROLE salesctl_limited CONNECTION LIMIT -1;
GRANT USAGE ON SCHEMA public TO salesctl_limited;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO salesctl_limited;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO salesctl_limited;
SQL
SALESCTL_DATABASE_URL="postgresql://salesctl_limited@127.0.0.1:$pgport/salesctl_test" SALESCTL_STATEMENT_TIMEOUT_MS=100 \
  db_pool=1 start_daemon "$log4" --no-migrate
pids+=("$started_pid")
port4=$started_port

echo "== database tests"
SALESCTL_TEST_DATABASE_URL="$SALESCTL_DATABASE_URL" "$build/tests/db_tests"

status=0
SALESCTL_TEST_URL="http://127.0.0.1:$port" \
SALESCTL_TEST_URL2="http://127.0.0.1:$port2" \
SALESCTL_TEST_URL_LIMITED="http://127.0.0.1:$port3" \
SALESCTL_TEST_URL_FRAGILE="http://127.0.0.1:$port4" \
SALESCTL_TEST_DATABASE_URL="$SALESCTL_DATABASE_URL" \
SALESCTL_TEST_ADMIN_TOKEN="$SALESCTL_ADMIN_TOKEN" \
SALESCTL_TEST_PG_STOP="$root/cmd/dev/pg.sh stop $pgdir" \
SALESCTL_TEST_PG_START="$root/cmd/dev/pg.sh start $pgdir $pgport >/dev/null" \
SALESCTL_TEST_REBUILD="$daemon rollup --rebuild >/dev/null" \
SALESCTL_TEST_SECRETS_FILE="$secrets_file" \
SALESCTL_TEST_REPLIES="$replies_file" \
SALESCTL_TEST_CORS_ORIGIN="$cors_origin" \
  "$build/tests/api_tests" || status=$?

echo "== a browser front end on another origin (headless Chromium, playwright-core)"
node tests/js/browser-cors.mjs "http://127.0.0.1:$port" "$page_port" "$SALESCTL_ADMIN_TOKEN" || status=1

echo "== the owner's page in headless Chromium, signed in as the demo organisation's owner"
# The demo is loaded after the API tests, which count on organisations of their own only.
demo_out=$("$daemon" demo 2>&1) || { echo "$demo_out"; status=1; }
owner_password=$(printf '%s\n' "$demo_out" | awk '/owner@demo.salesctl.dev/ {print $NF; exit}')
node tests/js/owner-page.mjs "http://127.0.0.1:$port" owner@demo.salesctl.dev "$owner_password" "$build/owner-page.png" \
  || status=1
echo "== the vendored chart library is the pinned npm package's (web/package-lock.json)"
if (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
  for f in dist/uPlot.iife.min.js dist/uPlot.min.css LICENSE; do
    cmp web/vendor/uplot/"$(basename "$f")" web/node_modules/uplot/"$f" || status=1
  done
  echo "uplot $(node -p "require('./web/node_modules/uplot/package.json').version"): vendored files compared"
else
  echo "npm ci in web failed"; status=1
fi

echo "== every reply of the API tests against its schema in openapi.yaml (Ajv, JSON Schema 2020-12)"
node tests/js/validate-replies.mjs "$openapi_json" "$replies_file" || status=1

echo "== secrets: every token and webhook secret the API issued, looked for in a pg_dump and the logs"
dump="$build/tests/dump.sql"
PGOPTIONS="-c client_min_messages=warning" pg_dump -h 127.0.0.1 -p "$pgport" -U postgres salesctl_test >"$dump"
issued=$(sort -u "$secrets_file" | wc -l)
leaked=$(cat "$dump" "$log" "$log2" "$log3" "$log4" | grep -c -F -f <(sort -u "$secrets_file") || true)
echo "secrets issued: $issued, found in the dump or the logs: $leaked"
if [ "$issued" -eq 0 ] || [ "$leaked" -ne 0 ]; then
  status=1
fi

echo "== graceful shutdown: SIGTERM with 20 slow uploads in flight"
# Each client sends a ~1 KiB organisation at 256 bytes/s, so all 20 are mid-request when SIGTERM arrives.
slow="$build/tests/slow"
rm -rf "$slow"
mkdir -p "$slow"
for i in $(seq 1 20); do
  printf '{"name":"drain-%s",%900s"owner":{"name":"Drain %s","email":"owner@drain-%s.test"}}' "$i" '' "$i" "$i" >"$slow/body-$i"
  curl -s -o "$slow/reply-$i" -w '%{http_code}' --limit-rate 256 -H "Authorization: Bearer $SALESCTL_ADMIN_TOKEN" \
    -H 'Content-Type: application/json' --data-binary @"$slow/body-$i" "http://127.0.0.1:$port/v1/orgs" >"$slow/status-$i" &
done
for _ in $(seq 1 100); do
  [ "$(ss -Htn state established "( dport = :$port )" | wc -l)" -ge 20 ] && break
  sleep 0.05
done
sigterm_at=$(date +%s.%N)
kill -TERM "${pids[@]}"
sleep 0.2
refused=0
curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" || refused=1
wait $(jobs -p | grep -v -x $(printf -- '-e %s ' "${pids[@]}")) 2>/dev/null || true
completed=$(grep -l -x 201 "$slow"/status-* | wc -l)
logs=("$log" "$log2" "$log3" "$log4")
for i in "${!pids[@]}"; do
  daemon_status=0
  wait "${pids[$i]}" || daemon_status=$?
  if [ "$daemon_status" -ne 0 ]; then
    echo "salesctld exited with $daemon_status after SIGTERM (log: ${logs[$i]})"
    tail -n 50 "${logs[$i]}"
    status=1
  fi
  sanitizer_clean "${logs[$i]}" || status=1
done
drained_in=$(awk -v a="$sigterm_at" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
pids=()
left=$(psql_pg -c "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'salesctld%'")
printf 'slow requests completed: %s of 20; new connection refused: %s; all exited in %s s; database connections left: %s\n' \
  "$completed" "$([ "$refused" -eq 1 ] && echo yes || echo no)" "$drained_in" "$left"
if [ "$completed" -ne 20 ] || [ "$refused" -ne 1 ] || [ "$left" -ne 0 ] || awk -v t="$drained_in" 'BEGIN {exit !(t > 10)}'; then
  status=1
fi

echo "== SIGTERM with call-log batches waiting their turn past the shutdown timeout"
# A psql session inserts, and keeps uncommitted for 3 s, the first call of each batch: two batches take the bulk
# lane's two threads and wait in the database for that transaction, six more wait in the lane's line. SIGTERM with a
# 1 s shutdown timeout: the six must be answered 503 before the session ends (retry elsewhere, not held for the busy
# threads), the two are stored whole when it rolls back, none in part, and the daemon exits 0.
psql_test() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$pgport" -U postgres -d salesctl_test -qAtX "$@"; }
manager_token=$(printf '%s\n' "$demo_out" | awk '/manager \(/ {print $NF; exit}')
manager_id=5a1e5c71-0000-4000-8000-000000000201
parked="$build/tests/parked"
rm -rf "$parked"
mkdir -p "$parked"
for b in $(seq 1 8); do
  {
    printf '{"items":['
    for i in $(seq 1 50); do
      [ "$i" -gt 1 ] && printf ','
      printf '{"manager_id":"%s","direction":"outbound","started_at":"2026-11-02T09:%02d:00Z","duration_s":60,' "$manager_id" "$i"
      printf '"outcome":"talked","external_id":"parked-%s-%s"}' "$b" "$i"
    done
    printf ']}'
  } >"$parked/body-$b"
done
log5="$build/tests/salesctld-5.log"
SALESCTL_SHUTDOWN_TIMEOUT=1 SALESCTL_BULK_CONCURRENCY=2 start_daemon "$log5" --no-migrate
pid5=$started_pid
pids=("$pid5")
# Each batch comes from a telephony integration of its own (a token with only call_logs:write), so that each is
# authenticated with a database lookup while the others are in line.
for b in $(seq 1 8); do
  curl -s -H "Authorization: Bearer $manager_token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Telephony $b\",\"scopes\":[\"call_logs:write\"]}" "http://127.0.0.1:$started_port/v1/users/$manager_id/tokens" |
    sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' >"$parked/token-$b"
done
psql_test -c "BEGIN" \
  -c "CREATE TEMP TABLE hold AS SELECT c.* FROM (SELECT * FROM call_logs WHERE manager_id = '$manager_id' LIMIT 1) c, generate_series(1, 8)" \
  -c "UPDATE hold h SET id = gen_random_uuid(), external_id = 'parked-' || n.b || '-1'
        FROM (SELECT ctid AS t, row_number() OVER () AS b FROM hold) n WHERE h.ctid = n.t" \
  -c "INSERT INTO call_logs SELECT * FROM hold" -c "SELECT pg_sleep(3)" -c "ROLLBACK" >/dev/null &
holder_pid=$!
for _ in $(seq 1 100); do
  [ "$(psql_test -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")" -ge 1 ] && break
  sleep 0.05
done
posting=()
for b in $(seq 1 8); do
  (curl -s -o "$parked/reply-$b" -w '%{http_code}' --max-time 20 -H "Authorization: Bearer $(cat "$parked/token-$b")" \
     -H 'Content-Type: application/json' --data-binary @"$parked/body-$b" "http://127.0.0.1:$started_port/v1/call-logs/batch"
   echo " $(date +%s.%N)") >"$parked/status-$b" &
  posting+=($!)
done
for _ in $(seq 1 100); do
  [ "$(psql_test -c "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted")" -ge 2 ] && break
  sleep 0.05
done
sleep 0.3
# Only the two batches being stored hold a database connection; those in line hold none (the six were
# authenticated with one, as their token was not cached yet, and gave it back before they parked).
in_use=$(curl -s "http://127.0.0.1:$started_port/metrics" | awk '$1 == "salesctl_db_pool_connections{state=\"in_use\"}" {print $2}')
sigterm_at=$(date +%s.%N)
kill -TERM "$pid5"
daemon_status=0
wait "$pid5" || daemon_status=$?
exited_at=$(date +%s.%N)
wait "$holder_pid" || true
session_ended_at=$(date +%s.%N)
wait "${posting[@]}" || true
pids=()
stored=0 refused=0 wrong=0
for b in $(seq 1 8); do
  read -r code at <"$parked/status-$b" || code=none
  rows=$(psql_test -c "SELECT count(*) FROM call_logs WHERE external_id LIKE 'parked-$b-%'")
  if [ "$code" = 200 ] && [ "$rows" -eq 50 ]; then
    stored=$((stored + 1))
  elif [ "$code" = 503 ] && [ "$rows" -eq 0 ] && awk -v a="$at" -v b="$session_ended_at" 'BEGIN {exit !(a < b - 0.5)}'; then
    refused=$((refused + 1))
  else
    echo "batch $b: reply $code at $at (the session ended at $session_ended_at), $rows of 50 stored: $(head -c 300 "$parked/reply-$b")"
    wrong=$((wrong + 1))
  fi
done
left=$(psql_pg -c "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'salesctld%'")
printf 'pool connections in use while they waited: %s; batches stored: %s, answered 503 before the session ended: %s, otherwise: %s; exit status %s, %s s after SIGTERM (the session ended after %s s); database connections left: %s\n' \
  "$in_use" "$stored" "$refused" "$wrong" "$daemon_status" "$(awk -v a="$sigterm_at" -v b="$exited_at" 'BEGIN {printf "%.1f", b - a}')" \
  "$(awk -v a="$sigterm_at" -v b="$session_ended_at" 'BEGIN {printf "%.1f", b - a}')" "$left"
sanitizer_clean "$log5" || status=1
if [ "$in_use" != 2 ] || [ "$stored" -lt 1 ] || [ "$refused" -lt 1 ] || [ "$wrong" -ne 0 ] || [ "$daemon_status" -ne 0 ] ||
   [ "$left" -ne 0 ]; then
  tail -n 20 "$log5"
  status=1
fi
[ "$status" -eq 0 ] && echo "all salesctld instances drained and exited 0"
exit "$status"
