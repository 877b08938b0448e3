#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty) database DATABASE_URL names, and its
# media into MEDIA_ROOT; then count pages, contacts, revisions and documents and compare them with
# the manifest. Exit 1 when a count differs, so a broken restore never passes for a good one.
#   scripts/restore.sh BACKUP_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"

log() { printf 'restore.sh: %s\n' "$*" >&2; }
pg_tool() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
  if [ -n "$dir" ] && [ -x "$dir/$1" ]; then echo "$dir/$1"; else command -v "$1"; fi
}

backup="${1:?usage: scripts/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
[ -f "$backup/manifest.json" ] || { log "$backup has no manifest.json: not a backup made by scripts/backup.sh"; exit 2; }
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || { log "$backup: checksums do not match; nothing restored"; exit 2; }

"$(pg_tool pg_restore)" --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$backup/database.dump"
if [ -f "$backup/media.tar.gz" ]; then
  mkdir -p "${MEDIA_ROOT:-var/media}"
  tar -C "${MEDIA_ROOT:-var/media}" -xzf "$backup/media.tar.gz"
fi
restored=$("$PY" manage.py shell -c "$(cat scripts/backup_counts.py)" | tail -n 1)
expected=$("$PY" -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['counts'], sort_keys=True))" "$backup/manifest.json")
if [ "$restored" != "$expected" ]; then
  log "counts differ: backup $expected, restored $restored"
  exit 1
fi
log "restored $backup: $restored"
