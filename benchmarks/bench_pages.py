"""Page benchmark: what the portal's main pages cost in Python and SQL, and how many requests a second they serve.

Run with `make bench-pages`: a fresh SQLite database in a temporary folder (or DATABASE_URL), migrated
and loaded with the demo tenants, then, on the Baltic Sea Region tenant (bsr.localhost):

1. in process, with Django's test client: 50 rounds in which every page is requested once (interleaved,
   so a burst of background load on the machine falls on every page alike); per page the median time,
   its ratio to the home page's median measured in the same run, the SQL queries of one request and how
   many of them read pages (wagtailcore_page). Absolute times move with the machine; the ratios are the
   figures to compare between runs. Each page is requested twice in a row right after a content change
   (as after an editor's save): the first request renders the parts kept in the cache
   (portal.tenancy.fragments) again ("after an edit": what the first visitor after a save waits), the
   second reads them from the cache (the main columns: what every other visitor waits).
2. over HTTP: gunicorn with 2 sync workers on a free loopback port, each public page loaded for a few
   seconds by wrk (-t2 -c8) when it is installed, else by a small load generator with 8 threads, 3 rounds,
   median requests per second.

3. with `--peer /path/to/bakerydemo` (a checkout of wagtail/bakerydemo with its own .venv and its SQLite
   database loaded): the same two measurements of its home page, a blog post and `/search/?q=bread`, run
   by its own Python with DEBUG off, its gunicorn interleaved with the portal's in the same rounds; then the
   portal's country profile and search page as ratios to the peer's blog post and search page.

Prints figures; asserts nothing.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
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

from portal.tenancy import fragments  # noqa: E402

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


# The peer run as the portal is: DEBUG off, any host, plain static storage (no collectstatic needed).
PEER_SETTINGS = """from bakerydemo.settings.base import *  # noqa: F403
DEBUG = False
ALLOWED_HOSTS = ["*"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
"""
# Run by the peer's own Python: the same in-process method as in_process(), printed as JSON.
PEER_SCRIPT = """
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from bakerydemo.blog.models import BlogPage
rounds = int(sys.argv[1])
pages = [("peer home", "/"), ("peer blog post", BlogPage.objects.live().first().url), ("peer search", "/search/?q=bread")]
client = Client()
for label, path in pages:
    assert client.get(path).status_code == 200, path
times = {label: [] for label, _path in pages}
for _round in range(rounds):
    for label, path in pages:
        begin = time.perf_counter()
        client.get(path)
        times[label].append((time.perf_counter() - begin) * 1000)
rows = []
for label, path in pages:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    rows.append([label, path, statistics.median(times[label]), len(queries), sum('"wagtailcore_page"' in q["sql"] for q in queries)])
print(json.dumps(rows))
"""


def peer_environment(peer: Path, workdir: Path) -> dict:
    """Environment for the peer's Python and gunicorn: its settings with DEBUG off, a copy of its database."""
    (workdir / "bench_peer_settings.py").write_text(PEER_SETTINGS)
    shutil.copy(peer / "bakerydemodb", workdir / "bakerydemodb")
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "bench_peer_settings", "PYTHONPATH": f"{workdir}:{peer}",
        "DATABASE_URL": f"sqlite:///{workdir / 'bakerydemodb'}",
    }


def peer_in_process(peer: Path, env: dict) -> list:
    """[label, path, median ms, SQL, page SQL] of the peer's pages, measured by its own Python."""
    output = subprocess.run(
        [str(peer / ".venv" / "bin" / "python"), "-c", PEER_SCRIPT, str(ROUNDS)],
        cwd=peer, env=env, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def clients() -> dict:
    """One test client per visitor: anonymous, and each user logged in once."""
    users = get_user_model().objects
    result = {None: Client(HTTP_HOST=HOST)}
    for _label, _path, who in PAGES:
        if who is not None and who not in result:
            result[who] = Client(HTTP_HOST=HOST)
            result[who].force_login(users.get(username=who))
    return result


def in_process() -> list[tuple[str, float, float, int, int, int]]:
    """Per page: median ms over ROUNDS interleaved requests as visitors mostly get it (its cached parts
    read from the cache) and right after an edit (every cached part rendered again), the SQL queries of
    one request each way and how many of them read pages (wagtailcore_page)."""
    by_who = clients()
    for label, path, who in PAGES:  # warm per-process caches (templates, content types, site root paths)
        response = by_who[who].get(path)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code}")
    times = {label: [] for label, _path, _who in PAGES}
    after_edit = {label: [] for label, _path, _who in PAGES}
    for _round in range(ROUNDS):
        for label, path, who in PAGES:
            fragments.content_changed()  # what an editor's save does
            for kind in (after_edit, times):  # the first visitor after the edit, then the next one
                begin = time.perf_counter()
                by_who[who].get(path)
                kind[label].append((time.perf_counter() - begin) * 1000)
    rows = []
    for label, path, who in PAGES:
        fragments.content_changed()
        with CaptureQueriesContext(connection) as cold:
            by_who[who].get(path)
        with CaptureQueriesContext(connection) as queries:
            by_who[who].get(path)
        page_queries = sum('"wagtailcore_page"' in query["sql"] for query in queries)
        rows.append((label, statistics.median(times[label]), statistics.median(after_edit[label]), len(queries),
                     len(cold), page_queries))
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


