"""Saves in the admin made from an outdated version are refused, even when two arrive at the same moment.

Wagtail compares the revision an edit form was opened from with the object's latest revision
(`is_out_of_date`), but outside the transaction that writes: two posts racing each other both
pass the check, and the second silently overwrites the first. Here the check and the write run
in one transaction that first locks the object's row, then reads the object and its latest
revision again, so the second of two racing posts waits for the first, sees its revision and
is refused. On PostgreSQL the lock is SELECT ... FOR UPDATE; SQLite has no row locks, but its
transactions start IMMEDIATE (see DATABASES in portal/settings/base.py), which serialises
writers the same way.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import EditView as SnippetEditView

# Posted by the edit form of an object that had no revision yet: Wagtail then posts no
# loaded_revision_id, and would take a save made after someone else's first save as current.
OPENED_WITHOUT_REVISION = "opened_without_revision"

# Cached on the view from the object read before the lock; read again under the lock.
_VERSION_PROPERTIES = ("latest_revision", "latest_revision_created_at", "is_out_of_date")


class VersionCheckedEditMixin:
    """For an edit view of a revisioned model: a save from an outdated version is refused, atomically.

    The editor whose save is refused gets the form back as they filled it, with a message
    naming who changed the object and when.
    """

    version_checked_template_name = "directory/admin/version_checked_edit.html"

    def get_template_names(self):
        # The snippet viewset hands its own template name to the view; this one extends it.
        if self.hydrate_create_view:
            return super().get_template_names()
        return [self.version_checked_template_name]

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            self.object_lock_and_reload()
            form = self.get_form()
            if self.is_valid(form):
                return self.form_valid(form)
        # Rendered after the transaction: the refused editor's page does not hold the lock.
        return self.form_invalid(form)

    def object_lock_and_reload(self) -> None:
        """Lock the object's row, then read the object and its latest revision as committed now."""
        # of=("self",): the object's own row only, whatever its manager joins (PostgreSQL refuses
        # FOR UPDATE on the nullable side of an outer join).
        rows = self.model._default_manager.select_for_update(of=("self",)).filter(pk=self.object.pk)
        list(rows.values_list("pk", flat=True))
        self.object = self.get_object()
        for name in _VERSION_PROPERTIES:
            self.__dict__.pop(name, None)

    def is_outdated_save(self) -> bool:
        """Whether the post was made from a version older than the latest revision."""
        if self.is_out_of_date:
            return True
        posted = self.request.POST
        return bool(
            self.latest_revision
            and posted.get(OPENED_WITHOUT_REVISION)
            and not posted.get("loaded_revision_id")
            and not posted.get("overwrite_revision_id")
        )

    def is_valid(self, form):
        if self.is_outdated_save():
            self.produced_error_code = "invalid_revision"
            self.produced_error_message = self.outdated_save_message()
            return False
        return super().is_valid(form)

    def outdated_save_message(self) -> str:
        latest = self.latest_revision
        return _(
            "This %(model_name)s was changed by %(user)s at %(time)s, after you opened it. Your changes were not "
            "saved, so nothing of theirs is lost: open the %(model_name)s again to see the current version, then "
            "make your changes."
        ) % {
            "model_name": self.model._meta.verbose_name,
            "user": latest.user.get_username() if latest and latest.user else _("someone"),
            "time": timezone.localtime(latest.created_at).strftime("%Y-%m-%d %H:%M") if latest else "",
        }


class VersionCheckedEditView(VersionCheckedEditMixin, SnippetEditView):
    """Wagtail's snippet edit view with the atomic version check."""

