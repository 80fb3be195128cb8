#!/usr/bin/env bash
# Drives a real headless Chromium through the site's pages and journeys (issue 2, item 10).
#
# Starts `minzheng serve --demo` on a fresh SQLite database, then runs scripts/browser_check.py, which fails on
# any console error, any non-2xx page, or any page without a Chinese <title>, and saves a screenshot of each
# page under screenshots/. Installs chromium, chromium-driver (Debian) and selenium (PyPI) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "Installing chromium and chromium-driver from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
python3 -c "import selenium" 2>/dev/null || pip install -q selenium

binary=${MINZHENG_BINARY:-.build/debug/minzheng}
[ -x "$binary" ] || swift build --product minzheng
port=${MINZHENG_BROWSER_PORT:-8099}
work=$(mktemp -d /tmp/minzheng-browser.XXXXXX)
export MINZHENG_ROOT="$PWD"
export MINZHENG_DATA_KEY="browser:$(head -c 32 /dev/urandom | base64)"
export MINZHENG_JOURNAL_KEY="$(head -c 32 /dev/urandom | base64)"
export MINZHENG_CHECKPOINT_DIR="$work/checkpoints"
"$binary" serve --demo --port "$port" --database "sqlite://$work/browser.sqlite" > "$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 300); do  # the demo (with its full 2025 volume) loads before the server listens
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server did not start:"; cat "$work/server.log"; exit 1; }
mkdir -p screenshots
python3 scripts/browser_check.py "http://127.0.0.1:$port" screenshots "$work/server.log"
