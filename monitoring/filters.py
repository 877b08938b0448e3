"""The monitoring page's parameters (?sop=4&level=3&country=LT), read once for the page, the exports and the API."""
from __future__ import annotations

import datetime
import re

from django.http import QueryDict
from django.utils.translation import gettext as _

from monitoring.models import Level
from monitoring.selectors import MonitoringFilters
from portal.tenancy.params import ParameterError, is_number, member_country, refuse_control_characters, sop_number

# ASCII digits only (fromisoformat also takes "20240101" and other forms a shared link should not rely on).
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def level_number(value: str) -> int:
    """A level of the scale by its number; ParameterError naming the accepted numbers otherwise."""
    if not is_number(value) or int(value) not in Level.values:
        raise ParameterError(
            _("The level must be a number from %(low)s to %(high)s, not “%(value)s”.")
            % {"low": min(Level.values), "high": max(Level.values), "value": value}
        )
    return int(value)


def iso_date(value: str, *, name: str) -> datetime.date:
    """A date written YYYY-MM-DD; ParameterError naming the parameter otherwise."""
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ParameterError(
            _("The parameter “%(name)s” must be a date written YYYY-MM-DD, not “%(value)s”.") % {"name": name, "value": value}
        )


def _single(query: QueryDict, name: str) -> str:
    values = [value.strip() for value in query.getlist(name) if value.strip()]
    if len(values) > 1:
        raise ParameterError(_("The parameter “%(name)s” may be given once only.") % {"name": name})
    return values[0] if values else ""


def monitoring_filters_from_query(query: QueryDict, *, tenant) -> MonitoringFilters:
    """The filters of the monitoring page and its exports; ParameterError (a 400) for a value that cannot be used."""
    refuse_control_characters(query)
    sop, level, country = _single(query, "sop"), _single(query, "level"), _single(query, "country")
    return MonitoringFilters(
        sop=sop_number(sop) if sop else None,
        level=level_number(level) if level else None,
        country=member_country(tenant, country, name="country") if country else None,
    )
