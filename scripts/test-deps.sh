#!/usr/bin/env bash
# System packages the full test suite uses, from Debian's packages, installed when missing:
#   chromium (browser tests), gettext (compilemessages), fonts (readable screenshots),
#   maven, a JDK 17, unzip and curl (Elasticsearch's test distribution, scripts/elasticsearch.sh).
# Exits 0 when everything is there; exit 3 when something is missing and cannot be installed.
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v msgfmt >/dev/null || missing+=(gettext)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
command -v mvn >/dev/null || missing+=(maven)
[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ] || missing+=(openjdk-17-jre-headless)
command -v unzip >/dev/null || missing+=(unzip)
command -v curl >/dev/null || missing+=(curl)

exec "$(dirname "$0")/apt-install.sh" test-deps.sh "${missing[@]+"${missing[@]}"}"
