"""The JSON API at /api/v1/: filters, pagination, tenant scope, visibility, authentication, queries, OpenAPI."""
import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance, response_schema_conformance
from wagtail.models import APIToken

from directory.models import ActorRole, Visibility
from directory.permissions import PRACTITIONERS_GROUP
from portal.models import PortalSettings
from tests.conftest import HOSTS
from tests.factories import ContactFactory, UserFactory, country

pytestmark = pytest.mark.django_db

RESTRICTED_TITLE = "Restricted liaison desk of the API tests"


@pytest.fixture
def api(client, db):
    """api("see", "/contacts?country=AL", **headers) -> the JSON response of that tenant's host."""

    def _api(tenant: str, path: str, **extra):
        return client.get(f"/api/v1{path}", HTTP_HOST=HOSTS[tenant], **extra)

    return _api


@pytest.fixture
def contacts():
    """Contacts the tests can name: two public ones in Lithuania, one abroad, one practitioners-only, one in Albania."""
    return {
        "coordinator": ContactFactory(
            position_title="API test coordinator", position_title_en="API test coordinator",
            position_title_de="API-Test-Koordinator", role=ActorRole.objects.get(slug="national-coordinator"),
            sops=[1, 2], languages=["lt", "ru"], phones=2, email="api-coordinator@example.org",
            alternative_email="api-coordinator-2@example.org",
        ),
        "prosecutor": ContactFactory(position_title="API test prosecutor", position_title_en="API test prosecutor",
                                     sops=[5], languages=["en"]),
        "consulate": ContactFactory(
            position_title="API test consulate", position_title_en="API test consulate", located_in=country("DE"),
            role=ActorRole.objects.get(slug="consular-service"), sops=[4],
        ),
        "restricted": ContactFactory(
            position_title=RESTRICTED_TITLE, position_title_en=RESTRICTED_TITLE,
            visibility=Visibility.PRACTITIONERS, email="api-restricted@example.org",
        ),
        "albania": ContactFactory(position_title="API test Albanian desk", position_title_en="API test Albanian desk",
                                  country=country("AL")),
    }


@pytest.fixture
def practitioner():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    return user


def all_results(api, tenant: str, query: str = "", **extra) -> list[dict]:
    """Every contact of every page of /contacts?<query>."""
    results, page = [], 1
    while True:
        response = api(tenant, f"/contacts?{query}&page_size=100&page={page}", **extra)
        assert response.status_code == 200, response.content
        data = response.json()
        results += data["results"]
        if data["next"] is None:
            return results
        page += 1


def titles(results: list[dict]) -> set[str]:
    return {contact["position_title"] for contact in results}


# --- contacts: fields, filters, pagination --------------------------------------------------

def test_contact_shows_its_fields_with_e164_phones_and_its_public_page(api, contacts):
    coordinator = contacts["coordinator"]
    data = api("bsr", f"/contacts/{coordinator.pk}").json()
    assert data["url"] == f"http://bsr.localhost/en/directory/{coordinator.pk}/"
    assert data["position_title"] == "API test coordinator"
    assert data["organisation"] == {"name": coordinator.organisation.name, "type": "governmental"}
    assert (data["country"], data["located_in"], data["role"]) == ("LT", None, "national-coordinator")
    assert data["sops"] == [1, 2]
    assert sorted(data["languages"]) == ["lt", "ru"]
    assert data["emails"] == ["api-coordinator@example.org", "api-coordinator-2@example.org"]
    stored = coordinator.phones.order_by("sort_order", "pk")
    assert [phone["number"] for phone in data["phones"]] == [phone.number.as_e164 for phone in stored]
    assert all(phone["number"].startswith("+370") for phone in data["phones"])
    assert [phone["is_24_7"] for phone in data["phones"]] == [True, False]
    assert (data["visibility"], data["is_overdue"]) == ("public", False)
    assert data["last_verified_on"] == coordinator.last_verified_on.isoformat()


def test_contact_never_verified_is_overdue(api, contacts):
    prosecutor = contacts["prosecutor"]
    prosecutor.last_verified_on = None
    prosecutor.save()
    assert api("bsr", f"/contacts/{prosecutor.pk}").json()["is_overdue"] is True


