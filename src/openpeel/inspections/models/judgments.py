"""The graded judgment per area (or pillar, or question) with its rationale, possibly carried forward."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from openpeel.errors import OpenPeelError
from openpeel.frameworks import Framework, Grade, load_framework
from openpeel.inspections.models.inspection import Inspection, InspectionPart, Status


class Judgment(InspectionPart):
    """A grade is stored as the framework's grade id plus that framework's id, never as text: grades of
    different framework versions cannot be compared, and the pair says which scale a grade belongs to."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="judgments")
    area_id = models.CharField(max_length=100)
    framework_id = models.CharField(
        max_length=64, blank=True, help_text="The grade's framework: the inspection's own unless carried forward."
    )
    grade_id = models.CharField(max_length=40, blank=True, help_text="Blank: no grade (yet, or ungraded area).")
    rationale = models.TextField(blank=True)
    carried_forward_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_forward_to"
    )
    carried_forward_year = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "area_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "area_id"], name="one_judgment_per_area")]

    def __str__(self) -> str:
        label = self.grade.label if self.grade else "not graded"
        if self.carried_forward:
            label += f" (carried forward from {self.carried_forward_year})"
        return f"{self.area_id}: {label}"

    @property
    def carried_forward(self) -> bool:
        return self.carried_forward_from_id is not None

    @property
    def grade_framework(self) -> Framework:
        return load_framework(self.framework_id or self.inspection.framework_id)

    @property
    def grade(self) -> Grade | None:
        """The grade as the framework's value: comparing two from different versions raises."""
        return self.grade_framework.grade(self.grade_id) if self.grade_id else None

    def clean(self) -> None:
        if not self.inspection_id:
            return
        self.clean_area()
        if not self.framework_id:
            self.framework_id = self.inspection.framework_id
        if not self.carried_forward and self.framework_id != self.inspection.framework_id:
            own = f"a grade awarded in this inspection is on its own scale ({self.inspection.framework_id})"
            raise ValidationError({"framework_id": own})
        if self.carried_forward != (self.carried_forward_year is not None):
            raise ValidationError({"carried_forward_year": "a carried-forward judgment says which year it is from"})
        if self.grade_id:
            try:
                self.grade_id = load_framework(self.framework_id).grade(self.grade_id).id
            except OpenPeelError as e:
                raise ValidationError({"grade_id": str(e)}) from None

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # While drafting the rules only warn: inspectors grade before all findings are written up.
        if self.inspection.status == Status.DRAFT and not self.carried_forward:
            from openpeel.inspections import rules

            rules.warn(self.inspection, area_id=self.area_id)
