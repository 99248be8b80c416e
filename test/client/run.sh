#!/usr/bin/env bash
# Runs the @rockset/client end-to-end tests against a fresh `basalt serve`.
# Binary: $BASALT_BIN, else the newest of build/basalt, build-server/basalt.
set -euo pipefail
cd "$(dirname "$0")"
# Install the pinned client unless node_modules already matches the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  else
    npm install --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi
exec node --test --test-reporter="${BASALT_TEST_REPORTER:-spec}" *.test.js
