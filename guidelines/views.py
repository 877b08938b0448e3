"""The referral planner: /<lang>/referral/?from=ES&to=AL&sop=4&child=1 (HTML, print view and PDF)."""
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from directory.models import SOP
from guidelines.models import GuidelinesIndexPage
from guidelines.pdf import plan_pdf
from guidelines.planning import PlanError, build_plan, plan_request_from_query
from portal.views import bad_request

PLAN_PARAMETERS = ("from", "to", "sop", "child")


def _guidelines_index(request):
    site = getattr(request, "site", None)
    if site is None:
        return None
    return GuidelinesIndexPage.objects.descendant_of(site.root_page).live().first()


def _plan(request):
    plan_request = plan_request_from_query(request.GET, tenant=request.tenant)
    return build_plan(request=plan_request, index=_guidelines_index(request), tenant=request.tenant, user=request.user)


@require_GET
def referral_planner(request):
    context = {"sops": SOP.objects.all(), "plan": None}
    if any(name in request.GET for name in PLAN_PARAMETERS):
        try:
            context["plan"] = _plan(request)
        except PlanError as error:
            return bad_request(request, message=str(error))
    return TemplateResponse(request, "guidelines/referral_planner.html", context)


@require_GET
def referral_plan_pdf(request):
    try:
        plan = _plan(request)
    except PlanError as error:
        return bad_request(request, message=str(error))
    response = HttpResponse(plan_pdf(plan=plan, tenant=request.tenant), content_type="application/pdf")
    origin, destination = plan.request.origin.iso2.lower(), plan.request.destination.iso2.lower()
    response["Content-Disposition"] = f'attachment; filename="referral-plan-{origin}-{destination}.pdf"'
    return response
