"""The plan PDF in Arabic: right-to-left text shaped and ordered, English fallback text kept in order and marked."""
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from directory.models import ActorRole
from tests.factories import ContactFactory, country
from tests.guidelines.helpers import demo_measures

pytestmark = pytest.mark.django_db

LRM = "\u200e"
ENGLISH_ONLY = "24 hours, 7 days a week desk"


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    # Direction marks are invisible; the reader's order is what matters.
    return " ".join(text.replace(LRM, "").split())


@pytest.fixture
def english_only_contact():
    """A Spanish contact for a role of the return measures whose position exists in English only."""
    slug = next(slug for measure in demo_measures(4) for step in measure["steps"] for slug in step["roles"])
    with translation.override("en"):
        return ContactFactory(country=country("ES"), role=ActorRole.objects.get(slug=slug),
                              position_title=ENGLISH_ONLY, position_title_en=ENGLISH_ONLY)


def test_arabic_plan_pdf_keeps_an_english_fallback_in_reading_order_and_marks_it(get, english_only_contact):
    response = get("tact", "/ar/referral/plan.pdf?from=ES&to=AL&sop=4&child=1")
    assert response.status_code == 200
    text = pdf_text(response.content)
    # Arabic lines are shaped (contextual forms) and the country's Arabic name is there.
    assert any("\u0600" <= character <= "\u06ff" for character in text)
    assert ENGLISH_ONLY in text
    assert "hours, 7 days a week desk 24" not in text
    with translation.override("ar"):
        marker = translation.gettext("English")
    assert marker in text


def test_spanish_plan_pdf_marks_english_fallback_text(get, english_only_contact):
    response = get("tact", "/es/referral/plan.pdf?from=ES&to=AL&sop=4&child=1")
    text = pdf_text(response.content)
    with translation.override("es"):
        marker = "({})".format(translation.gettext("English"))
    assert f"{ENGLISH_ONLY} {marker}" in text
