"""The directory's read-only JSON API (django-ninja), mounted at /api/v1/ with its OpenAPI at /api/v1/openapi.json.

Every answer is scoped to the request's tenant, and contacts are read only through
`directory.selectors`, so the visibility rule (practitioners-only contacts for practitioners)
and the tenant scope live in one place for the page, the exports and this API alike.

Callers are anonymous (public contacts only), or authenticate with a Wagtail API token
(`Authorization: Bearer wagtail_...`, created in the admin or with `manage.py api_tokens`) or
with the portal's login session.
"""
from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth
from wagtail.api.v3.auth import AllowAnonymous

from directory import selectors
from directory.filters import MAX_QUERY_LENGTH, directory_filters_from_query
from directory.models import SOP, ActorRole, Contact, OrganisationType, Visibility
from directory.openapi import DirectoryAPI, TokenAuth, remember_request
from portal.tenancy.params import ParameterError
from portal.tenancy.sites import NoTenant, tenant_or_404

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Contact ids are 64-bit (BigAutoField); a larger number cannot name a contact, and passing
# it to the database would fail there (SQLite and PostgreSQL both refuse it) instead of 404.
MAX_CONTACT_ID = 2**63 - 1

api = DirectoryAPI(
    title="TRM Portal directory API",
    version="1.0.0",
    description=(
        "Read-only access to the contact directory of this portal: officials and services by "
        "country, role and SOP (standard operating procedure) of the Transnational Referral "
        "Mechanism.\n\n"
        "Anonymous callers see public contacts only. Practitioners see practitioners-only "
        "contacts too when they send a Wagtail API token (`Authorization: Bearer wagtail_...`, "
        "created in the admin) or call from a browser where they are logged in. An invalid "
        "token answers 401.\n\n"
        "Names are in English unless `lang` names another language of this portal."
    ),
    openapi_url="/openapi.json",
    # ninja's Swagger page loads its scripts from a CDN unless "ninja" is an installed app,
    # and the portal's CSP (rightly) blocks them: no page rather than one that stays blank.
    docs_url=None,
    docs_decorator=remember_request,
    urls_namespace="api-v1",
    # Order matters: a bearer token wins over a session, and AllowAnonymous comes last
    # because it resets request.user to anonymous.
    auth=[TokenAuth(), SessionAuth(), AllowAnonymous()],
)


