from django.urls import path

from openpeel.web.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.reports, name="reports"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/versions/<int:number>/", views.report_version, name="report-version"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/text/", views.report_text, name="report-text"),
    path("<int:pk>/text/<str:area_id>/", views.narrative, name="narrative"),
    path("<int:pk>/press-release/", views.press_release, name="press-release"),
    path("<int:pk>/press-release.txt", views.press_release_text, name="press-release-text"),
    path("<int:pk>/press-release.pdf", views.press_release_pdf, name="press-release-pdf"),
    path("national/<slug:framework_id>/", views.national, name="national"),
]
