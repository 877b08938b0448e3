"""The referral checklist in two languages side by side, and the blank referral form of a country pair."""
import html as html_module
import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from guidelines.models import MeasurePage
from portal.tenancy.models import PortalSettings
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

PLAN = "from=LT&to=PL&sop=4&child=0"


def cells(html, language):
    return re.findall(rf'<td lang="{language}" dir="(?:ltr|rtl)">(.*?)</td>', html, flags=re.S)


def sop4_measures(tenant_host):
    tenant = PortalSettings.objects.select_related("site__root_page").get(site__hostname=tenant_host)
    return list(MeasurePage.objects.in_tenant(tenant).live().filter(child_only=False).filter(
        path__startswith=_sop_path(tenant, 4)).order_by("number"))


def _sop_path(tenant, number):
    from guidelines.models import SOPPage

    return SOPPage.objects.in_tenant(tenant).get(sop__number=number).path


def test_by_default_each_side_is_in_its_countrys_official_language(get):
    response = get("bsr", f"/en/referral/checklist/?{PLAN}")

    assert response.status_code == 200
    html = response.content.decode()
    for code in ("lt", "pl"):  # each language named in itself
        assert f'<th scope="col" lang="{code}">{translation.get_language_info(code)["name_local"]}</th>' in html


def test_each_measure_and_step_stands_in_both_languages_side_by_side(get):
    html = get("tact", "/en/referral/checklist/?from=FR&to=ES&sop=4&child=0&left=fr&right=es").content.decode()
    measures = sop4_measures("tact.localhost")
    assert measures

    for measure in measures:
        for code in ("fr", "es"):
            with translation.override(code):
                title = measure.title
            language = code if getattr(measure, f"title_{code}") else "en"
            assert any(title in cell for cell in re.findall(
                rf'<td lang="{language}" dir="ltr"[^>]*>(.*?)</td>', html, flags=re.S)), (code, title)
        for step in measure.steps.filter(child_only=False):
            for code in ("fr", "es"):
                text = getattr(step, f"text_{code}") or step.text_en
                assert text.replace("'", "&#x27;") in html, (code, text)


def test_text_without_translation_is_marked_english_and_counted_once_at_the_top(get):
    # Two steps of the plan not translated into German: their German cells fall back to English.
    steps = list(sop4_measures("bsr.localhost")[0].steps.order_by("sort_order")[:2])
    for step in steps:
        step.text_de = ""
        step.save()
    html = get("bsr", f"/en/referral/checklist/?{PLAN}&left=de&right=en").content.decode()

    fallback_cells = re.findall(r'<td lang="en" dir="ltr" class="fallback">(.*?)</td>', html, flags=re.S)
    assert len(fallback_cells) == 2
    for cell, step in zip(fallback_cells, steps, strict=True):
        assert html_module.escape(step.text_en) in cell
    assert html.count('class="translation-fallback"') == 1
    assert "2 texts are not yet translated" in html


def test_a_language_the_portal_does_not_publish_is_refused_with_a_message(get):
    response = get("bsr", f"/en/referral/checklist/?{PLAN}&left=ar")

    assert response.status_code == 400
    assert "Unknown language “ar” for “left”" in response.content.decode()


def test_the_checklist_pdf_holds_both_languages_with_arabic_on_the_right(get):
    response = get("tact", "/en/referral/checklist.pdf?from=FR&to=MA&sop=4&child=0")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "referral-checklist-fr-ma-fr-ar.pdf" in response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    measure = sop4_measures("tact.localhost")[0]
    assert " ".join((measure.title_fr or measure.title_en).split()) in " ".join(text.split())
    assert re.search("[\u0600-\u06ff]", text)  # the Arabic column


def test_the_blank_referral_form_lists_both_sides_responsible_contacts_and_asks_for_nothing(get):
    lithuanian = ContactFactory(position_title="Form test victim-support coordinator", country=country("LT"))
    response = get("bsr", f"/en/referral/form/?{PLAN}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Responsible contacts in Lithuania" in html and "Responsible contacts in Poland" in html
    assert "<input" not in html.split('<main id="main"', 1)[1]  # nothing to enter on the site
    roles_of_sop4 = {role.pk for measure in sop4_measures("bsr.localhost") for step in measure.steps.all()
                     for role in step.roles.all()}
    assert (lithuanian.role_id in roles_of_sop4) == ("Form test victim-support coordinator" in html)


def test_the_planner_offers_the_checklist_and_the_form(get):
    html = get("bsr", f"/en/referral/?{PLAN}").content.decode()

    assert f'href="/en/referral/checklist/?{PLAN.replace("&", "&amp;")}"' in html
    assert f'href="/en/referral/form/?{PLAN.replace("&", "&amp;")}"' in html
