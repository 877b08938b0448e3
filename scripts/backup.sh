#!/usr/bin/env bash
# A backup of the portal: the database (pg_dump, custom format), uploaded media on local disk, and a
# manifest (counts of pages, contacts, revisions and documents; checksums) that restore.sh checks.
#   scripts/backup.sh [TARGET_DIR]   default: $BACKUP_DIR/trm-portal-<UTC time>
# Reads the portal's settings from the environment (deploy/env.example: DATABASE_URL, MEDIA_ROOT,
# BACKUP_DIR). Documents on S3 (S3_BUCKET) are not copied: enable versioning on the bucket, which
# keeps every object the database refers to (deploy/README.md, "Backups").
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"

log() { printf 'backup.sh: %s\n' "$*" >&2; }
pg_tool() {  # the newest installed client: pg_dump must not be older than the server
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
  if [ -n "$dir" ] && [ -x "$dir/$1" ]; then echo "$dir/$1"; else command -v "$1"; fi
}

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) log "only PostgreSQL databases are backed up"; exit 2 ;; esac
target="${1:-${BACKUP_DIR:-/var/backups/trm-portal}/trm-portal-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$target"
chmod 700 "$target"  # contacts' personal data: readable by the backup's owner only

"$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
media_root="${MEDIA_ROOT:-var/media}"
if [ -z "${S3_BUCKET:-}" ] && [ -d "$media_root" ]; then
  tar -C "$media_root" -czf "$target/media.tar.gz" .
fi
"$PY" manage.py shell -c "$(cat scripts/backup_counts.py)" | tail -n 1 >"$target/counts.json"
(cd "$target" && sha256sum ./* >"SHA256SUMS.tmp" && mv SHA256SUMS.tmp SHA256SUMS)
"$PY" - "$target" <<'PY'
import json, sys, datetime, pathlib
target = pathlib.Path(sys.argv[1])
manifest = {
    "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    "counts": json.loads((target / "counts.json").read_text()),
    "files": sorted(p.name for p in target.iterdir() if p.name not in {"manifest.json"}),
}
(target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
PY
log "backup in $target: $(cat "$target/counts.json")"
echo "$target"
