"""Template helpers for translated content with an honest fallback."""
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


@dataclass(frozen=True)
class TranslatedValue:
    """A field's text in the visitor's language, or the English text if that is missing."""

    value: str
    language: str
    is_fallback: bool
    requested_language_name: str

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return self.value


@register.simple_tag
def translated(obj, field_name: str) -> TranslatedValue:
    """{% translated page "body" as body %}: the text and whether it is the English fallback."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    name = get_language_info(current)["name_translated"]
    if obj is None:
        return TranslatedValue("", current, False, name)
    value = getattr(obj, build_localized_fieldname(field_name, current), None)
    if value:
        return TranslatedValue(value, current, False, name)
    fallback = settings.LANGUAGE_CODE
    value = getattr(obj, build_localized_fieldname(field_name, fallback), None) or ""
    return TranslatedValue(value, fallback, bool(value) and current != fallback, name)


@register.simple_tag(takes_context=True)
def page_url_in(context, page) -> str:
    """The page's URL in the active language, relative to the request's site."""
    return page.get_url(context.get("request")) or ""
