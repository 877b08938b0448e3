"""Query parameters, read in one place: numbers, SOPs and countries checked the same way everywhere.

A parameter a page cannot use raises ParameterError with a message naming it; the page
answers 400 with that message (`parameters_or_400`), never 500 and never a silent empty
list, so a shared link with a typo tells its reader what to fix.
"""
from __future__ import annotations

import functools
import re

from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.tenancy.models import Country

SOP_COUNT = 5  # the five SOPs of a TRM; fixed by the TRM model, not by data
# ASCII digits only: str.isdigit() accepts "²" or "٣", which int() refuses or reads as another number.
_DIGITS = re.compile(r"[0-9]{1,9}")


class ParameterError(ValueError):
    """A query parameter this page cannot use; the message says which and why (answered with 400)."""


def refuse_control_characters(query: QueryDict) -> None:
    """NUL and other control characters never belong in a parameter (PostgreSQL refuses NUL outright)."""
    for key, values in query.lists():
        for value in values:
            if any(ord(character) < 32 for character in value):
                raise ParameterError(
                    _("The parameter “%(name)s” contains a control character, which is not allowed.") % {"name": key}
                )


def is_number(value: str) -> bool:
    """Whether the text is a whole number written in ASCII digits (at most nine)."""
    return bool(_DIGITS.fullmatch(value))


def sop_number(value: str) -> int:
    """An SOP number from 1 to 5; ParameterError otherwise."""
    if not is_number(value) or not 1 <= int(value) <= SOP_COUNT:
        raise ParameterError(_("The SOP must be a number from 1 to 5, not “%(value)s”.") % {"value": value})
    return int(value)


def member_country(tenant, code: str, *, name: str = "") -> Country:
    """The tenant's member country with this ISO code; ParameterError naming the parameter and the choices otherwise."""
    country = tenant.member(code.strip())
    if country is None:
        codes = ", ".join(sorted(tenant.member_codes))
        if name:
            raise ParameterError(
                _("Unknown country “%(code)s” for “%(name)s”: this portal's countries are %(codes)s.")
                % {"code": code, "name": name, "codes": codes}
            )
        raise ParameterError(
            _("Unknown country “%(code)s”: this portal's countries are %(codes)s.") % {"code": code, "codes": codes}
        )
    return country


def countries_from_query(query: QueryDict, *, tenant, names: tuple[str, ...]) -> list[Country]:
    """The member countries named by these parameters (each optional, one value each), without repeats."""
    countries = []
    for name in names:
        value = query.get(name, "").strip()
        if value:
            country = member_country(tenant, value, name=name)
            if country not in countries:
                countries.append(country)
    return countries


def paginate(items, page_number, *, per_page: int) -> PaginatorPage:
    """The page of items; a missing, non-numeric or out-of-range page number gives the nearest page."""
    return Paginator(items, per_page).get_page(page_number)


def bad_request(request, exception=None, *, message: str = ""):
    """400 with a message saying what was wrong, in the tenant's look.

    A request Django refused as suspicious (an unknown Host header) belongs to no tenant, so
    it gets a plain answer: rendering the tenant's look would ask for the host again.
    """
    if isinstance(exception, SuspiciousOperation):
        return HttpResponseBadRequest("Bad request: unknown host or malformed request.", content_type="text/plain")
    return TemplateResponse(request, "400.html", {"message": message}, status=400)


def parameters_or_400(view):
    """Decorate a view (or, with method_decorator, a page's serve) so that a ParameterError answers 400."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ParameterError as error:
            return bad_request(request, message=str(error))

    return wrapper