def test_lang_gives_the_position_title_in_that_language(api, contacts):
    data = api("bsr", f"/contacts/{contacts['coordinator'].pk}?lang=de").json()
    assert data["position_title"] == "API-Test-Koordinator"
    assert data["url"].endswith(f"/de/directory/{contacts['coordinator'].pk}/")


def test_filters_combine_with_and_across_and_or_within(api, contacts):
    assert titles(all_results(api, "bsr", "q=API+test&sop=1")) == {"API test coordinator"}
    assert titles(all_results(api, "bsr", "q=API+test&sop=1&sop=5")) == {"API test coordinator", "API test prosecutor"}
    assert titles(all_results(api, "bsr", "q=API+test&sop=5&role=national-coordinator")) == set()
    assert titles(all_results(api, "bsr", "q=API+test&role=prosecutor&language=en")) >= {"API test prosecutor"}
    assert "API test coordinator" not in titles(all_results(api, "bsr", "q=API+test&language=en"))
    assert titles(all_results(api, "bsr", "q=API+test&language=ru")) == {"API test coordinator"}


def test_country_filter_finds_an_office_abroad_under_both_countries(api, contacts):
    in_germany = all_results(api, "bsr", "country=DE&q=API+test")
    assert titles(in_germany) == {"API test consulate"}
    assert (in_germany[0]["country"], in_germany[0]["located_in"]) == ("LT", "DE")
    assert "API test consulate" in titles(all_results(api, "bsr", "country=LT&q=API+test"))
    assert {contact["country"] for contact in all_results(api, "bsr", "country=LT")} == {"LT"}


def test_pages_link_to_each_other_and_keep_the_filters(api, contacts):
    first = api("bsr", "/contacts?q=API+test&page_size=2").json()
    assert (first["count"], first["num_pages"], first["page"], first["previous"]) == (3, 2, 1, None)
    assert len(first["results"]) == 2
    assert first["next"].startswith("http://bsr.localhost/api/v1/contacts?")
    assert "q=API+test" in first["next"] and "page=2" in first["next"]
    second = api("bsr", first["next"].removeprefix("http://bsr.localhost/api/v1")).json()
    assert len(second["results"]) == 1 and second["next"] is None and "page=1" in second["previous"]
    assert {c["id"] for c in first["results"]}.isdisjoint({c["id"] for c in second["results"]})


@pytest.mark.parametrize("query, message", [
    ("country=ZZ", "ZZ"),
    ("country=AL", "AL"),  # Albania is not a member of the Baltic Sea Region portal
    ("role=astronaut", "astronaut"),
    ("language=xx", "xx"),
    ("sop=0", "SOP"),
    ("sop=x", "SOP"),
    ("lang=fr", "fr"),
])
def test_unknown_filter_value_is_a_400_that_names_it(api, query, message):
    response = api("bsr", f"/contacts?{query}")
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("query, parameter", [
    ("page=-1", "page"), ("page=x", "page"), ("page_size=0", "page_size"), ("page_size=101", "page_size"),
])
def test_bad_page_parameter_is_a_422_that_names_it(api, query, parameter):
    response = api("bsr", f"/contacts?{query}")
    assert response.status_code == 422
    assert parameter in response.json()["detail"]


def test_page_past_the_last_is_a_404_that_names_the_last_page(api, contacts):
    response = api("bsr", "/contacts?q=API+test&page=9")
    assert response.status_code == 404
    assert "9" in response.json()["detail"] and "1" in response.json()["detail"]


def test_unknown_contact_id_is_a_json_404(api):
    response = api("bsr", "/contacts/999999999")
    assert response.status_code == 404
    assert response.json()["detail"]


# --- tenant scope ---------------------------------------------------------------------------

def test_a_portal_never_returns_contacts_of_countries_it_does_not_list(api, contacts):
    see_members = PortalSettings.objects.get(site__hostname="see.localhost").member_codes
    results = all_results(api, "see")
    assert "API test Albanian desk" in titles(results)
    assert all(contact["country"] in see_members or contact["located_in"] in see_members for contact in results)
    assert api("see", f"/contacts/{contacts['coordinator'].pk}").status_code == 404
    assert api("see", "/contacts?country=LT").status_code == 400
    assert "API test Albanian desk" not in titles(all_results(api, "bsr"))


