"""Test settings: each override says why."""
import os
import tempfile

from .base import *  # noqa: F403

# Tests address tenants by Host header; Django's test client uses "testserver".
ALLOWED_HOSTS = ["bsr.localhost", "see.localhost", "tact.localhost", "localhost", "127.0.0.1", "testserver"]
# Fast hashing: tests log users in many times; security of test passwords is irrelevant.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Isolated, in-process cache so tests never share state through a real cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-fragments"},
}
# django-axes warns that a local-memory cache is not shared between processes; a test run is one process.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Mail is collected in django.core.mail.outbox instead of sent.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Collected static files are not needed: WhiteNoise serves from the finders in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The suite runs on the database search backend; tests of the Elasticsearch backend switch to
# it themselves (tests/search/conftest.py), with the node scripts/test.sh started.
ELASTICSEARCH_URL = ""
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.database_index"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file rather than Django's in-memory test database, which the live server's threads would
    # all share through one connection: simultaneous requests (tests/directory/test_concurrent_saves.py)
    # then each get a connection of their own, as under a real server. Named per process so two
    # runs in one checkout do not share it; Django deletes it at the end of the run.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"trm-portal-test-{os.getpid()}.sqlite3")}
