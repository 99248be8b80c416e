#!/usr/bin/env bash
# bench/sql: Basalt vs DuckDB vs PostgreSQL on one corpus, in one run. See README.md.
#   bench/sql/run.sh [--corpus FILE] [--docs N] [--systems basalt,duckdb,postgres] [--smoke] ...
set -euo pipefail
exec python3 "$(dirname "$0")/bench_sql.py" "$@"
