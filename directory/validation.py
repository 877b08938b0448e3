"""Checks on the text of contacts and organisations, wherever it is written: admin forms and the importer.

Two kinds of text are refused at input, so that no export, address book or database ever
has to cope with them (issue 10):

- control characters (U+0000–U+001F, U+007F–U+009F, except tab and line breaks): invisible,
  rejected by PostgreSQL (NUL) and by the XML inside an XLSX file, and never meant;
- e-mail addresses a spreadsheet would run as a formula (``=cmd|'/Ccalc'!A0@example.org``):
  valid by RFC 5322, but no real mailbox starts with ``=``, ``+``, ``-`` or ``@``.

The exports neutralise such text again on the way out (directory.tabular.spreadsheet_cell),
for data written before these checks existed.
"""
from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Unicode's control characters (category Cc: C0, DEL and C1) except tab and line breaks,
# which are ordinary text (a multi-line address, a note) and legal in XML. A pattern, not a
# loop over characters: the importer runs it on every cell of up to 20,000 rows.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a spreadsheet program takes for the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def first_control_character(value: str) -> tuple[int, str] | None:
    """(1-based position, character) of the first refused control character, or None."""
    match = CONTROL_CHARACTERS.search(value)
    return (match.start() + 1, match.group()) if match else None


def strip_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def validate_no_control_characters(value) -> None:
    """Refuse invisible control characters, naming the first one and where it is."""
    if not isinstance(value, str):
        return
    found = first_control_character(value)
    if found is not None:
        position, character = found
        raise ValidationError(
            _("Remove the invisible control character U+%(code)s at position %(position)s "
              "(often pasted from another program).")
            % {"code": f"{ord(character):04X}", "position": position},
            code="control_character",
        )


def validate_not_formula_email(value) -> None:
    """Refuse an e-mail address that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        raise ValidationError(
            _("An e-mail address may not start with “%(character)s”: spreadsheet programs would run it as a formula.")
            % {"character": value[0]},
            code="formula_email",
        )


def validate_contact_email(value: str) -> None:
    """The directory's rule for an e-mail address: valid, without control characters, not a formula."""
    validate_no_control_characters(value)
    validate_email(value)
    validate_not_formula_email(value)


def validate_max_length(value: str, max_length: int | None) -> None:
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("At most %(limit)s characters are allowed; this value has %(length)s.")
            % {"limit": max_length, "length": len(value)},
            code="max_length",
        )


def add_text_validators(form_fields) -> None:
    """Give every text field of a form (translated variants included) the directory's text checks.

    Done on the admin forms rather than on the model fields: the checks then need no
    migration, and the importer, which writes in bulk without model validation, calls the
    same functions itself (directory.importing.checking).
    """
    for field in form_fields.values():
        if not isinstance(field, forms.CharField):
            continue
        field.validators.append(validate_no_control_characters)
        if isinstance(field, forms.EmailField):
            field.validators.append(validate_not_formula_email)
