from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"  # "search" would clash with wagtail.search's label
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from directory import ranking
        from search import service, signals

        signals.connect()
        # The directory's free text (list, facets, API) is answered by this app's search service.
        ranking.register_contact_matcher(service.matching_contact_ids)
