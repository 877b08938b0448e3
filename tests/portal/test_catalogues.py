"""Interface catalogues: complete in every language, compiling cleanly, and no model change without migration."""
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import to_locale

LOCALE = Path(__file__).resolve().parents[2] / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def entries(po_file: Path):
    """(msgid, msgstr values, references) of each entry of a .po file, parsed minimally."""
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield message, strings, {path for path, _line in message.locations}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_is_translated(language):
    po_file = LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"
    missing = []
    for message, strings, references in entries(po_file):
        only_country_names = references == {"portal/country_names.py"}
        if only_country_names and language != "sq":
            continue  # django-countries' own catalogue translates these (see portal/country_names.py)
        if not all(strings) or message.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == [], f"{language}: untranslated or fuzzy: {missing}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_compiles_with_msgfmt_check(language):
    po_file = LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
