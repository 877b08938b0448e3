"""Admin forms of the directory: countries limited to the editor's (CountryScopedForm), phones checked for the
contact's country, text refused where it holds control characters or a formula-like e-mail (directory.validation)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from directory.models import validate_has_channel
from directory.validation import add_text_validators
from portal.tenancy.admin import CountryScopedForm
from portal.tenancy.models import Country
from portal.tenancy.params import is_number


class TypedPhoneNumberWidget(RegionalPhoneNumberWidget):
    """A stored number in the country's national format; what the editor typed, exactly as typed.

    The library's widget parses whatever it shows, so a refused entry came back reformatted
    ("+370 (5) 21x 34" as "521 ext. 34") or cut: the editor could not see what was wrong with it.
    """

    def format_value(self, value):
        if isinstance(value, str):  # posted data, not a stored number
            return value
        return super().format_value(value)


class TextCheckedForm(CountryScopedForm):
    """A country-scoped form whose text fields refuse control characters and formula-like e-mails."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_validators(self.fields)


class ContactForm(TextCheckedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self._chosen_country()
        phones = self.formsets.get("phones")
        if phones is not None:
            for form in [*phones.forms, phones.empty_form]:
                form.fields["number"] = self._phone_field(country, required=form.fields["number"].required)
                add_text_validators(form.fields)

    def _chosen_country(self):
        """The country posted in this form (or the contact's): phones are read as numbers of that country."""
        raw = self.data.get(self.add_prefix("country")) if self.is_bound else None
        if raw and is_number(raw):
            return Country.objects.filter(pk=raw).first()
        return self.instance.country if self.instance.country_id else None

    @staticmethod
    def _phone_field(country, *, required: bool) -> PhoneNumberField:
        region = country.iso2 if country else None
        if country:
            message = _("Not a valid phone number for %(country)s. Enter it as dialled in %(country)s or with its +country code.") % {
                "country": country.name
            }
        else:
            message = _("Not a valid phone number. Enter it with its +country code.")
        return PhoneNumberField(
            region=region, required=required, label=_("Number"), error_messages={"invalid": message},
            widget=TypedPhoneNumberWidget(region=region),
        )

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        phones = self.formsets.get("phones")
        numbers = [
            form.cleaned_data.get("number") for form in (phones.forms if phones is not None else [])
            if not form.cleaned_data.get("DELETE")
        ]
        try:
            validate_has_channel(
                email=self.cleaned_data.get("email"), alternative_email=self.cleaned_data.get("alternative_email"), phones=numbers
            )
        except ValidationError as error:
            self.add_error("email", error)
            return False
        return True
