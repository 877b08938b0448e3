"""Which addresses make up one country's offline copy.

The directory of the country (every page of it), each of its contacts' pages and vCards, its
profile, and the guidelines (index, SOPs, measures, and each measure with the country chosen, so
the contacts beside each step are there too), all in one language, plus the stylesheets.
Practitioners-only contacts only when a practitioner asks for them explicitly (`personal`).
"""
from __future__ import annotations

import math

from django.templatetags.static import static
from django.urls import reverse
from wagtail.models import Page

from directory.models import Contact
from directory.permissions import user_can_see_restricted_contacts
from directory.views import CONTACTS_PER_PAGE
from guidelines.models import GuidelinesIndexPage, MeasurePage, SOPPage
from portal.models import CountryProfilePage
from portal.tenancy.models import Country, PortalSettings
from portal.tenancy.scoping import pages_in_tenant


def offline_urls(*, tenant: PortalSettings, country: Country, user, personal: bool, request) -> list[str]:
    restricted_allowed = personal and user_can_see_restricted_contacts(user)
    contact_ids = list(
        Contact.objects.in_tenant(tenant).visible(restricted_allowed=restricted_allowed)
        .of_countries([country.pk]).order_by("pk").values_list("pk", flat=True)
    )
    directory = reverse("directory:list") + f"?country={country.iso2}"
    urls = [reverse("wagtail_serve", args=[""]), directory]
    urls += [f"{directory}&page={number}" for number in range(2, math.ceil(len(contact_ids) / CONTACTS_PER_PAGE) + 1)]
    for pk in contact_ids:
        urls += [reverse("directory:contact", args=[pk]), reverse("directory:contact_vcard", args=[pk])]

    public_pages = pages_in_tenant(Page.objects.live().public(), tenant)
    profiles = CountryProfilePage.objects.filter(pk__in=public_pages.values("pk"), country=country)
    guides = [*GuidelinesIndexPage.objects.filter(pk__in=public_pages.values("pk")),
              *SOPPage.objects.filter(pk__in=public_pages.values("pk")).order_by("path")]
    measures = MeasurePage.objects.filter(pk__in=public_pages.values("pk")).order_by("path")
    for page in [*profiles, *guides]:
        urls.append(page.get_url_parts(request)[2])
    for measure in measures:
        path = measure.get_url_parts(request)[2]
        urls += [path, f"{path}?country={country.iso2}"]
    urls += [static("portal/css/portal.css"), static("portal/css/print.css"), "/tenant.css", static("offline/offline.js")]
    return urls
