"""/<lang>/handbook.pdf (?country=LT): the handbook edition, or "being prepared" at once."""
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from handbook.editions import edition_get_or_queue
from portal.tenancy.params import countries_from_query, parameters_or_400
from portal.tenancy.sites import tenant_or_404

RETRY_AFTER_SECONDS = 30


@require_safe
@parameters_or_400
def handbook_pdf(request):
    tenant = tenant_or_404(request)
    countries = countries_from_query(request.GET, tenant=tenant, names=("country",))
    country = countries[0] if countries else None
    path = edition_get_or_queue(tenant=tenant, language=request.LANGUAGE_CODE, country=country)
    if path is None:
        response = render(request, "handbook/preparing.html", {"country": country}, status=202)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    filename = f"trm-handbook-{tenant.short_name or 'portal'}-{request.LANGUAGE_CODE}"
    filename += f"-{country.iso2.lower()}.pdf" if country else ".pdf"
    return FileResponse(
        default_storage.open(path, "rb"), content_type="application/pdf", filename=filename.lower().replace(" ", "-")
    )
