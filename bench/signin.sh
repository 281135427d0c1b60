#!/usr/bin/env bash
# make bench-signin: how many sign-ins a second salesctld completes with the whole process pinned to one core
# (taskset), each one an Argon2id verification (m = 19 MiB, t = 2) and a session row written with a durable
# database. SPEC §6.1 asks for at least 20 a second on one core. Prints one line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. tests/lib.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
daemon=bin/salesctld
pgdir="$root/var/pg-bench-signin"
pids=()
trap stop_all EXIT
start_cluster "$pgdir" 15450 salesctl_signin
log=var/bench-signin.log
SALESCTL_THREADS=2 db_pool=2 rate_limit=0 start_daemon "$log"
pids+=("$started_pid")
taskset -acp 0 "$started_pid" >/dev/null
base="http://127.0.0.1:$started_port"
email="owner@signin.bench"
password="Пароль-для-замера-1"
token=$(curl -fsS -H "Authorization: Bearer $SALESCTL_ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Signin\",\"owner\":{\"name\":\"O\",\"email\":\"$email\"}}" "$base/v1/orgs" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"new_password\":\"$password\"}" "$base/v1/me/password"
mkdir -p var/bench
cat bench/wrk/signin.lua bench/wrk/report.lua >var/bench/signin.lua
result=$(BENCH_EMAIL=$email BENCH_PASSWORD=$password taskset -c 1 wrk -t1 -c4 -d10s --latency -s var/bench/signin.lua \
  "$base" 2>&1 | grep '^RESULT')
echo "sign-in: salesctld on one core (taskset -c 0), wrk on the other, 4 connections, 10 s: $result"
