"""The referral planner: /<lang>/referral/?from=ES&to=AL&sop=4&child=1 (HTML, print view and PDF)."""
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from directory.models import SOP
from guidelines.models import GuidelinesIndexPage
from guidelines.pdf import plan_pdf
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
