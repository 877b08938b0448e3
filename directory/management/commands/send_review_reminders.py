"""manage.py send_review_reminders: e-mail each country editor the contacts due for review.

Run it daily (cron: `15 6 * * * cd /srv/trm && .venv/bin/python manage.py send_review_reminders`).
A second run on the same day sends nothing: each editor gets at most one reminder a day.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import ReviewReminder
from directory.selectors import contacts_due_for_review
from portal.tenancy.models import Country


class Command(BaseCommand):
    help = "E-mail each country editor the list of their contacts due for review (once a day at most)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        editor_groups = Country.objects.exclude(editors=None).values("editors")
        editors = get_user_model().objects.filter(is_active=True, groups__in=editor_groups).exclude(email="").distinct()
        sent = skipped = 0
        for user in editors.order_by("pk"):
            if ReviewReminder.objects.filter(user=user, sent_on=today).exists():
                skipped += 1
                continue
            due = list(contacts_due_for_review(user=user, today=today))
            if not due:
                continue
            with transaction.atomic():
                try:
                    # Recorded before sending and rolled back if sending fails: two runs at once
                    # cannot both send, and a failed send is retried by the next run.
                    ReviewReminder.objects.create(user=user, sent_on=today, contact_count=len(due))
                except IntegrityError:
                    skipped += 1
                    continue
                self.send(user, due)
            sent += 1
        self.stdout.write(f"Review reminders: {sent} sent, {skipped} already sent today.")

    def send(self, user, due) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            for contact in due:
                contact.edit_url = base + reverse("wagtailsnippets_directory_contact:edit", args=[contact.pk])
            context = {"user": user, "contacts": due, "dashboard_url": base + reverse("wagtailadmin_home")}
            subject = render_to_string("directory/email/review_reminder_subject.txt", context).strip()
            body = render_to_string("directory/email/review_reminder.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
