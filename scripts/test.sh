#!/usr/bin/env bash
# The README's test command: every test, unit and integration, including those against a real
# Prometheus, Alertmanager and AWS emulator (moto). It installs what they need when missing
# (Debian packages, moto in a virtual environment); the tests fail loudly, never skip, when a
# program is absent. Then the build without the `aws` feature: the library's tests and every
# test file that reads config, renders or runs runbooks (the server tests do not touch AWS).
# Last, the clock matrix (scripts/clock-matrix.sh): the tests that read the wall clock again at
# three fixed times of day and days of week under libfaketime.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh || { echo "cannot install the test dependencies" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --locked --all-targets 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
without_aws=(config_environments config_policy user_files architecture render_tabs key_flows
  tiny_terminal runbook_flow runbook_executor simulator_model checkpoint_tab checkpoint_keys audit_log)
cargo test --locked --no-default-features --lib --bins "${without_aws[@]/#/--test=}" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
bash scripts/clock-matrix.sh 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
passed=$(grep '^test result:' "$log" | grep -oE '[0-9]+ passed' | awk '{ s += $1 } END { print s + 0 }')
failed=$(grep '^test result:' "$log" | grep -oE '[0-9]+ failed' | awk '{ s += $1 } END { print s + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
