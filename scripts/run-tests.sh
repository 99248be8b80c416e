#!/usr/bin/env bash
# Runs every test of one build directory with ctest and prints a plain
# "N passed, M failed" summary line at the end.
set -uo pipefail
build_dir=${1:-build}
cd "$(dirname "$0")/.."
root=$(pwd)
export TSAN_OPTIONS="suppressions=$root/test/sanitizers/tsan.supp ${TSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/test/sanitizers/lsan.supp ${LSAN_OPTIONS:-}"
log=$(mktemp)
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
total=$(grep -oE 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
failed=$(grep -oE '[0-9]+ tests failed out of' "$log" | grep -oE '^[0-9]+' | tail -1)
rm -f "$log"
if [ -z "${total:-}" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$((total - failed)) passed, ${failed} failed"
exit "$status"
