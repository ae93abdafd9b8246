# Starts a throw-away PostgreSQL and Redis on loopback (temporary data dirs, free ports) and
# exports CONVONET_TEST_POSTGRES_URL and CONVONET_TEST_REDIS_URL. Source it, then call
# start_test_servers; stop_test_servers runs from the caller's EXIT trap.

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "test-servers: no free port found" >&2
  return 1
}

start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/convonet-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  local port
  port=$(free_port)
  local as_postgres=(runuser -u postgres --)
  [ "$(id -u)" -eq 0 ] || as_postgres=()
  "${as_postgres[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U convonet --auth=trust \
    --no-sync -E UTF8 >"$PG_DIR/initdb.log" 2>&1
  "${as_postgres[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
  PG_BINDIR=$bindir
  "${as_postgres[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U convonet convonet_test
  export CONVONET_TEST_POSTGRES_URL="postgresql://convonet@127.0.0.1:$port/convonet_test"
  echo "test-servers: PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
  REDIS_DIR=$(mktemp -d /tmp/convonet-redis.XXXXXX)
  local port
  port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$REDIS_DIR" --daemonize yes --pidfile "$REDIS_DIR/redis.pid" \
    --logfile "$REDIS_DIR/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export CONVONET_TEST_REDIS_URL="redis://127.0.0.1:$port"
  echo "test-servers: Redis on 127.0.0.1:$port"
}

stop_test_servers() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    local as_postgres=(runuser -u postgres --)
    [ "$(id -u)" -eq 0 ] || as_postgres=()
    "${as_postgres[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  if [ -n "${REDIS_DIR:-}" ] && [ -f "$REDIS_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
    rm -rf "$REDIS_DIR"
  fi
}

start_test_servers() {
  start_postgres
  start_redis
}
