from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from openpeel.web import navigation
from openpeel.web.api import api
from openpeel.web.forces import views
from openpeel.web.signin import RateLimitedAdminAuthenticationForm, RateLimitedAuthenticationForm
from openpeel.web.stopsearch import views as stop_search

# The admin's own sign-in page counts failures with the site's: every way in shares one limit.
admin.site.login_form = RateLimitedAdminAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("forces/<slug:force_id>/", views.force_page, name="force"),
    path("forces/<slug:force_id>/indicators/<slug:indicator_id>/", views.indicator_page, name="force-indicator"),
    path("forces/<slug:force_id>/stop-and-search/", stop_search.stop_search_page, name="stop-search"),
    path("reports/", include("openpeel.web.publishing.urls")),
    path("sign-in/", auth_views.LoginView.as_view(authentication_form=RateLimitedAuthenticationForm), name="login"),
    path("start/", navigation.start, name="start"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("inspections/<int:pk>/case-files/", include("openpeel.web.casefiles.urls")),
    path("admin/", admin.site.urls),
    path("monitoring/", include("openpeel.web.monitoring.urls")),
    path("api/", api.urls),
    path("inspections/", include("openpeel.web.inspections.urls")),
]

handler500 = "openpeel.web.errors.server_error"  # JSON under /api/, the site's page elsewhere
