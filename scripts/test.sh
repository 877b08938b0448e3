#!/usr/bin/env bash
# The whole test suite, as `make test` runs it.
#
# Services are started where possible and required where the environment says so:
#   REQUIRE_POSTGRES=1  fail (not skip) when PostgreSQL cannot be started     (.ci/run sets it)
#   REQUIRE_BROWSER=1   fail (not skip) when Chromium or axe-core is missing  (.ci/run sets it)
#   REQUIRE_ELASTICSEARCH=1  fail (not skip) when Elasticsearch cannot be started (.ci/run sets it)
# Without them, what cannot be started is skipped and said so at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
skipped=()

# Ports of this run's own PostgreSQL and Elasticsearch, free ones unless given: two runs on one
# machine (two checkouts, a benchmark beside the tests) never share or stop each other's services.
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export PG_PORT="${PG_PORT:-$(free_port)}"
export ES_PORT="${ES_PORT:-$(free_port)}"

cleanup() {
  [ -n "${PG_STARTED:-}" ] && scripts/postgres.sh stop || true
  [ -n "${ES_STARTED:-}" ] && scripts/elasticsearch.sh stop || true
}
trap cleanup EXIT

# System packages (Chromium, gettext) and the npm test tools.
if ! scripts/test-deps.sh; then
  [ "${REQUIRE_BROWSER:-0}" = "1" ] && { echo "test.sh: Chromium/gettext are required but missing" >&2; exit 1; }
  skipped+=("system packages (chromium/gettext) could not be installed")
fi
if command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || npm install --no-audit --no-fund --loglevel=error >/dev/null
elif [ "${REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "test.sh: npm is required for axe-core but missing" >&2; exit 1
else
  skipped+=("npm missing: accessibility checks skipped")
fi

# PostgreSQL, unless DATABASE_URL already names a database.
if [ -z "${DATABASE_URL:-}" ]; then
  if pg_env=$(scripts/postgres.sh start); then
    eval "$pg_env"
    export DATABASE_URL
    PG_STARTED=1
  elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "test.sh: PostgreSQL is required but could not be started" >&2; exit 1
  else
    skipped+=("PostgreSQL could not be started: the suite ran on SQLite")
  fi
fi
echo "test.sh: database: ${DATABASE_URL:-sqlite (embedded)}"

# Elasticsearch 8 for the search tests (they run against the database backend and against it).
if [ -z "${TEST_ELASTICSEARCH_URL:-}" ]; then
  es_port="${ES_PORT:-9200}"
  curl -sf "http://127.0.0.1:$es_port/_cluster/health" >/dev/null 2>&1 && es_was_running=1 || es_was_running=""
  if es_env=$(scripts/elasticsearch.sh start); then
    TEST_ELASTICSEARCH_URL="${es_env#export ELASTICSEARCH_URL=}"
    export TEST_ELASTICSEARCH_URL
    if [ -z "$es_was_running" ]; then
      ES_STARTED=1
      export TEST_ELASTICSEARCH_OWNED=1  # started for this run: a test may stop and restart it
    fi
  elif [ "${REQUIRE_ELASTICSEARCH:-0}" = "1" ]; then
    echo "test.sh: Elasticsearch is required but could not be started" >&2; exit 1
  else
    skipped+=("Elasticsearch could not be started: the Elasticsearch search tests were skipped")
  fi
fi
echo "test.sh: elasticsearch: ${TEST_ELASTICSEARCH_URL:-none}"

export DJANGO_SETTINGS_MODULE=portal.settings.test
# Catalogues: compilemessages fails on a broken catalogue.
$PY scripts/compile_messages.py
# Every model change has its migration.
$PY manage.py makemigrations --check --dry-run
# Imports run one way (pyproject.toml, [tool.importlinter]); the code keeps the project's lint rules ([tool.ruff]).
.venv/bin/lint-imports --no-cache
.venv/bin/ruff check --no-cache .

status=0
# The stack tests need the whole production topology running: `make stack-test` selects them.
$PY -m pytest -m "not stack" "$@" || status=$?

if [ ${#skipped[@]} -gt 0 ]; then
  echo "test.sh: SKIPPED:" >&2
  printf '  - %s\n' "${skipped[@]}" >&2
fi
exit $status
