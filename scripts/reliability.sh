#!/usr/bin/env bash
# The reliability suite (issue 11, items 5, 6 and 8) — the parts that do not fit in `swift test`.
#
#   crash    1,000 concurrent submissions through the API with idempotency keys while the server is killed (-9) and
#            restarted 10 times: every acknowledged submission is there exactly once, PRAGMA integrity_check is ok,
#            the journal verifies.
#   backup   `minzheng backup` taken under load restores on a fresh instance with every record acknowledged before
#            the backup began, and the restored journal verifies.
#   hostile  sqlmap (loopback) over the public forms and query parameters; schemathesis over /api/openapi.json, on the
#            document alone and with real values (a matter, a unit, a year) under a reviewer's and a leader's token.
#   instances  two `serve` processes on one PostgreSQL (MINZHENG_RELIABILITY_POSTGRES_URL, an empty database): a
#            session made on one is valid on the other, submissions through both get unique reference numbers, the
#            journal stays one verifying chain.
#
# The other reliability checks (CSRF on every state-changing route, the role × route matrix, errors without
# internals, body limits) run in `swift test` (Tests/MinzhengWebTests/HostileInputTests.swift).
# Usage: scripts/reliability.sh [crash] [backup] [hostile] [instances]   (default: crash backup)
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(crash backup)

need=()
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [[ " ${parts[*]} " == *" hostile "* ]]; then command -v sqlmap >/dev/null || need+=(sqlmap); fi
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ " ${parts[*]} " == *" hostile "* ]]; then python3 -c "import schemathesis" 2>/dev/null || pip install -q schemathesis; fi

binary=${MINZHENG_BINARY:-.build/release/minzheng}
[ -x "$binary" ] || swift build -c release --product minzheng 2>&1 | tail -1
work=$(mktemp -d /tmp/minzheng-reliability.XXXXXX)
export MINZHENG_ROOT="$PWD"
export MINZHENG_DATA_KEY="rel:$(head -c 32 /dev/urandom | base64)"
export MINZHENG_JOURNAL_KEY="$(head -c 32 /dev/urandom | base64)"
export MINZHENG_CHECKPOINT_DIR="$work/checkpoints"
export MINZHENG_LOG_LEVEL=warning
database="sqlite://$work/rel.sqlite"
"$binary" demo --database "$database" > "$work/demo.log"
secret=$("$binary" tokens issue --name reliability --role reviewer --org 659003 --days 1 --database "$database" | sed -n 's/.*\(mzt_[A-Za-z0-9_-]\{43\}\).*/\1/p')
python3 scripts/reliability.py --binary "$binary" --database "$database" --workdir "$work" --token "$secret" "${parts[@]}"
