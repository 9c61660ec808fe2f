"""What the inspectors found: findings against the characteristics of good performance, areas for
improvement, causes of concern with their recommendations, and innovative practice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from openpeel.inspections.models.base import framework_node
from openpeel.inspections.models.inspection import Inspection, InspectionPart

AFI_OPENING = "The force should"


def afi_openings(inspection: Inspection) -> tuple[str, ...]:
    """How an area for improvement may open: as the cycle's reports word it for this force ("The constabulary
    should" of Cambridgeshire in 2023-25), first; and the generic "The force should"."""
    return tuple(dict.fromkeys((inspection.framework.should(inspection.force), AFI_OPENING)))


class Finding(InspectionPart):
    """A strength or weakness, linked to the characteristics of good performance it speaks to."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        WEAKNESS = "weakness", "Weakness"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    area_id = models.CharField(max_length=100)
    characteristic_ids = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the area's characteristics (required where the framework lists some).",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "area_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.area_id}: {self.text[:60]}"

    def clean(self) -> None:
        if not self.inspection_id:
            return
        self.clean_area()
        framework = self.inspection.framework
        area = framework.node(self.area_id)
        ids = self.characteristic_ids
        if not isinstance(ids, list) or not all(isinstance(c, str) for c in ids):
            raise ValidationError({"characteristic_ids": "must be a list of characteristic ids"})
        own = [c.id for c in getattr(area, "characteristics", ())]
        # Older frameworks (2014 to 2021/22) are modelled without characteristics: the area itself is the link.
        if own and not self.characteristic_ids:
            need = f"link the finding to at least one characteristic of {self.area_id}: {', '.join(own)}"
            raise ValidationError({"characteristic_ids": need})
        for cid in self.characteristic_ids:
            node = framework_node(framework, cid, "characteristic_ids")
            if node.kind != "characteristic" or cid not in own:
                raise ValidationError(
                    {"characteristic_ids": f"{cid!r} is not a characteristic of {self.area_id!r} in {framework.id}"}
                )
        if len(set(self.characteristic_ids)) != len(self.characteristic_ids):
            raise ValidationError({"characteristic_ids": "a characteristic is listed twice"})


class AreaForImprovement(InspectionPart):
    """A lesser shortcoming, worded as the inspectorate words them: "The force should ..."."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="areas_for_improvement")
    area_id = models.CharField(max_length=100)
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "area_id", "id"]
        verbose_name = "area for improvement"
        verbose_name_plural = "areas for improvement"

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area()
        openings = afi_openings(self.inspection) if self.inspection_id else (AFI_OPENING,)
        if not self.text.strip().startswith(openings):
            raise ValidationError({"text": f'An area for improvement begins "{openings[0]} ..."'})


class CauseOfConcern(InspectionPart):
    """A serious, critical or systemic shortcoming. Needs at least one recommendation before sign-off."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="causes_of_concern")
    area_id = models.CharField(max_length=100)
    text = models.TextField()
    accelerated = models.BooleanField(
        default=False, help_text="Published early: significant service failure or risk to public safety."
    )

    class Meta:
        ordering = ["inspection", "area_id", "id"]
        verbose_name = "cause of concern"
        verbose_name_plural = "causes of concern"

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area()


class Recommendation(InspectionPart):
    """What the force should do about a cause of concern; the PCC must answer it within 56 days."""

    cause = models.ForeignKey(CauseOfConcern, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["cause", "id"]

    def __str__(self) -> str:
        return self.text

    def owning_inspection(self) -> Inspection:
        return self.cause.inspection


class InnovativePractice(InspectionPart):
    """Something other forces could learn from (earlier reports: "positive practice")."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="innovative_practice")
    area_id = models.CharField(max_length=100)
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "area_id", "id"]
        verbose_name = "innovative practice"
        verbose_name_plural = "innovative practice"

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area()
