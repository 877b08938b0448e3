"""The resources library: filters, clear 400s, real PDFs."""
import io

import pytest
from pypdf import PdfReader

from portal.models import PortalSettings, Resource

pytestmark = pytest.mark.django_db


def test_library_lists_the_tenants_six_resources_and_no_other(get):
    html = get("see", "/en/resources/").content.decode()
    assert "6 resources" in html
    see = PortalSettings.objects.get(site__hostname="see.localhost")
    for resource in Resource.objects.exclude(collection=see.resources_collection):
        assert resource.title_en not in html


def test_filter_by_type_shows_only_that_type(get):
    see = PortalSettings.objects.get(site__hostname="see.localhost")
    guidelines = Resource.objects.filter(collection=see.resources_collection, resource_type="guidelines")
    html = get("see", "/en/resources/?type=guidelines").content.decode()
    assert f"{guidelines.count()} resource" in html
    for resource in Resource.objects.filter(collection=see.resources_collection).exclude(resource_type="guidelines"):
        assert resource.title_en not in html


def test_filters_combine_and_across_or_within(get):
    html_or = get("bsr", "/en/resources/?type=guidelines&type=report").content.decode()
    html_and = get("bsr", "/en/resources/?type=guidelines&type=report&year=1999").content.decode()
    assert "0 resources" in html_and
    assert "0 resources" not in html_or


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=novel", "Unknown resource type"),
        ("language=xx", "Unknown language"),
        ("year=20x6", "four-digit number"),
        ("region=Atlantis", "Unknown region"),
    ],
)
def test_bad_filter_answers_400_naming_the_value(get, query, message):
    response = get("bsr", f"/en/resources/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_demo_resources_are_real_pdfs_with_extractable_text(get):
    bsr = PortalSettings.objects.get(site__hostname="bsr.localhost")
    resource = Resource.objects.filter(collection=bsr.resources_collection).first()
    response = get("bsr", resource.url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "DEMO DATA - FICTIONAL" in text
    assert resource.title_en.split()[0] in text
