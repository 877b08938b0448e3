"""The admin form of a status: only the editor's countries, and saving it counts as reviewing it."""
from django.utils import timezone

from portal.tenancy.admin import CountryScopedForm


class ImplementationStatusForm(CountryScopedForm):
    """An editor who saves a status has looked at it: the review date and reviewer are set, never typed."""

    def save(self, commit=True):
        self.instance.reviewed_on = timezone.localdate()
        if self.for_user is not None and self.for_user.is_authenticated:
            self.instance.reviewed_by = self.for_user
        return super().save(commit=commit)
