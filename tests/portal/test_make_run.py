"""What `make run` prints: the migrations without raw SQL, a progress report fit for a log, the real port, a clean build."""
import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.demo.progress import progress_for

ROOT = Path(__file__).resolve().parents[2]


def test_migrate_on_a_fresh_database_prints_no_sql_but_says_which_columns_it_added(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "ALTER TABLE" not in result.stdout
    assert "Executing SQL" not in result.stdout
    assert "Translated columns added to wagtailcore.page: search_description, seo_title, title (14 languages)" in result.stdout
    assert "Applying wagtailcore.0001_squashed" in result.stdout  # the migrations themselves still report


def test_progress_off_a_terminal_is_one_plain_line_per_step():
    stream = io.StringIO()
    with progress_for(stream, total=3) as progress:
        for step in ("users", "editors", "directory"):
            progress.set_description(step)
            progress.update(1)
    assert "\r" not in stream.getvalue()
    assert stream.getvalue().splitlines() == ["[1/3] users", "[2/3] editors", "[3/3] directory"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal_is_a_bar_redrawn_in_place():
    stream = Terminal()
    with progress_for(stream, total=2) as progress:
        progress.update(2)
    assert "\r" in stream.getvalue()
    assert "2/2" in stream.getvalue()


@pytest.mark.django_db
def test_load_demo_into_a_log_has_no_carriage_returns_and_names_the_port_it_will_be_served_on(capsys):
    call_command("load_demo", port=8123)
    out, err = capsys.readouterr()
    assert "\r" not in err
    assert f"[{err.count(chr(10))}/" in err.splitlines()[-1]
    assert "http://bsr.localhost:8123/ http://see.localhost:8123/ http://tact.localhost:8123/" in out
    assert "http://127.0.0.1:8123/admin/" in out
    assert ":8000" not in out


def test_the_licence_is_an_spdx_expression_so_builds_do_not_warn_it_is_deprecated():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))
