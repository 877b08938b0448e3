"""Filling django-modeltranslation's per-language fields from {language: text} dictionaries (demo data)."""
from modeltranslation.utils import build_localized_fieldname


def set_translations(obj, field: str, values: dict[str, str], languages=None) -> None:
    """Set `field_<lang>` for each language that has a text: those given, or every language in `values`."""
    for code in languages if languages is not None else values:
        value = values.get(code)
        if value:
            setattr(obj, build_localized_fieldname(field, code), value)
