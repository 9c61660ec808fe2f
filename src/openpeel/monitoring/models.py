"""Monitoring's tables. The human ones are Audited (inspections' base: validated and audited on every save);
the status log, force updates and PCC responses are append-only; signal sightings are machine observations.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from openpeel.errors import OpenPeelError
from openpeel.forces import Force, get_force
from openpeel.indicators.catalogue import get_indicator
from openpeel.inspections.models import AreaForImprovement, Audited, Inspection, Recommendation
from openpeel.inspections.validators import validate_document
from openpeel.monitoring.errors import TrackingError


class ItemStatus(models.TextChoices):
    AWAITING_REVIEW = "awaiting_review", "Awaiting review"
    BEING_PROGRESSED = "being_progressed", "Being progressed"
    COMPLETE = "complete", "Complete"
    SUPERSEDED = "superseded", "Superseded"


CLOSED_STATUSES = frozenset({ItemStatus.COMPLETE, ItemStatus.SUPERSEDED})


def _changed(obj: models.Model, before: dict[str, Any]) -> set[str]:
    from openpeel.inspections.audit import state  # audit.py imports the inspections models package

    after = state(obj)
    return {k for k, v in before.items() if after.get(k) != v}


class AppendOnly(Audited):
    """A dated entry that is written once: a status change, a force update."""

    class Meta:
        abstract = True

    def check_editable(self, before: dict[str, Any] | None) -> None:
        if before is not None:
            raise TrackingError(
                f"{self._meta.verbose_name.capitalize()} #{self.pk} is on the record and cannot change."  # type: ignore[union-attr]
            )

    def check_deletable(self) -> None:
        raise TrackingError(
            f"{self._meta.verbose_name.capitalize()} #{self.pk} is on the record and cannot be deleted."  # type: ignore[union-attr]
        )


class TrackedItem(Audited):
    """A recommendation or area for improvement of a public inspection, followed until it is complete."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Recommendation"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="tracked_items")
    force_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="tracked_item"
    )
    area_for_improvement = models.OneToOneField(
        AreaForImprovement, on_delete=models.PROTECT, null=True, blank=True, related_name="tracked_item"
    )
    # Copied from the finding, which is frozen once approved, so lists need no joins.
    area_id = models.CharField(max_length=100)
    text = models.TextField()
    owner = models.CharField(max_length=200, help_text="Who at the force answers for it, e.g. the chief constable.")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.AWAITING_REVIEW)
    indicator_ids = models.JSONField(default=list, blank=True, help_text="Catalogue ids of the indicators behind it.")
    pcc_response = models.TextField(blank=True, help_text="The PCC's published comment (recommendations only).")
    pcc_responded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    FIXED_FIELDS = frozenset(
        {"inspection_id", "force_id", "kind", "recommendation_id", "area_for_improvement_id", "area_id", "text"}
    )
    WRITE_ONCE_FIELDS = frozenset({"pcc_response", "pcc_responded_on"})

    class Meta:
        ordering = ["force_id", "inspection", "kind", "id"]
        verbose_name = "tracked item"
        indexes = [models.Index(fields=["force_id", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.text[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def is_recommendation(self) -> bool:
        return self.kind == self.Kind.RECOMMENDATION

    def clean(self) -> None:
        own = {
            self.Kind.RECOMMENDATION: self.recommendation_id,
            self.Kind.AREA_FOR_IMPROVEMENT: self.area_for_improvement_id,
        }
        if [k for k, v in own.items() if v] != [self.kind]:
            raise ValidationError({"kind": f"a {self.get_kind_display().lower()} item points at exactly that finding"})
        try:
            self.force_id = get_force(self.force_id).id
        except OpenPeelError as e:
            raise ValidationError({"force_id": str(e)}) from None
        if not isinstance(self.indicator_ids, list) or not all(isinstance(i, str) for i in self.indicator_ids):
            raise ValidationError({"indicator_ids": "a list of indicator ids"})
        for indicator_id in self.indicator_ids:
            try:
                get_indicator(indicator_id)
            except OpenPeelError as e:
                raise ValidationError({"indicator_ids": str(e)}) from None
        if self.pcc_response and not self.is_recommendation:
            raise ValidationError({"pcc_response": "the PCC responds to recommendations, not areas for improvement"})
        if bool(self.pcc_response.strip()) != (self.pcc_responded_on is not None):
            raise ValidationError({"pcc_responded_on": "a PCC response has its text and the date it was published"})

    def check_editable(self, before: dict[str, Any] | None) -> None:
        # The status moves only through tracking.move(), which writes the log entry beside it.
        if before is None:
            if self.status != ItemStatus.AWAITING_REVIEW:
                raise TrackingError("A tracked item starts awaiting review; tracking.move() takes it further.")
            return
        changed = _changed(self, before)
        refused = changed & self.FIXED_FIELDS
        if "status" in changed and not getattr(self, "_status_move", False):
            refused.add("status")
        refused |= {f for f in changed & self.WRITE_ONCE_FIELDS if before[f]}
        if refused:
            raise TrackingError(
                f"{self}: cannot change {', '.join(sorted(refused))}. The finding it follows is fixed, the status "
                "moves only with a dated reason, and a PCC response once given stays on the record."
            )

    def check_deletable(self) -> None:
        raise TrackingError(f"{self} is on the record and cannot be deleted; supersede it instead.")


class StatusChange(AppendOnly):
    """One line of an item's dated status log: who moved it, from what to what, and why."""

    item = models.ForeignKey(TrackedItem, on_delete=models.PROTECT, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    by = models.CharField(max_length=150, help_text="Username, kept as text so the record outlives the account.")
    from_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ItemStatus.choices)
    why = models.TextField(help_text="The reason; for a closure, the closing statement.")

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.by}: {self.from_status or 'new'} -> {self.to_status}"


def update_upload_path(update: ItemUpdate, filename: str) -> str:
    return f"monitoring/{update.item_id}/{filename}"


class ItemUpdate(AppendOnly):
    """Progress reported by the force, with its evidence."""

    item = models.ForeignKey(TrackedItem, on_delete=models.PROTECT, related_name="updates")
    posted_at = models.DateTimeField(default=timezone.now)
    by = models.CharField(max_length=150)
    text = models.TextField()
    document = models.FileField(
        upload_to=update_upload_path, max_length=255, blank=True, validators=[validate_document]
    )
    sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["item", "posted_at", "id"]
        verbose_name = "force update"

    def __str__(self) -> str:
        return f"{self.posted_at:%Y-%m-%d} {self.by}: {self.text[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from openpeel.inspections.validators import new_upload_sha256

        self.sha256 = new_upload_sha256(self.document) or self.sha256
        super().save(*args, **kwargs)


class EngagePeriod(Audited):
    """A spell of enhanced monitoring (Engage). A force with no open spell is in Scan, routine monitoring."""

    force_id = models.CharField(max_length=64)
    entered_on = models.DateField()
    entry_reason = models.TextField()
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-entered_on", "force_id"]
        verbose_name = "Engage period"
        constraints = [
            models.UniqueConstraint(fields=["force_id"], condition=Q(exited_on__isnull=True), name="one_open_engage")
        ]

    def __str__(self) -> str:
        until = f" to {self.exited_on}" if self.exited_on else ""
        return f"{self.force_id} in Engage from {self.entered_on}{until}"

    @property
    def force(self) -> Force:
        return get_force(self.force_id)

    def clean(self) -> None:
        try:
            self.force_id = get_force(self.force_id).id
        except OpenPeelError as e:
            raise ValidationError({"force_id": str(e)}) from None
        if not self.entry_reason.strip():
            raise ValidationError({"entry_reason": "moving a force to Engage needs a reason"})
        if self.exited_on and self.exited_on < self.entered_on:
            raise ValidationError({"exited_on": "a force cannot leave Engage before it entered"})
        if bool(self.exited_on) != bool(self.exit_reason.strip()):
            raise ValidationError({"exit_reason": "leaving Engage needs both a date and a reason"})

    def check_editable(self, before: dict[str, Any] | None) -> None:
        if before is None:
            return
        refused = _changed(self, before) & {"force_id", "entered_on", "entry_reason"}
        if before["exited_on"]:
            refused |= _changed(self, before)
        if refused:
            raise TrackingError(
                f"{self}: the published dates and reasons cannot change ({', '.join(sorted(refused))})."
            )

    def check_deletable(self) -> None:
        raise TrackingError(f"{self} is on the record and cannot be deleted.")


class PlanAction(Audited):
    """One action of the improvement plan a force in Engage must produce."""

    period = models.ForeignKey(EngagePeriod, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["period", "due_on", "id"]
        verbose_name = "improvement plan action"

    def __str__(self) -> str:
        return f"{self.text[:60]} (by {self.due_on})"

    def check_deletable(self) -> None:
        raise TrackingError(f"{self} is part of an improvement plan on the record and cannot be deleted.")


class SignalSighting(models.Model):
    """When openpeel first saw an SPC signal in the warehouse: the weekly digest lists the new ones. A
    machine observation, not a person's change, so not audited; the signal itself is in the warehouse."""

    force_id = models.CharField(max_length=64)
    indicator_id = models.CharField(max_length=100)
    rule = models.CharField(max_length=20)
    direction = models.CharField(max_length=20)
    start_period = models.DateField()
    end_period = models.DateField()
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    new_in_data = models.BooleanField(
        default=True,
        help_text="Whether the signal reached the series' latest period when first seen: a signal in the newest "
        "data. One found in older data (a first load, a back-fill) is recorded but never called new.",
    )

    class Meta:
        ordering = ["first_seen", "force_id", "indicator_id", "start_period"]
        constraints = [
            models.UniqueConstraint(
                fields=["force_id", "indicator_id", "rule", "direction", "start_period"], name="one_sighting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force_id} {self.indicator_id} {self.rule}: {self.direction} from {self.start_period:%Y-%m}"
