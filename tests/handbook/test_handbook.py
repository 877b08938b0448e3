"""The living handbook: the whole TRM as one PDF, built once per version, public information only."""
import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from directory.models import Contact, Visibility
from guidelines.models import MeasurePage, SOPPage
from portal.tenancy.models import PortalSettings
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def outline_titles(reader):
    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield level, item.title
    return list(walk(reader.outline, 0))


def bsr():
    return PortalSettings.objects.select_related("site__root_page").get(site__hostname="bsr.localhost")


def test_the_handbook_holds_every_measure_and_every_public_contact_and_no_restricted_one(get):
    tenant = bsr()
    restricted = list(Contact.objects.in_tenant(tenant).active().filter(visibility=Visibility.PRACTITIONERS))
    public = list(Contact.objects.in_tenant(tenant).visible(restricted_allowed=False))
    assert restricted and public  # the demo has both

    reader, text = read(get("bsr", "/en/handbook.pdf"))

    for measure in MeasurePage.objects.in_tenant(tenant).live():
        assert " ".join(measure.title.split()) in text, measure.title
    for contact in public:
        assert " ".join(contact.position_title.split()) in text, contact.position_title
    restricted_emails = [contact.email for contact in restricted if contact.email]
    assert restricted_emails
    for email in restricted_emails:
        assert email not in text


def test_the_outline_has_a_bookmark_per_sop_with_its_measures_then_profiles_and_the_annex(get):
    tenant = bsr()
    reader, text = read(get("bsr", "/en/handbook.pdf"))
    outline = outline_titles(reader)
    top = [title for level, title in outline if level == 0]

    sops = [page.title for page in SOPPage.objects.in_tenant(tenant).live().order_by("sop__number")]
    assert top == sops + ["Country profiles", "Annex: contacts"]
    measures = MeasurePage.objects.in_tenant(tenant).live().count()
    profiles = len(tenant.members)
    assert len(outline) == len(top) + measures + profiles + len({c for c in _countries_with_public_contacts(tenant)})
    assert "Contents" in text and "TRM handbook" in text and "Demo data — fictional" in text


def _countries_with_public_contacts(tenant):
    return Contact.objects.in_tenant(tenant).visible(restricted_allowed=False).values_list("country", flat=True).distinct()


def test_a_country_edition_holds_only_that_countrys_contacts_and_profile(get):
    tenant = bsr()
    reader, text = read(get("bsr", "/en/handbook.pdf?country=LT"))

    outline = outline_titles(reader)
    assert (1, "Lithuania") in outline and (1, "Latvia") not in outline
    latvian = Contact.objects.in_tenant(tenant).visible(restricted_allowed=False).filter(country=country("LV")).first()
    lithuanian = Contact.objects.in_tenant(tenant).visible(restricted_allowed=False).filter(country=country("LT")).first()
    assert latvian.email not in text
    assert lithuanian.email in text


def test_an_edition_is_built_once_and_rebuilt_when_a_contact_changes(get, django_capture_on_commit_callbacks):
    first = b"".join(get("bsr", "/en/handbook.pdf?country=LT").streaming_content)
    files = default_storage.listdir(f"handbooks/{bsr().site.pk}/en")[1]
    assert len(files) == 1
    again = b"".join(get("bsr", "/en/handbook.pdf?country=LT").streaming_content)
    assert again == first
    assert default_storage.listdir(f"handbooks/{bsr().site.pk}/en")[1] == files

    ContactFactory(position_title="Handbook test night-duty prosecutor", country=country("LT"))
    reader, text = read(get("bsr", "/en/handbook.pdf?country=LT"))

    assert "Handbook test night-duty prosecutor" in text
    rebuilt = default_storage.listdir(f"handbooks/{bsr().site.pk}/en")[1]
    assert len(rebuilt) == 1 and rebuilt != files  # the old version's file is gone


def test_a_missing_edition_answers_at_once_that_it_is_being_prepared_and_queues_one_build(get, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    first = get("bsr", "/en/handbook.pdf")
    second = get("bsr", "/en/handbook.pdf")

    for response in (first, second):
        assert response.status_code == 202
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        assert "The handbook is being prepared" in response.content.decode()
    assert len(default_task_backend.results) == 1


def test_an_unknown_country_is_refused_with_a_message(get):
    response = get("bsr", "/en/handbook.pdf?country=FR")
    assert response.status_code == 400
    assert "Unknown country" in response.content.decode()


def test_a_german_edition_marks_each_text_shown_in_english(get):
    from django.utils import translation

    tenant = bsr()
    # Two measures whose "What" is not translated into German (the demo's own gap is one more section).
    blanked = [m.pk for m in MeasurePage.objects.in_tenant(tenant).live().order_by("pk")[:2]]
    MeasurePage.objects.filter(pk__in=blanked).update(what_de="")
    untranslated = [m for m in MeasurePage.objects.in_tenant(tenant).live() if m.what_en and not m.what_de]
    assert len(untranslated) == 2
    with translation.override("de"):
        note = translation.gettext("Not yet translated — English text:")

    reader, text = read(get("bsr", "/de/handbook.pdf"))

    assert text.count(note) >= len(untranslated)


def test_an_arabic_edition_is_built_with_arabic_bookmarks(get):
    from django.utils import translation

    tenant = PortalSettings.objects.select_related("site__root_page").get(site__hostname="tact.localhost")
    reader, text = read(get("tact", "/ar/handbook.pdf?country=MA"))

    with translation.override("ar"):
        sops = [str(page.title) for page in SOPPage.objects.in_tenant(tenant).live().order_by("sop__number")]
    top = [title for level, title in outline_titles(reader) if level == 0]
    assert top[: len(sops)] == sops
    assert any("\u0600" <= char <= "\u06ff" for char in "".join(top))  # Arabic script, not English fallback


def test_every_page_leads_to_the_handbook_and_the_guidelines_index_explains_it(get):
    home = get("bsr", "/de/").content.decode()
    guidelines = get("bsr", "/en/guidelines/").content.decode()

    assert 'href="/de/handbook.pdf"' in home
    assert 'href="/en/handbook.pdf"' in guidelines
