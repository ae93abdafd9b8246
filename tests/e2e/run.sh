#!/usr/bin/env bash
# Runs the MCP end-to-end tests (official SDK client, conformance suite) against a convonet
# binary. Usage: run.sh <convonet-binary> <test-file.mjs>...
# Exit 77 (CTest: skipped) when Node.js or the npm packages are missing in a local build;
# under CONVONET_REQUIRE_TEST_SERVERS=1, as ./scripts/test sets, that is a failure instead.
set -euo pipefail
cd "$(dirname "$0")"
binary="$1"
shift
missing=""
command -v node >/dev/null || missing="node is not installed"
[ -n "$missing" ] || [ -d node_modules/@modelcontextprotocol/sdk ] || missing="run 'npm ci' in tests/e2e"
if [ -n "$missing" ]; then
  if [ "${CONVONET_REQUIRE_TEST_SERVERS:-0}" = "1" ]; then
    echo "e2e: $missing" >&2
    exit 1
  fi
  echo "e2e: skipped: $missing" >&2
  exit 77
fi
CONVONET_BIN="$binary" exec node --test --test-concurrency=1 "$@"
