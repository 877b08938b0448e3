"""manage.py send_digests: e-mail each confirmed subscriber this week's changes of their countries.

Run it weekly (deploy/systemd/trm-portal-digests.timer, Mondays 06:30). A second run in the
same ISO week sends nothing more: each subscription gets at most one digest a week. It also
deletes requests never confirmed within a week.
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.tenancy.sites import tenant_for_site
from updates.models import Subscription
from updates.services import digest_send, unconfirmed_delete, week_of


class Command(BaseCommand):
    help = "E-mail this week's digest of changes to each confirmed subscriber (once a week at most)."

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        forgotten = unconfirmed_delete(now=now)
        sent = empty = skipped = 0
        tenants = {}
        subscriptions = (
            Subscription.objects.filter(confirmed_at__isnull=False)
            .select_related("site", "site__root_page")
            .order_by("pk")
        )
        for subscription in subscriptions.iterator():
            if subscription.site_id not in tenants:
                tenants[subscription.site_id] = tenant_for_site(subscription.site)
            count = digest_send(subscription=subscription, tenant=tenants[subscription.site_id], today=today)
            if count is None:
                skipped += 1
            elif count:
                sent += 1
            else:
                empty += 1
        self.stdout.write(
            f"Digests for {week_of(today)}: {sent} sent, {empty} without changes, {skipped} already sent this week; "
            f"{forgotten} unconfirmed requests deleted."
        )
