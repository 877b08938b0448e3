"""The running stack (scripts/stack.sh up), reached as real clients reach it: HTTPS through nginx.

Every test here carries the `stack` marker: `make stack-test` starts the stack, selects them with
`-m stack` and stops the stack; `make test` leaves them out (`-m "not stack"` in scripts/test.sh).
"""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import requests
import urllib3

ROOT = Path(__file__).resolve().parents[2]
BASE = int(os.environ.get("STACK_PORT_BASE", "18400"))
STACK_ROOT = Path(f"/tmp/trm-stack-{BASE}")
PROXY = f"https://127.0.0.1:{BASE}"
APP = f"http://127.0.0.1:{BASE + 4}"
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "trm-demo-2026"

# The stack's certificate is self-signed for *.localhost: the transport is not what is under test.
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.stack)


@pytest.fixture(scope="session", autouse=True)
def running_stack():
    if not (STACK_ROOT / "up.done").exists():
        pytest.fail(f"no stack on base {BASE}: run `STACK_PORT_BASE={BASE} scripts/stack.sh up` (make stack-test does)")
    return STACK_ROOT


def stack(action: str, service: str) -> None:
    """scripts/stack.sh stop|start SERVICE, for this stack."""
    subprocess.run(["scripts/stack.sh", action, service], cwd=ROOT, check=True,
                   env={**os.environ, "STACK_PORT_BASE": str(BASE)}, capture_output=True)


def stack_manage(*args: str) -> str:
    """manage.py with the stack's environment (deploy's production settings); its standard output."""
    env = {**os.environ}
    for line in (STACK_ROOT / "portal.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    result = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout


def host(tenant: str) -> str:
    return f"{tenant}.localhost:{BASE}"


def anonymous_get(tenant: str, path: str, **kwargs) -> requests.Response:
    """A GET through nginx and Varnish, as an anonymous visitor (no cookies)."""
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment; its CA bundle would override verify
        return session.get(PROXY + path, headers={"Host": host(tenant)}, verify=False, timeout=30,
                           allow_redirects=False, **kwargs)


def wait_until(condition, seconds: float, interval: float = 0.2):
    """Poll until condition() is truthy; its last value (falsy when the time ran out)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@pytest.fixture
def editor_session():
    """editor_session("editor-lt") -> a requests session logged into the admin through the proxy."""

    def login(username: str, tenant: str = "bsr") -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # no proxy from the environment; its CA bundle would override verify
        session.verify = False
        session.headers["Host"] = host(tenant)
        login_url = f"{PROXY}/admin/login/"
        page = session.get(login_url, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(login_url, data={"csrfmiddlewaretoken": token, "username": username,
                                               "password": DEMO_PASSWORD, "next": "/admin/"},
                              headers={"Referer": f"https://{host(tenant)}/admin/login/"}, timeout=30,
                              allow_redirects=False)
        assert answer.status_code == 302, f"login of {username} failed: {answer.status_code}"
        return session

    return login


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def editor_page(browser):
    """editor_page("editor-lt") -> a browser page logged into the admin of bsr.localhost through the proxy."""
    contexts = []

    def login(username: str, tenant: str = "bsr"):
        context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"https://{host(tenant)}/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Sign in|Log in")).click()
        assert "/admin/login/" not in page.url, f"login of {username} failed"
        return page

    yield login
    for context in contexts:
        context.close()
