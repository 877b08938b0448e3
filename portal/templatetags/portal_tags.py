"""Template helpers for translated content with an honest fallback."""
from django import template
from django.conf import settings
from django.core.cache import caches
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from directory.permissions import user_can_see_restricted_contacts
from portal.tenancy import fragments
from portal.tenancy.fields import FallbackLog, TranslatedValue, translated_value

register = template.Library()

__all__ = ["TranslatedValue", "register"]

# The context variable under which {% fallback_notice %} collects the parts shown in English.
FALLBACK_LOG = "fallback_log"


@register.simple_tag
def translated(obj, field_name: str) -> TranslatedValue:
    """{% translated page "body" as body %}: the text and whether it is the English fallback."""
    return translated_value(obj, field_name)


@register.simple_tag(takes_context=True)
def page_url_in(context, page) -> str:
    """The page's URL in the active language, relative to the request's site."""
    return page.get_url(context.get("request")) or ""


class FallbackNoticeNode(template.Node):
    """Renders its content first, then puts one notice above it naming the parts shown in English."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        log = FallbackLog()
        with context.push(**{FALLBACK_LOG: log}):
            content = self.nodelist.render(context)
        if not log:
            return content
        language = translation.get_language() or settings.LANGUAGE_CODE
        notice = render_to_string(
            "portal/includes/fallback_notice.html",
            {"sections": log.labels, "language": get_language_info(language)["name_translated"]},
        )
        return notice + content


@register.tag
def fallback_notice(parser, token):
    """{% fallback_notice %}...{% endfallback_notice %}: one notice at the top for every English fallback inside."""
    nodelist = parser.parse(("endfallback_notice",))
    parser.delete_first_token()
    return FallbackNoticeNode(nodelist)


class CachedFragmentNode(template.Node):
    """Renders its content once per key (portal.tenancy.fragments) and serves it from the shared cache after that.

    The English fallbacks its content reported to the page's notice are kept with it and reported
    again on every page served from the cache. Previews (a draft under the live page's id),
    anything but GET and HEAD, and a fragment whose name is empty are always rendered.
    """

    def __init__(self, name, parts, nodelist, unless=None):
        self.name, self.parts, self.nodelist, self.unless = name, parts, nodelist, unless

    def render(self, context):
        request = context.get("request")
        name = self.name.resolve(context)
        if not name or request is None or request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = []
        for part in self.parts:
            value = part.resolve(context)
            parts.append(f"{value._meta.label_lower}:{value.pk}" if isinstance(value, Model) else value)
        key = fragments.fragment_key(
            name, parts, host=request.get_host(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            audience="practitioners" if user_can_see_restricted_contacts(request.user) else "public",
        )
        cache = caches["fragments"]
        cached = cache.get(key)
        if cached is None:
            log = FallbackLog()
            with context.push(**{FALLBACK_LOG: log}):
                content = self.nodelist.render(context)
            cached = (str(content), list(log.labels))
            # `unless`: read after rendering, what the content turned out to be that must not be kept.
            if self.unless is None or not self.unless.resolve(context):
                cache.set(key, cached, fragments.timeout())
        content, labels = cached
        for label in labels:
            _log_fallback(context, label)
        return mark_safe(content)  # noqa: S308 - rendered by our templates, escaped there


@register.tag
def cached_fragment(parser, token):
    """{% cached_fragment "name" page country [unless variable] %}...{% endcached_fragment %}: a part of a public
    page kept until the content changes; the parts name what the content depends on besides site, language,
    audience and day; `unless`: a variable read after rendering that, when true, keeps the part from the cache."""
    bits = token.split_contents()
    unless = None
    if len(bits) > 3 and bits[-2] == "unless":
        unless, bits = parser.compile_filter(bits[-1]), bits[:-2]
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached_fragment needs a name")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return CachedFragmentNode(parser.compile_filter(bits[1]), parts, nodelist, unless)


def _log_fallback(context, label: str) -> None:
    log = context.get(FALLBACK_LOG)
    if log is not None:
        log.add(str(label))


@register.simple_tag(takes_context=True)
def note_fallback(context, text, label="") -> str:
    """Record that `text` (a TranslatedValue) is shown in English, for the page's notice; renders nothing."""
    if isinstance(text, TranslatedValue) and text.is_fallback:
        _log_fallback(context, label or text.label)
    return ""


@register.simple_tag(takes_context=True)
def translated_field(context, obj, field_name: str, label=""):
    """{% translated_field contact "availability" _("Availability") %}: the field in the visitor's language,
    or its English text marked lang="en" and named in the page's fallback notice."""
    text = translated_value(obj, field_name)
    if not text.is_fallback:
        return text.value
    _log_fallback(context, label or text.label)
    return format_html('<span lang="en" dir="ltr">{}</span>', text.value)


@register.simple_tag(takes_context=True)
def english_only(context, value, label=""):
    """A value that exists in English only (e.g. region tags): marked lang="en" and named in the notice
    on a page in another language."""
    if not value or (translation.get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return value
    _log_fallback(context, label)
    return format_html('<span lang="en" dir="ltr">{}</span>', value)
