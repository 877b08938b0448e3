"""/<lang>/search/ (results of every type with facets) and /<lang>/search/suggest/ (autocomplete, JSON)."""
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.functional import empty
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.facets import FacetOption, facet_options
from directory.filters import MAX_QUERY_LENGTH
from portal.tenancy.fragments import when_rendered
from portal.tenancy.params import ParameterError, parameters_or_400, refuse_control_characters
from portal.tenancy.sites import tenant_or_404
from search import service
from search.documents import KINDS
from search.query import search_request_from_query

KIND_LABELS = {"page": gettext_lazy("Pages"), "contact": gettext_lazy("Contacts"), "document": gettext_lazy("Documents")}
SUGGEST_MIN_LENGTH = 2


def search_facets(outcome, tenant) -> dict[str, list[FacetOption]]:
    """Labelled options with their counts: those with results, and any the visitor selected."""
    request, counts = outcome.request, outcome.facets
    selected = {
        "country": set(request.countries), "role": set(request.roles),
        "sop": {str(number) for number in request.filters.sops}, "language": set(request.filters.languages),
    }
    kinds = counts.get("type", {})
    return {
        "type": [FacetOption(kind, str(KIND_LABELS[kind]), kinds.get(kind, 0), kind in request.kinds)
                 for kind in KINDS if kinds.get(kind) or kind in request.kinds],
        **facet_options(counts, tenant=tenant, selected=selected),
    }


@require_safe
@parameters_or_400
def search_page(request):
    tenant = tenant_or_404(request)
    search_request = search_request_from_query(request.GET, tenant=tenant)
    context = {"search_request": search_request, "outcome": None, "facets": {}, "results_fragment": ""}
    outcome = None
    if search_request.q:
        # The results of a query are kept in the cache until the content or the index changes
        # (portal.tenancy.fragments): a query asked again runs no search until then.
        outcome = when_rendered(service.search, search_request, tenant=tenant, user=request.user,
                                language=get_language(), http_request=request)
        context.update(
            outcome=outcome,
            facets=when_rendered(lambda: search_facets(outcome, tenant)),
            previous_query=search_request.querystring(page=search_request.page - 1),
            next_query=search_request.querystring(page=search_request.page + 1),
            results_fragment="search-results",
            # Not kept: an answer of the simpler search while the search cluster is down (the full one
            # answers once it is back), nor one that found nothing (each such search is counted, for editors).
            results_not_kept=when_rendered(lambda: outcome.fell_back or not outcome.total),
        )
    response = TemplateResponse(request, "search/search.html", context)

    def degraded(response):
        if outcome is not None and outcome._wrapped is not empty and outcome.fell_back:
            response["Cache-Control"] = "no-store"  # do not keep the degraded answer once the search cluster is back

    response.add_post_render_callback(degraded)
    return response


@require_safe
def suggest(request):
    """{"suggestions": [...]} titles completing ?q= (at least two characters)."""
    tenant = tenant_or_404(request)
    try:
        refuse_control_characters(request.GET)
    except ParameterError as error:
        return JsonResponse({"error": str(error)}, status=400)
    q = " ".join(request.GET.get("q", "").split())
    if len(q) < SUGGEST_MIN_LENGTH:
        return JsonResponse({"error": _("Type at least %(min)s characters.") % {"min": SUGGEST_MIN_LENGTH}}, status=400)
    if len(q) > MAX_QUERY_LENGTH:
        return JsonResponse(
            {"error": _("The search text is too long (at most %(max)s characters).") % {"max": MAX_QUERY_LENGTH}},
            status=400,
        )
    titles = service.suggestions(q, tenant=tenant, user=request.user, language=get_language())
    return JsonResponse({"query": q, "suggestions": titles})