def start_gunicorn(gunicorn: str, app: str, *, cwd: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """gunicorn with 2 sync workers on a free loopback port, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [gunicorn, app, "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(150):
        try:
            urllib.request.urlopen(urllib.request.Request(f"{base}/", headers={"Host": HOST})).read()
            break
        except urllib.error.HTTPError:
            break  # it answers (the portal redirects / to a language)
        except OSError:
            time.sleep(0.2)
    return server, base


def over_http(peer: Path | None = None, peer_env: dict | None = None, peer_pages: list | None = None) -> tuple[str, dict]:
    """Median req/s of each anonymous page under gunicorn (2 sync workers), and which load generator measured it.

    With a peer, its gunicorn runs beside the portal's and its pages are loaded in the same rounds.
    """
    env = {**os.environ, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    servers = [start_gunicorn(str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", cwd=ROOT, env=env)]
    targets = [(label, servers[0][1] + path) for label, path, who in PAGES if who is None]
    if peer is not None:
        servers.append(start_gunicorn(str(peer / ".venv" / "bin" / "gunicorn"), "bakerydemo.wsgi", cwd=peer, env=peer_env))
        targets += [(label, servers[1][1] + path) for label, path, *_figures in peer_pages]
    try:
        tool = "wrk -t2 -c8" if shutil.which("wrk") else "Python threads (8)"
        load = wrk_load if shutil.which("wrk") else python_load
        rates = {label: [] for label, _url in targets}
        for _round in range(HTTP_ROUNDS):
            for label, url in targets:
                rates[label].append(load(url, HTTP_SECONDS))
        return tool, {label: statistics.median(values) for label, values in rates.items()}
    finally:
        for server, _base in servers:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-http", action="store_true", help="only the in-process figures (no gunicorn)")
    parser.add_argument("--peer", type=Path, help="a wagtail/bakerydemo checkout (with .venv and bakerydemodb) to measure beside")
    options = parser.parse_args()
    print(f"database: {django.conf.settings.DATABASES['default']['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    print(f"migrate + load_demo: {time.perf_counter() - started:.1f} s")

    rows = in_process()
    home, home_after_edit = rows[0][1], rows[0][2]
    print(f"\nin process, {ROUNDS} interleaved requests per page, host {HOST}; \"after an edit\": the content changed")
    print("just before the request, so every cached fragment is rendered again (the first visitor after a save)")
    print(f"{'page':<26} {'median ms':>10} {'× home':>7} {'SQL':>5} {'page SQL':>9} {'after an edit ms':>17} {'× home':>7} {'SQL':>5}")
    for label, median, median_after_edit, queries, queries_after_edit, page_queries in rows:
        print(f"{label:<26} {median:>10.1f} {median / home:>7.2f} {queries:>5} {page_queries:>9} "
              f"{median_after_edit:>17.1f} {median_after_edit / home_after_edit:>7.2f} {queries_after_edit:>5}")

    peer_env = peer_rows = None
    if options.peer is not None:
        peer_env = peer_environment(options.peer.resolve(), Path(tempfile.mkdtemp(prefix="bench-peer-")))
        peer_rows = peer_in_process(options.peer.resolve(), peer_env)
        print(f"\npeer {options.peer} in process (its own Python, DEBUG off), {ROUNDS} interleaved requests per page")
        print(f"{'page':<26} {'median ms':>10} {'× its home':>11} {'SQL':>5} {'page SQL':>9}  path")
        for label, path, median, queries, page_queries in peer_rows:
            print(f"{label:<26} {median:>10.1f} {median / peer_rows[0][2]:>11.2f} {queries:>5} {page_queries:>9}  {path}")

    if options.no_http:
        return
    tool, rates = over_http(options.peer and options.peer.resolve(), peer_env, peer_rows)
    print(f"\ngunicorn, 2 sync workers, SQLite; {tool}, {HTTP_SECONDS} s per page, median of {HTTP_ROUNDS} rounds")
    print(f"{'page':<26} {'req/s':>8} {'× home':>7}")
    for label, rate in rates.items():
        print(f"{label:<26} {rate:>8.1f} {rate / rates['home']:>7.2f}")
    if peer_rows is not None:
        ms = {row[0]: row[1] for row in rows}  # as visitors mostly get the page
        peer_ms = {row[0]: row[2] for row in peer_rows}
        print("\nportal vs peer, same run (req/s ratio > 1: the portal serves more; ms ratio < 1: the portal is faster)")
        print(f"{'portal page':<18} {'peer page':<16} {'req/s ratio':>11} {'ms ratio':>9}")
        for ours, theirs in (("home", "peer home"), ("country profile", "peer blog post"), ("search", "peer search")):
            print(f"{ours:<18} {theirs:<16} {rates[ours] / rates[theirs]:>11.2f} {ms[ours] / peer_ms[theirs]:>9.2f}")


if __name__ == "__main__":
    main()
