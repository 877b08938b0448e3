"""What the search index holds: one document per object, tenant and language.

A document carries the text to match (already analysed by search.analysis), the filters
(kind, countries, role, SOPs, languages, practitioners-only) and the title (for suggestions
while typing). It never carries what a result card shows (matching words are marked by
search.service in the text loaded for the card): hits are loaded again from the database through
the same selectors as every other page, so a stale index cannot show what the visitor may
not see.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import translation
from wagtail.models import Page

from directory.models import Contact, contact_belongs_to
from guidelines.models import MeasurePage, SOPPage
from portal.models import CountryProfilePage, PortalSettings, Resource, StandardPage
from portal.models.resources import resource_belongs_to
from portal.tenancy.fields import in_language, plain
from portal.tenancy.scoping import page_belongs_to
from search import analysis

__all__ = ["CONTACT", "DOCUMENT", "KINDS", "PAGE", "Target", "Tenants", "documents", "in_language", "plain"]

CONTACT, PAGE, DOCUMENT = "contact", "page", "document"
KINDS = (PAGE, CONTACT, DOCUMENT)


@dataclass(frozen=True)
class Target:
    """One index: a tenant in one of its languages."""

    site_id: int
    language: str


def build(*, kind: str, object_id: int, language: str, title: str, body: str = "", names: Iterable[str] = (),
          terms: Iterable[str] = (), english: str = "", countries: Iterable[str] = (), role: str = "",
          sops: Iterable[int] = (), languages: Iterable[str] = (), restricted: bool = False, subtype: str = "") -> dict:
    """A document: the title, analysed text and filters (`body` is matched through its stems only)."""
    names, terms = [n for n in names if n], [t for t in terms if t]
    folded = analysis.folded_text(" ".join([title, *names, *terms]))
    return {
        "kind": kind,
        "subtype": subtype or kind,
        "object_id": object_id,
        "language": language,
        "title": title,
        "title_stems": analysis.stemmed_text(title, language),
        "stems": analysis.stemmed_text(" ".join([body, *terms]), language),
        "en_stems": analysis.stemmed_text(english, "en"),
        "names": analysis.folded_text(" ".join(names)),
        "folded": folded,
        # "Did you mean" draws its words from this field alone: a practitioners-only contact's
        # words (a name above all) must never be suggested to anyone.
        "public_words": "" if restricted else folded,
        "countries": sorted(set(countries)),
        "role": role,
        "sops": sorted(set(sops)),
        "languages": sorted(set(languages)),
        "restricted": restricted,
    }


class Texts:
    """Fields' plain text per language, each read once per indexing run.

    Thousands of contacts share a role and an organisation, and a contact is written once per
    language of each tenant it belongs to: reading a translated field (a language switch and a
    markup strip) once per object, field and language is what makes a rebuild fast. One
    instance per run, so an edited role is read afresh by the next run.
    """

    def __init__(self):
        self._seen: dict[tuple, str] = {}

    def __call__(self, obj, field: str, language: str) -> str:
        key = (obj.__class__, obj.pk, field, language)
        value = self._seen.get(key)
        if value is None:
            value = self._seen[key] = in_language(obj, field, language)
        return value

    def country_name(self, country, language: str) -> str:
        key = (country.__class__, country.pk, "name", language)
        value = self._seen.get(key)
        if value is None:
            with translation.override(language):
                value = self._seen[key] = str(country.name)
        return value

    def forget(self, obj) -> None:
        """Drop an object's texts once its documents are written (contacts are read once each)."""
        for key in [key for key in self._seen if key[0] is obj.__class__ and key[1] == obj.pk]:
            del self._seen[key]


# --- contacts ---------------------------------------------------------------------------

def contact_document(contact, language: str, *, texts: Texts | None = None, shared: dict | None = None) -> dict:
    """The contact's document in the language; `texts` and `shared` (what every language has in common)
    let a run write several languages of one contact without reading it again."""
    texts = texts or Texts()
    shared = shared if shared is not None else {}
    role, organisation = contact.role, contact.organisation
    if not shared:
        shared["countries"] = [contact.country.iso2] + ([contact.located_in.iso2] if contact.located_in_id else [])
        shared["english"] = " ".join([
            texts(contact, "position_title", "en"), texts(organisation, "name", "en"),
            texts(role, "name", "en"), texts(role, "search_terms", "en"),
        ])
        shared["sops"] = [sop.number for sop in contact.sops.all()]
        shared["languages"] = [lang.code for lang in contact.languages.all()]
    country_names = [texts.country_name(contact.country, language)]
    if contact.located_in_id:
        country_names.append(texts.country_name(contact.located_in, language))
    return build(
        kind=CONTACT,
        object_id=contact.pk,
        language=language,
        title=texts(contact, "position_title", language),
        body=" ".join([texts(role, "description", language), texts(contact, "availability", language)]),
        names=[contact.person_name, texts(organisation, "name", language), contact.email, *country_names],
        terms=[texts(role, "name", language), texts(role, "search_terms", language)],
        english=shared["english"],
        countries=shared["countries"],
        role=role.slug,
        sops=shared["sops"],
        languages=shared["languages"],
        restricted=contact.visibility != "public",
    )


def contacts_for_index(ids: Iterable[int] | None = None):
    """Active contacts with everything a document needs, in a fixed number of queries."""
    contacts = Contact.objects.active()
    if ids is not None:
        contacts = contacts.filter(pk__in=list(ids))
    return contacts.select_related("organisation", "country", "located_in", "role").prefetch_related("sops", "languages")


# --- pages ------------------------------------------------------------------------------

