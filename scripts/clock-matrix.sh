#!/usr/bin/env bash
# The clock matrix: the tests whose code reads the wall clock, run again at three fixed
# wall-clock times under libfaketime (Debian's `faketime`), so a test that depends on the hour,
# the day of the week or a day/week/month/year boundary fails here, not at landing:
#   Monday 03:00 UTC (night, the demo's traffic near its trough), Wednesday 14:30 UTC (a weekday
#   at its daily peak, PEAK_HOUR in src/sources/simulator/load.rs), and
#   Sunday 23:59:50 UTC (a new day, week, month and year a few seconds in: the library tests
#   cross midnight, the rest run in the first minute of Monday 1 January).
# The already-built test binaries run directly (not cargo), from the crate root as cargo runs
# them; their `test result:` lines count with the main suite's. Suites against real servers
# (Prometheus, Alertmanager, moto) are left out: those servers keep the real clock.
#
# Chosen by what reads the clock (Utc::now in src/): the audit, runbook sessions and the
# Prometheus poller (library tests and prometheus_*), `audit --since` (audit_log), the executor
# with its audit and plans (runbook_executor), `simulate serve|history` (simulate_exporters) and
# the demo console in a pseudo-terminal (signals). The UI suites (render_tabs, key_flows, ...)
# take their time from a seeded simulator at a fixed start and read no clock.
set -uo pipefail
cd "$(dirname "$0")/.."

# Test binary and, after it, the filters that pick its clock-reading tests (none: all of them).
# Of the pseudo-terminal sessions, the runbook run depends on the demo fleet's state and one plain
# session suffices for the rest: the other endings add time, not clock paths.
matrix=(
  "opsconsole runbook:: sources::simulator::task sources::prometheus sources::aws commands:: runtime::"
  "audit_log"
  "runbook_executor"
  "signals quit_key sigterm_during_a_run"
  "simulate_exporters"
  "prometheus_client"
  "prometheus_faults"
)
suites=()
for row in "${matrix[@]:1}"; do suites+=("${row%% *}"); done
times=("2028-12-25 03:00:00" "2028-12-27 14:30:00" "2028-12-31 23:59:50")

command -v faketime >/dev/null || { echo "clock matrix: faketime is missing (scripts/install-test-deps.sh)" >&2; exit 2; }

# name kind path, one line per executable, from cargo's own account of what it built.
built=$(cargo test --locked --no-run --message-format=json --lib "${suites[@]/#/--test=}" \
  | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        kind = "test" if m["profile"]["test"] else m["target"]["kind"][0]
        print(m["target"]["name"], kind, m["executable"])
') || { echo "clock matrix: cannot build the test binaries" >&2; exit 2; }
executable() { awk -v n="$1" -v k="$2" '$1 == n && $2 == k { print $3; exit }' <<<"$built"; }
console=$(executable opsconsole bin)
[ -n "$console" ] || { echo "clock matrix: no opsconsole binary among: $built" >&2; exit 2; }

# A fixed offset (not a start time), so every process, the test binaries and the consoles they
# start, sees the same clock, advancing. The monotonic clock stays real: Rust waits on futexes
# with absolute monotonic deadlines, which a shifted monotonic clock would put years away.
faked() {
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -m -f "+$offset" "$@"
}

# Fails loudly unless the faked time is in effect: the console must see it (its demo snapshot is
# stamped with the wall clock), and each test binary must take clock_gettime from libfaketime.
check_faked() {
  local target=$1 dir taken seen binary
  shift
  dir=$(mktemp -d)
  taken=$(OPSCONSOLE_CONFIG_DIR=$dir OPSCONSOLE_STATE_DIR=$dir faked "$console" --demo snapshot --tab scaling --format json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["taken_at"])')
  rm -rf "$dir"
  seen=$(date -u -d "$taken" +%s 2>/dev/null || echo 0)
  if (( seen < target || seen > target + 600 )); then
    echo "clock matrix: the faked time is not in effect: opsconsole saw ${taken:-nothing} for $(date -u -d "@$target")" >&2
    return 1
  fi
  for binary in "$@"; do
    dir=$(mktemp -d)
    LD_DEBUG=bindings LD_DEBUG_OUTPUT="$dir/bindings" faked "$binary" --list >/dev/null 2>&1
    if ! grep -qs "binding file $binary .* to .*libfaketime.*clock_gettime'" "$dir"/bindings.*; then
      echo "clock matrix: $binary does not take clock_gettime from libfaketime" >&2
      rm -rf "$dir"
      return 1
    fi
    rm -rf "$dir"
  done
}

binaries=()
for row in "${matrix[@]}"; do
  binary=$(executable "${row%% *}" test)
  [ -n "$binary" ] || { echo "clock matrix: no test binary ${row%% *} among: $built" >&2; exit 2; }
  binaries+=("$binary")
done

# The rows of binaries in scripts/timed-tests run alone; the others of all three times side by
# side, each into a file of its own, printed in order after them. Each process keeps the offset
# of its time from when the time was checked, so its clock is that time's, advancing.
mapfile -t timed < <(sed -e 's/#.*//' -e '/^ *$/d' scripts/timed-tests)
alone() { [[ " ${timed[*]} " == *" ${1%% *} "* ]]; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
offsets=()
pids=()
for t in "${!times[@]}"; do
  target=$(date -u -d "${times[$t]} UTC" +%s)
  offset=$(( target - $(date -u +%s) ))
  offsets[t]=$offset
  check_faked "$target" "${binaries[@]}" || exit 1
  for i in "${!matrix[@]}"; do
    alone "${matrix[$i]}" && continue
    read -r -a filters <<<"${matrix[$i]}"
    faked "${binaries[$i]}" "${filters[@]:1}" >"$out/$t.$i" 2>&1 &
    pids+=($!)
  done
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for t in "${!times[@]}"; do
  offset=${offsets[t]}
  echo "clock matrix: $(date -u -d "${times[$t]} UTC" '+%A %Y-%m-%d %H:%M:%S UTC')"
  for i in "${!matrix[@]}"; do
    if alone "${matrix[$i]}"; then
      read -r -a filters <<<"${matrix[$i]}"
      faked "${binaries[$i]}" "${filters[@]:1}" || status=1
    else
      cat "$out/$t.$i"
    fi
  done
done
exit "$status"
