"""The changes page, the digest subscription form, and the confirm and unsubscribe links."""
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from portal.tenancy.params import countries_from_query, parameters_or_400
from portal.tenancy.sites import tenant_or_404
from updates import services
from updates.forms import SubscriptionForm
from updates.models import Subscription
from updates.selectors import change_list


@require_safe
@parameters_or_400
def changes(request):
    """/<lang>/changes/?country=LT: the latest public changes, with feed links (cacheable: no form here)."""
    tenant = tenant_or_404(request)
    countries = countries_from_query(request.GET, tenant=tenant, names=("country",))
    country = countries[0] if countries else None
    items = change_list(tenant=tenant, countries=countries or None, request=request)
    return render(request, "updates/changes.html", {"tenant": tenant, "country": country, "changes": items})


@never_cache
def subscribe(request):
    """/<lang>/changes/subscribe/: choose countries, give an address, then confirm by the e-mailed link."""
    tenant = tenant_or_404(request)
    if request.method == "POST":
        form = SubscriptionForm(request.POST, tenant=tenant)
        if form.is_valid():
            services.subscription_request(
                tenant=tenant,
                email=form.cleaned_data["email"],
                countries=form.cleaned_data["countries"],
                language=request.LANGUAGE_CODE,
            )
            return redirect("updates:subscribe_sent")
        return render(request, "updates/subscribe.html", {"form": form}, status=400)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    initial = {"countries": [request.GET["country"].upper()]} if "country" in request.GET else None
    return render(request, "updates/subscribe.html", {"form": SubscriptionForm(tenant=tenant, initial=initial)})


@require_safe
def subscribe_sent(request):
    return render(request, "updates/subscribe_sent.html", {})


@never_cache
def confirm(request, token):
    """GET shows a button and POST confirms: link checkers in mail systems open links, people press buttons."""
    tenant = tenant_or_404(request)
    subscription = Subscription.objects.filter(site=tenant.site, token=token).first()
    if subscription is None:
        return render(request, "updates/link_invalid.html", {}, status=404)
    if request.method == "POST":
        subscription = services.subscription_confirm(subscription=subscription)
        return render(request, "updates/confirmed.html", {"subscription": subscription})
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return render(request, "updates/confirm.html", {"subscription": subscription})


# RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without a session or CSRF token.
# Nothing but deleting the row the secret token names can be done here.
@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET shows a button; POST (from the page or a mail program's one click) deletes the subscription."""
    tenant = tenant_or_404(request)
    if request.method == "POST":
        if not services.subscription_delete(site=tenant.site, token=token):
            return render(request, "updates/link_invalid.html", {}, status=404)
        return render(request, "updates/unsubscribed.html", {})
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    subscription = Subscription.objects.filter(site=tenant.site, token=token).first()
    if subscription is None:
        return render(request, "updates/link_invalid.html", {}, status=404)
    return render(request, "updates/unsubscribe.html", {"subscription": subscription})
