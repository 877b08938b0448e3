"""Template helpers for translated content with an honest fallback."""
from django import template

from portal.tenancy.fields import TranslatedValue, translated_value

register = template.Library()

__all__ = ["TranslatedValue", "register"]


@register.simple_tag
def translated(obj, field_name: str) -> TranslatedValue:
    """{% translated page "body" as body %}: the text and whether it is the English fallback."""
    return translated_value(obj, field_name)


@register.simple_tag(takes_context=True)
def page_url_in(context, page) -> str:
    """The page's URL in the active language, relative to the request's site."""
    return page.get_url(context.get("request")) or ""