def _page_text(page, language: str, sop_of_measures: dict[str, int]) -> tuple[str, list[str], int | None]:
    """(body, countries, SOP number) of a page, by type; related rows come prefetched (pages_for_index)."""
    fields = ["search_description", "intro", "summary", "body", "introduction", "principles", "what", "when",
              "checklist", "children", "good_practices"]
    parts = [in_language(page, field, language) for field in fields if hasattr(page, field)]
    countries, sop = [], None
    if isinstance(page, CountryProfilePage):
        countries = [page.country.iso2] if page.country_id else []
        for section in page.sections.all():
            parts += [in_language(section, "body", language), in_language(section, "children", language)]
    if isinstance(page, MeasurePage):
        parts += [in_language(step, "text", language) for step in page.steps.all()]
        sop = sop_of_measures.get(page.path[: -Page.steplen])
    if isinstance(page, SOPPage):
        sop = page.sop.number
    return " ".join(part for part in parts if part), countries, sop


def page_document(page, language: str, *, english: str, sop_of_measures: dict[str, int]) -> dict:
    body, countries, sop = _page_text(page, language, sop_of_measures)
    return build(
        kind=PAGE,
        subtype=page._meta.model_name,
        object_id=page.pk,
        language=language,
        title=in_language(page, "title", language),
        body=body,
        english=english,
        countries=countries,
        sops=[sop] if sop else [],
    )


def searchable_pages():
    """Pages a visitor can find: live, public, and of a type that holds content (not the home or listings)."""
    return Page.objects.live().public().type(*CONTENT_PAGE_TYPES)


CONTENT_PAGE_TYPES = (CountryProfilePage, StandardPage, SOPPage, MeasurePage)


def pages_for_index(ids: Iterable[int] | None = None) -> Iterator:
    """The searchable pages as their specific types, with their related rows, in a few queries per type."""
    base = searchable_pages()
    if ids is not None:
        base = base.filter(pk__in=list(ids))
    related = {CountryProfilePage: (["country"], ["sections"]), MeasurePage: ([], ["steps"]),
               SOPPage: (["sop"], []), StandardPage: ([], [])}
    for model, (joined, prefetched) in related.items():
        pages = model.objects.filter(pk__in=base.values("pk")).select_related(*joined).prefetch_related(*prefetched)
        yield from pages.iterator(chunk_size=500)


def sop_numbers_by_path() -> dict[str, int]:
    return dict(SOPPage.objects.values_list("path", "sop__number"))


# --- resources --------------------------------------------------------------------------

def resource_document(resource, language: str) -> dict:
    text = resource.text or ""
    return build(
        kind=DOCUMENT,
        subtype=resource.resource_type,
        object_id=resource.pk,
        language=language,
        title=in_language(resource, "title", language),
        body=" ".join([in_language(resource, "description", language), text]),
        names=[resource.publisher],
        english=" ".join([in_language(resource, "title", "en"), in_language(resource, "description", "en"), text]),
        languages=[lang.code for lang in resource.languages.all()],
    )


# --- where an object belongs ------------------------------------------------------------

class Tenants:
    """The tenants with what decides membership: countries, site roots, resource collections.

    Loaded once per indexing run (a handful of queries whatever the number of objects).
    """

    def __init__(self, only_site_ids: Iterable[int] | None = None, only_languages: Iterable[str] | None = None):
        tenants = PortalSettings.objects.select_related("site__root_page", "resources_collection").prefetch_related(
            "member_countries"
        )
        if only_site_ids is not None:
            tenants = tenants.filter(site_id__in=list(only_site_ids))
        only_languages = set(only_languages) if only_languages else None
        self.items = []
        for tenant in tenants:
            languages = [code for code in (tenant.languages or ["en"]) if only_languages is None or code in only_languages]
            self.items.append((tenant, languages))

    def targets(self) -> list[Target]:
        return [Target(tenant.site_id, language) for tenant, languages in self.items for language in languages]

    def _where(self, belongs_to, obj) -> list[Target]:
        """Every language index of every tenant the object belongs to (by the tenancy's own rules)."""
        return [Target(tenant.site_id, language) for tenant, languages in self.items
                if belongs_to(tenant, obj) for language in languages]

    def for_contact(self, contact) -> list[Target]:
        return self._where(contact_belongs_to, contact)

    def for_page(self, page) -> list[Target]:
        return self._where(page_belongs_to, page)

    def for_resource(self, resource) -> list[Target]:
        return self._where(resource_belongs_to, resource)


def documents(kind: str, ids: Iterable[int] | None, tenants: Tenants) -> Iterator[tuple[int, Target, dict]]:
    """(object id, target, document) for every object of the kind (or those ids) in every index it belongs to."""
    if kind == CONTACT:
        texts = Texts()
        for contact in contacts_for_index(ids).iterator(chunk_size=2000):
            shared: dict = {}
            for target in tenants.for_contact(contact):
                yield contact.pk, target, contact_document(contact, target.language, texts=texts, shared=shared)
            texts.forget(contact)
    elif kind == PAGE:
        sop_of_measures = sop_numbers_by_path()
        for page in pages_for_index(ids):
            targets = tenants.for_page(page)
            if not targets:
                continue
            english_body, _, _ = _page_text(page, "en", sop_of_measures)
            english = " ".join([in_language(page, "title", "en"), english_body])
            for target in targets:
                yield page.pk, target, page_document(page, target.language, english=english, sop_of_measures=sop_of_measures)
    elif kind == DOCUMENT:
        resources = Resource.objects.select_related("collection").prefetch_related("languages")
        if ids is not None:
            resources = resources.filter(pk__in=list(ids))
        for resource in resources.iterator(chunk_size=500):
            for target in tenants.for_resource(resource):
                yield resource.pk, target, resource_document(resource, target.language)
    else:
        raise ValueError(f"unknown kind {kind!r}")
