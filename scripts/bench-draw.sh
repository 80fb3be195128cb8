#!/usr/bin/env bash
# A benchmark, not a test: times a double-random draw over 100,000 organisations and 5,000 inspectors (issue 6),
# on a release build, and re-runs it to show the result is the same.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product minzheng >/dev/null
binary=$(swift build -c release --show-bin-path)/minzheng
"$binary" draw bench --targets "${TARGETS:-100000}" --inspectors "${INSPECTORS:-5000}" --rate "${RATE:-30}"
