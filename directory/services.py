"""State changes of the directory: verification and archiving, each leaving an audit entry."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from directory.models import Contact, ContactStatus

VERIFY_ACTION = "directory.verify"
ARCHIVE_ACTION = "directory.archive"


@transaction.atomic
def contact_verify(*, contact: Contact, user, today: datetime.date | None = None) -> Contact:
    """Record that the contact was checked and is unchanged: date, user, and an audit entry."""
    contact.verify(user=user, on=today or timezone.localdate())
    contact.save(update_fields=["last_verified_on", "last_verified_by", "updated_at"])
    log(instance=contact, action=VERIFY_ACTION, user=user)
    return contact


@transaction.atomic
def contacts_verify(*, contacts, user, today: datetime.date | None = None) -> int:
    count = 0
    for contact in contacts:
        contact_verify(contact=contact, user=user, today=today)
        count += 1
    return count


@transaction.atomic
def contact_archive(*, contact: Contact, user) -> Contact:
    """Take a contact out of the public directory without losing its history."""
    contact.status = ContactStatus.ARCHIVED
    contact.save(update_fields=["status", "updated_at"])
    log(instance=contact, action=ARCHIVE_ACTION, user=user)
    return contact
