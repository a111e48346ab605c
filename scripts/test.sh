#!/usr/bin/env bash
# The README's test command: everything a test needs is installed or started by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --all-targets
cargo test --locked --doc
