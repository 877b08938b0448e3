"""Whether a translation keeps its English text's HTML: balanced, and with the same tags and attributes.

Rich text travels to translators as text with its tags; a translation that drops, adds or
unbalances a tag would break the page or, with an added attribute, change what it does, so the
import refuses it and says which tags differ.
"""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from django.utils.translation import gettext as _

VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _TagReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        self.tags[_describe(tag, attrs)] += 1
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags[_describe(tag, attrs)] += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if not self.open or self.open[-1] != tag:
            self.balanced = False
            return
        self.open.pop()


def _describe(tag: str, attrs) -> str:
    rendered = "".join(f' {name}="{value}"' if value is not None else f" {name}" for name, value in sorted(attrs))
    return f"<{tag}{rendered}>"


def _read(text: str) -> _TagReader:
    reader = _TagReader()
    reader.feed(text)
    reader.close()
    reader.balanced = reader.balanced and not reader.open
    return reader


def markup_problem(source: str, target: str) -> str:
    """"" when the target's markup is sound and the same as the source's, otherwise what is wrong."""
    found = _read(target)
    if not found.balanced:
        return _("The HTML tags are not balanced: a tag is not closed, or closed in the wrong order.")
    expected = _read(source).tags
    if found.tags == expected:
        return ""
    missing = sorted((expected - found.tags).elements())
    added = sorted((found.tags - expected).elements())
    details = []
    if missing:
        details.append(_("missing %(tags)s") % {"tags": " ".join(missing)})
    if added:
        details.append(_("added %(tags)s") % {"tags": " ".join(added)})
    return _("The HTML tags differ from the English text's (%(details)s): keep the tags as they are.") % {
        "details": "; ".join(details)
    }
