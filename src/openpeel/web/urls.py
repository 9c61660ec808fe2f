from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from openpeel.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("forces/<slug:force_id>/", views.force_page, name="force"),
    path("reports/", include("openpeel.web.publishing_urls")),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
