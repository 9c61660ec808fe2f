"""A case file sample: investigations drawn from the warehouse for review (docs/case-file-review.md).

The sample and its items are a record of a draw, so they never change once made; only the compliance
results may be attached (copied, like an indicator snapshot) to the sample as evidence. Reviews of the
items are CaseFileReview rows (models/evidence.py), one per file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openpeel.casefiles.checklist import UnknownThemeError, checklist, outcome_groups
from openpeel.inspections.errors import EvidenceError
from openpeel.inspections.models.inspection import Inspection, InspectionPart


class CaseFileSample(InspectionPart):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="case_file_samples")
    theme = models.CharField(max_length=100, help_text="A theme id of the case file checklist.")
    first_month = models.DateField(help_text="Investigations recorded from this month ...")
    last_month = models.DateField(help_text="... to this month (first days of UK months).")
    seed = models.PositiveBigIntegerField()
    margin = models.FloatField(help_text="Planned margin of error, a fraction (0.05 for ±5 percentage points).")
    confidence = models.FloatField(help_text="Confidence level of that margin, e.g. 0.95.")
    allocation = models.CharField(max_length=20, default="proportional")
    population_size = models.PositiveIntegerField()
    population_sha256 = models.CharField(max_length=64, help_text="Of the population drawn from: same hash, same draw.")
    strata = models.JSONField(help_text="Per stratum: offence group, outcome group, month, population, allocated.")
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    results = models.JSONField(null=True, blank=True, help_text="Compliance as attached as evidence (a copy).")
    attached_at = models.DateTimeField(null=True, blank=True)

    EDITABLE_FIELDS = frozenset({"results", "attached_at"})

    class Meta:
        ordering = ["inspection", "drawn_at", "id"]
        verbose_name = "case file sample"

    def __str__(self) -> str:
        return f"{self.theme_title} sample of {self.items.count()} (seed {self.seed})"

    @property
    def theme_title(self) -> str:
        try:
            return checklist().theme(self.theme).title
        except UnknownThemeError:
            return self.theme

    @property
    def stratum_populations(self) -> dict[str, int]:
        return {_key(s): s["population"] for s in self.strata}

    def clean(self) -> None:
        try:
            checklist().theme(self.theme)
        except UnknownThemeError as e:
            raise ValidationError({"theme": str(e)}) from None

    def check_editable(self, before: dict | None) -> None:
        super().check_editable(before)
        changed = self.changed_fields(before, self.EDITABLE_FIELDS)
        if changed:
            raise EvidenceError(
                f"A case file sample is the record of a draw and cannot be changed (tried: {', '.join(changed)}); "
                "draw a new sample instead."
            )


def _key(stratum: dict) -> str:
    return f"{stratum['offence_group']} | {stratum['outcome_group']} | {stratum['month']}"


class CaseFileSampleItem(InspectionPart):
    """One investigation drawn: its crime reference and the stratum it was drawn from."""

    sample = models.ForeignKey(CaseFileSample, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(help_text="Order in the draw, from 1.")
    crime_reference = models.CharField(max_length=40)
    offence_group = models.CharField(max_length=100)
    outcome_group = models.CharField(max_length=40)
    month = models.DateField()

    class Meta:
        ordering = ["sample", "position"]
        verbose_name = "case file sample item"
        constraints = [
            models.UniqueConstraint(fields=["sample", "crime_reference"], name="one_item_per_investigation"),
            models.UniqueConstraint(fields=["sample", "position"], name="one_item_per_position"),
        ]

    def __str__(self) -> str:
        return self.crime_reference

    def owning_inspection(self) -> Inspection:
        return self.sample.inspection

    @property
    def outcome_title(self) -> str:
        return outcome_groups().titles().get(self.outcome_group, self.outcome_group)

    @property
    def stratum_key(self) -> str:
        return f"{self.offence_group} | {self.outcome_group} | {self.month:%Y-%m}"

    def check_editable(self, before: dict | None) -> None:
        super().check_editable(before)
        if before is not None:
            raise EvidenceError(f"{self.crime_reference} was drawn as it is; a sample's items cannot be changed.")
