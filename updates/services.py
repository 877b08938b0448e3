"""Writes of the digests: subscribing (double opt-in), confirming, unsubscribing, sending a week's digest."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.tenancy.models import Country, PortalSettings
from updates.models import DigestSent, Subscription
from updates.selectors import change_list

# At most one confirmation e-mail per address and portal in this time: the form cannot be
# used to flood someone's inbox.
CONFIRMATION_RESEND_AFTER = datetime.timedelta(minutes=15)
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=7)
DIGEST_MAX_CHANGES = 200


def week_of(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _absolute(tenant: PortalSettings, path: str) -> str:
    return tenant.site.root_url.rstrip("/") + path


def subscription_request(*, tenant: PortalSettings, email: str, countries: list[Country], language: str) -> None:
    """Record the request and e-mail a confirmation link; nothing is sent until it is followed.

    The answer is the same whether or not the address was known: the form does not tell
    anyone who subscribes. A confirmed subscription is not changed by a new request (its
    owner is told and can unsubscribe from there); an unconfirmed one takes the new choice.
    """
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            site=tenant.site, email=email, defaults={"language": language}
        )
        if subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER:
            return
        if subscription.confirmed_at is None:
            subscription.language = language
            subscription.countries.set(countries)
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["language", "confirmation_sent_at"])
        _send_confirmation(tenant, subscription)


def _send_confirmation(tenant: PortalSettings, subscription: Subscription) -> None:
    with translation.override(subscription.language):
        context = {
            "tenant": tenant,
            "subscription": subscription,
            "countries": sorted(subscription.countries.all(), key=lambda country: country.name),
            "confirm_url": _absolute(tenant, reverse("updates:confirm", args=[subscription.token])),
            "unsubscribe_url": _absolute(tenant, reverse("updates:unsubscribe", args=[subscription.token])),
        }
        template = "confirmed" if subscription.confirmed_at else "confirm"
        subject = render_to_string(f"updates/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"updates/email/{template}.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.email]).send()


def subscription_confirm(*, subscription: Subscription) -> Subscription:
    """Confirm (double opt-in); confirming again changes nothing."""
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def subscription_delete(*, site, token: str) -> bool:
    """Unsubscribe: the address, its countries and its history are deleted. False for an unknown link."""
    deleted, _by_model = Subscription.objects.filter(site=site, token=token).delete()
    return bool(deleted)


def unconfirmed_delete(*, now: datetime.datetime) -> int:
    """Forget requests never confirmed within a week."""
    deleted, _by_model = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT_FOR
    ).delete()
    return deleted


def digest_send(*, subscription: Subscription, tenant: PortalSettings, today: datetime.date) -> int | None:
    """Send this week's digest of the subscriber's countries: the number of changes, or None if already sent.

    Changes since the previous digest (or the confirmation), in the subscriber's language. A
    week without changes sends nothing but counts as done. The row is written before sending,
    inside the transaction: two runs at once cannot both send, a failed send is rolled back and
    retried by the next run.
    """
    week = week_of(today)
    previous = subscription.digests.order_by("-sent_at").first()
    since = previous.sent_at if previous else subscription.confirmed_at
    countries = list(subscription.countries.all())
    with translation.override(subscription.language):
        changes = change_list(tenant=tenant, countries=countries, since=since, limit=DIGEST_MAX_CHANGES)
        try:
            with transaction.atomic():
                DigestSent.objects.create(subscription=subscription, week=week, change_count=len(changes))
                if changes:
                    _send_digest(tenant, subscription, countries, changes)
        except IntegrityError:
            return None
    return len(changes)


def _send_digest(tenant, subscription, countries, changes) -> None:
    # Newest first, each with its country: a contact listed under two countries appears once.
    unsubscribe_url = _absolute(tenant, reverse("updates:unsubscribe", args=[subscription.token]))
    items = [(change, _absolute(tenant, change.path)) for change in changes]
    context = {"tenant": tenant, "items": items, "unsubscribe_url": unsubscribe_url, "count": len(changes),
               "countries": sorted(countries, key=lambda country: country.name)}
    subject = render_to_string("updates/email/digest_subject.txt", context).strip()
    body = render_to_string("updates/email/digest.txt", context)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        # RFC 2369 and RFC 8058: mail programs offer "unsubscribe", done by one POST without a log-in.
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()