# --- visibility and authentication ----------------------------------------------------------

def test_anonymous_caller_never_gets_a_practitioners_only_contact(api, contacts):
    assert RESTRICTED_TITLE not in titles(all_results(api, "bsr"))
    assert api("bsr", f"/contacts/{contacts['restricted'].pk}").status_code == 404


def test_logged_in_user_outside_practitioners_does_not_see_restricted_contacts(api, client, contacts):
    client.force_login(UserFactory())
    assert RESTRICTED_TITLE not in titles(all_results(api, "bsr", "country=LT"))


def test_practitioner_logged_in_sees_practitioners_only_contacts_uncached(api, client, contacts, practitioner):
    client.force_login(practitioner)
    assert RESTRICTED_TITLE in titles(all_results(api, "bsr", "country=LT"))
    response = api("bsr", f"/contacts/{contacts['restricted'].pk}")
    assert response.status_code == 200
    assert response.json()["visibility"] == "practitioners"
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_practitioner_with_api_token_sees_practitioners_only_contacts_uncached(api, contacts, practitioner):
    _token, plaintext = APIToken.create_token(user=practitioner, name="API tests")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert RESTRICTED_TITLE in titles(all_results(api, "bsr", "country=LT", **bearer))
    response = api("bsr", f"/contacts/{contacts['restricted'].pk}", **bearer)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_anonymous_answers_may_be_cached_publicly(api, contacts):
    response = api("bsr", "/contacts?country=LT")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


@pytest.mark.parametrize("token", ["wagtail_notarealtoken", "", "revoked"])
def test_invalid_or_revoked_token_is_a_401_not_anonymous_access(api, practitioner, token):
    if token == "revoked":
        api_token, token = APIToken.create_token(user=practitioner, name="Revoked")
        api_token.revoke()
    response = api("bsr", "/contacts", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_invalid_token_is_a_401_even_with_a_practitioners_session(api, client, practitioner):
    client.force_login(practitioner)
    assert api("bsr", "/contacts", HTTP_AUTHORIZATION="Bearer wagtail_notarealtoken").status_code == 401


def test_token_of_an_inactive_user_is_refused(api, practitioner):
    _token, plaintext = APIToken.create_token(user=practitioner, name="API tests")
    practitioner.is_active = False
    practitioner.save()
    assert api("bsr", "/contacts", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 401


# --- queries --------------------------------------------------------------------------------

def list_query_count(api, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api("bsr", "/contacts?page_size=100", **extra)
        assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "practitioner"])
def test_list_query_count_does_not_grow_with_two_hundred_more_contacts(api, contacts, practitioner, who, settings):
    # Wagtail records a token's last use at most once a minute: on a slow machine the 200 contacts
    # take longer than that, and the one UPDATE it then makes has nothing to do with the data size.
    settings.WAGTAILAPI_TOKEN_LAST_USED_INTERVAL = None
    extra = {}
    if who == "practitioner":
        extra["HTTP_AUTHORIZATION"] = f"Bearer {APIToken.create_token(user=practitioner, name='API tests')[1]}"
    list_query_count(api, **extra)  # warm per-process caches (content types, site root paths)
    before = list_query_count(api, **extra)
    for index in range(200):
        ContactFactory(
            country=country(["LT", "DE", "PL", "SE"][index % 4]), sops=[1 + index % 5], languages=["en", "de"],
            phones=2, visibility=Visibility.PRACTITIONERS if index % 3 == 0 else Visibility.PUBLIC,
        )
    assert api("bsr", "/contacts?page_size=100").json()["count"] >= 100
    assert list_query_count(api, **extra) == before


# --- reference data -------------------------------------------------------------------------

def test_countries_are_the_portals_members_named_in_the_requested_language(api):
    german = api("bsr", "/countries?lang=de").json()
    names = {country["iso2"]: country["name"] for country in german}
    assert set(names) == PortalSettings.objects.get(site__hostname="bsr.localhost").member_codes
    assert (names["DE"], names["LT"], names["SE"]) == ("Deutschland", "Litauen", "Schweden")
    assert [country["name"] for country in german] == sorted(names.values())
    assert {country["iso2"]: country["name"] for country in api("bsr", "/countries").json()}["DE"] == "Germany"


def test_roles_are_named_in_the_requested_language(api):
    roles = {role["slug"]: role for role in api("bsr", "/roles?lang=de").json()}
    assert roles["national-coordinator"]["name"] == "Nationaler Koordinator für die Bekämpfung des Menschenhandels"
    assert roles["national-coordinator"]["description"].startswith("Koordiniert")
    english = {role["slug"]: role["name"] for role in api("bsr", "/roles").json()}
    assert english["national-coordinator"] == "National anti-trafficking coordinator"


def test_sops_are_the_five_in_order_titled_in_the_requested_language(api):
    sops = api("bsr", "/sops?lang=de").json()
    assert [sop["number"] for sop in sops] == [1, 2, 3, 4, 5]
    assert (sops[0]["slug"], sops[0]["title"]) == ("identification", "Identifizierung")


@pytest.mark.parametrize("path", ["/countries", "/roles", "/sops"])
def test_reference_lists_refuse_a_language_the_portal_does_not_have(api, path):
    response = api("bsr", f"{path}?lang=fr")
    assert response.status_code == 400
    assert "fr" in response.json()["detail"]
    assert api("tact", f"{path}?lang=fr").status_code == 200


# --- OpenAPI --------------------------------------------------------------------------------

def test_openapi_document_is_served_with_title_version_and_every_endpoint(client):
    response = client.get("/api/v1/openapi.json", HTTP_HOST=HOSTS["bsr"])
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] and document["info"]["version"] and document["info"]["description"]
    assert set(document["paths"]) == {
        "/api/v1/contacts", "/api/v1/contacts/{contact_id}", "/api/v1/countries", "/api/v1/roles", "/api/v1/sops",
        "/api/v1/monitoring",
    }


