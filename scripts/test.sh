#!/usr/bin/env bash
# The README's test command: every test, unit and integration, including those against a real
# Prometheus, Alertmanager and AWS emulator (moto). It installs what they need when missing
# (Debian packages, moto in a virtual environment, cargo-nextest); the tests fail loudly, never
# skip, when a program is absent. Then the build without the `aws` feature: the library's tests
# and every test file that reads config, renders or runs runbooks (the server tests do not touch
# AWS). Last, the clock matrix (scripts/clock-matrix.sh): the tests that read the wall clock
# again at three fixed times of day and days of week under libfaketime.
#
# The tests run under cargo-nextest, each in a process of its own and those of every binary side
# by side (.config/nextest.toml): most of the suite waits on real servers, runbook waits and the
# simulator's pace, so a serial run left the cores idle for most of its 20 minutes. The binaries
# of scripts/timed-tests, whose tests time the console itself, run after them one test at a time
# with nothing beside them. The benchmarks, whose setup would run once per benchmark under
# nextest, run once each in test mode as `cargo test` runs them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh || { echo "cannot install the test dependencies" >&2; exit 2; }
nextest_version=0.9.143
if ! cargo nextest --version >/dev/null 2>&1; then
  echo "installing cargo-nextest $nextest_version" >&2
  cargo install cargo-nextest --version "$nextest_version" --locked -q ||
    { echo "cannot install cargo-nextest" >&2; exit 2; }
fi
status=0
passed=0
failed=0
# Adds the results of the nextest run just ended, from its JUnit report: every test that ran,
# failed when it holds a failure or an error.
junit=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/nextest/default/junit.xml
nextest() {
  local counts
  rm -f "$junit"
  cargo nextest run --locked --no-fail-fast "$@" || status=1
  counts=$(python3 -c '
import sys, xml.etree.ElementTree as tree
cases = list(tree.parse(sys.argv[1]).iter("testcase"))
bad = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
print(len(cases) - bad, bad)' "$junit") || { echo "no test report in $junit" >&2; status=1; return; }
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

mapfile -t timed < <(sed -e 's/#.*//' -e '/^ *$/d' scripts/timed-tests)
alone=$(printf ' | binary(=%s)' "${timed[@]}")
alone=${alone:3}
nextest --lib --bins --tests --examples -E "not ($alone)"
nextest --tests -E "$alone" --test-threads 1
# Criterion's binaries in test mode, each benchmark once (they count no tests); `--benches`
# would run the library's unit tests again, as they have `bench = true`.
cargo test --locked --bench '*' || status=1

without_aws=(config_environments config_policy user_files architecture render_tabs key_flows
  tiny_terminal runbook_flow runbook_executor simulator_model checkpoint_tab checkpoint_keys audit_log)
nextest --no-default-features --lib --bins "${without_aws[@]/#/--test=}"

# The clock matrix runs the test binaries directly: its counts are their summary lines.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
bash scripts/clock-matrix.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
passed=$((passed + $(grep '^test result:' "$log" | grep -oE '[0-9]+ passed' | awk '{ s += $1 } END { print s + 0 }')))
failed=$((failed + $(grep '^test result:' "$log" | grep -oE '[0-9]+ failed' | awk '{ s += $1 } END { print s + 0 }')))
echo "tests: $passed passed, $failed failed"
exit "$status"
