"""The admin's forms: what to export (portal, language, format) and a translator's file to import."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.tenancy.editors import user_country_ids, user_is_portal_admin
from portal.tenancy.models import PortalSettings
from translations import formats

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a whole portal in one language is well under 2 MB of XLIFF


def tenants_for_user(user) -> QuerySet[PortalSettings]:
    """The portals whose content the user may translate: all for administrators, those listing their countries for editors."""
    tenants = PortalSettings.objects.select_related("site", "site__root_page").order_by("site__hostname")
    if user_is_portal_admin(user):
        return tenants
    return tenants.filter(member_countries__in=user_country_ids(user)).distinct()


class TenantChoiceForm(forms.Form):
    tenant = forms.ModelChoiceField(label=gettext_lazy("Portal"), queryset=PortalSettings.objects.none(), empty_label=None)

    # Both forms share the admin's page: their own id prefixes keep the page's ids unique.
    id_prefix = "id"

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        self.tenants = list(tenants_for_user(user))
        self.fields["tenant"].queryset = tenants_for_user(user)
        if len(self.tenants) == 1:  # nothing to choose: the editor's one portal
            self.fields["tenant"].widget = forms.HiddenInput()
            self.fields["tenant"].initial = self.tenants[0].pk


class ExportForm(TenantChoiceForm):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=())
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(formats.XLIFF, gettext_lazy("XLIFF 2.0 (translation tools)")), (formats.PO, gettext_lazy("PO (gettext)"))],
    )

    id_prefix = "export"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The languages the user's portals publish in (other than English, the source).
        published = {code for tenant in self.tenants for code in tenant.languages or ()}
        self.fields["language"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE and code in published
        ]

    def clean(self):
        cleaned_data = super().clean()
        tenant, language = cleaned_data.get("tenant"), cleaned_data.get("language")
        if tenant is not None and language and not tenant.is_language_enabled(language):
            self.add_error("language", _("%(portal)s does not publish in this language.") % {"portal": tenant})
        return cleaned_data


class ImportForm(TenantChoiceForm):
    id_prefix = "import"

    file = forms.FileField(
        label=gettext_lazy("Translated file"),
        validators=[FileExtensionValidator(allowed_extensions=["xlf", "xliff", "xml", "po"])],
        help_text=gettext_lazy("The XLIFF 2.0 or PO file exported here, with the translations filled in."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; ask an administrator to import it with the import_translations command.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
