"""The directory API's own class: tokens, the caching rule of answers that depend on who asks, and an
OpenAPI document that names the values each portal accepts (its countries, its languages).

The endpoints are in directory/api.py.
"""
from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from directory.filters import MAX_QUERY_LENGTH
from directory.models import SOP, ActorRole, Language


class TokenAuth(BearerTokenAuth):
    """Wagtail's API tokens, where a token that is presented but unknown or revoked is a 401.

    Wagtail's BearerTokenAuth answers None for a bad token, and the next callback
    (AllowAnonymous) would then serve the request anonymously: a client with a mistyped or
    revoked token would silently get fewer contacts instead of an error it can act on.
    """

    def authenticate(self, request: HttpRequest, token: str):
        api_token = super().authenticate(request, token)
        if api_token is None:
            raise AuthenticationError(message=_("The API token is unknown, revoked or belongs to an inactive user."))
        return api_token


class DirectoryAPI(NinjaAPI):
    """NinjaAPI with the caching rule of answers that depend on who asks, and a clean OpenAPI security section."""

    def create_response(self, request: HttpRequest, data: Any, *, status: int | None = None,
                        temporal_response: HttpResponse | None = None) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        # Practitioners see more contacts than anonymous callers: a shared cache must never
        # hand one caller's answer to another. Anonymous answers stay publicly cacheable
        # (portal.middleware.AnonymousCacheMiddleware), keyed on the credentials they lacked.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        """Anonymous access as OpenAPI spells it: an empty security requirement, not a scheme without a type.

        ninja would publish AllowAnonymous as `{"type": "http"}` without a `scheme`, which is
        not valid OpenAPI; `{}` in an operation's `security` is the standard "no credentials".
        """
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        tenant = getattr(_schema_request.get(), "tenant", None)
        if tenant is not None:
            _enumerate_parameters(schema, allowed_values(tenant),
                                  {name: describe(tenant) for name, describe in _PARAMETER_SCHEMAS.items()})
        name = AllowAnonymous.__name__
        schema.get("components", {}).get("securitySchemes", {}).pop(name, None)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if "security" in operation:
                    operation["security"] = [{} if name in requirement else requirement
                                             for requirement in operation["security"]]
        return schema


# The request the OpenAPI document is built for: its values (member countries, languages) are the tenant's.
_schema_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("openapi_request", default=None)


def remember_request(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _schema_request.set(request)
        try:
            return view(request, *args, **kwargs)
        finally:
            _schema_request.reset(token)

    return wrapper


# Parameters of endpoints that other apps add to this API (at the wiring level), described by those apps
# at start-up: name -> a function of the tenant giving the string schema's keywords ({"enum": [...]}).
# A port, like directory.ranking: the directory never imports the apps above it.
_PARAMETER_SCHEMAS: dict[str, Callable[[Any], dict]] = {}


def describe_parameter(name: str, schema_for_tenant: Callable[[Any], dict]) -> None:
    """Say what values a parameter of another app's endpoint accepts (called from that app's ready())."""
    _PARAMETER_SCHEMAS[name] = schema_for_tenant


def allowed_values(tenant) -> dict[str, list[str]]:
    """The values each enumerable parameter accepts on this tenant's host."""
    return {
        "country": sorted(tenant.member_codes),
        "role": list(ActorRole.objects.values_list("slug", flat=True)),
        "sop": [str(sop.number) for sop in SOP.objects.all()],
        "language": list(Language.objects.order_by("code").values_list("code", flat=True)),
        "lang": list(tenant.languages or []),
    }


def _string_schemas(schema: dict):
    """The string schemas a parameter's schema holds (itself, its array items, its anyOf branches)."""
    if schema.get("type") == "string":
        yield schema
    if isinstance(schema.get("items"), dict):
        yield from _string_schemas(schema["items"])
    for branch in schema.get("anyOf", []):
        yield from _string_schemas(branch)


def _enumerate_parameters(schema: dict, allowed: dict[str, list[str]], described: dict[str, dict] | None = None) -> None:
    """Name the accepted values in the document, so a client (or a schema-driven tester) can know them."""
    described = described or {}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                for string in _string_schemas(parameter.get("schema", {})):
                    if parameter["name"] in allowed:
                        string["enum"] = allowed[parameter["name"]]
                    elif parameter["name"] in described:
                        string.update(described[parameter["name"]])
                    elif parameter["name"] == "q":
                        string.update(maxLength=MAX_QUERY_LENGTH, pattern="^[^\\x00-\\x1f]*$")
