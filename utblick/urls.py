from django.contrib import admin
from django.urls import include, path

from utblick.api.urls import api
from utblick.reporting.views import public
from utblick.web.urls import auth_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *auth_urlpatterns,
    path("", include("utblick.tenants.signin_urls")),
    path("import/", include("utblick.imports.urls")),
    path("installation/organisationer/", include("utblick.tenants.urls")),
    path("uppfoljning/", include("utblick.reporting.urls")),
    path("kommun/<str:code>/internationellt/", include("utblick.reporting.public_urls")),
    # A region's public page: the same page under the region's own word.
    path("region/<str:code>/internationellt/", public.page, name="public_region_page"),
    path("omvarld/", include("utblick.monitoring.urls")),
    path("atgarder/", include("utblick.routines.urls")),
    path("", include("utblick.web.urls")),
]

# Paths no route matches, and unforeseen failures: JSON under /api/, the site's pages elsewhere.
handler404 = "utblick.api.errors.not_found"
handler500 = "utblick.api.errors.server_error"
