"""Production wiring that the stack relies on: the shared cache, the HTTP cache's purges, object storage.

The stack itself (Varnish, Redis, nginx, S3 server...) is attacked by tests/stack/ (`make stack-test`);
these tests pin the application's side of each contract with nothing else running.
"""
import json
import logging
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import moto
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from wagtail.models import Page

from directory.models import Contact
from portal.frontend_cache import DIRECTORY_BAN_PATTERN
from portal.models import PortalSettings, Resource

# A port nothing listens on (TCP port 1 is reserved and closed here): Redis "down".
DEAD_REDIS = "redis://127.0.0.1:1/0"


def settings_in_subprocess(module: str, env: dict, expression: str):
    """Evaluate `expression` over a settings module imported fresh with `env`: settings read the environment once."""
    code = f"import json, {module} as s; print(json.dumps({expression}, default=str))"
    base_env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "S3_BUCKET", "FRONTEND_CACHE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base_env, **env}, capture_output=True, text=True, check=True,
        cwd=django_settings.BASE_DIR,
    )
    return json.loads(result.stdout)


PRODUCTION_ENV = {"SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/trm"}


def test_production_reuses_database_connections_only_after_checking_them():
    db = settings_in_subprocess(
        "portal.settings.production", {**PRODUCTION_ENV, "DATABASE_CONN_MAX_AGE": "60"}, "s.DATABASES['default']"
    )
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


