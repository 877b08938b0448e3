"""Content fields of the guidelines translated with django-modeltranslation."""
from modeltranslation.translator import TranslationOptions, register

from guidelines.models import GuidelinesIndexPage, MeasurePage, MeasureStep, NationalNote, SOPPage


@register(GuidelinesIndexPage)
class GuidelinesIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(SOPPage)
class SOPPageTR(TranslationOptions):
    fields = ("summary", "introduction", "principles")


@register(MeasurePage)
class MeasurePageTR(TranslationOptions):
    fields = ("summary", "what", "when", "checklist", "children", "good_practices")


@register(MeasureStep)
class MeasureStepTR(TranslationOptions):
    fields = ("text",)


@register(NationalNote)
class NationalNoteTR(TranslationOptions):
    fields = ("text",)
