#!/usr/bin/env bash
# MCP tools/call round trip over Streamable HTTP: 32 sessions (one user, a personal access
# token, 10 todos), 32 connections, wrk on the same machine. Each call is list_todos
# (limit 10): JSON-RPC parse, PAT check (a SQLite read), session lookup, schema validation,
# the listing, the result rendered twice (structuredContent and its text copy).
# Usage: bench/mcp/tools_call.sh [BINARY] [SECONDS] [SESSIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${1:-./build/release/src/app/convonet}
seconds=${2:-15}
count=${3:-32}
[ -x "$binary" ] || { echo "build the release tree first (./scripts/setup)" >&2; exit 1; }
source bench/lib/serve.sh
serve_convonet "$binary"

field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
access=$(curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
  -d '{"email":"mcp@example.com","password":"benchmark password","name":"B"}' | field access_token)
export TOKEN=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $access" \
  "$base/api/v1/tokens" -d '{"name":"bench","scopes":["read","write"]}' | field token)
for i in $(seq 1 10); do
  curl -sf -o /dev/null -H "Authorization: Bearer $access" -H 'Content-Type: application/json' \
    "$base/api/v1/todos" -d "{\"title\":\"Benchmark todo $i\",\"due_at\":\"2026-12-01T09:00:00Z\"}"
done

headers=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json'
  -H 'Accept: application/json, text/event-stream')
sessions=""
for _ in $(seq 1 "$count"); do
  id=$(curl -sf -D - -o /dev/null "${headers[@]}" "$base/mcp" \
    -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' |
    tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id" {print $2}')
  curl -sf -o /dev/null "${headers[@]}" -H "Mcp-Session-Id: $id" "$base/mcp" \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  sessions="$sessions $id"
done
export SESSIONS=$sessions

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks)
out=$(wrk -t2 -c"$count" -d"${seconds}s" --timeout 10s -s bench/mcp/tools_call.lua "$base/mcp")
after=$(ticks)
echo "$out" | tail -1
requests=$(echo "$out" | tail -1 | sed -E 's/.*requests=([0-9]+).*/\1/')
hz=$(getconf CLK_TCK)
awk -v r="$requests" -v t=$((after - before)) -v hz="$hz" \
  'BEGIN { printf "server_cpu_us_per_call=%.0f\n", t * 1e6 / hz / r }'
echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
