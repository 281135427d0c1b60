# Shell functions shared by tests/run.sh and tests/faults/run.sh (sourced, not run).

# Starts $daemon in the background writing to log $1 (extra arguments follow); sets started_pid and started_port.
# The caller's scheduler_interval, db_pool, rate_limit, rate_burst and webhook_allow_private variables override the
# test defaults (webhooks may reach 127.0.0.1, where the tests' receivers listen, and no other private address).
start_daemon() {
  local log=$1
  shift
  SALESCTL_LISTEN=127.0.0.1:0 SALESCTL_THREADS=8 SALESCTL_DB_POOL=${db_pool:-4} SALESCTL_SCHEDULER_INTERVAL=${scheduler_interval:-3600} \
    SALESCTL_WEBHOOK_BACKOFF=1 SALESCTL_WEBHOOK_ALLOW_PRIVATE=${webhook_allow_private-127.0.0.1} \
    SALESCTL_CORS_ORIGINS=${cors_origins-} SALESCTL_RATE_LIMIT=${rate_limit:-0} SALESCTL_RATE_BURST=${rate_burst:-100} \
    "$daemon" "$@" >"$log" 2>&1 &
  started_pid=$!
  started_port=
  for _ in $(seq 1 300); do
    started_port=$(grep -o '(port [0-9]*)' "$log" 2>/dev/null | grep -o '[0-9]*' || true)
    [ -n "$started_port" ] && return 0
    kill -0 "$started_pid" 2>/dev/null || { cat "$log"; echo "salesctld exited during start-up"; exit 1; }
    sleep 0.1
  done
  cat "$log"
  echo "salesctld did not start listening"
  exit 1
}

# Fails (prints and returns 1) when a salesctld log holds a sanitizer report.
sanitizer_clean() {
  if grep -q -e "ERROR: AddressSanitizer" -e "runtime error:" -e "LeakSanitizer" -e "WARNING: ThreadSanitizer" "$1"; then
    grep -A 30 -e "ERROR: AddressSanitizer" -e "runtime error:" -e "LeakSanitizer" -e "WARNING: ThreadSanitizer" "$1" | head -80
    return 1
  fi
}

# Starts the throwaway cluster $1 (a directory) on port $2 with extra postgres settings $4 and creates database $3
# afresh; exports what every salesctld started afterwards needs (SALESCTL_DATABASE_URL, _ADMIN_TOKEN, _SECRET_KEY).
start_cluster() {
  local dir=$1 port=$2 db=$3 settings=${4:-}
  mkdir -p "$(dirname "$dir")"
  chmod 755 "$(dirname "$dir")"
  cmd/dev/pg.sh start "$dir" "$port" "$settings" >/dev/null
  PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAtX \
    -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  export SALESCTL_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/$db"
  export SALESCTL_ADMIN_TOKEN; SALESCTL_ADMIN_TOKEN="test-admin-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  export SALESCTL_SECRET_KEY; SALESCTL_SECRET_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
}

# The EXIT trap of the runners: stops every salesctld listed in pids, then the cluster in pgdir.
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  cmd/dev/pg.sh stop "$pgdir" >/dev/null 2>&1 || true
}

# Installs the pinned Node tools of tests/js (Redocly, Ajv) from its package-lock when they are missing or older
# than the lock.
js_tools() {
  if [ ! -f tests/js/node_modules/.package-lock.json ] || [ tests/js/package-lock.json -nt tests/js/node_modules/.package-lock.json ]; then
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { echo "npm ci in tests/js failed"; return 1; }
  fi
}
redocly() { node tests/js/node_modules/@redocly/cli/bin/cli.js "$@"; }
