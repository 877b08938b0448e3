"""Reads of the directory. Every public read takes the tenant and the user: scope and visibility cannot be forgotten.

Contacts are read through `Contact.objects.in_tenant(tenant).visible_to(user)` (directory.models.contact),
the one place that says what a tenant holds and who sees what.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import translation
from django.utils.translation import gettext as _

from directory import ranking
from directory.caching import CACHE_SECONDS, cache_key
from directory.facets import FacetOption, facet_options
from directory.filters import DirectoryFilters
from directory.models import SOP, Contact, ContactPhone, Language
from directory.models.contact import review_cutoff
from directory.permissions import user_can_see_restricted_contacts
from portal.tenancy.editors import user_country_ids, user_is_portal_admin
from portal.tenancy.fields import localized_columns, translated_field_names, untranslated
from portal.tenancy.models import Country, PortalSettings

__all__ = [
    "FacetOption", "Relaxation", "around_the_clock_contacts", "contact_card_list", "contact_cards", "contact_facets",
    "contact_get", "contact_list",
    "contact_relaxations", "key_contacts", "shown_contacts", "with_details",
]

# The roles a country profile shows as its key contacts, in this order.
KEY_CONTACT_ROLES = ("national-coordinator", "hotline", "law-enforcement", "ngo-assistance")


def text_matches(*, tenant, user, filters: DirectoryFilters) -> list[int] | None:
    """Contacts matching the free text, through the search service (None without free text)."""
    if not filters.q:
        return None
    return ranking.matching_contact_ids(filters.q, tenant=tenant, user=user, language=translation.get_language() or "en")


def apply_filters(
    contacts: QuerySet[Contact], filters: DirectoryFilters, *, skip: str = "", text_ids: list[int] | None = None
) -> QuerySet[Contact]:
    """AND across filters, OR within one; `skip` leaves one filter out (for that filter's facet counts).

    The free text is matched by the search service beforehand (text_matches); its ids come in `text_ids`.
    """
    if filters.countries and skip != "country":
        contacts = contacts.filter(Q(country__in=filters.country_ids) | Q(located_in__in=filters.country_ids))
    if filters.roles and skip != "role":
        contacts = contacts.filter(role__in=filters.role_ids)
    if filters.sops and skip != "sop":
        contacts = contacts.filter(pk__in=Contact.sops.through.objects.filter(sop__number__in=filters.sops).values("contact_id"))
    if filters.languages and skip != "language":
        contacts = contacts.filter(
            pk__in=Contact.languages.through.objects.filter(language__code__in=filters.languages).values("contact_id")
        )
    if text_ids is not None and skip != "q":
        contacts = contacts.filter(pk__in=text_ids)
    return contacts


def with_details(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Everything a contact card shows, in a fixed number of queries."""
    # Prefetch()es with querysets of their own: for a bare name, modelcluster builds a live queryset per contact.
    return contacts.select_related("organisation", "country", "located_in", "role", "last_verified_by").prefetch_related(
        Prefetch("sops", queryset=SOP.objects.all()), Prefetch("languages", queryset=Language.objects.all()),
        Prefetch("phones", queryset=ContactPhone.objects.order_by("sort_order", "pk")),
    )


def contact_cards(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts read with_details() narrowed to what a contact card shows (directory/includes/contact_card.html).

    A contact row with its organisation, countries and role is some 130 columns wide, most of them the
    fourteen languages' copies of translated fields (django-modeltranslation) and the role's search
    words: building them cost the directory and the country profile more than their SQL. A card
    reads each translated field in the visitor's language and English only.
    """
    return contacts.select_related(None).select_related("organisation", "country", "located_in", "role").only(
        "organisation", "country", "located_in", "role", "person_name", "email", "alternative_email", "visibility",
        "last_verified_on", *localized_columns("position_title", "availability"),
        "country__code", "located_in__code", "role__slug", *localized_columns("name", of="role"),
        *localized_columns("name", of="organisation"),
    )


def order_by_country_name(contacts: QuerySet[Contact], countries) -> QuerySet[Contact]:
    """Group by country in the order of the countries' names in the visitor's language."""
    ranks = [When(country_id=country.pk, then=Value(rank)) for rank, country in enumerate(countries)]
    country_rank = Case(*ranks, default=Value(len(ranks)), output_field=IntegerField()) if ranks else Value(0)
    return contacts.annotate(country_rank=country_rank).order_by("country_rank", "country__code", "role__sort_order", "position_title", "pk")


def shown_contacts(*, tenant, user) -> QuerySet[Contact]:
    """The tenant's contacts the user may see, each with `is_overdue` by the tenant's review interval.

    Every public read of contacts (directory, profiles, planner, exports, API) starts here.
    """
    return Contact.objects.in_tenant(tenant).visible_to(user).with_freshness(tenant)


def contact_list(*, tenant, user, filters: DirectoryFilters) -> QuerySet[Contact]:
    text_ids = text_matches(tenant=tenant, user=user, filters=filters)
    contacts = apply_filters(shown_contacts(tenant=tenant, user=user), filters, text_ids=text_ids)
    return with_details(order_by_country_name(contacts, tenant.members))


def contact_card_list(*, tenant, user, filters: DirectoryFilters) -> QuerySet[Contact]:
    """contact_list() as the directory page shows it: contact cards (exports and the API read whole contacts)."""
    return contact_cards(contact_list(tenant=tenant, user=user, filters=filters))


@dataclass(frozen=True)
class Relaxation:
    """One filter left out of a search that found nothing: what it reads, how many contacts, the link."""

    name: str
    label: str
    count: int
    querystring: str


def filter_label(filters: DirectoryFilters, name: str) -> str:
    """How a filter in use reads in a sentence ("Lithuania or Latvia", "speaks Russian")."""
    either = _(" or ")
    if name == "country":
        return either.join(str(country.name) for country in filters.countries)
    if name == "role":
        return either.join(str(role.name) for role in filters.roles)
    if name == "sop":
        return either.join(_("SOP %(number)s") % {"number": number} for number in filters.sops)
    if name == "language":
        names = either.join(str(Language(code=code).name) for code in filters.languages)
        return _("speaks %(languages)s") % {"languages": names}
    return _("search: %(text)s") % {"text": filters.q}


def contact_relaxations(*, tenant, user, filters: DirectoryFilters) -> list[Relaxation]:
    """For a search that found nothing: each filter in use, left out alone, and what that would show.

    One count per filter in use (at most five queries), largest first; a filter whose removal
    still shows nothing is not offered. Visibility rules are those of the list itself.
    """
    base = Contact.objects.in_tenant(tenant).visible_to(user).order_by()
    active = filters.active()
    text_ids = text_matches(tenant=tenant, user=user, filters=filters) if len(active) > 1 and filters.q else None
    found = []
    for name in active:
        count = apply_filters(base, filters, skip=name, text_ids=text_ids).count()
        if count:
            found.append(Relaxation(name, filter_label(filters, name), count, filters.without(name).querystring()))
    return sorted(found, key=lambda relaxation: -relaxation.count)


def contact_get(*, tenant, user, pk: int) -> Contact:
    """One contact the user may see in this tenant; Contact.DoesNotExist otherwise (never a hint it exists)."""
    return with_details(shown_contacts(tenant=tenant, user=user)).get(pk=pk)


def contact_facets(*, tenant, user, filters: DirectoryFilters) -> dict[str, list[FacetOption]]:
    """Counts per option of each filter, with the other filters applied (standard faceting).

    Counting scans every matching contact, so the result is cached per tenant, audience,
    language and filter; a change to the directory makes new keys (directory.caching).
    """
    restricted = user_can_see_restricted_contacts(user)
    key = cache_key("facets", tenant.pk, int(restricted), translation.get_language(), filters.querystring())
    facets = cache.get(key)
    if facets is None:
        facets = _count_facets(tenant=tenant, user=user, filters=filters)
        cache.set(key, facets, CACHE_SECONDS)
    return facets


def _count_facets(*, tenant, user, filters: DirectoryFilters) -> dict[str, list[FacetOption]]:
    # order_by(): no ordering column may split a GROUP BY into several rows per option.
    base = Contact.objects.in_tenant(tenant).visible_to(user).order_by()
    text_ids = text_matches(tenant=tenant, user=user, filters=filters)
    iso2 = {country.pk: country.iso2 for country in tenant.members}

    by_country = apply_filters(base, filters, skip="country", text_ids=text_ids)
    countries: dict[str, int] = {}
    abroad = by_country.filter(located_in__isnull=False).exclude(located_in=F("country"))
    for rows, column in ((by_country.values("country"), "country"), (abroad.values("located_in"), "located_in")):
        for row in rows.annotate(n=Count("pk")):
            code = iso2.get(row[column])
            if code:
                countries[code] = countries.get(code, 0) + row["n"]
    roles = {
        row["role__slug"]: row["n"]
        for row in apply_filters(base, filters, skip="role", text_ids=text_ids).values("role__slug").annotate(n=Count("pk"))
    }
    sops = {
        str(row["sops__number"]): row["n"]
        for row in apply_filters(base, filters, skip="sop", text_ids=text_ids).values("sops__number").annotate(n=Count("pk", distinct=True))
    }
    languages = {
        row["languages__code"]: row["n"]
        for row in apply_filters(base, filters, skip="language", text_ids=text_ids)
        .exclude(languages=None)
        .values("languages__code")
        .annotate(n=Count("pk", distinct=True))
    }
    selected = {
        "country": {country.iso2 for country in filters.countries},
        "role": {role.slug for role in filters.roles},
        "sop": {str(number) for number in filters.sops},
        "language": set(filters.languages),
    }
    return facet_options(
        {"country": countries, "role": roles, "sop": sops, "language": languages},
        tenant=tenant, selected=selected, keep_empty=("country", "role", "sop"),
    )


def key_contacts(*, tenant, user, country: Country) -> list[Contact]:
    """A country's key contacts for its profile page: coordinator, hotline, police, NGO assistance."""
    order = Case(*[When(role__slug=slug, then=Value(rank)) for rank, slug in enumerate(KEY_CONTACT_ROLES)],
                 output_field=IntegerField())
    contacts = shown_contacts(tenant=tenant, user=user).filter(country=country, role__slug__in=KEY_CONTACT_ROLES)
    return list(contact_cards(with_details(contacts.annotate(key_rank=order).order_by("key_rank", "position_title", "pk"))))


# Whom a practitioner calls first in an emergency, in this order; other roles with a 24/7 line follow.
EMERGENCY_ROLES = ("hotline", "law-enforcement", "national-coordinator")


def around_the_clock_contacts(*, tenant, user, country: Country) -> list[Contact]:
    """A country's contacts with a phone answered 24/7 ("who do I call now"), emergency roles first.

    A phone's 24/7 flag (ContactPhone.is_24_7) is what the directory records about being
    reachable at night; availability notes are free text in many languages and are not read.
    """
    order = Case(*[When(role__slug=slug, then=Value(rank)) for rank, slug in enumerate(EMERGENCY_ROLES)],
                 default=Value(len(EMERGENCY_ROLES)), output_field=IntegerField())
    contacts = (
        Contact.objects.in_tenant(tenant).visible_to(user)
        .filter(country=country, pk__in=ContactPhone.objects.filter(is_24_7=True).values("contact_id"))
        .annotate(emergency_rank=order)
        .order_by("emergency_rank", "role__sort_order", "position_title", "pk")
    )
    # Only the role and the 24/7 phones are shown: two queries, whatever the number of contacts.
    night_phones = Prefetch("phones", queryset=ContactPhone.objects.filter(is_24_7=True).order_by("sort_order", "pk"))
    shown = contacts.select_related("role", "located_in").only(
        "country", "located_in", "role", *localized_columns("position_title"), "located_in__code",
        *localized_columns("name", of="role"),
    )
    return list(shown.prefetch_related(night_phones))


# --- review -----------------------------------------------------------------------------

def add_months(day: datetime.date, months: int) -> datetime.date:
    return day + relativedelta(months=months)


def review_intervals() -> dict[int, int]:
    """country id -> the shortest review interval (months) among the tenants listing it."""
    intervals: dict[int, int] = {}
    for row in PortalSettings.objects.values("member_countries", "review_interval_months"):
        country_id = row["member_countries"]
        if country_id is not None:
            intervals[country_id] = min(intervals.get(country_id, row["review_interval_months"]), row["review_interval_months"])
    return intervals


def due_condition(*, today: datetime.date, country_ids=None) -> Q:
    """Contacts never verified, or verified longer ago than their country's review interval."""
    condition = Q(pk__in=[])
    for country_id, months in review_intervals().items():
        if country_ids is not None and country_id not in country_ids:
            continue
        cutoff = review_cutoff(today=today, months=months)
        condition |= Q(country_id=country_id) & (Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=cutoff))
    return condition


def contacts_due_for_review(*, user, today: datetime.date) -> QuerySet[Contact]:
    """Active contacts the user edits whose review is due, oldest verification first."""
    contacts = Contact.objects.active().editable_by(user)
    country_ids = None if user_is_portal_admin(user) else user_country_ids(user)
    due = contacts.filter(due_condition(today=today, country_ids=country_ids))
    return due.select_related("organisation", "country", "role").order_by(F("last_verified_on").asc(nulls_first=True), "pk")


def is_due_for_review(contact: Contact, *, today: datetime.date, intervals: dict[int, int] | None = None) -> bool:
    intervals = review_intervals() if intervals is None else intervals
    months = intervals.get(contact.country_id)
    if months is None:
        return False
    return contact.last_verified_on is None or contact.last_verified_on < review_cutoff(today=today, months=months)


# --- coverage ---------------------------------------------------------------------------

def overdue_condition(*, today: datetime.date, review_months: int) -> Q:
    """Never verified, or verified longer ago than `review_months` (a tenant's review interval)."""
    return Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=review_cutoff(today=today, months=review_months))


def contact_coverage(*, country_ids, today: datetime.date, review_months: int) -> dict[tuple[int, int], tuple[int, int]]:
    """(country id, role id) -> (active contacts, of which overdue), by country of competence, in one query.

    Every contact counts, practitioners-only ones included: the report is for editors, who see them.
    Pairs without an active contact are absent.
    """
    rows = (
        Contact.objects.active().filter(country_id__in=list(country_ids))
        .values("country_id", "role_id")
        .annotate(active=Count("pk"), overdue=Count("pk", filter=overdue_condition(today=today, review_months=review_months)))
        .order_by()
    )
    return {(row["country_id"], row["role_id"]): (row["active"], row["overdue"]) for row in rows}


def contacts_missing_translation(*, country_ids, languages) -> dict[str, int]:
    """language -> active contacts of these countries with a field not translated into it, in one query."""
    contacts = Contact.objects.active().filter(country_id__in=list(country_ids))
    counts = contacts.aggregate(**{
        f"missing_{index}": Count("pk", filter=untranslated(translated_field_names(Contact), language))
        for index, language in enumerate(languages)
    }) if languages else {}
    return {language: counts[f"missing_{index}"] for index, language in enumerate(languages)}
