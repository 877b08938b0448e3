"""Public monitoring pages: /<lang>/monitoring/ (matrix, summary, progress charts) and its exports."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from monitoring import exports, selectors
from monitoring.charts import level_chart
from monitoring.filters import monitoring_filters_from_query
from monitoring.models import LEVEL_SYMBOLS, Level
from monitoring.selectors import Matrix, MonitoringFilters
from portal.tenancy.params import bad_request, parameters_or_400
from portal.tenancy.sites import tenant_or_404


@dataclass(frozen=True)
class Chart:
    """One progress chart and its text alternative: the same points, as a list."""

    heading: str
    svg: SafeString
    points: list[tuple]  # (date, Level)


def _charts(matrix: Matrix, filters: MonitoringFilters) -> list[Chart]:
    """Per country for the chosen SOP, or per SOP for the chosen country; none for the whole matrix."""
    today = timezone.localdate()
    pairs = []
    if matrix.sop is not None:
        for row in matrix.rows:
            heading = _("%(country)s: SOP %(number)s") % {"country": row.country.name, "number": matrix.sop.number}
            pairs.append((heading, row.country, matrix.sop))
    elif filters.country is not None:
        for column in matrix.sops:
            heading = _("%(country)s: SOP %(number)s") % {"country": filters.country.name, "number": column.number}
            pairs.append((heading, filters.country, column))
    charts = []
    for index, (heading, country, column) in enumerate(pairs):
        points = selectors.sop_series(histories=matrix.histories, country_id=country.pk, measures=column.measures)
        svg = level_chart(points, title=heading, chart_id=f"chart-{index}", today=today)
        charts.append(Chart(heading=heading, svg=svg, points=[(day, Level(level)) for day, level in points]))
    return charts


def _querystring(filters: MonitoringFilters, **changes) -> str:
    values = {"sop": filters.sop, "level": filters.level, "country": filters.country.iso2 if filters.country else None}
    values.update(changes)
    return urlencode({key: value for key, value in values.items() if value is not None})


@require_safe
@parameters_or_400
def monitoring_overview(request):
    tenant = tenant_or_404(request)
    filters = monitoring_filters_from_query(request.GET, tenant=tenant)
    matrix = selectors.monitoring_matrix(tenant=tenant, filters=filters)
    context = {
        "filters": filters,
        "matrix": matrix,
        "summary": selectors.binding_summary(matrix),
        "charts": _charts(matrix, filters),
        "levels": [(Level(value), LEVEL_SYMBOLS[Level(value)]) for value in Level.values],
        "binding": Level.BINDING,
        "querystring": _querystring(filters),
        "overview_querystring": _querystring(filters, sop=None),
        "export_formats": list(exports.FORMATS),
    }
    return TemplateResponse(request, "monitoring/monitoring_overview.html", context)


@require_safe
@parameters_or_400
def monitoring_export(request, fmt: str):
    tenant = tenant_or_404(request)
    if fmt not in exports.FORMATS:
        return bad_request(request, message=_("Unknown export format “%(format)s”.") % {"format": fmt})
    filters = monitoring_filters_from_query(request.GET, tenant=tenant)
    content, content_type = exports.export(fmt, selectors.monitoring_matrix(tenant=tenant, filters=filters))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{tenant.short_name.lower().replace(" ", "-")}-monitoring.{fmt}"'
    return response
