#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL (scripts/postgres.sh), stopped afterwards.
#   scripts/with-postgres.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'scripts/postgres.sh stop' EXIT
eval "$(scripts/postgres.sh start)"
export DATABASE_URL
"$@"
