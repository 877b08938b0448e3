"""Pages are found by their URL path in few queries, and always the page that is there now."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from portal import routing
from portal.models import CountryProfilePage, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def page_queries_until_served(get, path: str) -> tuple[int, object]:
    """Queries reading pages (wagtailcore_page) from the request's start until Wagtail has routed it."""
    routed = {}

    def record(page, request, args, kwargs):
        routed["page"] = page
        routed["count"] = sum('"wagtailcore_page"' in query["sql"] for query in queries.captured_queries)

    with CaptureQueriesContext(connection) as queries, hooks.register_temporarily("before_serve_page", record):
        response = get("bsr", path)
    assert response.status_code == 200
    return routed["count"], routed["page"]


@pytest.mark.parametrize("path", ["/en/", "/en/countries/lt/", "/en/guidelines/identification/initial-referral/"])
def test_routing_reads_pages_at_most_twice_the_site_root_and_the_page(get, path):
    get("bsr", path)  # the first request of a path also learns the page's type
    count, page = page_queries_until_served(get, path)
    assert count <= 2
    assert page.url_path == path.replace("/en/", "/bsr/", 1)
    assert type(page) is page.content_type.model_class()  # the specific page, as Wagtail's routing gives


def test_a_page_whose_type_changed_at_the_same_path_is_served_as_it_is_now(get):
    about = StandardPage.objects.get(url_path="/bsr/about/")
    # As if the page at /about/ had been of another type when this process last served it.
    routing._TYPE_OF_PATH["/bsr/about/"] = ContentType.objects.get_for_model(CountryProfilePage).pk
    response = get("bsr", "/en/about/")
    assert response.status_code == 200
    assert about.title in response.content.decode()
    assert routing._TYPE_OF_PATH["/bsr/about/"] == ContentType.objects.get_for_model(StandardPage).pk


def test_an_unpublished_page_is_not_found_even_after_being_served(get):
    get("bsr", "/en/about/")
    StandardPage.objects.get(url_path="/bsr/about/").unpublish()
    assert get("bsr", "/en/about/").status_code == 404


def test_a_renamed_page_answers_at_its_new_address_only(get):
    get("bsr", "/en/about/")
    about = StandardPage.objects.get(url_path="/bsr/about/")
    about.slug = "about-us"
    about.save_revision().publish()
    assert get("bsr", "/en/about/").status_code == 404
    assert get("bsr", "/en/about-us/").status_code == 200


def test_another_tenants_page_is_not_found_by_its_path(get):
    assert HomePage.objects.filter(url_path="/see/").exists()
    assert get("bsr", "/en/see/").status_code == 404
    assert get("bsr", "/en/countries/al/").status_code == 404  # Albania's profile is the SEE tenant's
    assert get("see", "/en/countries/al/").status_code == 200


def test_a_page_is_read_in_the_visitors_language_and_english_only(get):
    path = "/de/guidelines/identification/initial-referral/"
    get("bsr", path)
    routed = {}

    def record(page, request, args, kwargs):
        routed["page"] = page

    with hooks.register_temporarily("before_serve_page", record):
        response = get("bsr", path)
    assert response.status_code == 200
    deferred = routed["page"].get_deferred_fields()
    assert {"title_fr", "what_fr", "what_lt"} <= deferred
    assert not {"title_de", "title_en", "what_de", "what_en"} & deferred
