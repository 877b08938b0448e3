"""System checks for settings that would silently break tenants' languages."""
from django.conf import settings
from django.core.checks import Error, register


@register()
def languages_check(app_configs, **kwargs):
    errors = []
    codes = [code for code, _name in settings.LANGUAGES]
    if settings.LANGUAGE_CODE not in codes:
        errors.append(Error("LANGUAGE_CODE must be one of LANGUAGES: it is the fallback language.", id="portal.E001"))
    if tuple(settings.MODELTRANSLATION_FALLBACK_LANGUAGES) != (settings.LANGUAGE_CODE,):
        errors.append(
            Error("MODELTRANSLATION_FALLBACK_LANGUAGES must be (LANGUAGE_CODE,): notices name that language.", id="portal.E002")
        )
    return errors
