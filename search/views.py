"""/<lang>/search/ (results of every type with facets) and /<lang>/search/suggest/ (autocomplete, JSON)."""
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from directory.filters import MAX_QUERY_LENGTH, DirectoryFilterError, refuse_control_characters
from directory.models import SOP, ActorRole, Language
from directory.selectors import FacetOption
from portal.tenancy import tenant_or_404
from portal.views import bad_request
from search import service
from search.documents import KINDS
from search.query import SearchRequestError, search_request_from_query

KIND_LABELS = {"page": gettext_lazy("Pages"), "contact": gettext_lazy("Contacts"), "document": gettext_lazy("Documents")}
SUGGEST_MIN_LENGTH = 2


def facet_options(outcome, tenant) -> dict[str, list[FacetOption]]:
    """Labelled options with their counts: those with results, and any the visitor selected."""
    request, counts = outcome.request, outcome.facets

    def options(name, candidates, selected):
        found = counts.get(name, {})
        return [FacetOption(value, str(label), found.get(value, 0), value in selected)
                for value, label in candidates if found.get(value) or value in selected]

    languages = sorted(set(counts.get("language", {})) | set(request.filters.languages))
    return {
        "type": options("type", [(kind, KIND_LABELS[kind]) for kind in KINDS], set(request.kinds)),
        "country": options("country", [(c.iso2, c.name) for c in tenant.members], set(request.countries)),
        "role": options("role", [(r.slug, r.name) for r in ActorRole.objects.all()], set(request.roles)),
        "sop": options("sop", [(str(s.number), str(s)) for s in SOP.objects.all()], {str(n) for n in request.filters.sops}),
        "language": sorted(options("language", [(code, Language(code=code).name) for code in languages],
                                   set(request.filters.languages)), key=lambda option: option.label),
    }


@require_GET
def search_page(request):
    tenant = tenant_or_404(request)
    try:
        search_request = search_request_from_query(request.GET, tenant=tenant)
    except SearchRequestError as error:
        return bad_request(request, message=str(error))
    context = {"search_request": search_request, "outcome": None, "facets": {}}
    if search_request.q:
        outcome = service.search(search_request, tenant=tenant, user=request.user, language=get_language(),
                                 http_request=request)
        context.update(
            outcome=outcome,
            facets=facet_options(outcome, tenant),
            previous_query=search_request.querystring(page=search_request.page - 1),
            next_query=search_request.querystring(page=search_request.page + 1),
        )
    response = TemplateResponse(request, "search/search.html", context)
    if context["outcome"] is not None and context["outcome"].fell_back:
        response["Cache-Control"] = "no-store"  # do not keep the degraded answer once the search cluster is back
    return response


@require_GET
def suggest(request):
    """{"suggestions": [...]} titles completing ?q= (at least two characters)."""
    tenant = tenant_or_404(request)
    try:
        refuse_control_characters(request.GET)
    except DirectoryFilterError as error:
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
