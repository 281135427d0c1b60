#!/usr/bin/env bash
# Runs salesctld under valgrind's memcheck for `make test-valgrind`: tests/run.sh starts it as the daemon, so every
# instance of the API suite (and the migrate and rebuild commands) runs under memcheck. A definite leak or a memory
# error makes the process exit 99, which run.sh reports as a failed shutdown.
#
#   tests/valgrind/daemon.sh [salesctld arguments...]     (SALESCTL_VALGRIND_BIN names the binary)
set -euo pipefail
logdir=${SALESCTL_VALGRIND_LOGS:?}
mkdir -p "$logdir"
exec valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --error-exitcode=99 --num-callers=30 --log-file="$logdir/memcheck-%p.log" \
  "${SALESCTL_VALGRIND_BIN:?}" "$@"
