"""The digest subscription form: an address and the tenant's countries to follow."""
from django import forms
from django.utils.translation import gettext_lazy as _


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    countries = forms.MultipleChoiceField(
        label=_("Countries to follow"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one country.")},
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["countries"].choices = [(country.iso2, country.name) for country in tenant.members]

    def clean_countries(self):
        return [self.tenant.member(code) for code in self.cleaned_data["countries"]]