def test_redis_url_makes_one_cache_for_every_worker_and_production_keeps_s3_uploads():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/1", "S3_BUCKET": "trm-media",
           "S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    cache, storages = settings_in_subprocess("portal.settings.production", env, "[s.CACHES['default'], s.STORAGES]")
    assert cache["BACKEND"] == "portal.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "trm-media"
    assert storages["default"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_rendered_fragments_share_redis_unless_given_a_cache_of_their_own():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/1"}
    fragments = settings_in_subprocess("portal.settings.production", env, "s.CACHES['fragments']")
    assert (fragments["BACKEND"], fragments["LOCATION"]) == ("portal.cache.ResilientRedisCache", "redis://127.0.0.1:6379/1")
    env["FRAGMENT_CACHE_URL"] = "redis://127.0.0.1:6380/0"
    fragments = settings_in_subprocess("portal.settings.production", env, "s.CACHES['fragments']")
    assert fragments["LOCATION"] == "redis://127.0.0.1:6380/0"


@pytest.fixture
def redis_down(settings):
    dead = {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    settings.CACHES = {"default": dead, "fragments": dead}
    from django.core.cache import cache

    assert cache.get("anything", "missed") == "missed"  # really unreachable, and a miss rather than an error
    return settings


def test_with_redis_down_the_directory_and_its_facets_still_answer(get, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        response = get("bsr", "/en/directory/?country=LT")
    assert response.status_code == 200
    assert Contact.objects.filter(country__code="LT", visibility="public").first().position_title_en.encode() in response.content
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)


def test_with_redis_down_exports_fail_open_not_closed(get, redis_down):
    redis_down.DIRECTORY_EXPORT_RATE = "1/m"
    # Counters cannot be read: every export is let through (portal/cache.py says why), even past the rate.
    statuses = [get("bsr", "/en/directory/export.csv?country=LT").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


class RecordingCache(BaseHTTPRequestHandler):
    """A stand-in for Varnish that records every purge and ban it receives."""

    received: list

    def _record(self):
        self.received.append((self.command, self.headers["Host"], self.path, self.headers.get("X-Ban-Url")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def http_cache(settings, db):
    """A recording HTTP cache on a free port, configured as the frontend cache; yields the received requests."""
    received = []
    handler = type("Handler", (RecordingCache,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                    "LOCATION": f"http://127.0.0.1:{server.server_address[1]}"},
    }
    yield received
    server.shutdown()
    server.server_close()


def tenants_with(iso2: str) -> set[str]:
    return set(PortalSettings.objects.filter(member_countries__code=iso2).values_list("site__hostname", flat=True))


def test_editing_a_contacts_phone_bans_the_directory_of_each_tenant_that_shows_it(
    http_cache, django_capture_on_commit_callbacks
):
    contact = Contact.objects.filter(country__code="PL").prefetch_related("phones").first()
    phone = contact.phones.first()
    with django_capture_on_commit_callbacks(execute=True):
        phone.number = "+48225550199"
        phone.save()
        contact.save()
    # Poland is a member of two demo tenants (BSR and TACT), not of SEE: one ban for each, none for SEE.
    assert tenants_with("PL") == {"bsr.localhost", "tact.localhost"}
    assert sorted((method, host) for method, host, _path, _pattern in http_cache) == [
        ("BAN", "bsr.localhost"), ("BAN", "tact.localhost")
    ]
    assert {pattern for *_rest, pattern in http_cache} == {DIRECTORY_BAN_PATTERN}


@pytest.mark.parametrize(
    "path, banned",
    [
        ("/en/directory/?country=PL", True),
        (f"/pl/directory/{1}/", True),
        ("/de/countries/pl/", True),
        ("/en/guidelines/return/child-return/", True),
        ("/en/referral/?from=PL&to=LT", True),
        ("/api/v1/contacts?country=PL", True),
        ("/en/changes/feed.atom", True),
        ("/de/changes/pl/feed.atom", True),
        ("/pl/handbook.pdf", True),
        ("/en/offline/pl.json", True),
        ("/en/monitoring/?country=PL", True),
        ("/api/v1/monitoring?country=PL", True),
        ("/en/", False),
        ("/static/portal/site.css", False),
    ],
)
def test_the_directory_ban_covers_every_page_showing_contacts_and_spares_the_rest(path, banned):
    assert bool(re.search(DIRECTORY_BAN_PATTERN, path)) is banned


def test_changing_an_implementation_status_bans_the_tenants_that_show_its_country(
    http_cache, django_capture_on_commit_callbacks
):
    from monitoring.models import ImplementationStatus

    status = ImplementationStatus.objects.filter(country__code="PL").first()
    with django_capture_on_commit_callbacks(execute=True):
        status.notes_en = "Checked again with the ministry (fictional)."
        status.save()

    assert sorted(host for _method, host, _path, _pattern in http_cache) == sorted(tenants_with("PL"))
    assert {pattern for *_rest, pattern in http_cache} == {DIRECTORY_BAN_PATTERN}


def test_a_rolled_back_edit_bans_nothing_and_the_next_edit_still_does(http_cache, django_capture_on_commit_callbacks):
    from django.db import transaction

    contact = Contact.objects.filter(country__code="LT").first()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                contact.save()
                raise RuntimeError("the editor's form failed")
        except RuntimeError:
            pass
    assert http_cache == []
    with django_capture_on_commit_callbacks(execute=True):
        contact.save()
    assert [host for _m, host, _p, _pat in http_cache] == ["bsr.localhost"]


def test_an_unreachable_cache_is_logged_and_the_editors_save_succeeds(db, settings, caplog, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:1"},
    }
    contact = Contact.objects.filter(country__code="LT").first()
    contact.email = "new-desk@example.org"
    with caplog.at_level(logging.ERROR, logger="portal.frontend_cache"):
        with django_capture_on_commit_callbacks(execute=True):
            contact.save()
    assert Contact.objects.get(pk=contact.pk).email == "new-desk@example.org"
    assert any("ban failed" in record.getMessage() for record in caplog.records)


def test_publishing_a_page_purges_its_url_in_every_language_without_waiting_for_the_task_queue(
    http_cache, settings, django_capture_on_commit_callbacks
):
    # The production queue, with no worker running: Wagtail's own purge task only waits in it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    bsr = PortalSettings.objects.get(site__hostname="bsr.localhost")
    about = Page.objects.descendant_of(bsr.site.root_page).get(slug="about").specific
    about.title = about.title_en = "About the desk"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    purged = {(host, path) for method, host, path, _pattern in http_cache if method == "PURGE"}
    for language in ("en", "de", "pl", "lt", "sv"):
        assert ("bsr.localhost", f"/{language}/about/") in purged


def test_uploaded_documents_go_to_s3_compatible_storage_and_are_served_from_it(get, settings):
    with moto.mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="trm-media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {"bucket_name": "trm-media", "region_name": "us-east-1", "location": "media",
                                    "default_acl": None, "access_key": "test", "secret_key": "test"}},
        }
        bsr = PortalSettings.objects.get(site__hostname="bsr.localhost")
        resource = Resource(title="Stored in the bucket", collection=bsr.resources_collection)
        resource.file.save("bucket-note.txt", ContentFile(b"Referral note kept on object storage\n"), save=True)
        keys = [item["Key"] for item in boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="trm-media")["Contents"]]
        assert keys == [f"media/{resource.file.name}"]
        response = get("bsr", resource.url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        assert body == b"Referral note kept on object storage\n"


def test_while_the_database_is_unreachable_visitors_get_the_portals_own_503_page(client, db, monkeypatch):
    from django.db import OperationalError
    from wagtail.models import Site

    def unreachable(request):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Site, "find_for_request", unreachable)
    client.raise_request_exception = False
    response = client.get("/en/", HTTP_HOST="bsr.localhost")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"The portal is temporarily unavailable" in response.content


def test_confirming_a_stale_translation_purges_its_page_so_anonymous_readers_lose_the_notice(
    http_cache, django_capture_on_commit_callbacks, client, admin_user
):
    from django.urls import reverse

    from guidelines.models import MeasurePage

    measure = next(page for page in MeasurePage.objects.filter(slug="initial-referral")
                   if page.get_site().hostname == "bsr.localhost")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal_translation_confirm"), {
            "model": "guidelines.measurepage", "pk": measure.pk, "field": "when", "language": "de",
        }, HTTP_HOST="bsr.localhost")

    assert response.status_code == 302
    purged = {(method, path) for method, _host, path, _pattern in http_cache}
    assert ("PURGE", "/de/guidelines/identification/initial-referral/") in purged
