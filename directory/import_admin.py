"""Admin views to import contacts: upload a CSV/XLSX, read the preview, confirm.

Nothing is written before the editor confirms. Between the preview and the confirmation the
uploaded file is kept in the editor's (server-side, database-backed) session rather than sent
back through the browser in a signed hidden field: the file never makes a second round trip, a
large list does not bloat the page, and only the user who uploaded it can confirm it. On
confirmation the file is handed to the task worker (directory/importing/jobs.py), which checks it
again against the current data and the user's countries, so a preview that went stale (another
editor changed a contact meanwhile) cannot write outdated rows, and writes it while the editor
follows its progress. Imports larger than MAX_UPLOAD_BYTES belong to `manage.py import_contacts`.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from directory import tabular
from directory.importing import contact_import_preview
from directory.importing.jobs import contact_import_queue, import_progress
from directory.models import ContactImport
from portal.tenancy.uploads import forget_upload, keep_upload, take_upload

IMPORT_PERMISSION = "directory.add_contact"
SESSION_KEY = "directory_contact_import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # about 15,000 rows of CSV; bigger files go through the command
PREVIEW_ROW_LIMIT = 500  # rows listed on the preview page (problems are always all listed)
STATUS_REFRESH_SECONDS = 2


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        validators=[FileExtensionValidator(allowed_extensions=["csv", "xlsx"])],
        help_text=gettext_lazy("The columns of the directory's CSV export; the first row names the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; ask an administrator to import it with the import_contacts command.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def user_can_import_contacts(user) -> bool:
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def _require_import_permission(request) -> None:
    if not user_can_import_contacts(request.user):
        raise PermissionDenied


def _preview_context(report, *, form=None, token: str = "") -> dict:
    return {
        "report": report,
        "counts": report.counts,
        "rows": report.rows[:PREVIEW_ROW_LIMIT],
        "rows_hidden": max(0, len(report.rows) - PREVIEW_ROW_LIMIT),
        "form": form or ContactImportForm(),
        "token": token,
        "columns": tabular.COLUMNS,
    }


@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a file and see the preview; nothing is written here."""
    _require_import_permission(request)
    form = ContactImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = contact_import_preview(file_obj=content, filename=upload.name, user=request.user)
        token = ""
        if not report.has_errors:
            token = keep_upload(request, SESSION_KEY, content=content, filename=upload.name, rows=len(report.rows))
        else:
            forget_upload(request, SESSION_KEY)
        return TemplateResponse(request, "directory/admin/import_preview.html", _preview_context(report, token=token))
    return TemplateResponse(
        request, "directory/admin/import_upload.html", {"form": form, "columns": tabular.COLUMNS}
    )


@require_POST
def import_confirm(request):
    """Queue the previewed file for the task worker, which checks it again and writes it in one transaction."""
    _require_import_permission(request)
    stored = take_upload(request, SESSION_KEY)
    if stored is None:
        messages.error(request, _("This import preview has expired or was already applied. Upload the file again."))
        return redirect("directory_import")
    job = contact_import_queue(user=request.user, filename=stored["filename"], content=stored["content"],
                               rows=stored.get("rows", 0))
    return redirect("directory_import_status", pk=job.pk)


@require_safe
def import_status(request, pk: int):
    """How the worker is getting on with an import, and its outcome; the page refreshes itself until it is done."""
    _require_import_permission(request)
    job = ContactImport.objects.filter(pk=pk).first()
    if job is None or (job.user_id != request.user.pk and not request.user.is_superuser):
        raise Http404
    return TemplateResponse(request, "directory/admin/import_status.html", {
        "job": job, "progress": import_progress(job.pk), "refresh_seconds": STATUS_REFRESH_SECONDS,
    })


class ImportContactsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_import_contacts(request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("directory/import/", import_upload, name="directory_import"),
        path("directory/import/confirm/", import_confirm, name="directory_import_confirm"),
        path("directory/import/<int:pk>/", import_status, name="directory_import_status"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportContactsMenuItem(
        gettext_lazy("Import contacts"), reverse("directory_import"), name="directory-import", icon_name="upload", order=310
    )
