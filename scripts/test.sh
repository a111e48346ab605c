#!/usr/bin/env bash
# The README's test command: every test, unit and integration, including those against a real
# Prometheus and Alertmanager. It installs what they need when missing (Debian packages); the
# tests fail loudly, never skip, when a program is absent.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh || { echo "cannot install the test dependencies" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --locked --all-targets 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep '^test result:' "$log" | grep -oE '[0-9]+ passed' | awk '{ s += $1 } END { print s + 0 }')
failed=$(grep '^test result:' "$log" | grep -oE '[0-9]+ failed' | awk '{ s += $1 } END { print s + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
