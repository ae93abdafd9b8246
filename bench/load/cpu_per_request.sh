#!/usr/bin/env bash
# Server CPU microseconds per GET /api/v1/todos request (one user, 50 todos, 64 connections).
# Robust to other processes on the machine, unlike requests/s: compare two binaries by
# alternating them, e.g. A B A B A B.
# usage: bench/load/cpu_per_request.sh BINARY [SECONDS]
set -euo pipefail
binary=$1
seconds=${2:-8}
source "$(dirname "$0")/../lib/serve.sh"
serve_convonet "$binary"
token=$(curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
  -d '{"email":"p@example.com","password":"benchmark password","name":"B"}' |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')
for i in $(seq 1 50); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    "$base/api/v1/todos" \
    -d "{\"title\":\"Benchmark todo $i\",\"notes\":\"seeded\",\"due_at\":\"2026-12-01T09:00:00Z\"}"
done
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks)
out=$(wrk -t2 -c64 -d"${seconds}s" -H "Authorization: Bearer $token" "$base/api/v1/todos")
after=$(ticks)
requests=$(echo "$out" | awk '/requests in/ {print $1}')
rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
hz=$(getconf CLK_TCK)
echo "requests/s=$rate server_cpu_us_per_request=$(((after - before) * 1000000 / hz / requests))"
