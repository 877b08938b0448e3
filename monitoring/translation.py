"""Content fields of implementation statuses translated with django-modeltranslation."""
from modeltranslation.translator import TranslationOptions, register

from monitoring.models import ImplementationStatus


@register(ImplementationStatus)
class ImplementationStatusTR(TranslationOptions):
    fields = ("basis_title", "differences", "notes")
