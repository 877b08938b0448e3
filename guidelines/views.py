"""The referral planner: /<lang>/referral/?from=ES&to=AL&sop=4&child=1 (HTML, print view and PDF)."""
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from directory.models import SOP
from guidelines.bilingual import bilingual_checklist, checklist_languages, fallback_count, side
from guidelines.models import GuidelinesIndexPage
from guidelines.pdf import checklist_pdf, plan_pdf
from guidelines.planning import build_plan, plan_request_from_query, prefilled_countries
from portal.tenancy.params import parameters_or_400
from portal.tenancy.sites import tenant_or_404

PLAN_PARAMETERS = ("from", "to", "sop", "child")


def _plan(request):
    tenant = tenant_or_404(request)
    plan_request = plan_request_from_query(request.GET, tenant=tenant)
    index = GuidelinesIndexPage.objects.in_tenant(tenant).live().first()
    return build_plan(request=plan_request, index=index, tenant=tenant, user=request.user)


@require_safe
@parameters_or_400
def referral_planner(request):
    context = {"sops": SOP.objects.all(), "plan": None, "prefilled": {}}
    prefilled = prefilled_countries(request.GET, tenant=tenant_or_404(request))
    if prefilled is not None:
        context["prefilled"] = prefilled
    elif any(name in request.GET for name in PLAN_PARAMETERS):
        context["plan"] = _plan(request)
    return TemplateResponse(request, "guidelines/referral_planner.html", context)


@require_safe
@parameters_or_400
def referral_plan_pdf(request):
    plan = _plan(request)
    response = HttpResponse(plan_pdf(plan=plan, tenant=tenant_or_404(request)), content_type="application/pdf")
    origin, destination = plan.request.origin.iso2.lower(), plan.request.destination.iso2.lower()
    response["Content-Disposition"] = f'attachment; filename="referral-plan-{origin}-{destination}.pdf"'
    return response


def _checklist_context(request) -> dict:
    tenant = tenant_or_404(request)
    plan = _plan(request)
    left, right = checklist_languages(
        request.GET, tenant=tenant, origin=plan.request.origin, destination=plan.request.destination
    )
    sops = bilingual_checklist(plan=plan, left=left, right=right)
    left_fallbacks, right_fallbacks = fallback_count(sops)
    return {
        "plan": plan, "sops": sops, "left": side(left), "right": side(right),
        "left_fallbacks": left_fallbacks, "right_fallbacks": right_fallbacks,
        "plan_query": _plan_query(request),
    }


def _plan_query(request) -> str:
    """The plan's own parameters (without the checklist's languages), for links back and forth."""
    query = request.GET.copy()
    for name in ("left", "right"):
        query.pop(name, None)
    return query.urlencode()


@require_safe
@parameters_or_400
def referral_checklist(request):
    """/<lang>/referral/checklist/?from=LT&to=PL&sop=4&left=lt&right=pl: the plan in two languages side by side."""
    return TemplateResponse(request, "guidelines/referral_checklist.html", _checklist_context(request))


@require_safe
@parameters_or_400
def referral_checklist_pdf(request):
    context = _checklist_context(request)
    content = checklist_pdf(
        plan=context["plan"], sops=context["sops"], left=context["left"], right=context["right"], tenant=tenant_or_404(request)
    )
    response = HttpResponse(content, content_type="application/pdf")
    origin, destination = context["plan"].request.origin.iso2.lower(), context["plan"].request.destination.iso2.lower()
    response["Content-Disposition"] = (
        f'attachment; filename="referral-checklist-{origin}-{destination}-{context["left"].code}-{context["right"].code}.pdf"'
    )
    return response


@require_safe
@parameters_or_400
def referral_form(request):
    """/<lang>/referral/form/?from=LT&to=PL&sop=4: a blank referral form to print, both sides' contacts pre-filled."""
    plan = _plan(request)
    contacts = []
    for country in plan.countries:
        found = {}
        for roles in plan.contacts.get(country.pk, {}).values():
            for contact in roles.contacts:
                found.setdefault(contact.pk, (roles.role, contact))
        contacts.append((country, list(found.values())))
    return TemplateResponse(
        request, "guidelines/referral_form.html", {"plan": plan, "contacts": contacts, "plan_query": _plan_query(request)}
    )
