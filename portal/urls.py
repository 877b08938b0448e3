"""URL contract: public pages under /<lang>/ (i18n_patterns); admin, health and sitemap outside."""
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from directory.api import api as directory_api
from handbook import views as handbook_views
from monitoring.api import router as monitoring_router
from offline import views as offline_views
from portal import views
from portal.tenancy.admin import CountryScopedLogEntriesView

# The API is the directory's; the monitoring app adds its endpoints here, where the wiring may know both.
directory_api.add_router("/monitoring", monitoring_router)

urlpatterns = [
    # Wagtail's site history, narrowed to the editor's countries (matched before Wagtail's own).
    path("admin/reports/site-history/", CountryScopedLogEntriesView.as_view()),
    path("admin/reports/site-history/results/", CountryScopedLogEntriesView.as_view(results_only=True),
         ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("tenant.css", views.tenant_css, name="tenant_css"),
    path("manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("icon-<int:size>.png", offline_views.icon, name="app_icon"),
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("api/v1/", directory_api.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("directory/", include("directory.urls")),
    path("referral/", include("guidelines.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("search/", include("search.urls")),
    path("changes/", include("updates.urls")),
    path("handbook.pdf", handbook_views.handbook_pdf, name="handbook"),
    path("offline/<str:code>.json", offline_views.offline_list, name="offline_list"),
    path("login/", views.PractitionerLoginView.as_view(), name="login"),
    path("logout/", views.PractitionerLogoutView.as_view(), name="logout"),
    # Pages are routed by URL path (portal.routing) before Wagtail's view serves them; Wagtail's own
    # pattern below stays for reversing page URLs and for its password view.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", views.serve_page),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "portal.tenancy.params.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
