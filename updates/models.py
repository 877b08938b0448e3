"""Digest subscriptions: only what sending needs (an address, countries, a language, consent).

Nothing else about the subscriber is kept: no name, no IP address, no open tracking. An
unconfirmed request is deleted after a week; unsubscribing deletes the row.
"""
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("portal"), on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    countries = models.ManyToManyField("portal.Country", verbose_name=_("countries"), related_name="+")
    # Confirms (double opt-in) and unsubscribes: whoever holds the link holds the subscription.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        constraints = [models.UniqueConstraint(fields=["site", "email"], name="one_subscription_per_address_and_portal")]

    def __str__(self) -> str:
        return self.email


class DigestSent(models.Model):
    """One row per subscription and ISO week: a second run in the same week sends nothing."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    week = models.CharField(max_length=8)  # "2026-W49"
    sent_at = models.DateTimeField(auto_now_add=True)
    change_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "week"], name="one_digest_per_subscription_and_week")]

    def __str__(self) -> str:
        return f"{self.subscription} {self.week}"
