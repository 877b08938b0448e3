"""Translations report for editors: per language of a tenant, how many translated texts are current, stale or missing,
and every stale one with the way to update it or to confirm it with one click.

A "text" is one translated field of one object: a page's section, a step, a national note, a profile
section, a resource's title or description, a contact's position title or availability. Counts are
made in the database (one query per kind of object, one for the stale records), so they do not grow
with the data; the list of stale translations reads only the stale objects.

Country editors see the counts and stale texts of their countries' content (profiles, notes,
contacts) and of the tenant's regional content (guidelines, resources), which they may read but
only confirm where they may edit it: confirming needs the right to edit the object (or its page).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.models import Page, get_page_models

from directory.models import Contact
from guidelines.models import MeasurePage, MeasureStep, NationalNote
from portal.frontend_cache import directory_ban, page_purge
from portal.models import CountryProfilePage, ProfileSection, Resource
from portal.reports import TenantReportMixin
from portal.tenancy import translation_state
from portal.tenancy.editors import user_can_edit_country, user_country_ids, user_is_portal_admin
from portal.tenancy.fields import has_text
from portal.tenancy.models import PortalSettings, TranslationRecord
from portal.tenancy.scoping import pages_in_tenant, tenant_collections

CONFIRM_ACTION = "portal.translation_confirmed"


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    language_name: str
    current: int
    stale: int
    missing: int


@dataclass(frozen=True)
class StaleTranslation:
    language: str
    obj: object
    field: str
    field_label: str
    english_changed_at: datetime.datetime
    edit_url: str | None  # None: the user may not edit it (nor confirm it)

    @property
    def model(self) -> str:
        return translation_state.model_label(self.obj)


def translatable_content(tenant: PortalSettings, user) -> list:
    """(model, queryset) of every kind of translated content of the tenant that the user's report covers."""
    admin = user_is_portal_admin(user)
    countries = [country.pk for country in tenant.members if admin or country.pk in user_country_ids(user)]
    kinds = []
    for model in get_page_models():
        if model is Page or not translation_state.tracked_fields(model):
            continue
        pages = pages_in_tenant(model.objects.live(), tenant)
        if model is CountryProfilePage:
            pages = pages.filter(country_id__in=countries)
        kinds.append((model, pages))
    measures = pages_in_tenant(MeasurePage.objects.live(), tenant).values("pk")
    profiles = pages_in_tenant(CountryProfilePage.objects.live(), tenant).filter(country_id__in=countries).values("pk")
    kinds += [
        (MeasureStep, MeasureStep.objects.filter(measure__in=measures)),
        (NationalNote, NationalNote.objects.filter(measure__in=measures, country_id__in=countries)),
        (ProfileSection, ProfileSection.objects.filter(page__in=profiles)),
        (Resource, Resource.objects.filter(collection__in=tenant_collections(tenant))),
        (Contact, Contact.objects.active().filter(country_id__in=countries)),
    ]
    return kinds


def language_statuses(tenant: PortalSettings, user) -> list[LanguageStatus]:
    """Per language of the tenant (English aside): current, stale and missing texts."""
    languages = [(code, name) for code, name in tenant.enabled_languages if code != settings.LANGUAGE_CODE]
    totals = {code: {"source": 0, "translated": 0, "stale": 0} for code, _name in languages}
    for model, objects in translatable_content(tenant, user):
        fields = translation_state.tracked_fields(model)
        aggregates = {}
        for index, field in enumerate(fields):
            english = has_text(field, settings.LANGUAGE_CODE)
            aggregates[f"source_{index}"] = Count("pk", filter=english)
            for code, _name in languages:
                aggregates[f"translated_{index}_{code}"] = Count("pk", filter=english & has_text(field, code))
        counts = objects.aggregate(**aggregates)
        stale = (
            TranslationRecord.objects.filter(model=translation_state.model_label(model), object_id__in=objects.values("pk"),
                                             field__in=fields, language__in=[code for code, _name in languages])
            .exclude(basis_digest=F("source_digest"))
            .values("language").annotate(count=Count("pk"))
        )
        for code, _name in languages:
            totals[code]["source"] += sum(counts[f"source_{index}"] for index in range(len(fields)))
            totals[code]["translated"] += sum(counts[f"translated_{index}_{code}"] for index in range(len(fields)))
        for row in stale:
            totals[row["language"]]["stale"] += row["count"]
    return [
        LanguageStatus(
            language=code, language_name=gettext(name),
            current=totals[code]["translated"] - totals[code]["stale"], stale=totals[code]["stale"],
            missing=totals[code]["source"] - totals[code]["translated"],
        )
        for code, name in languages
    ]


