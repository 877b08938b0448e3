"""The admin's side of country editing: every path to an object of a country checks that country.

Used by each app's snippets that belong to a country (contacts, organisations, national notes):
the permission policy narrows model permissions to the editor's countries, the form offers only
those countries, and the viewset guards every URL that names an object.
"""
from __future__ import annotations

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.tenancy.editors import editable_countries, user_can_edit_country, user_country_ids, user_is_portal_admin



class CountryScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (add/change/delete) that apply only to objects of the user's countries.

    Country editors hold the model permissions through their group; this policy narrows them
    to the countries whose editors' group they belong to. Administrators keep everything.
    """

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_can_edit_country(user, instance.country_id)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if user_is_portal_admin(user):
            return instances
        return instances.filter(country__in=user_country_ids(user))


class CountryScopedForm(WagtailAdminModelForm):
    """Offers only the countries the editor edits; refuses any other (even from a forged POST)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            self.fields["country"].queryset = editable_countries(self.for_user)


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
