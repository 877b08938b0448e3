# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-smoke stack-test install install-test messages migrate demo check-messages clean bench-search bench-handbook bench-pages

## run: install, migrate SQLite, load the demo tenants, serve on http://$(HOST):$(PORT)
run: install messages migrate demo
	@echo "Serving on http://$(HOST):$(PORT)/ (tenants: bsr.localhost, see.localhost, tact.localhost on port $(PORT))"
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

## test: the whole suite (PostgreSQL and Chromium where they can be started; see scripts/test.sh)
test: install-test
	scripts/test.sh

## stack-test: the production topology of deploy/ started on loopback (scripts/stack.sh, ports from
## STACK_PORT_BASE), attacked by tests/stack as real HTTP clients, and stopped again, also on failure
STACK_PORT_BASE ?= 18400
stack-test: install-test
	@export STACK_PORT_BASE=$(STACK_PORT_BASE); trap 'scripts/stack.sh down' EXIT; \
	scripts/stack.sh up && $(PY) -m pytest tests/stack -m stack -q -s -p no:cacheprovider

## test-smoke: a quick subset on the embedded SQLite database
test-smoke: install-test
	DATABASE_URL= $(PY) -m pytest -q -m smoke

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## messages: compile the interface catalogues (GNU gettext if present, else Babel, pure Python)
messages: install
	$(PY) scripts/compile_messages.py

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py update_translation_fields

demo: install
	$(PY) manage.py load_demo --port $(PORT)

clean:
	rm -rf $(VENV) var node_modules db.sqlite3

## bench-directory: directory latency with 100,000 contacts and a 10,000-row import, on PostgreSQL
bench-directory: install-test
	scripts/with-postgres.sh $(PY) benchmarks/bench_directory.py

## bench-search: search latency (database and Elasticsearch) with 100,000 contacts and 5,000 pages, index rebuild rate
# PostgreSQL on its own port (PG_PORT, default 54339) so a concurrent `make test` keeps its cluster; Elasticsearch is
# stopped afterwards only if this target started it (scripts/elasticsearch.sh reuses a node already running).
bench-search: install-test
	@es_port=$${ES_PORT:-9200}; \
	curl -sf "http://127.0.0.1:$$es_port/_cluster/health" >/dev/null 2>&1 && es_was_running=1 || es_was_running=; \
	es_env=$$(scripts/elasticsearch.sh start) || { echo "bench-search: no Elasticsearch, database backend only" >&2; es_env=; }; \
	[ -n "$$es_was_running" ] || trap 'scripts/elasticsearch.sh stop' EXIT; \
	eval "$$es_env"; export ELASTICSEARCH_URL; \
	PG_PORT=$${PG_PORT:-54339} scripts/with-postgres.sh $(PY) benchmarks/bench_search.py

## bench-handbook: size, pages and build time of the demo tenants' handbook editions (fresh SQLite)
bench-handbook: install-test
	$(PY) benchmarks/bench_handbook.py

## bench-pages: in-process time and SQL queries of the main pages (ratios to home), and req/s under gunicorn
## with 2 sync workers (wrk if installed), on the demo tenants in a fresh SQLite database
bench-pages: install-test
	$(PY) benchmarks/bench_pages.py
