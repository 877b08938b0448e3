"""Page benchmark: what the portal's main pages cost in Python and SQL, and how many requests a second they serve.

Run with `make bench-pages`: a fresh SQLite database in a temporary folder (or DATABASE_URL), migrated
and loaded with the demo tenants, then, on the Baltic Sea Region tenant (bsr.localhost):

1. in process, with Django's test client: 50 rounds in which every page is requested once (interleaved,
   so a burst of background load on the machine falls on every page alike); per page the median time,
   its ratio to the home page's median measured in the same run, the SQL queries of one request and how
   many of them read pages (wagtailcore_page). Absolute times move with the machine; the ratios are the
   figures to compare between runs.
2. over HTTP: gunicorn with 2 sync workers on a free loopback port, each public page loaded for a few
   seconds by wrk (-t2 -c8) when it is installed, else by a small load generator with 8 threads, 3 rounds,
   median requests per second.

Prints figures; asserts nothing.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='bench-pages-')}/db.sqlite3")
# Measured as served in production: no debug pages, no SQL kept in memory per request.
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

HOST = "bsr.localhost"
ROUNDS = 50
HTTP_ROUNDS = 3
HTTP_SECONDS = 5
MEASURE = "/en/guidelines/identification/initial-referral/"
CONTACT_LISTING = "/admin/snippets/directory/contact/"

# (label, path, who): who is None for an anonymous visitor, else the user name logged in.
PAGES = [
    ("home", "/en/", None),
    ("country profile", "/en/countries/lt/", None),
    ("search", "/en/search/?q=prosecutor", None),
    ("measure", MEASURE, None),
    ("directory", "/en/directory/", None),
    ("admin contacts (editor)", CONTACT_LISTING, "editor-lt"),
    ("admin contacts (admin)", CONTACT_LISTING, "admin"),
]


def clients() -> dict:
    """One test client per visitor: anonymous, and each user logged in once."""
    users = get_user_model().objects
    result = {None: Client(HTTP_HOST=HOST)}
    for _label, _path, who in PAGES:
        if who is not None and who not in result:
            result[who] = Client(HTTP_HOST=HOST)
            result[who].force_login(users.get(username=who))
    return result


def in_process() -> list[tuple[str, float, int, int]]:
    """Per page: median ms over ROUNDS interleaved requests, SQL queries and page queries of one request."""
    by_who = clients()
    for label, path, who in PAGES:  # warm per-process caches (templates, content types, site root paths)
        response = by_who[who].get(path)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code}")
    times = {label: [] for label, _path, _who in PAGES}
    for _round in range(ROUNDS):
        for label, path, who in PAGES:
            begin = time.perf_counter()
            by_who[who].get(path)
            times[label].append((time.perf_counter() - begin) * 1000)
    rows = []
    for label, path, who in PAGES:
        with CaptureQueriesContext(connection) as queries:
            by_who[who].get(path)
        page_queries = sum('"wagtailcore_page"' in query["sql"] for query in queries)
        rows.append((label, statistics.median(times[label]), len(queries), page_queries))
    return rows


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def python_load(url: str, seconds: float, threads: int = 8) -> float:
    """Requests per second of `threads` clients each requesting `url` back to back for `seconds`."""
    done = [0] * threads
    deadline = time.perf_counter() + seconds

    def worker(index: int) -> None:
        request = urllib.request.Request(url, headers={"Host": HOST})
        while time.perf_counter() < deadline:
            with urllib.request.urlopen(request) as response:
                response.read()
            done[index] += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(index,)) for index in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def wrk_load(url: str, seconds: float) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Host: {HOST}", url], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("Requests/sec:"))
    return float(line.split()[1])


def over_http() -> tuple[str, dict[str, float]]:
    """Median req/s of each anonymous page under gunicorn (2 sync workers), and which load generator measured it."""
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--workers", "2", "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(urllib.request.Request(f"{base}/en/", headers={"Host": HOST})).read()
                break
            except OSError:
                time.sleep(0.2)
        tool = "wrk -t2 -c8" if shutil.which("wrk") else "Python threads (8)"
        load = wrk_load if shutil.which("wrk") else python_load
        rates = {label: [] for label, _path, who in PAGES if who is None}
        for _round in range(HTTP_ROUNDS):
            for label, path, who in PAGES:
                if who is None:
                    rates[label].append(load(base + path, HTTP_SECONDS))
        return tool, {label: statistics.median(values) for label, values in rates.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-http", action="store_true", help="only the in-process figures (no gunicorn)")
    options = parser.parse_args()
    print(f"database: {django.conf.settings.DATABASES['default']['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    print(f"migrate + load_demo: {time.perf_counter() - started:.1f} s")

    rows = in_process()
    home = rows[0][1]
    print(f"\nin process, {ROUNDS} interleaved requests per page, host {HOST}")
    print(f"{'page':<26} {'median ms':>10} {'× home':>7} {'SQL':>5} {'page SQL':>9}")
    for label, median, queries, page_queries in rows:
        print(f"{label:<26} {median:>10.1f} {median / home:>7.2f} {queries:>5} {page_queries:>9}")

    if options.no_http:
        return
    tool, rates = over_http()
    print(f"\ngunicorn, 2 sync workers, SQLite; {tool}, {HTTP_SECONDS} s per page, median of {HTTP_ROUNDS} rounds")
    print(f"{'page':<26} {'req/s':>8} {'× home':>7}")
    for label, rate in rates.items():
        print(f"{label:<26} {rate:>8.1f} {rate / rates['home']:>7.2f}")


if __name__ == "__main__":
    main()
