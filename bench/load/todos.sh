#!/usr/bin/env bash
# Load benchmark: GET /api/v1/todos (50 todos) with wrk on loopback against the Release build,
# at 64 and 1,000 connections, on SQLite and on PostgreSQL. Prints a Markdown table.
# Usage: bench/load/todos.sh [duration_seconds]   (after ./scripts/setup)
# CONVONET_BINARY picks another build of convonet (default: the Release tree of ./scripts/setup).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
binary=${CONVONET_BINARY:-./build/release/src/app/convonet}
[ -x "$binary" ] || { echo "build the release tree first (./scripts/setup)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

source scripts/lib/test-servers.sh
work=$(mktemp -d /tmp/convonet-bench.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  stop_test_servers
  rm -rf "$work"
}
trap cleanup EXIT

json_field() { sed -E "s/.*\"$1\":\"?([^\",}]+).*/\1/"; }

# Starts the server on a database URL, seeds one user with 50 todos, exports TOKEN and PORT.
start_server() {
  local database_url=$1
  PORT=$(free_port)
  CONVONET_LISTEN="127.0.0.1:$PORT" CONVONET_DATA_DIR="$work" CONVONET_DATABASE_URL="$database_url" \
    CONVONET_LOG_LEVEL=warn "$binary" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
    sleep 0.1
  done
  local email="bench$RANDOM@example.com"
  TOKEN=$(curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/api/v1/auth/register" \
    -d "{\"email\":\"$email\",\"password\":\"benchmark password\",\"name\":\"Bench\"}" | json_field access_token)
  for i in $(seq 1 50); do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      "http://127.0.0.1:$PORT/api/v1/todos" \
      -d "{\"title\":\"Benchmark todo $i\",\"notes\":\"seeded\",\"due_at\":\"2026-12-01T09:00:00Z\"}"
  done
  local count
  count=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/todos" | grep -o '"id":' | wc -l)
  [ "$count" -eq 50 ] || { echo "seeding failed: $count todos listed" >&2; exit 1; }
}

stop_server() {
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# One wrk run; prints "| backend | connections | req/s | p50 | p99 | non-2xx |".
measure() {
  local backend=$1 connections=$2 out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency --timeout 10s \
    -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/todos")
  echo "$out" >"$work/wrk-$backend-$connections.txt"
  local rps p50 p99 non2xx errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  errors=$(echo "$out" | awk '/Socket errors/ {print $0}' | sed 's/^ *Socket errors: //')
  echo "| $backend | $connections | $rps | $p50 | $p99 | ${non2xx:-0} | ${errors:-none} |"
}

echo "| database | connections | requests/s | p50 | p99 | non-2xx | socket errors |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
start_server "sqlite://$work/bench.db"
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/todos"
measure SQLite 64
measure SQLite 1000
stop_server

start_postgres >/dev/null
start_server "$CONVONET_TEST_POSTGRES_URL"
measure PostgreSQL 64
measure PostgreSQL 1000
stop_server
