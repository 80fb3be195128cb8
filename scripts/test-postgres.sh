#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL on loopback for the test suite, from Debian's packages.
#
#   eval "$(scripts/test-postgres.sh start)"   # prints: export MINZHENG_TEST_POSTGRES_URL=…
#   scripts/test-postgres.sh stop
#
# The cluster lives in $MINZHENG_PG_DIR (default /tmp/minzheng-test-pg) and listens on 127.0.0.1:$MINZHENG_PG_PORT
# (default 55432) with trust authentication: for tests on this machine only.
set -euo pipefail
dir=${MINZHENG_PG_DIR:-/tmp/minzheng-test-pg}
port=${MINZHENG_PG_PORT:-55432}

pgbin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_postgres() {
  if [ -z "$(pgbin)" ]; then
    echo "Installing PostgreSQL from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    install_postgres
    bin=$(pgbin)
    if [ ! -s "$dir/PG_VERSION" ]; then
      rm -rf "$dir"; mkdir -p "$dir"
      [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
      as_postgres "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on" start >/dev/null
    fi
    for _ in $(seq 1 30); do
      "$bin/pg_isready" -h 127.0.0.1 -p "$port" >/dev/null 2>&1 && break
      sleep 1
    done
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='minzheng_test'" | grep -q 1 \
      || "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE minzheng_test" >/dev/null
    echo "export MINZHENG_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/minzheng_test?tlsmode=disable"
    ;;
  stop)
    bin=$(pgbin)
    [ -n "$bin" ] && [ -d "$dir" ] && as_postgres "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
