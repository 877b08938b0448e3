"""Admin report: the most frequent searches that found nothing, per tenant and language."""
import datetime

from django.db.models import Max, Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Site

from portal.tenancy.params import is_number
from search.models import ZeroResultQuery

REPORT_DAYS = 90
REPORT_ROWS = 100


def zero_result_queries(request):
    sites = list(Site.objects.order_by("hostname"))
    site_id = request.GET.get("site", "")
    language = request.GET.get("language", "")
    since = timezone.localdate() - datetime.timedelta(days=REPORT_DAYS)
    rows = ZeroResultQuery.objects.filter(day__gte=since)
    if is_number(site_id):
        rows = rows.filter(site_id=int(site_id))
    if language:
        rows = rows.filter(language=language)
    rows = (
        rows.values("site__hostname", "language", "query")
        .annotate(total=Sum("count"), last_seen=Max("day"))
        .order_by("-total", "query")[:REPORT_ROWS]
    )
    languages = ZeroResultQuery.objects.order_by("language").values_list("language", flat=True).distinct()
    return TemplateResponse(request, "search/admin/zero_results.html", {
        "rows": rows, "sites": sites, "site_id": site_id, "language": language, "languages": list(languages),
        "days": REPORT_DAYS,
    })
