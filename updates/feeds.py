"""Atom feeds of what changed: /<lang>/changes/feed.atom and /<lang>/changes/<iso2>/feed.atom."""
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.tenancy.params import ParameterError, bad_request, member_country
from portal.tenancy.sites import tenant_or_404
from updates.selectors import change_list


class ChangesFeed(Feed):
    """The tenant's public changes, or one member country's, newest first, in the URL's language."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except ParameterError as error:
            return bad_request(request, message=str(error))

    def get_object(self, request, code=None):
        tenant = tenant_or_404(request)
        country = member_country(tenant, code, name="country") if code else None
        self.request = request
        return tenant, country

    def title(self, obj):
        tenant, country = obj
        if country is None:
            return _("%(portal)s: what changed") % {"portal": tenant.name}
        return _("%(portal)s: what changed in %(country)s") % {"portal": tenant.name, "country": country.name}

    def subtitle(self, obj):
        return _("Contacts added, changed, re-verified or archived, and guidance published. Public information only.")

    def link(self, obj):
        tenant, country = obj
        path = reverse("updates:changes")
        return f"{path}?country={country.iso2}" if country else path

    def feed_url(self, obj):
        tenant, country = obj
        return reverse("updates:country_feed", args=[country.iso2.lower()]) if country else reverse("updates:feed")

    def author_name(self, obj):
        return obj[0].name

    def items(self, obj):
        tenant, country = obj
        return change_list(tenant=tenant, countries=[country] if country else None, request=self.request)

    def item_title(self, change):
        return f"{change.label}: {change.title}"

    def item_description(self, change):
        if change.country is None:
            return change.label
        return f"{change.label} ({change.country.name})"

    def item_link(self, change):
        return change.path

    def item_guid(self, change):
        # A tag URI (RFC 4151): stable whatever the language or address the feed is read under.
        return f"tag:{self.request.get_host().split(':')[0]},2026:{change.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        return change.at
