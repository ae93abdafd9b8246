# Sourced by the load scripts: serve_convonet BINARY starts a server on a free loopback port
# with a throw-away data dir, waits until it answers, and stops it (and removes the dir) at
# exit. Sets: work (the data dir), base (http://127.0.0.1:PORT), pid.
serve_convonet() {
  local binary=$1
  work=$(mktemp -d /tmp/convonet-bench.XXXXXX)
  local port=$((30000 + RANDOM % 20000))
  base=http://127.0.0.1:$port
  CONVONET_LISTEN=127.0.0.1:$port CONVONET_DATA_DIR=$work CONVONET_LOG_LEVEL=warn \
    "$binary" serve >"$work/server.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$base/healthz" && return 0; sleep 0.1; done
  echo "convonet did not start; see $work/server.log" >&2
  return 1
}
