"""Shared fixtures: the demo tenants loaded once per test session, clients per tenant host."""
import os

import pytest
from django.core.management import call_command

HOSTS = {"bsr": "bsr.localhost", "see": "see.localhost", "tact": "tact.localhost"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo tenants (loaded once, rolled back after each test)."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave cached counts behind
    (nor the content generation this thread read, under which its process remembers values)."""
    from django.core.cache import caches

    from portal.tenancy.fragments import forget_request_generation

    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_request_generation()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_request_generation()


@pytest.fixture
def get(client, db):
    """get("see", "/en/") -> the response of that tenant's host."""

    def _get(tenant: str, path: str, **extra):
        return client.get(path, HTTP_HOST=HOSTS[tenant], **extra)

    return _get


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture
def editor(db, django_user_model):
    """editor("lt") -> the demo editor of Lithuania."""

    def _editor(iso2: str):
        return django_user_model.objects.get(username=f"editor-{iso2.lower()}")

    return _editor


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may be skipped: a skip there is a failure that names what was missing."""
    outcome = yield
    report = outcome.get_result()
    # An expected failure (xfail, strict: a known limit) reports as skipped too, but it is a check that ran.
    if report.skipped and not hasattr(report, "wasxfail") and os.environ.get("CI", "").lower() in {"1", "true"}:
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where nothing may be skipped: {report.longrepr}"
