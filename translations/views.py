"""Admin views of the round trip: export the gaps, upload the translator's file, read the preview, apply.

Nothing is written before the user presses "Apply". Between the preview and that button the
uploaded file is kept in the user's server-side session under a one-time token, never sent back
through the browser; applying reads it from there and checks it again (translations/importing.py)
against the data and the user's rights as they are then.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from portal.tenancy.uploads import forget_upload, keep_upload, take_upload
from translations import formats
from translations.forms import ExportForm, ImportForm, tenants_for_user
from translations.importing import translation_import_apply, translation_import_preview
from translations.units import unit_list

SESSION_KEY = "translations_import"
PREVIEW_CHANGE_LIMIT = 1000  # changes listed on the preview page (problems are always all listed)


def user_can_use_translations(user) -> bool:
    return bool(user.is_active and user.has_perm("wagtailadmin.access_admin") and tenants_for_user(user).exists())


def _require_access(request) -> None:
    if not user_can_use_translations(request.user):
        raise PermissionDenied


def _index(request, *, export_form=None, import_form=None, status=200):
    return TemplateResponse(request, "translations/admin/index.html", {
        "export_form": export_form or ExportForm(user=request.user),
        "import_form": import_form or ImportForm(user=request.user),
    }, status=status)


@require_safe
def translations_index(request):
    _require_access(request)
    return _index(request)


@require_safe
def translations_export(request):
    """The tenant's missing and stale units in the language that this user may translate, as a download."""
    _require_access(request)
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return _index(request, export_form=form, status=400)
    tenant, language, fmt = form.cleaned_data["tenant"], form.cleaned_data["language"], form.cleaned_data["format"]
    units = unit_list(tenant=tenant, language=language, user=request.user)
    content = formats.translation_file_export(units, fmt=fmt, language=language, tenant=tenant)
    response = HttpResponse(content, content_type=formats.CONTENT_TYPES[fmt])
    short = tenant.site.hostname.split(".")[0]
    response["Content-Disposition"] = f'attachment; filename="{short}-{language}.{formats.EXTENSIONS[fmt]}"'
    return response


@require_POST
def translations_import(request):
    """Upload a translated file and see what it would change and every problem; nothing is written here."""
    _require_access(request)
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _index(request, import_form=form, status=400)
    tenant, upload = form.cleaned_data["tenant"], form.cleaned_data["file"]
    content = upload.read()
    preview = translation_import_preview(content=content, filename=upload.name, tenant=tenant, user=request.user)
    token = ""
    if preview.changes:
        token = keep_upload(request, SESSION_KEY, content=content, filename=upload.name, tenant=tenant.pk,
                            confirmed=preview.change_ids)
    else:
        forget_upload(request, SESSION_KEY)
    return TemplateResponse(request, "translations/admin/preview.html", {
        "tenant": tenant,
        "preview": preview,
        "changes": preview.changes[:PREVIEW_CHANGE_LIMIT],
        "changes_hidden": max(0, len(preview.changes) - PREVIEW_CHANGE_LIMIT),
        "token": token,
    })


@require_POST
def translations_apply(request):
    """Apply the previewed file's changes in one transaction, after checking the file again."""
    _require_access(request)
    stored = take_upload(request, SESSION_KEY)
    if stored is None:
        messages.error(request, _("This preview has expired or was already applied. Upload the file again."))
        return redirect("translations_index")
    tenant = tenants_for_user(request.user).filter(pk=stored["tenant"]).first()
    if tenant is None:
        raise PermissionDenied
    result = translation_import_apply(
        content=stored["content"], filename=stored["filename"], tenant=tenant, user=request.user,
        confirmed=set(stored["confirmed"]),
    )
    messages.success(request, ngettext(
        "%(count)s translation applied.", "%(count)s translations applied.", result.applied
    ) % {"count": result.applied})
    if result.skipped:
        messages.warning(request, ngettext(
            "%(count)s unit was skipped because it changed since the preview: %(units)s",
            "%(count)s units were skipped because they changed since the preview: %(units)s",
            len(result.skipped),
        ) % {"count": len(result.skipped), "units": "; ".join(str(problem) for problem in result.skipped)})
    return redirect("translations_index")
