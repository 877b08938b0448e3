"""Accounts: log-in throttling on both log-in pages, where a log-in lands, and no caching of personal answers."""
import io
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from directory.models import Visibility
from directory.permissions import PRACTITIONERS_GROUP
from portal.accounts import client_ip_address
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

HOST = "bsr.localhost"
PASSWORD = "correct horse battery staple"
LOGIN_PAGES = ["/admin/login/", "/en/login/"]
ATTACKER = "203.0.113.9"
COLLEAGUE = "198.51.100.20"


@pytest.fixture
def practitioner():
    user = UserFactory(username="practitioner-lt")
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    return user


def log_in(client, path, username, password, address, **extra):
    return client.post(
        path, {"username": username, "password": password}, HTTP_HOST=HOST, REMOTE_ADDR=address, **extra
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def words(response) -> str:
    """The page's text as a reader sees it: tags dropped, white space (no-break spaces too) as single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def guess_thirty_times(client, path, username, address=ATTACKER, **extra):
    return [log_in(client, path, username, f"wrong-{attempt}", address, **extra).status_code for attempt in range(30)]


# --- 9. Log-in throttling ---------------------------------------------------------------


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_thirty_wrong_passwords_lock_out_even_the_right_one(client, practitioner, path):
    statuses = guess_thirty_times(client, path, practitioner.username)
    # Four wrong passwords show the form again; the fifth locks the account out from this client.
    assert statuses[:4] == [200] * 4
    assert statuses[4:] == [429] * 26

    response = log_in(client, path, practitioner.username, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert not is_logged_in(client)


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_lockout_page_says_in_words_that_logging_in_is_blocked_and_for_how_long(client, practitioner, path):
    guess_thirty_times(client, path, practitioner.username)
    response = log_in(client, path, practitioner.username, PASSWORD, ATTACKER)
    text = words(response)
    assert "Too many failed log-in attempts" in text
    assert "is blocked for 15 minutes" in text
    assert "ask an administrator of this portal to unlock your account" in text
    assert response["Retry-After"] == "900"


def test_lockout_page_is_in_the_visitors_language(client, practitioner):
    guess_thirty_times(client, "/de/login/", practitioner.username)
    response = log_in(client, "/de/login/", practitioner.username, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in words(response)
    assert "15 Minuten gesperrt" in words(response)


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_another_account_from_another_client_is_unaffected(client, practitioner, path):
    guess_thirty_times(client, path, practitioner.username)
    colleague = UserFactory(username="editor-colleague", is_superuser=True, is_staff=True)
    colleague.set_password(PASSWORD)
    colleague.save()

    response = log_in(client, path, colleague.username, PASSWORD, COLLEAGUE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_the_locked_account_still_logs_in_from_its_owners_own_address(client, practitioner):
    """Counting per user name and address: an attacker cannot lock a practitioner out by knowing their user name."""
    guess_thirty_times(client, "/en/login/", practitioner.username)
    response = log_in(client, "/en/login/", practitioner.username, PASSWORD, COLLEAGUE)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_login_works_again_after_the_cool_off(client, practitioner, path, monkeypatch):
    guess_thirty_times(client, path, practitioner.username)
    assert log_in(client, path, practitioner.username, PASSWORD, ATTACKER).status_code == 429

    # The counts live in the cache with the cool-off as their timeout: move the clock past it.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 60 + 1)
    response = log_in(client, path, practitioner.username, PASSWORD, ATTACKER)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_still_locked_just_before_the_cool_off_ends(client, practitioner, monkeypatch):
    guess_thirty_times(client, "/en/login/", practitioner.username)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 14 * 60)
    assert log_in(client, "/en/login/", practitioner.username, PASSWORD, ATTACKER).status_code == 429


def test_administrator_unlocks_an_account_with_the_axes_command(client, practitioner):
    """The unlock path the README's operations section gives: manage.py axes_reset_ip_username."""
    guess_thirty_times(client, "/en/login/", practitioner.username)
    output = io.StringIO()
    call_command("axes_reset_ip_username", ATTACKER, practitioner.username, stdout=output)
    assert "1 attempts removed" in output.getvalue()
    assert log_in(client, "/en/login/", practitioner.username, PASSWORD, ATTACKER).status_code == 302


def test_limits_come_from_the_environment(monkeypatch):
    import importlib

    import portal.settings.base as base

    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", "3")
    monkeypatch.setenv("LOGIN_COOLOFF_MINUTES", "60")
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/8")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.AXES_FAILURE_LIMIT == 3
        assert reloaded.AXES_COOLOFF_TIME.total_seconds() == 3600
        assert reloaded.TRUSTED_PROXIES == ["127.0.0.1", "10.0.0.0/8"]
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.mark.parametrize("variable,value", [("LOGIN_FAILURE_LIMIT", "0"), ("TRUSTED_PROXIES", "nginx")])
def test_a_wrong_limit_or_proxy_fails_at_start_up_with_its_name(monkeypatch, variable, value):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import portal.settings.base as base

    monkeypatch.setenv(variable, value)
    try:
        with pytest.raises(ImproperlyConfigured, match=variable):
            importlib.reload(base)
    finally:
        monkeypatch.undo()
        importlib.reload(base)


# --- The client's address behind proxies --------------------------------------------------


def address_of(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip_address(RequestFactory().post("/en/login/", **extra))


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert address_of(ATTACKER, "192.0.2.1") == ATTACKER


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_behind_trusted_proxies_the_address_they_saw_is_the_clients():
    # nginx (10.0.0.5) appends the client; Varnish (127.0.0.1) connects to the application.
    assert address_of("127.0.0.1", f"{COLLEAGUE}, 10.0.0.5") == COLLEAGUE
    # What the client itself wrote in the header, left of what our proxies added, never counts.
    assert address_of("127.0.0.1", f"192.0.2.1, {COLLEAGUE}, 10.0.0.5") == COLLEAGUE
    assert address_of("127.0.0.1", f"not-an-address, {COLLEAGUE}") == COLLEAGUE


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_client_reaching_the_application_directly_cannot_choose_its_address():
    assert address_of(ATTACKER, "127.0.0.1, 192.0.2.1") == ATTACKER


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_guesser_behind_the_proxy_cannot_escape_the_lockout_by_forging_x_forwarded_for(client, practitioner):
    statuses = [
        log_in(client, "/en/login/", practitioner.username, "wrong", "127.0.0.1",
               HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {ATTACKER}").status_code
        for attempt in range(30)
    ]
    assert statuses[4:] == [429] * 26
    # A colleague behind the same proxy, at another address, logs in to the same account.
    response = log_in(client, "/en/login/", practitioner.username, PASSWORD, "127.0.0.1",
                      HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert response.status_code == 302


# --- 10. Where a log-in lands --------------------------------------------------------------


def hidden_next(response) -> str:
    return re.search(r'name="next" value="([^"]*)"', response.content.decode()).group(1)


def test_login_without_next_lands_on_the_page_the_user_came_from(client, practitioner):
    came_from = "/en/directory/?country=LT&role=prosecutor"
    form = client.get("/en/login/", HTTP_HOST=HOST, HTTP_REFERER=f"http://{HOST}{came_from}")
    assert hidden_next(form) == came_from.replace("&", "&amp;")

    # The browser posts the form back with the field it was given; its Referer is now the form.
    response = client.post(
        "/en/login/", {"username": practitioner.username, "password": PASSWORD, "next": came_from},
        HTTP_HOST=HOST, HTTP_REFERER=f"http://{HOST}/en/login/",
    )
    assert response.status_code == 302
    assert response["Location"] == came_from
    assert client.get(response["Location"], HTTP_HOST=HOST).status_code == 200


def test_login_posted_without_next_lands_on_the_referring_page(client, practitioner):
    response = client.post(
        "/en/login/", {"username": practitioner.username, "password": PASSWORD},
        HTTP_HOST=HOST, HTTP_REFERER=f"http://{HOST}/en/countries/lt/",
    )
    assert response["Location"] == "/en/countries/lt/"


@pytest.mark.parametrize(
    "referer", [None, f"http://{HOST}/de/login/", f"http://{HOST}/de/logout/", "https://elsewhere.example/en/directory/"]
)
def test_login_with_nowhere_safe_to_return_lands_on_the_tenants_home_page(client, practitioner, referer):
    extra = {"HTTP_REFERER": referer} if referer else {}
    form = client.get("/de/login/", HTTP_HOST=HOST, **extra)
    assert hidden_next(form) == ""
    response = client.post(
        "/de/login/", {"username": practitioner.username, "password": PASSWORD}, HTTP_HOST=HOST, **extra
    )
    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert client.get("/de/", HTTP_HOST=HOST).status_code == 200


def test_a_safe_next_still_wins_over_the_referer(client, practitioner):
    response = client.post(
        "/en/login/?next=/en/countries/", {"username": practitioner.username, "password": PASSWORD},
        HTTP_HOST=HOST, HTTP_REFERER=f"http://{HOST}/en/directory/",
    )
    assert response["Location"] == "/en/countries/"


def test_a_next_to_another_site_is_not_followed(client, practitioner):
    response = client.post(
        "/en/login/", {"username": practitioner.username, "password": PASSWORD, "next": "https://evil.example/"},
        HTTP_HOST=HOST,
    )
    assert response["Location"] == "/en/"


def test_logging_out_lands_on_the_tenants_home_page_logged_out(client, practitioner):
    client.force_login(practitioner)
    response = client.post("/de/logout/", HTTP_HOST=HOST)
    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert not is_logged_in(client)


# --- 13. Personal answers are never stored ---------------------------------------------------


@pytest.fixture
def contacts():
    return {
        "restricted": ContactFactory(visibility=Visibility.PRACTITIONERS, email="restricted-cache@example.org"),
        "public": ContactFactory(visibility=Visibility.PUBLIC, email="public-cache@example.org"),
    }


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_practitioners_answers_are_private_and_never_stored(client, practitioner, contacts):
    client.force_login(practitioner)
    restricted = contacts["restricted"].pk
    for path in [
        "/en/directory/?country=LT",
        f"/en/directory/{restricted}/",
        f"/en/directory/{restricted}.vcf",
        "/en/directory/export.pdf?country=LT",
    ]:
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, path
        assert {"private", "no-store"} <= cache_control(response), path
        assert "public" not in cache_control(response), path
        assert "Cookie" in response["Vary"], path


def test_anonymous_public_pages_stay_publicly_cacheable(client, contacts):
    public = contacts["public"].pk
    for path in ["/en/directory/?country=LT", f"/en/directory/{public}/", f"/en/directory/{public}.vcf"]:
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, path
        assert cache_control(response) == {"public", "max-age=300"}, path


def test_practitioners_error_pages_are_not_stored_either(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/en/directory/?country=ZZ", HTTP_HOST=HOST)
    assert response.status_code == 400
    assert {"private", "no-store"} <= cache_control(response)


def test_an_answer_built_from_a_visitors_session_is_not_stored(client, contacts):
    session = client.session
    session["portal-note"] = "something only this visitor should see"
    session.save()
    response = client.get("/en/directory/?country=LT", HTTP_HOST=HOST)
    assert {"private", "no-store"} <= cache_control(response)
