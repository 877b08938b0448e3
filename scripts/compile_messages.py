"""Compile locale/*/LC_MESSAGES/django.po to .mo.

With GNU gettext installed this is Django's `compilemessages` (which fails on a broken
catalogue, as CI needs). On a machine with only Python (`make run` on a fresh machine) it
uses Babel, which is pure Python, so the portal still starts fully translated.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    locale = ROOT / "locale"
    if shutil.which("msgfmt"):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.dev")}
        return subprocess.call([sys.executable, "manage.py", "compilemessages", "--ignore", ".venv"], cwd=ROOT, env=env)
    from babel.messages.frontend import CommandLineInterface

    print("GNU gettext not found: compiling the catalogues with Babel.")
    CommandLineInterface().run(["pybabel", "compile", "--domain", "django", "--directory", str(locale), "--statistics"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