def _in_english(view):
    """Every answer in English unless `lang` asks otherwise, whatever the caller's Accept-Language.

    API clients are programs: the same URL gives the same answer, which also keeps the
    public cache of anonymous answers correct (it does not vary on Accept-Language).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return wrapper


api.add_decorator(_in_english, mode="view")


# --- schemas ------------------------------------------------------------------------------

class ErrorOut(Schema):
    detail: str = Field(description="What was wrong, in words a person can act on.")


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


class OrganisationOut(Schema):
    name: str
    type: OrganisationType


class PhoneOut(Schema):
    number: str = Field(description="E.164, e.g. +37052718201")
    label: str
    is_24_7: bool = Field(description="Answered around the clock.")


class ContactOut(Schema):
    id: int
    url: str = Field(description="The contact's public page.")
    position_title: str
    person_name: str | None = Field(description="Empty for function mailboxes, which are preferred.")
    organisation: OrganisationOut
    country: str = Field(description="ISO 3166-1 alpha-2 code of the country of competence (Kosovo: XK).")
    located_in: str | None = Field(description="For offices abroad: ISO 3166-1 alpha-2 code of where the office is.")
    role: str = Field(description="Role slug, see /roles.")
    sops: list[int] = Field(description="Numbers of the SOPs the contact works in, see /sops.")
    languages: list[str] = Field(description="ISO 639-1 codes of the languages spoken.")
    emails: list[str]
    phones: list[PhoneOut]
    availability: str
    visibility: Visibility
    last_verified_on: datetime.date | None
    is_overdue: bool = Field(
        description="Never verified, or the last verification is older than this portal's review interval."
    )


class ContactPageOut(Schema):
    count: int = Field(description="Contacts matching the filters, on all pages.")
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    results: list[ContactOut]


class CountryOut(Schema):
    iso2: str
    name: str


class RoleOut(Schema):
    slug: str
    name: str
    description: str


class SOPOut(Schema):
    number: int
    slug: str
    title: str


ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

LANG_DESCRIPTION = "Language of names and titles: one of this portal's languages (default: English)."


# --- errors -------------------------------------------------------------------------------

@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with one readable sentence (like our 400s) and the per-parameter details."""
    errors = [
        {"loc": [str(part) if not isinstance(part, int) else part for part in error.get("loc", ())],
         "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        for error in exc.errors
    ]
    detail = "; ".join(
        "{}: {}".format(".".join(str(part) for part in error["loc"][1:] or error["loc"]), error["msg"]) for error in errors
    )
    message = _("Invalid parameters: %(errors)s") % {"errors": detail}
    return api.create_response(request, {"detail": message, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
    # RFC 6750 §3: a 401 names the scheme and the reason, so clients know to renew the token.
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


# --- helpers ------------------------------------------------------------------------------

@api.exception_handler(NoTenant)
def no_tenant(request: HttpRequest, exc: NoTenant) -> HttpResponse:
    """A host that is no portal's: 404 with the reason, as JSON like every answer of the API."""
    return api.create_response(request, {"detail": str(exc)}, status=404)


def _language(tenant, lang: str | None) -> str:
    """The requested language if the portal has it; English by default (always enabled)."""
    if not lang:
        return settings.LANGUAGE_CODE
    code = lang.lower()
    if not tenant.is_language_enabled(code):
        raise HttpError(
            400,
            _("Unknown language “%(code)s”: this portal's languages are %(codes)s.")
            % {"code": lang, "codes": ", ".join(tenant.languages or [])},
        )
    return code


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")


def _contact_out(contact: Contact, *, request: HttpRequest) -> dict:
    """One contact as the API shows it, from the prefetched relations only (no query per contact)."""
    return {
        "id": contact.pk,
        "url": request.build_absolute_uri(reverse("directory:contact", kwargs={"pk": contact.pk})),
        "position_title": contact.position_title,
        "person_name": contact.person_name or None,
        "organisation": {"name": contact.organisation.name, "type": contact.organisation.organisation_type},
        "country": contact.country.iso2,
        "located_in": contact.located_in.iso2 if contact.located_in_id else None,
        "role": contact.role.slug,
        "sops": [sop.number for sop in contact.sops.all()],
        "languages": [language.code for language in contact.languages.all()],
        "emails": [email for email in (contact.email, contact.alternative_email) if email],
        "phones": [
            {"number": phone.number.as_e164, "label": phone.label, "is_24_7": phone.is_24_7}
            for phone in contact.phones.all()
        ],
        "availability": contact.availability,
        "visibility": contact.visibility,
        "last_verified_on": contact.last_verified_on,
        # Annotated by the selectors with this portal's review interval, as on the pages.
        "is_overdue": contact.is_overdue,
    }


# --- endpoints ----------------------------------------------------------------------------

@api.get("/contacts", response={200: ContactPageOut, **ERRORS}, tags=["contacts"], summary="List contacts")
def contact_list(
    request: HttpRequest,
    country: list[str] = Query(None, description="ISO 3166-1 alpha-2 code of a member country; repeat for several."),
    role: list[str] = Query(None, description="Role slug (see /roles); repeat for several."),
    sop: list[str] = Query(None, description="SOP number from 1 to 5; repeat for several."),
    language: list[str] = Query(None, description="ISO 639-1 code of a language spoken; repeat for several."),
    q: str = Query(
        None, description=f"Free text in names, organisations and positions (at most {MAX_QUERY_LENGTH} characters)."
    ),
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    lang: str = Query(None, description=LANG_DESCRIPTION),
):
    """Contacts of this portal's member countries, filtered like the directory page.

    Filters combine with AND; a repeated filter matches any of its values (OR). Contacts are
    grouped by country, then ordered by role and position.
    """
    tenant = tenant_or_404(request)
    with translation.override(_language(tenant, lang)):
        try:
            # The declared parameters above document the API; the filter values are read
            # from the query string by the same parser as the directory page's.
            filters = directory_filters_from_query(request.GET, tenant=tenant)
        except ParameterError as error:
            raise HttpError(400, str(error)) from error
        contacts = selectors.contact_list(tenant=tenant, user=request.user, filters=filters)
        paginator = Paginator(contacts, page_size)
        if page > paginator.num_pages:
            raise HttpError(
                404,
                _("There is no page %(page)s: the last page is %(last)s.") % {"page": page, "last": paginator.num_pages},
            )
        page_obj = paginator.page(page)
        results = [_contact_out(contact, request=request) for contact in page_obj]
    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": _page_url(request, page + 1) if page_obj.has_next() else None,
        "previous": _page_url(request, page - 1) if page_obj.has_previous() else None,
        "results": results,
    }


@api.get("/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, tags=["contacts"], summary="One contact")
def contact_detail(
    request: HttpRequest,
    contact_id: int = Path(..., ge=1, le=MAX_CONTACT_ID),
    lang: str = Query(None, description=LANG_DESCRIPTION),
):
    tenant = tenant_or_404(request)
    with translation.override(_language(tenant, lang)):
        try:
            contact = selectors.contact_get(tenant=tenant, user=request.user, pk=contact_id)
        except Contact.DoesNotExist as error:
            # The same answer whether the contact does not exist, is archived, belongs to
            # another portal or is for practitioners only: nothing leaks its existence.
            raise HttpError(404, _("No contact with this id in this portal.")) from error
        return _contact_out(contact, request=request)


@api.get("/countries", response={200: list[CountryOut], **ERRORS}, tags=["reference"], summary="Member countries")
def country_list(request: HttpRequest, lang: str = Query(None, description=LANG_DESCRIPTION)):
    """This portal's member countries, sorted by name in the requested language."""
    tenant = tenant_or_404(request)
    with translation.override(_language(tenant, lang)):
        countries = [{"iso2": country.iso2, "name": country.name} for country in tenant.members]
    return sorted(countries, key=lambda country: country["name"])


@api.get("/roles", response={200: list[RoleOut], **ERRORS}, tags=["reference"], summary="Actor roles")
def role_list(request: HttpRequest, lang: str = Query(None, description=LANG_DESCRIPTION)):
    """The roles contacts have in the referral system; filter contacts with their slugs."""
    tenant = tenant_or_404(request)
    with translation.override(_language(tenant, lang)):
        return [{"slug": role.slug, "name": role.name, "description": role.description}
                     for role in ActorRole.objects.all()]


@api.get("/sops", response={200: list[SOPOut], **ERRORS}, tags=["reference"], summary="Standard operating procedures")
def sop_list(request: HttpRequest, lang: str = Query(None, description=LANG_DESCRIPTION)):
    """The five SOPs of a Transnational Referral Mechanism; filter contacts with their numbers."""
    tenant = tenant_or_404(request)
    with translation.override(_language(tenant, lang)):
        return [{"number": sop.number, "slug": sop.slug, "title": sop.title} for sop in SOP.objects.all()]
