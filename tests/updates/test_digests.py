"""Weekly e-mail digests: double opt-in, the subscriber's countries and language, once a week, one-click unsubscribe."""
import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.log_actions import log

from directory.models import Visibility
from tests.factories import ContactFactory, country
from updates.models import Subscription

pytestmark = pytest.mark.django_db

HOST = "bsr.localhost"


def subscribe(client, email="reader@example.org", countries=("LT",), language="en"):
    return client.post(f"/{language}/changes/subscribe/", {"email": email, "countries": list(countries)}, HTTP_HOST=HOST)


def link_in(message, kind):
    return re.search(rf"http://{re.escape(HOST)}(/\w+/changes/{kind}/[\w-]+/)", message.body).group(1)


def confirmed_subscription(client, **kwargs):
    subscribe(client, **kwargs)
    path = link_in(mail.outbox[-1], "confirm")
    client.post(path, HTTP_HOST=HOST)
    mail.outbox.clear()
    # What happened before the confirmation (the demo's history) is not news to the subscriber.
    return Subscription.objects.get(email=kwargs.get("email", "reader@example.org"))


def test_subscribing_sends_a_confirmation_link_and_nothing_else_until_it_is_followed(client):
    response = subscribe(client)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.org"]
    subscription = Subscription.objects.get(email="reader@example.org")
    assert subscription.confirmed_at is None
    assert [c.iso2 for c in subscription.countries.all()] == ["LT"]

    ContactFactory(position_title="Digest test prosecutor")
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # unconfirmed: no digest


def test_opening_the_confirmation_link_does_not_confirm_pressing_its_button_does(client):
    subscribe(client)
    path = link_in(mail.outbox[0], "confirm")

    page = client.get(path, HTTP_HOST=HOST)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert Subscription.objects.get().confirmed_at is None

    client.post(path, HTTP_HOST=HOST)
    assert Subscription.objects.get().confirmed_at is not None


def test_a_weekly_digest_lists_the_subscribers_countries_changes_once_a_week(client):
    confirmed_subscription(client, countries=("LT",))
    lithuanian = ContactFactory(position_title="Digest test Vilnius prosecutor")
    log(instance=lithuanian, action="wagtail.create")
    latvian = ContactFactory(position_title="Digest test Riga prosecutor", country=country("LV"))
    log(instance=latvian, action="wagtail.create")
    restricted = ContactFactory(position_title="Digest test confidential liaison", visibility=Visibility.PRACTITIONERS)
    log(instance=restricted, action="wagtail.create")

    call_command("send_digests", stdout=open("/dev/null", "w"))
    call_command("send_digests", stdout=open("/dev/null", "w"))

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "Digest test Vilnius prosecutor" in digest.body
    assert f"http://{HOST}/en/directory/{lithuanian.pk}/" in digest.body
    assert "Digest test Riga prosecutor" not in digest.body
    assert "Digest test confidential liaison" not in digest.body


def test_a_digest_carries_one_click_unsubscribe_headers_that_work_without_a_session(client):
    subscription = confirmed_subscription(client)
    log(instance=ContactFactory(position_title="Digest test border guard"), action="wagtail.create")
    call_command("send_digests", stdout=open("/dev/null", "w"))
    digest = mail.outbox[0]

    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert url == f"http://{HOST}/en/changes/unsubscribe/{subscription.token}/"

    # What a mail program sends (RFC 8058): a POST with that body, no cookies, no CSRF token.
    from django.test import Client

    one_click = Client(enforce_csrf_checks=True).post(
        url.removeprefix(f"http://{HOST}"), {"List-Unsubscribe": "One-Click"}, HTTP_HOST=HOST
    )
    assert one_click.status_code == 200
    assert not Subscription.objects.filter(email="reader@example.org").exists()


def test_the_digest_is_written_in_the_language_the_subscriber_subscribed_in(client):
    confirmed_subscription(client, language="de")
    contact = ContactFactory(position_title="Digest test prosecutor", position_title_de="Digest-Test Staatsanwältin")
    log(instance=contact, action="wagtail.create")

    call_command("send_digests", stdout=open("/dev/null", "w"))

    assert "Digest-Test Staatsanwältin" in mail.outbox[0].body
    assert f"http://{HOST}/de/directory/{contact.pk}/" in mail.outbox[0].body


def test_a_week_without_changes_sends_nothing(client):
    confirmed_subscription(client)

    call_command("send_digests", stdout=open("/dev/null", "w"))

    assert mail.outbox == []


def test_a_new_request_for_a_confirmed_address_changes_nothing(client):
    subscription = confirmed_subscription(client, countries=("LT",))
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)

    subscribe(client, countries=("PL",))

    assert [c.iso2 for c in Subscription.objects.get().countries.all()] == ["LT"]
    assert len(mail.outbox) == 1 and "already" in mail.outbox[0].subject


def test_the_form_cannot_flood_an_inbox(client):
    for _attempt in range(5):
        subscribe(client)

    assert len(mail.outbox) == 1


def test_requests_never_confirmed_are_deleted_after_a_week(client):
    subscribe(client)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))

    call_command("send_digests", stdout=open("/dev/null", "w"))

    assert not Subscription.objects.exists()


def test_bad_input_gets_form_errors_and_nothing_is_stored(client):
    response = client.post("/en/changes/subscribe/", {"email": "not an address", "countries": ["XX"]}, HTTP_HOST=HOST)

    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "Select a valid choice. XX is not one of the available choices." in body
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_an_unknown_or_used_link_says_it_is_no_longer_valid(client):
    subscription = confirmed_subscription(client)
    path = f"/en/changes/unsubscribe/{subscription.token}/"
    assert client.post(path, HTTP_HOST=HOST).status_code == 200

    again = client.post(path, HTTP_HOST=HOST)
    assert again.status_code == 404
    assert "This link is no longer valid" in again.content.decode()
    # A token is valid only on its own portal.
    other = confirmed_subscription(client, email="other@example.org")
    assert client.get(f"/en/changes/unsubscribe/{other.token}/", HTTP_HOST="see.localhost").status_code == 404
