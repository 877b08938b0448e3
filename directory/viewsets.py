"""Admin viewsets for objects that belong to a country: editors see and change only their countries'."""
import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.permissions import user_country_ids, user_is_directory_admin


def only_editable_countries(queryset, request):
    """Editors list only their countries' objects (administrators all)."""
    if user_is_directory_admin(request.user):
        return queryset
    return queryset.filter(country__in=user_country_ids(request.user))


class CountryScopedViewSet(SnippetViewSet):
    """Every view of one object (edit, history, revisions, delete, usage...) checks the object's country.

    Wagtail's generic views check model permissions only; guarding every URL that names an
    object also covers views added by future Wagtail versions.
    """

    def get_urlpatterns(self):
        # regex.groupindex covers path() converters and re_path() groups alike (revision compare is a re_path).
        return [
            self._guard(pattern) if "pk" in pattern.pattern.regex.groupindex else pattern
            for pattern in super().get_urlpatterns()
        ]

    def _guard(self, pattern: URLPattern) -> URLPattern:
        view = pattern.callback

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            instance = self.model._default_manager.filter(pk=unquote(str(kwargs["pk"]))).first()
            if instance is not None and not self.permission_policy.user_has_any_permission_for_instance(
                request.user, ["change", "delete"], instance
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)
