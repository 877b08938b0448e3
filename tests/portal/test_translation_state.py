"""Stale translations: an English text that changes in meaning after a translation was made flags that
translation (and only that one) until it is updated or confirmed; a correction saved as "no change to
meaning" flags nothing."""
import pytest
from django.utils import timezone, translation

from guidelines.models import MeasurePage, MeasureStep
from portal.tenancy import translation_state
from portal.tenancy.translation_state import STATUS_CURRENT, STATUS_MISSING, STATUS_STALE, field_states

pytestmark = pytest.mark.django_db


def translated_languages(obj, field):
    return [code for code in translation_state.other_languages() if getattr(obj, f"{field}_{code}", None)]


@pytest.fixture
def step():
    """A demo step of the bsr guidelines, translated into German, Swedish and French."""
    step = MeasureStep.objects.filter(text_sv__gt="").order_by("pk").first()
    step.text_de = "Die Person wird über ihre Rechte informiert."
    step.text_fr = "La personne est informée de ses droits."
    step.save()
    return step


def states_of(obj, language):
    return {key: state.status for key, state in field_states([obj], language).items()}


def test_changing_an_english_step_flags_its_translations_in_every_language_and_only_those(step):
    languages = translated_languages(step, "text")
    assert {"de", "sv", "fr"} <= set(languages)
    sibling = MeasureStep.objects.filter(measure=step.measure).exclude(pk=step.pk).first()
    measure = MeasurePage.objects.get(pk=step.measure_id)
    assert all(status == STATUS_CURRENT for status in states_of(step, "sv").values())

    before = timezone.now()
    step.text_en = "Call the national contact point before the person travels, and agree the date of arrival."
    step.save()

    for language in languages:
        assert states_of(step, language) == {("guidelines.measurestep", step.pk, "text"): STATUS_STALE}, language
        changed_on = translation_state.stale_since(step, "text", language)
        assert changed_on is not None and changed_on >= before
    # The step next to it and the measure's own fields are not touched.
    assert STATUS_STALE not in states_of(sibling, "sv").values()
    assert STATUS_STALE not in states_of(measure, "sv").values()


def test_confirming_a_translation_clears_the_flag_in_that_language_only(step, admin_user):
    step.text_en = "Agree with the receiving country who meets the person on arrival."
    step.save()

    assert translation_state.confirm_translation(step, "text", "sv", user=admin_user)

    assert translation_state.stale_since(step, "text", "sv") is None
    assert translation_state.stale_since(step, "text", "fr") is not None
    record = translation_state.TranslationRecord.objects.get(model="guidelines.measurestep", object_id=step.pk, field="text",
                                                             language="sv")
    assert record.confirmed_by == admin_user


def test_updating_the_translation_clears_the_flag(step):
    step.text_en = "Agree with the receiving country who meets the person on arrival."
    step.save()
    assert translation_state.stale_since(step, "text", "fr") is not None

    step.text_fr = "Convenir avec le pays d’accueil de la personne qui accueille la victime à son arrivée."
    step.save()

    assert translation_state.stale_since(step, "text", "fr") is None
    assert translation_state.stale_since(step, "text", "sv") is not None


def test_a_correction_saved_as_no_change_to_meaning_flags_nothing(step):
    corrected = step.text_en.rstrip(".") + " ."  # a typo fix: punctuation only
    translation_state.meaning_unchanged(step, "text", corrected)
    step.text_en = corrected
    step.save()

    for language in translated_languages(step, "text"):
        assert translation_state.stale_since(step, "text", language) is None, language
    # The next real change flags again.
    step.text_en = "Something else entirely is done at this step now."
    step.save()
    assert translation_state.stale_since(step, "text", "sv") is not None


def test_a_translation_written_after_the_english_change_is_current_and_a_missing_one_is_missing(step):
    step.text_en = "A new English step text."
    step.text_de = "Ein neuer deutscher Schritttext."
    step.save()

    key = ("guidelines.measurestep", step.pk, "text")
    assert states_of(step, "de")[key] == STATUS_CURRENT
    assert states_of(step, "sv")[key] == STATUS_STALE
    step.text_de = ""
    step.save()
    assert states_of(step, "de")[key] == STATUS_MISSING


def test_publishing_a_page_whose_english_text_changed_flags_its_translations(admin_user):
    measure = MeasurePage.objects.filter(what_sv__gt="").order_by("pk").first()
    with translation.override("en"):
        page = measure.get_latest_revision_as_object()
        page.what_en = "<p>Something new is done in this measure.</p>"
        page.save_revision(user=admin_user).publish(user=admin_user)

    assert translation_state.stale_since(measure, "what", "sv") is not None
    assert translation_state.stale_since(measure, "when", "sv") is None
