"""Browser tests: a real server process with the demo tenants, driven by Playwright in Debian's Chromium.

The server runs in its own process on its own SQLite database, as `make run` serves it, so
the browser sees exactly what a visitor would; the test process never touches that database.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TENANTS = {"bsr": "bsr.localhost", "see": "see.localhost", "tact": "tact.localhost"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    """Base URL template of a running portal: live_portal.format(tenant="see.localhost")."""
    workdir = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["update_translation_fields"], ["load_demo", "--verbosity", "0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"the portal did not start; see {workdir / 'server.log'}")
            time.sleep(0.3)
    yield f"http://{{tenant}}:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"Chromium not found at {CHROMIUM} (scripts/test-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the portal itself never runs inline scripts.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci installs it from package.json)")
    return AXE


def axe_violations(page, axe_source) -> list[dict]:
    """Run axe-core with the WCAG 2.x A/AA rules (WCAG 2.2 AA is the EU public-sector standard)."""
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
               values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
