"""Admin forms that show editors which translations are out of date and let them save English corrections
without flagging the translations (translation_state).

- Every translated field of another language whose translation was made from an older English
  text says so in its help text ("Out of date: the English text changed on ...").
- "Corrections only": ticked, the English changes of this save keep current translations current.
  Applies to the object and to the inline children of a page (the steps of a measure, the
  sections of a profile).
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel

from portal.tenancy import translation_state


def _mark_stale_fields(form) -> None:
    instance = form.instance
    if instance is None or instance.pk is None:
        return
    for field in translation_state.tracked_fields(type(instance)):
        for language in translation_state.other_languages():
            name = build_localized_fieldname(field, language)
            changed = translation_state.stale_since(instance, field, language)
            if changed is None or name not in form.fields:
                continue
            note = gettext("Out of date: the English text changed on %(date)s. Update this translation, "
                           "or confirm it is still right in Reports → Translations.") % {
                "date": formats.date_format(changed, "DATE_FORMAT")}
            help_text = str(form.fields[name].help_text or "")
            form.fields[name].help_text = f"{note} {help_text}".strip()
            form.fields[name].widget.attrs["data-translation-stale"] = "true"


def _announce_corrections(form) -> None:
    """Before the save: each tracked field whose English text changed is a correction without change of meaning."""
    instance = form.instance
    if instance is None or instance.pk is None or not hasattr(form, "cleaned_data"):
        return
    for field in translation_state.tracked_fields(type(instance)):
        name = build_localized_fieldname(field, settings.LANGUAGE_CODE)
        if name in form.cleaned_data and name in form.changed_data:
            translation_state.meaning_unchanged(instance, field, form.cleaned_data[name])


class TranslationReviewMixin(forms.Form):
    """Stale translations marked; "Corrections only" applied to the object and its inline children."""

    meaning_unchanged = forms.BooleanField(
        label=_("Corrections only (no change to meaning)"),
        required=False,
        help_text=_("Tick when your changes to the English text fix spelling or wording without changing what it "
                    "says: its translations are not flagged as out of date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _mark_stale_fields(self)
        for formset in getattr(self, "formsets", {}).values():
            for child in formset.forms:
                _mark_stale_fields(child)

    def save(self, commit=True):
        if self.cleaned_data.get("meaning_unchanged"):
            _announce_corrections(self)
            for formset in getattr(self, "formsets", {}).values():
                for child in formset.forms:
                    _announce_corrections(child)
        return super().save(commit=commit)


class TranslatedPageForm(TranslationReviewMixin, WagtailAdminPageForm):
    """The admin form of every page with translated content."""


class TranslatedModelForm(TranslationReviewMixin, WagtailAdminModelForm):
    """The admin form of snippets with translated content."""


# Put last in the content panels of a page whose form is TranslatedPageForm (and of translated snippets).
CORRECTIONS_PANEL = FieldPanel("meaning_unchanged")
