#!/usr/bin/env bash
# Proves a newcomer's `make run` works from a fresh clone: clone, run it, probe /en/, stop it.
# Usage: scripts/check-make-run.sh [port]   (uses the committed HEAD of this checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8765}"
WORK=$(mktemp -d)
LOG="$WORK/make-run.log"
cleanup() {
  [ -n "${RUN_PID:-}" ] && kill -- -"$RUN_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

git clone -q "$PWD" "$WORK/clone"
# A new process group, so stopping it stops runserver too.
setsid bash -c "cd '$WORK/clone' && exec make run PORT=$PORT" >"$LOG" 2>&1 &
RUN_PID=$!

deadline=$((SECONDS + 900))
until status=$(curl -s -o "$WORK/body.html" -w '%{http_code}' "http://127.0.0.1:$PORT/en/" 2>/dev/null) && [ "$status" = "200" ]; do
  if ! kill -0 "$RUN_PID" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
    echo "check-make-run: make run did not serve /en/ (last status ${status:-none}); its log:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  sleep 2
done
grep -q "Demo data" "$WORK/body.html" || { echo "check-make-run: /en/ lacks the demo label" >&2; exit 1; }
grep -q "password 'trm-demo-2026'" "$LOG" || { echo "check-make-run: make run did not print the admin login" >&2; exit 1; }
echo "check-make-run: make run from a fresh clone served /en/ with 200 after ${SECONDS}s"
