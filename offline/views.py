"""The web app manifest, its icons, the service worker, and the list of a country's offline addresses."""
from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from offline.selectors import offline_urls
from portal.tenancy.params import member_country, parameters_or_400
from portal.tenancy.sites import tenant_or_404

SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "offline" / "sw.js"
ICON_FONT = Path(settings.BASE_DIR) / "directory" / "fonts" / "DejaVuSans-Bold.ttf"
ICON_SIZES = (192, 512)


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request):
    """The tenant's installable app: its name, colour and icons; opens on its home page."""
    tenant = tenant_or_404(request)
    language = tenant.default_language or settings.LANGUAGE_CODE
    data = {
        "name": tenant.name,
        "short_name": tenant.short_name or tenant.name,
        "lang": language,
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": tenant.accent_colour,
        "icons": [
            {"src": f"/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in ICON_SIZES
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_safe
@cache_control(public=True, max_age=86400)
def icon(request, size: int):
    """The tenant's short name on its accent colour, drawn at the size asked for (192 or 512)."""
    tenant = tenant_or_404(request)
    if size not in ICON_SIZES:
        return HttpResponse(status=404)
    image = Image.new("RGB", (size, size), tenant.accent_colour)
    draw = ImageDraw.Draw(image)
    label = (tenant.short_name or tenant.name)[:4]
    font = ImageFont.truetype(str(ICON_FONT), size // (2 + len(label) // 2))
    draw.text((size / 2, size / 2), label, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return HttpResponse(buffer.getvalue(), content_type="image/png")


@require_safe
def service_worker(request):
    """The service worker, from the site's root so its scope is the whole portal; always revalidated."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
@parameters_or_400
def offline_list(request, code: str):
    """/<lang>/offline/<iso2>.json (?personal=1): the addresses of one country's offline copy, in this language."""
    tenant = tenant_or_404(request)
    country = member_country(tenant, code, name="country")
    personal = request.GET.get("personal") == "1" and request.user.is_authenticated
    urls = offline_urls(tenant=tenant, country=country, user=request.user, personal=personal, request=request)
    response = JsonResponse({"country": country.iso2, "personal": personal, "urls": urls})
    if personal:
        patch_cache_control(response, private=True, no_store=True)
    return response