def test_openapi_document_names_the_values_this_portal_accepts(client):
    def enum_of(host: str, path: str, name: str) -> list[str]:
        document = client.get("/api/v1/openapi.json", HTTP_HOST=HOSTS[host]).json()
        parameter = next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name)
        schema = parameter["schema"]
        strings = [schema, schema.get("items", {}), *schema.get("anyOf", []), *[b.get("items", {}) for b in schema.get("anyOf", [])]]
        return next(s["enum"] for s in strings if "enum" in s)

    for host in ("bsr", "tact"):
        members = PortalSettings.objects.get(site__hostname=HOSTS[host]).member_countries.values_list("code", flat=True)
        assert enum_of(host, "/api/v1/contacts", "country") == sorted(members)
    assert enum_of("tact", "/api/v1/countries", "lang") == ["en", "fr", "it", "es", "ar", "uk"]
    assert enum_of("bsr", "/api/v1/contacts", "sop") == ["1", "2", "3", "4", "5"]


@pytest.fixture
def wsgi_app(db):
    """Django's own WSGI application on the test database.

    Django closes "old" database connections at the start and end of each request; inside a
    test that would close the connection holding the test's transaction (and its data).
    Django's test client disconnects that handler for the same reason; so do we.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_api_answers_generated_requests_without_500_and_as_its_openapi_document_says(wsgi_app, contacts, mode):
    """Schemathesis' requests (valid ones, and with `negative` invalid ones) against Django on the test database.

    Driven through Hypothesis directly: Schemathesis' own pytest integration
    (`schema.parametrize()`) breaks on pytest 9 (it rewrites Function._nodeid).
    """
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, headers={"Host": HOSTS["bsr"]})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6  # the directory's five and monitoring's list

    # A request the document calls valid is answered as valid (its parameters enumerate what the
    # portal accepts), and an invalid one never gets a 500.
    checks = [not_a_server_error, response_schema_conformance]
    if mode == GenerationMode.POSITIVE:
        checks.append(positive_data_acceptance)
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def answers_as_documented(case):
            case.call_and_validate(
                headers={"Host": HOSTS["bsr"]}, checks=checks
            )

        answers_as_documented()
