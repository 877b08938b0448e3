"""Member-country names for interface languages that django-countries has no catalogue for.

django-countries translates country names in most of our languages; Albanian (sq) it does
not. These names are extracted into our catalogues so the Albanian one can translate them.
Translators of every other language leave them empty, so the library's own translation is used.
"""
from django.utils.translation import gettext_noop

COUNTRY_NAMES = [
    # Translators: only for languages without a django-countries catalogue (Albanian); leave empty otherwise.
    gettext_noop("Albania"), gettext_noop("Bosnia and Herzegovina"), gettext_noop("Bulgaria"), gettext_noop("Croatia"),
    gettext_noop("Denmark"), gettext_noop("Estonia"), gettext_noop("Finland"), gettext_noop("France"),
    gettext_noop("Germany"), gettext_noop("Greece"), gettext_noop("Iceland"), gettext_noop("Italy"),
    gettext_noop("Latvia"), gettext_noop("Lithuania"), gettext_noop("Moldova"), gettext_noop("Montenegro"),
    gettext_noop("Morocco"), gettext_noop("North Macedonia"), gettext_noop("Norway"), gettext_noop("Poland"),
    gettext_noop("Romania"), gettext_noop("Serbia"), gettext_noop("Spain"), gettext_noop("Sweden"),
    gettext_noop("Ukraine"),
]
