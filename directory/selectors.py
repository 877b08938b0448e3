"""Reads of the directory. Every public read takes the tenant and the user: scope and visibility cannot be forgotten."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import translation

from directory.caching import CACHE_SECONDS, cache_key
from directory.filters import DirectoryFilters
from directory.models import SOP, ActorRole, Contact, ContactPhone, ContactStatus, Country, Language, Visibility
from directory.permissions import user_can_see_restricted_contacts, user_country_ids, user_is_directory_admin

# The roles a country profile shows as its key contacts, in this order.
KEY_CONTACT_ROLES = ("national-coordinator", "hotline", "law-enforcement", "ngo-assistance")


def tenant_scope(tenant) -> Q:
    """Contacts of the tenant's member countries, by competence or by where the office is."""
    ids = [country.pk for country in tenant.members]
    return Q(country__in=ids) | Q(located_in__in=ids)


def visible_contacts(*, tenant, user) -> QuerySet[Contact]:
    """Active contacts of the tenant the user may see: practitioners-only ones only for practitioners."""
    contacts = Contact.objects.filter(tenant_scope(tenant), status=ContactStatus.ACTIVE)
    if not user_can_see_restricted_contacts(user):
        contacts = contacts.filter(visibility=Visibility.PUBLIC)
    return contacts


def text_matches(*, tenant, user, filters: DirectoryFilters) -> list[int] | None:
    """Contacts matching the free text, through the search service (None without free text)."""
    if not filters.q:
        return None
    from search.service import matching_contact_ids

    return matching_contact_ids(filters.q, tenant=tenant, user=user, language=translation.get_language() or "en")


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
    return contacts.select_related("organisation", "country", "located_in", "role", "last_verified_by").prefetch_related(
        "sops", "languages", Prefetch("phones", queryset=ContactPhone.objects.order_by("sort_order", "pk"))
    )


def order_by_country_name(contacts: QuerySet[Contact], countries) -> QuerySet[Contact]:
    """Group by country in the order of the countries' names in the visitor's language."""
    ranks = [When(country_id=country.pk, then=Value(rank)) for rank, country in enumerate(countries)]
    country_rank = Case(*ranks, default=Value(len(ranks)), output_field=IntegerField()) if ranks else Value(0)
    return contacts.annotate(country_rank=country_rank).order_by("country_rank", "country__code", "role__sort_order", "position_title", "pk")


def contact_list(*, tenant, user, filters: DirectoryFilters) -> QuerySet[Contact]:
    text_ids = text_matches(tenant=tenant, user=user, filters=filters)
    contacts = apply_filters(visible_contacts(tenant=tenant, user=user), filters, text_ids=text_ids)
    return with_details(order_by_country_name(contacts, tenant.members))


def contact_get(*, tenant, user, pk: int) -> Contact:
    """One contact the user may see in this tenant; Contact.DoesNotExist otherwise (never a hint it exists)."""
    return with_details(visible_contacts(tenant=tenant, user=user)).get(pk=pk)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


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
    base = visible_contacts(tenant=tenant, user=user).order_by()
    text_ids = text_matches(tenant=tenant, user=user, filters=filters)

    by_country = apply_filters(base, filters, skip="country", text_ids=text_ids)
    country_counts: dict[int, int] = {}
    for row in by_country.values("country").annotate(n=Count("pk")):
        country_counts[row["country"]] = country_counts.get(row["country"], 0) + row["n"]
    abroad = by_country.filter(located_in__isnull=False).exclude(located_in=F("country"))
    for row in abroad.values("located_in").annotate(n=Count("pk")):
        country_counts[row["located_in"]] = country_counts.get(row["located_in"], 0) + row["n"]
    selected_countries = set(filters.country_ids)
    countries = [
        FacetOption(country.iso2, country.name, country_counts.get(country.pk, 0), country.pk in selected_countries)
        for country in tenant.members
    ]

    role_counts = {
        row["role"]: row["n"] for row in apply_filters(base, filters, skip="role", text_ids=text_ids).values("role").annotate(n=Count("pk"))
    }
    selected_roles = set(filters.role_ids)
    roles = [
        FacetOption(role.slug, role.name, role_counts.get(role.pk, 0), role.pk in selected_roles)
        for role in ActorRole.objects.all()
    ]

    sop_counts = {
        row["sops__number"]: row["n"]
        for row in apply_filters(base, filters, skip="sop", text_ids=text_ids).values("sops__number").annotate(n=Count("pk", distinct=True))
    }
    sops = [
        FacetOption(str(sop.number), str(sop), sop_counts.get(sop.number, 0), sop.number in filters.sops)
        for sop in SOP.objects.all()
    ]

    language_counts = {
        row["languages__code"]: row["n"]
        for row in apply_filters(base, filters, skip="language", text_ids=text_ids)
        .exclude(languages=None)
        .values("languages__code")
        .annotate(n=Count("pk", distinct=True))
    }
    codes = set(language_counts) | set(filters.languages)
    languages = sorted(
        (
            FacetOption(code, Language(code=code).name, language_counts.get(code, 0), code in filters.languages)
            for code in codes
        ),
        key=lambda option: option.label,
    )
    return {"country": countries, "role": roles, "sop": sops, "language": languages}


def key_contacts(*, tenant, user, country: Country) -> list[Contact]:
    """A country's key contacts for its profile page: coordinator, hotline, police, NGO assistance."""
    order = Case(*[When(role__slug=slug, then=Value(rank)) for rank, slug in enumerate(KEY_CONTACT_ROLES)],
                 output_field=IntegerField())
    contacts = visible_contacts(tenant=tenant, user=user).filter(country=country, role__slug__in=KEY_CONTACT_ROLES)
    return list(with_details(contacts.annotate(key_rank=order).order_by("key_rank", "position_title", "pk")))


# --- review -----------------------------------------------------------------------------

def add_months(day: datetime.date, months: int) -> datetime.date:
    return day + relativedelta(months=months)


def review_intervals() -> dict[int, int]:
    """country id -> the shortest review interval (months) among the tenants listing it."""
    from portal.models import PortalSettings

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
        cutoff = add_months(today, -months)
        condition |= Q(country_id=country_id) & (Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=cutoff))
    return condition


def contacts_due_for_review(*, user, today: datetime.date) -> QuerySet[Contact]:
    """Active contacts the user edits whose review is due, oldest verification first."""
    contacts = Contact.objects.filter(status=ContactStatus.ACTIVE)
    if user_is_directory_admin(user):
        country_ids = None
    else:
        country_ids = user_country_ids(user)
        contacts = contacts.filter(country__in=country_ids)
    due = contacts.filter(due_condition(today=today, country_ids=country_ids))
    return due.select_related("organisation", "country", "role").order_by(F("last_verified_on").asc(nulls_first=True), "pk")


def is_due_for_review(contact: Contact, *, today: datetime.date, intervals: dict[int, int] | None = None) -> bool:
    intervals = review_intervals() if intervals is None else intervals
    months = intervals.get(contact.country_id)
    if months is None:
        return False
    return contact.last_verified_on is None or contact.last_verified_on < add_months(today, -months)
