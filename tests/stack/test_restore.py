"""Fault 8 of issue 14: back up, destroy the database, restore; the same counts, and the demo answers."""
import json
import os
import subprocess
import uuid

from .conftest import ROOT, STACK_ROOT, anonymous_get


def stack_environment() -> dict:
    env = {**os.environ}
    for line in (STACK_ROOT / "portal.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    return env


def psql(env: dict, sql: str) -> None:
    # The maintenance database of the same server: the portal's own cannot be dropped from inside.
    url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, capture_output=True)


def test_restoring_a_backup_into_an_empty_database_brings_back_every_count_and_the_demo(tmp_path):
    env = stack_environment()
    target = tmp_path / "backup"
    subprocess.run(["scripts/backup.sh", str(target)], cwd=ROOT, env=env, check=True, capture_output=True)
    counts = json.loads((target / "manifest.json").read_text())["counts"]
    assert min(counts.values()) > 0, counts

    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    psql(env, f"DROP DATABASE {database} WITH (FORCE)")
    psql(env, f"CREATE DATABASE {database}")
    destroyed = anonymous_get("bsr", f"/en/countries/lt/?after-drop={uuid.uuid4().hex}")
    assert destroyed.status_code >= 500  # the database really is gone: an empty one has no tables

    restore = subprocess.run(["scripts/restore.sh", str(target)], cwd=ROOT, env=env, capture_output=True, text=True)
    print(f"\nfault 8: backup counts {counts}; restore said: {restore.stderr.strip().splitlines()[-1]}")
    assert restore.returncode == 0, restore.stderr
    for path in ("/en/", "/en/countries/lt/", "/en/directory/?country=LT", "/api/v1/contacts?country=LT"):
        answer = anonymous_get("bsr", f"{path}{'&' if '?' in path else '?'}after-restore={uuid.uuid4().hex}")
        assert answer.status_code == 200, path
