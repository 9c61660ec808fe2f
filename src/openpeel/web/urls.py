from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from openpeel.web import stop_search, views
from openpeel.web.signin import RateLimitedAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("forces/<slug:force_id>/", views.force_page, name="force"),
    path("forces/<slug:force_id>/stop-and-search/", stop_search.stop_search_page, name="stop-search"),
    path("sign-in/", auth_views.LoginView.as_view(authentication_form=RateLimitedAuthenticationForm), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
