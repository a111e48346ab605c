#!/usr/bin/env bash
# Fuzzes every parser of outside input (fuzz/fuzz_targets, cargo-fuzz with libFuzzer).
#   scripts/fuzz.sh [SECONDS] [TARGET...]   each target for SECONDS (default 240), all by default
#   scripts/fuzz.sh --smoke                 each target for a few seconds: what CI runs
# Installs cargo-fuzz (pinned) when missing. Uses the nightly toolchain when rustup has it, else
# stable with RUSTC_BOOTSTRAP=1; without a sanitizer, which both accept and which runs fastest
# (the crate forbids unsafe code; overflow checks stay on). Seeds come from fuzz/corpus/TARGET
# (committed, never written to), with the tokens of fuzz/dicts/TARGET.dict where there is one;
# what a run learns goes to fuzz/target/corpus/TARGET, crashing inputs to fuzz/artifacts/TARGET.
# Prints runs, exec/s and the result per target; exits non-zero when the build fails or any
# target crashes, times out or runs out of memory.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"

cargo_fuzz_version=0.13.2
seconds=240
profile=release
if [ "${1:-}" = --smoke ]; then
  # A dev build: it compiles in half the time and a few seconds need no speed.
  seconds=4
  profile=dev
  shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | tail -n +2)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in fuzz/Cargo.toml" >&2; exit 2; }

if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $cargo_fuzz_version" ]; then
  echo "installing cargo-fuzz $cargo_fuzz_version" >&2
  cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked --force -q ||
    { echo "fuzz: cannot install cargo-fuzz" >&2; exit 2; }
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  fuzz=(cargo fuzz)
  export RUSTC_BOOTSTRAP=1
fi
build_flags=(--sanitizer none --debug-assertions "--$profile")
echo "fuzz: building ${#targets[@]} targets with ${fuzz[*]} (${build_flags[*]})" >&2
# One build for all targets unless some were named (cargo fuzz builds one or all).
for target in "${@:-}"; do
  "${fuzz[@]}" build "${build_flags[@]}" $target || { echo "fuzz: the build failed" >&2; exit 2; }
done

bin_dir=target/$(rustc -vV | sed -n 's/^host: //p')/$([ $profile = dev ] && echo debug || echo release)
mkdir -p target/logs

# Runs one target; its summary line goes to target/logs/TARGET.result.
run() {
  local target=$1 work=target/corpus/$1 artifacts=artifacts/$1 log=target/logs/$1.log
  if [ $profile = dev ]; then
    # From the seeds alone, as on a fresh CI machine: a long run's corpus takes minutes to load.
    work=target/smoke-corpus/$1
    rm -rf "$work"
  fi
  mkdir -p "$work" "$artifacts"
  local dict=()
  [ -f "dicts/$target.dict" ] && dict=(-dict="dicts/$target.dict")
  "$bin_dir/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${dict[@]}" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "corpus/$target" >"$log" 2>&1
  local code=$? result=ok
  local runs speed
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  { [ "$code" = 0 ] && [ -n "$runs" ]; } || result="FAILED($code)"
  printf '%-18s %-10s %12s %9s %8s\n' "$target" "$result" "${runs:-?}" "${speed:-?}" \
    "$(find "$work" -type f | wc -l)" >"target/logs/$target.result"
}

# The smoke run uses both cores; a long run gives each target a core of its own unless
# FUZZ_JOBS says otherwise.
jobs=${FUZZ_JOBS:-$([ $profile = dev ] && echo 2 || echo 1)}
for target in "${targets[@]}"; do
  rm -f "target/logs/$target.result"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run "$target" &
done
wait

failed=0
printf '%-18s %-10s %12s %9s %8s\n' target result runs exec/s corpus
for target in "${targets[@]}"; do
  cat "target/logs/$target.result" 2>/dev/null || echo "$target: no result"
  if ! grep -q ' ok ' "target/logs/$target.result" 2>/dev/null; then
    failed=$((failed + 1))
    echo "--- $target: the end of target/logs/$target.log; inputs in fuzz/artifacts/$target:" >&2
    tail -n 30 "target/logs/$target.log" >&2
  fi
done
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
[ "$failed" = 0 ]
