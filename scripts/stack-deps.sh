#!/usr/bin/env bash
# System packages the local production stack (scripts/stack.sh) uses, from Debian, installed when missing:
#   redis-server, varnish, nginx, wrk (the load test), openssl (its certificate), and everything
#   scripts/test-deps.sh installs (the JDK and Maven for Elasticsearch, curl, unzip...).
# Debian's packages would start their own services on the default ports where an init system
# runs them; the stack never uses those (scripts/stack.sh starts its own instances on its own
# ports and files), and deploy/README.md says how a host enables the real ones.
# Exits 0 when everything is there; exit 3 when something is missing and cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-deps.sh || exit 3
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v varnishd >/dev/null || missing+=(varnish)
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v openssl >/dev/null || missing+=(openssl)
command -v pg_dump >/dev/null || [ -n "$(ls /usr/lib/postgresql/*/bin/pg_dump 2>/dev/null)" ] || missing+=(postgresql)

exec "$(dirname "$0")/apt-install.sh" stack-deps.sh "${missing[@]+"${missing[@]}"}"
