#!/usr/bin/env bash
# Install Debian packages the caller found missing (scripts/test-deps.sh, scripts/stack-deps.sh).
#   scripts/apt-install.sh CALLER PACKAGE...   -> exit 0 when installed (or nothing to do),
#                                                 exit 3 when they cannot be installed here.
# Both apt steps are retried once: a mirror hiccup should not fail a whole CI run.
set -euo pipefail
caller="$1"; shift
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  printf '%s: missing %s and cannot install them here (needs root and apt-get)\n' "$caller" "$*" >&2
  exit 3
fi
printf '%s: installing %s\n' "$caller" "$*" >&2
(apt-get update -q || apt-get update -q) >&2
(DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" || \
 DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@") >&2
