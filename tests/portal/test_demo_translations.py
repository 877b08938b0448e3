"""The demo reads fully in every language each tenant enables: every measure, step, national note, country
profile section and role title, except the two labelled samples (one section left untranslated, one made stale)."""
import json
from pathlib import Path

import pytest
from modeltranslation.utils import build_localized_fieldname

from directory.models import Contact
from guidelines.models import MeasurePage, MeasureStep, NationalNote
from portal.models import CountryProfilePage, PortalSettings, ProfileSection
from portal.tenancy import translation_state
from portal.tenancy.scoping import pages_in_tenant

pytestmark = pytest.mark.django_db

SAMPLES = json.loads((Path(__file__).parents[2] / "guidelines/demo_data/guidelines.json").read_text())["demo_samples"]
MEASURE_FIELDS = ("title", "summary", "what", "when", "checklist", "children", "good_practices")


def gaps(objects, fields, languages) -> list[str]:
    """'<object> <field> <language>' for every field with English text and none in a language."""
    missing = []
    for obj in objects:
        for field in fields:
            if not getattr(obj, build_localized_fieldname(field, "en")):
                continue
            missing += [f"{obj} · {field} · {code}" for code in languages
                        if not getattr(obj, build_localized_fieldname(field, code))]
    return missing


@pytest.mark.parametrize("host", ["bsr.localhost", "see.localhost", "tact.localhost"])
def test_every_enabled_language_has_text_for_every_measure_except_the_labelled_untranslated_sample(host):
    tenant = PortalSettings.objects.get(site__hostname=host)
    languages = [code for code in tenant.languages if code != "en"]
    assert len(languages) >= 4
    measures = list(pages_in_tenant(MeasurePage.objects.all(), tenant))
    assert len(measures) == 17

    missing = gaps(measures, MEASURE_FIELDS, languages)
    sample = SAMPLES["untranslated"]
    assert sorted(missing) == sorted(f"{measure} · {sample['field']} · {code}" for measure in measures
                                     if measure.slug == sample["measure"] for code in languages)
    assert gaps(MeasureStep.objects.filter(measure__in=measures), ["text"], languages) == []
    assert gaps(NationalNote.objects.filter(measure__in=measures), ["text"], languages) == []

    # The stale sample is stale in every language, and it is the only stale translation of the guidelines.
    for code in languages:
        stale = translation_state.stale_translations(code)
        in_measures = {key for key in stale if key[0] == "guidelines.measurepage" and key[1] in {m.pk for m in measures}}
        sample_page = next(m for m in measures if m.slug == SAMPLES["stale"]["measure"])
        assert in_measures == {("guidelines.measurepage", sample_page.pk, SAMPLES["stale"]["field"])}, code


@pytest.mark.parametrize("host", ["bsr.localhost", "see.localhost", "tact.localhost"])
def test_country_profiles_and_role_titles_read_fully_in_every_enabled_language(host):
    tenant = PortalSettings.objects.get(site__hostname=host)
    languages = [code for code in tenant.languages if code != "en"]
    profiles = list(pages_in_tenant(CountryProfilePage.objects.all(), tenant))
    assert len(profiles) == len(tenant.member_codes)

    assert gaps(profiles, ["summary"], languages) == []
    assert gaps(ProfileSection.objects.filter(page__in=profiles), ["body", "children"], languages) == []
    contacts = Contact.objects.in_tenant(tenant).filter(organisation__name_en__startswith="Example National Police")
    assert contacts.exists()
    assert gaps(contacts, ["position_title", "availability"], languages) == []
