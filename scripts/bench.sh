#!/usr/bin/env bash
# The benchmark suite (issue 11, item 4) — not part of the tests.
#
# Builds release once, generates the demo dataset (with its full 2025 volume) into a fresh SQLite database, starts
# `minzheng serve --env production` with the bare reference routes of the same binary on a second port, and runs
# scripts/bench.py: each Minzheng route is measured with wrk against its reference, interleaved, three times, and
# the ratio of the medians is compared with its target. The table goes to bench/results.md with the date and the
# machine. Installs wrk and sqlite3 from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "Building release (once)…"
swift build -c release --product minzheng 2>&1 | tail -1
binary=.build/release/minzheng

work=$(mktemp -d /tmp/minzheng-bench.XXXXXX)
export MINZHENG_ENV=production
export MINZHENG_ROOT="$PWD"
export MINZHENG_DATA_KEY="bench:$(head -c 32 /dev/urandom | base64)"
export MINZHENG_JOURNAL_KEY="$(head -c 32 /dev/urandom | base64)"
export MINZHENG_CHECKPOINT_DIR="$work/checkpoints"
export MINZHENG_WORKER=false          # no background jobs: every write during a run comes from the requests
export MINZHENG_LOG_LEVEL=warning
database="sqlite://$work/bench.sqlite"

echo "Generating the dataset (demo with the full 2025 volume)…"
"$binary" demo --database "$database" > "$work/demo.log"
port=${MINZHENG_BENCH_PORT:-8181}
reference=$((port + 1))
MINZHENG_BENCH_REFERENCE_PORT=$reference "$binary" serve --env production --port "$port" --database "$database" > "$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$reference/constant" >/dev/null 2>&1 && break
  sleep 1
done
python3 scripts/bench.py --port "$port" --reference "$reference" --pid "$server" --binary "$binary" --database "$database" \
  --workdir "$work" --demo-log "$work/demo.log" --out bench/results.md

# PostgreSQL at scale: a throw-away cluster of Debian's PostgreSQL on loopback (scripts/test-postgres.sh), a database
# whose character type is UTF-8 (so that trigram search indexes Chinese), 1.2M matters and 200 simulated staff.
# MINZHENG_BENCH_POSTGRES=0 leaves it out.
cleanup
if [ "${MINZHENG_BENCH_POSTGRES:-1}" != "0" ]; then
  export MINZHENG_PG_DIR=${MINZHENG_BENCH_PG_DIR:-/tmp/minzheng-bench-pg} MINZHENG_PG_PORT=${MINZHENG_BENCH_PG_PORT:-55433}
  scripts/test-postgres.sh start >/dev/null
  trap 'cleanup; scripts/test-postgres.sh stop' EXIT
  admin="postgres://postgres@127.0.0.1:$MINZHENG_PG_PORT/postgres?sslmode=disable"
  psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS minzheng_bench" \
    -c "CREATE DATABASE minzheng_bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  python3 scripts/bench_postgres.py --binary "$binary" --workdir "$work" --out bench/results.md \
    --url "postgres://postgres@127.0.0.1:$MINZHENG_PG_PORT/minzheng_bench?tlsmode=disable"
fi
