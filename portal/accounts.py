"""Log-in throttling (django-axes): the client's address behind trusted proxies, and the lockout page.

Both are named in settings (AXES_CLIENT_IP_CALLABLE, AXES_LOCKOUT_CALLABLE) and serve the
practitioners' log-in (/<lang>/login/) and the Wagtail admin's (/admin/login/) alike.
"""
import ipaddress
from functools import lru_cache

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.timesince import timeuntil


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip_address(request: HttpRequest) -> str:
    """The address of the client that sent the request, as far as trusted proxies vouch for it.

    X-Forwarded-For is written by whoever sends the request, so only its right-hand end,
    appended by our own proxies, can be believed. Walking it from the right, each address a
    trusted proxy (settings.TRUSTED_PROXIES) added is skipped; the first one that is not a
    trusted proxy is the client. A forged left part never counts, and a request that did not
    come through a trusted proxy is judged by the connection's own address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage in the chain: believe nothing further left of it
        client = hop
        if not _is_trusted(hop, networks):
            break
    return client


def login_locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """429 with a page saying, in the visitor's language, that logging in is blocked and for how long."""
    now = timezone.now()
    cool_off = get_cool_off(request)  # always set: settings refuse a cool-off of zero
    context = {"duration": timeuntil(now + cool_off, now)}
    # Rendered here: the response replaces the view's after the template-response phase.
    response = TemplateResponse(request, "portal/login_locked_out.html", context, status=429).render()
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
