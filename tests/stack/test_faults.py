"""Faults 5, 6 and 7 of issue 14: Redis stopped, a gunicorn worker killed under load, the database restarted."""
import os
import signal
import subprocess
import threading
import time
import uuid

import requests

from .conftest import BASE, PROXY, STACK_ROOT, anonymous_get, host, stack, wait_until

REDIS_PORT = BASE + 5


def redis_keys() -> int:
    answer = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "dbsize"], capture_output=True, text=True, check=True)
    return int(answer.stdout.strip())


def test_with_redis_stopped_pages_answer_and_caching_resumes_when_it_is_back(editor_session):
    editor = editor_session("editor-lt")
    stack("stop", "redis")
    try:
        uncached = f"/en/directory/?country=LT&visit={uuid.uuid4().hex}"  # a new URL: Varnish must ask gunicorn
        statuses = {
            "anonymous directory": anonymous_get("bsr", uncached).status_code,
            "anonymous export": anonymous_get("bsr", f"/en/directory/export.csv?country=LT&v={uuid.uuid4().hex}").status_code,
            "editor dashboard": editor.get(f"{PROXY}/admin/", timeout=30, verify=False).status_code,
            "editor contacts": editor.get(f"{PROXY}/admin/snippets/directory/contact/", timeout=30, verify=False).status_code,
        }
        print(f"\nfault 5: with Redis stopped: {statuses}")
        assert statuses == {name: 200 for name in statuses}
    finally:
        stack("start", "redis")
    assert redis_keys() == 0  # a fresh Redis (nothing is persisted: it is a cache)
    anonymous_get("bsr", f"/en/directory/?country=LV&visit={uuid.uuid4().hex}")
    keys = redis_keys()
    print(f"fault 5: keys in Redis after one directory page with Redis back: {keys}")
    assert keys > 0, "the portal did not cache in Redis again after it came back"


def gunicorn_workers() -> list[int]:
    master = int((STACK_ROOT / "gunicorn.pid").read_text())
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry))
    return sorted(children)


def test_a_worker_killed_under_load_costs_at_most_the_requests_it_was_serving():
    workers = gunicorn_workers()
    assert len(workers) >= 2
    results = []  # (finished at, ok)
    stop = threading.Event()

    def visitor():
        with requests.Session() as session:
            session.trust_env = False
            while not stop.is_set():
                # A new URL each time: Varnish passes it to gunicorn, as it would an uncached page.
                try:
                    answer = session.get(f"{PROXY}/en/?visit={uuid.uuid4().hex}", headers={"Host": host("bsr")},
                                         verify=False, timeout=30)
                    results.append((time.monotonic(), answer.status_code == 200))
                except requests.RequestException:
                    results.append((time.monotonic(), False))

    threads = [threading.Thread(target=visitor) for _ in range(len(workers) * 2)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    victim = workers[0]
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join(timeout=40)

    failed = [at for at, ok in results if not ok]
    after_kill = [ok for at, ok in results if at > killed_at + 2]
    replaced = wait_until(lambda: len(gunicorn_workers()) == len(workers) and victim not in gunicorn_workers(), 10)
    print(f"\nfault 7: {len(results)} requests, {len(failed)} failed (a sync worker serves one request at a time), "
          f"{sum(after_kill)} succeeded from 2 s after the kill; worker replaced: {bool(replaced)}")
    assert len(failed) <= 1, f"{len(failed)} requests failed; only the one in flight on the killed worker may"
    assert after_kill and all(after_kill)
    assert replaced


def test_a_database_restart_shows_the_portals_503_page_then_everything_answers_without_restarting_gunicorn(
    editor_session,
):
    editor = editor_session("editor-lt")
    master_before, workers_before = (STACK_ROOT / "gunicorn.pid").read_text(), gunicorn_workers()
    stack("stop", "postgres")
    try:
        during = anonymous_get("bsr", f"/en/directory/?country=LT&visit={uuid.uuid4().hex}")
        editor_during = editor.get(f"{PROXY}/admin/", timeout=30, verify=False)
    finally:
        stack("start", "postgres")
    print(f"\nfault 6: during the restart: anonymous {during.status_code}, editor {editor_during.status_code}")
    assert during.status_code == 503
    assert "The portal is temporarily unavailable" in during.text
    assert editor_during.status_code == 503

    after = {
        "anonymous": anonymous_get("bsr", f"/en/directory/?country=LT&visit={uuid.uuid4().hex}").status_code,
        "editor": editor.get(f"{PROXY}/admin/", timeout=30, verify=False).status_code,
    }
    print(f"fault 6: after the restart: {after}")
    assert after == {"anonymous": 200, "editor": 200}
    assert (STACK_ROOT / "gunicorn.pid").read_text() == master_before
    assert gunicorn_workers() == workers_before, "gunicorn's workers were replaced: the restart was not survived"
