"""manage.py export_translations and import_translations: the same round trip from a terminal."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Contact
from tests.translations.conftest import first_contact, po_with_targets, xliff_with_targets
from translations import formats

FILL = {formats.XLIFF: xliff_with_targets, formats.PO: po_with_targets}


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_export_then_import_with_the_commands_applies_the_translation_and_dry_run_writes_nothing(
    bsr, german_gaps, tmp_path, capsys, fmt
):
    exported = tmp_path / f"bsr-de.{formats.EXTENSIONS[fmt]}"
    call_command("export_translations", "--tenant", "bsr", "--language", "de", "--format", fmt, "-o", str(exported))
    assert "units to translate written to" in capsys.readouterr().out
    contact = first_contact(bsr, "LT")
    unit_id = f"directory.contact:{contact.pk}:position_title"
    assert unit_id in exported.read_text()
    exported.write_bytes(FILL[fmt](exported.read_bytes(), {unit_id: "Funktion aus dem Terminal"}))

    call_command("import_translations", str(exported), "--tenant", "bsr", "--dry-run")
    dry = capsys.readouterr().out
    assert f"{unit_id}: '' -> 'Funktion aus dem Terminal'" in dry and "Dry run: nothing was written." in dry
    assert not Contact.objects.get(pk=contact.pk).position_title_de

    call_command("import_translations", str(exported), "--tenant", "bsr")
    assert "Translations applied: 1." in capsys.readouterr().out
    assert Contact.objects.get(pk=contact.pk).position_title_de == "Funktion aus dem Terminal"


def test_import_as_the_lithuanian_editor_refuses_a_polish_unit_and_exits_with_an_error(bsr, german_gaps, tmp_path, capsys):
    exported = tmp_path / "bsr-de.po"
    call_command("export_translations", "--tenant", "bsr", "--language", "de", "--format", "po", "-o", str(exported))
    polish = first_contact(bsr, "PL")
    unit_id = f"directory.contact:{polish.pk}:position_title"
    exported.write_bytes(po_with_targets(exported.read_bytes(), {unit_id: "Polnische Funktion"}))
    capsys.readouterr()

    with pytest.raises(CommandError) as raised:
        call_command("import_translations", str(exported), "--tenant", "bsr", "--user", "editor-lt")

    output = capsys.readouterr().out
    assert f"problem: {unit_id}: This text belongs to Poland" in output
    assert raised.value.returncode == 1
    assert not Contact.objects.get(pk=polish.pk).position_title_de


def test_the_lithuanian_editors_export_from_the_command_has_only_lithuanian_contacts(bsr, german_gaps, tmp_path):
    """Both contacts lack their German position title; only the Lithuanian one is the Lithuanian editor's to translate."""
    exported = tmp_path / "lt.xlf"
    call_command("export_translations", "--tenant", "bsr", "--language", "de", "--user", "editor-lt", "-o", str(exported))

    text = exported.read_text()
    assert f"directory.contact:{first_contact(bsr, 'LT').pk}:position_title" in text
    assert f"directory.contact:{first_contact(bsr, 'PL').pk}:position_title" not in text


@pytest.mark.parametrize("arguments, message", [
    (["--tenant", "nowhere", "--language", "de"], "Unknown tenant 'nowhere'"),
    (["--tenant", "bsr", "--language", "fr"], "does not publish in 'fr'"),
])
def test_export_refuses_an_unknown_tenant_or_a_language_it_does_not_publish(db, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_translations", *arguments, "-o", str(tmp_path / "out.xlf"))
