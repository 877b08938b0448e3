"""Content fields of the directory translated with django-modeltranslation."""
from modeltranslation.translator import TranslationOptions, register

from directory.models import SOP, ActorRole, Contact, Organisation


@register(ActorRole)
class ActorRoleTR(TranslationOptions):
    fields = ("name", "description", "search_terms")


@register(SOP)
class SOPTR(TranslationOptions):
    fields = ("title",)


@register(Organisation)
class OrganisationTR(TranslationOptions):
    fields = ("name",)


@register(Contact)
class ContactTR(TranslationOptions):
    fields = ("position_title", "availability")
