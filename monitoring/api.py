"""/api/v1/monitoring: implementation statuses of this portal as JSON, filtered like the monitoring page.

A router of its own, added to the portal's API at the wiring level (portal/urls.py), so the
directory's API knows nothing of monitoring. Every answer is scoped to the request's tenant.
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from monitoring import selectors
from monitoring.filters import iso_date, level_number
from monitoring.models import Level
from portal.tenancy.fields import translated_value
from portal.tenancy.params import ParameterError, member_country, sop_number
from portal.tenancy.sites import tenant_or_404

router = Router(tags=["monitoring"])

LEVELS = ", ".join(f"{level.value} = {level.label}" for level in Level)


class ErrorOut(Schema):
    detail: str = Field(description="What was wrong, in words a person can act on.")


class StatusOut(Schema):
    country: str = Field(description="ISO 3166-1 alpha-2 code of the member country (Kosovo: XK).")
    sop: int = Field(description="Number of the SOP the measure belongs to, see /sops.")
    measure: str = Field(description="The measure's slug (its address under the SOP).")
    measure_number: int
    measure_title: str
    measure_url: str = Field(description="The measure's public page.")
    level: int = Field(description=f"Level on the ordered scale: {LEVELS}.")
    level_name: str
    level_since: datetime.date = Field(description="The date this level took effect.")
    basis_title: str = Field(description="Title of the legal or policy basis.")
    basis_date: datetime.date | None
    basis_url: str | None = Field(description="A link to the basis: its web address or its document in the resources library.")
    differences: str = Field(description="What differs from the TRM measure in this country.")
    notes: str = Field(description="Notes for practitioners.")
    reviewed_on: datetime.date | None


def _language(tenant, lang: str | None) -> str:
    if not lang:
        return settings.LANGUAGE_CODE
    if not tenant.is_language_enabled(lang.lower()):
        raise ParameterError(
            _("Unknown language “%(code)s”: this portal's languages are %(codes)s.")
            % {"code": lang, "codes": ", ".join(tenant.languages or [])}
        )
    return lang.lower()


def _text(status, field: str) -> str:
    return translated_value(status, field).value


@router.get("", response={200: list[StatusOut], 400: ErrorOut, 404: ErrorOut}, summary="Implementation statuses",
            url_name="monitoring")
def monitoring_list(
    request: HttpRequest,
    country: str = Query(None, description="ISO 3166-1 alpha-2 code of a member country."),
    sop: str = Query(None, description="SOP number from 1 to 5."),
    measure: str = Query(None, description="A measure's slug (see `measure` in the answers)."),
    level: str = Query(None, description=f"Only statuses at this level: {LEVELS}."),
    as_of: str = Query(None, description="A date (YYYY-MM-DD): each status's level as it stood that day, from its history; "
                                         "statuses with no level yet on that day are left out."),
    lang: str = Query(None, description="Language of titles and texts: one of this portal's languages (default: English)."),
):
    """Where each member country stands on each measure of this portal's TRM, and since when."""
    tenant = tenant_or_404(request)
    try:
        language = _language(tenant, lang)
        chosen_country = member_country(tenant, country, name="country") if country else None
        chosen_sop = sop_number(sop) if sop else None
        chosen_level = level_number(level) if level else None
        day = iso_date(as_of, name="as_of") if as_of else None
    except ParameterError as error:
        raise HttpError(400, str(error)) from error
    with translation.override(language):
        columns = selectors.sop_columns(tenant=tenant)
        if measure and measure not in {page.slug for column in columns for page in column.measures}:
            raise HttpError(400, _("Unknown measure “%(slug)s”.") % {"slug": measure})
        # A measure of another SOP than the one asked for is no error: the two filters just match nothing.
        measures = {page.pk: (column.number, page) for column in columns for page in column.measures
                    if (chosen_sop is None or column.number == chosen_sop) and (not measure or page.slug == measure)}
        statuses = selectors.status_list(
            tenant=tenant, country_ids=[chosen_country.pk] if chosen_country else None, measure_ids=list(measures),
            level=chosen_level, as_of=day,
        )
        results = []
        for status, current, since in statuses:
            number, page = measures[status.measure_id]
            basis_url = status.basis_url or (
                request.build_absolute_uri(status.basis_document.url) if status.basis_document_id else None
            )
            results.append({
                "country": status.country.iso2, "sop": number, "measure": page.slug, "measure_number": page.number,
                "measure_title": page.title, "measure_url": request.build_absolute_uri(page.get_url(request) or ""),
                "level": current, "level_name": str(Level(current).label), "level_since": since,
                "basis_title": _text(status, "basis_title"), "basis_date": status.basis_date, "basis_url": basis_url,
                "differences": _text(status, "differences"), "notes": _text(status, "notes"), "reviewed_on": status.reviewed_on,
            })
    return results
