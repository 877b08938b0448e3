"""Filters of the resources library, read from the query string and checked."""
from django.http import QueryDict
from django.utils.translation import gettext as _
from taggit.models import Tag

from directory.models import Language
from portal.models.resources import Resource, ResourceType
from portal.tenancy.models import PortalSettings
from portal.tenancy.params import ParameterError, is_number


class ResourceFilterError(ParameterError):
    """A query parameter names something that does not exist; the message says which."""


def resource_filter_options(*, tenant: PortalSettings) -> dict:
    """The values each filter offers: only those the tenant's resources use."""
    resources = Resource.objects.in_tenant(tenant)
    types = set(resources.values_list("resource_type", flat=True))
    return {
        "type": [(value, label) for value, label in ResourceType.choices if value in types],
        "region": list(
            Tag.objects.filter(resource__in=resources).values_list("name", flat=True).distinct().order_by("name")
        ),
        "language": sorted(
            Language.objects.filter(pk__in=resources.values("languages")), key=lambda language: language.name
        ),
        "year": sorted({year for year in resources.values_list("year", flat=True) if year}, reverse=True),
    }


def resource_filters_from_query(query: QueryDict, *, tenant: PortalSettings) -> dict:
    """Validate ?type=&region=&language=&year= (each repeatable); raise ResourceFilterError naming the bad value."""
    filters: dict[str, list] = {}
    types = query.getlist("type")
    valid_types = set(ResourceType.values)
    for value in types:
        if value not in valid_types:
            raise ResourceFilterError(_("Unknown resource type “%(value)s”.") % {"value": value})
    filters["type"] = types
    regions = query.getlist("region")
    known_regions = set(Tag.objects.filter(name__in=regions).values_list("name", flat=True))
    for value in regions:
        if value not in known_regions:
            raise ResourceFilterError(_("Unknown region “%(value)s”.") % {"value": value})
    filters["region"] = regions
    languages = query.getlist("language")
    known_languages = set(Language.objects.filter(code__in=languages).values_list("code", flat=True))
    for value in languages:
        if value not in known_languages:
            raise ResourceFilterError(_("Unknown language “%(value)s”.") % {"value": value})
    filters["language"] = languages
    years = []
    for value in query.getlist("year"):
        if not is_number(value) or len(value) != 4:
            raise ResourceFilterError(_("The year must be a four-digit number, not “%(value)s”.") % {"value": value})
        years.append(int(value))
    filters["year"] = years
    return filters