def _editable_object(obj):
    """What an editor opens to update a translation of `obj`: the object, or the page a step or section belongs to."""
    if isinstance(obj, MeasureStep):
        return obj.measure
    if isinstance(obj, ProfileSection):
        return obj.page
    return obj


def _country_id(obj) -> int | None:
    """The country whose editors edit the object (None: regional content)."""
    if isinstance(obj, ProfileSection):
        return obj.page.country_id
    return getattr(obj, "country_id", None)


def user_may_update(user, obj, finder: AdminURLFinder | None = None) -> str | None:
    """The admin URL where the user updates the object's translations, or None if they may not edit it."""
    url = (finder or AdminURLFinder(user)).get_edit_url(_editable_object(obj))
    country = _country_id(obj)
    if url is None or (country is not None and not user_can_edit_country(user, country)):
        return None
    return url


def stale_translations(tenant: PortalSettings, user, *, limit: int = 500) -> list[StaleTranslation]:
    """The stale translations of the tenant's content the user's report covers, newest English change first."""
    languages = [code for code in tenant.languages if code != settings.LANGUAGE_CODE]
    finder = AdminURLFinder(user)
    found = []
    for model, objects in translatable_content(tenant, user):
        records = list(
            TranslationRecord.objects.filter(model=translation_state.model_label(model), object_id__in=objects.values("pk"),
                                             language__in=languages)
            .exclude(basis_digest=F("source_digest")).order_by("-source_changed_at")[:limit]
        )
        if not records:
            continue
        by_pk = objects.in_bulk({record.object_id for record in records})
        for record in records:
            obj = by_pk.get(record.object_id)
            if obj is None or record.field not in translation_state.tracked_fields(model):
                continue
            label = capfirst(str(model._meta.get_field(record.field).verbose_name))
            found.append(StaleTranslation(record.language, obj, record.field, label, record.source_changed_at,
                                          user_may_update(user, obj, finder)))
    found.sort(key=lambda item: item.english_changed_at, reverse=True)
    return found[:limit]


class TranslationReportView(TenantReportMixin, ReportView):
    """Admin → Reports → Translations: current, stale and missing texts per language, and the stale ones to review."""

    page_title = _("Translations")
    header_icon = "globe"
    template_name = "portal/reports/translations.html"
    results_template_name = "portal/reports/translations_results.html"
    index_url_name = "portal_translation_report"
    index_results_url_name = "portal_translation_report_results"
    paginate_by = None
    list_export = ["language", "obj", "field_label", "english_changed_at", "edit_url"]
    export_headings = {
        "language": _("Language"), "obj": _("Content"), "field_label": _("Field"),
        "english_changed_at": _("English text changed"), "edit_url": _("Edit"),
    }

    def get_filename(self) -> str:
        return f"stale-translations-{self.tenant.site.hostname}"

    def get_queryset(self):
        return stale_translations(self.tenant, self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = language_statuses(self.tenant, self.request.user)
        return context


def _object_of_record(model_label: str, pk: str):
    """The object a confirm request names, from the models translation_state tracks only."""
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not translation_state.tracked_fields(model) or not str(pk).isdigit():
        raise Http404
    obj = model._default_manager.filter(pk=int(pk)).first()
    if obj is None:
        raise Http404
    return obj.specific if isinstance(obj, Page) else obj


@require_POST
def confirm_translation_view(request):
    """One click: "the translation still says what the English text says". Needs the right to edit the object."""
    obj = _object_of_record(request.POST.get("model", ""), request.POST.get("pk", ""))
    field, language = request.POST.get("field", ""), request.POST.get("language", "")
    if field not in translation_state.tracked_fields(type(obj)) or language not in dict(settings.LANGUAGES):
        raise Http404
    if user_may_update(request.user, obj) is None:
        raise PermissionDenied
    if translation_state.confirm_translation(obj, field, language, user=request.user):
        target = _editable_object(obj)
        log(instance=target, action=CONFIRM_ACTION, user=request.user,
            data={"model": translation_state.model_label(obj), "pk": obj.pk, "field": field, "language": language})
        # Anonymous readers get the page from the shared cache: without its notice from now on.
        if isinstance(target, Page):
            page_purge(target)
        else:
            directory_ban(country_id=_country_id(obj))
        messages.success(request, gettext("Translation confirmed as still right."))
    else:
        messages.info(request, gettext("This translation was not out of date."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    return HttpResponseRedirect(target)
