#!/usr/bin/env bash
# Formats every C++ source of the tree with the pinned clang-format (.clang-format), in place.
# `tools/format.sh --check` only reports the files that would change (exit 1 if any).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h')
if [[ "${1:-}" == "--check" ]]; then
  status=0
  for file in "${files[@]}"; do
    if ! clang-format --style=file "$file" | cmp -s - "$file"; then
      echo "needs formatting: $file"
      status=1
    fi
  done
  exit "$status"
fi
clang-format --style=file -i "${files[@]}"
