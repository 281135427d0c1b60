# Shell functions shared by tests/run.sh and tests/faults/run.sh (sourced, not run).

# Starts $daemon in the background writing to log $1 (extra arguments follow); sets started_pid and started_port.
# The caller's scheduler_interval, db_pool, rate_limit and rate_burst variables override the test defaults.
start_daemon() {
  local log=$1
  shift
  SALESCTL_LISTEN=127.0.0.1:0 SALESCTL_THREADS=8 SALESCTL_DB_POOL=${db_pool:-4} SALESCTL_SCHEDULER_INTERVAL=${scheduler_interval:-3600} \
    SALESCTL_WEBHOOK_BACKOFF=1 SALESCTL_RATE_LIMIT=${rate_limit:-0} SALESCTL_RATE_BURST=${rate_burst:-100} \
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
