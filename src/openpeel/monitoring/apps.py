from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "openpeel.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from openpeel.inspections.audit import connect_delete_signals
        from openpeel.inspections.models import Inspection
        from openpeel.monitoring.tracking import track_when_public

        connect_delete_signals(self.get_models())
        # A report's items are tracked the moment it is published (the command catches embargoes that lapse).
        post_save.connect(track_when_public, sender=Inspection, weak=False, dispatch_uid="openpeel-monitoring-track")
