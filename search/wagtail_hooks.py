from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import admin_views


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [path("search/zero-results/", admin_views.zero_result_queries, name="search_zero_results")]


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return MenuItem(_("Searches without results"), reverse("search_zero_results"), icon_name="search", order=900)
