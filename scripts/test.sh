#!/usr/bin/env bash
# The README's test command: every test, unit and integration. Tests that need a program
# (python3 for the pseudo-terminal harness) fail loudly when it is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null; then
  echo "python3 (for the pseudo-terminal tests) is missing; installing it" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q python3; else sudo apt-get install -y -q python3; fi
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --locked --all-targets 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep '^test result:' "$log" | grep -oE '[0-9]+ passed' | awk '{ s += $1 } END { print s + 0 }')
failed=$(grep '^test result:' "$log" | grep -oE '[0-9]+ failed' | awk '{ s += $1 } END { print s + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
