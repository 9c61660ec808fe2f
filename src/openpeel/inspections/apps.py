from __future__ import annotations

from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "openpeel.inspections"
    label = "inspections"
    verbose_name = "Inspections"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deletes are audited through signals, not Model.delete(), because cascades and queryset deletes
        # never call Model.delete(); signals are sent for every row the collector removes.
        from openpeel.inspections.audit import connect_assignment_signals, connect_delete_signals

        connect_delete_signals(self.get_models())
        connect_assignment_signals()
