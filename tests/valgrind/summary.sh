#!/usr/bin/env bash
# Prints the figures of `make test-valgrind`: requests the daemons served under memcheck, and what memcheck found.
#
#   tests/valgrind/summary.sh BUILD_DIR
set -euo pipefail
build=$1
requests=$(cat "$build"/tests/salesctld*.log | grep -c '"event":"http.request"' || true)
processes=$(ls "$build"/tests/valgrind/memcheck-*.log | wc -l)
lost=$(grep -h 'definitely lost:' "$build"/tests/valgrind/memcheck-*.log | awk '{gsub(",", "", $4); s += $4} END {print s + 0}')
errors=$(grep -h 'ERROR SUMMARY:' "$build"/tests/valgrind/memcheck-*.log | awk '{s += $4} END {print s + 0}')
echo "valgrind: $processes salesctld processes, $requests requests served, $lost bytes definitely lost, $errors errors"
[ "$requests" -ge 1000 ] && [ "$lost" -eq 0 ] && [ "$errors" -eq 0 ]
