from django.urls import path

from openpeel.web.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("forces/<slug:force_id>/", views.force_dashboard, name="force"),
    path("forces/<slug:force_id>/engage/", views.engage_enter, name="engage-enter"),
    path("forces/<slug:force_id>/scan/", views.engage_exit, name="engage-exit"),
    path("forces/<slug:force_id>/plan/", views.plan_action, name="plan-action"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/updates/", views.item_update, name="item-update"),
    path("items/<int:pk>/status/", views.item_status, name="item-status"),
    path("items/<int:pk>/pcc-response/", views.item_pcc_response, name="item-pcc-response"),
    path("items/<int:pk>/details/", views.item_details, name="item-details"),
    path("updates/<int:pk>/document/", views.update_document, name="update-document"),
    path("digest/", views.digest_page, name="digest"),
    path("digest.txt", views.digest_export, name="digest-text"),
    path("risk/", views.risk_view, name="risk"),
    path("engage/", views.engage_list, name="engage"),
]
