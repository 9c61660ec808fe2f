"""Evidence: indicator results as snapshots, documents, fieldwork notes and case file reviews."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from openpeel.casefiles.checklist import ANSWERS, checklist
from openpeel.inspections.errors import EvidenceError
from openpeel.inspections.models.casefiles import CaseFileSampleItem
from openpeel.inspections.models.inspection import Inspection, InspectionPart
from openpeel.inspections.validators import new_upload_sha256, validate_document


class IndicatorSnapshot(InspectionPart):
    """An indicator result copied at the moment it was attached. The warehouse is recomputed as data
    arrives; evidence must still say what the inspector saw, so the figures are copied, never referenced."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="indicator_snapshots")
    indicator_id = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=100)
    areas = models.JSONField(
        default=list,
        blank=True,  # none where the framework has none of the catalogue's areas (PEEL 2018/19's pillars)
        help_text="The areas of the inspection's framework the indicator informs (catalogue ids).",
    )
    period = models.DateField(help_text="First day of the month (or quarter) the figure is for.")
    value = models.FloatField()
    ci_low = models.FloatField(null=True, blank=True)
    ci_high = models.FloatField(null=True, blank=True)
    numerator = models.FloatField()
    denominator = models.FloatField(null=True, blank=True)
    suppressed = models.BooleanField(default=False, help_text="Fewer than 10: the value is not published.")
    peer_value = models.FloatField(null=True, blank=True)
    peer_low = models.FloatField(null=True, blank=True)
    peer_high = models.FloatField(null=True, blank=True)
    national_value = models.FloatField(null=True, blank=True)
    national_low = models.FloatField(null=True, blank=True)
    national_high = models.FloatField(null=True, blank=True)
    rank = models.IntegerField(null=True, blank=True)
    rank_of = models.IntegerField(null=True, blank=True)
    vs_national = models.CharField(max_length=40, blank=True)
    vs_peers = models.CharField(max_length=40, blank=True)
    spc_signals = models.JSONField(default=list, blank=True)
    statements = models.JSONField(default=list, blank=True)
    standard = models.JSONField(null=True, blank=True, help_text="{target, better, description, source} or null.")
    synthetic = models.BooleanField(default=False, help_text="Computed from synthetic (made-up) force returns.")
    assessment = models.JSONField(default=dict, blank=True, help_text="The whole assessment row, as read.")
    computed_at = models.DateTimeField(null=True, blank=True, help_text="When the warehouse computed it.")
    attached_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True, help_text="The inspector's note; the only part that may change.")

    # Everything but the note: a changed figure would no longer be what was seen, so attach a new snapshot.
    EDITABLE_FIELDS = frozenset({"note"})

    class Meta:
        ordering = ["inspection", "indicator_id", "period", "id"]
        verbose_name = "indicator snapshot"

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period:%Y-%m}: {self.value:g} {self.unit}"

    @property
    def within_period(self) -> bool:
        """Whether the figure is for a month (or quarter) starting within the inspection's period. One from
        outside it is context, flagged on the evidence page and cited by a report only as marked context."""
        return self.inspection.period_start <= self.period <= self.inspection.period_end

    def meets_standard(self) -> bool | None:
        """True or False against the indicator's published standard; None with no standard or no value."""
        if not self.standard or self.suppressed:
            return None
        target, better = self.standard["target"], self.standard["better"]
        return self.value >= target if better == "higher" else self.value <= target

    def check_editable(self, before: dict | None) -> None:
        super().check_editable(before)
        changed = self.changed_fields(before, self.EDITABLE_FIELDS)
        if changed:
            raise EvidenceError(
                f"A snapshot's figures are the evidence as seen on {self.attached_at:%Y-%m-%d} and cannot be "
                f"changed (tried: {', '.join(changed)}); attach a fresh snapshot instead."
            )


def document_upload_path(document: Document, filename: str) -> str:
    return f"inspections/{document.inspection_id}/{filename}"


class Document(InspectionPart):
    """An uploaded file. Its effective date (when the policy or data was in force) is not its upload date."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=document_upload_path, max_length=255, validators=[validate_document])
    effective_date = models.DateField(help_text="The date the document speaks for, not when it was uploaded.")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64, editable=False, help_text="Of the file's bytes, so a swap shows.")
    area_id = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["inspection", "effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.title} (effective {self.effective_date})"

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area(optional=True)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sha256 = new_upload_sha256(self.file) or self.sha256
        super().save(*args, **kwargs)


class FieldworkNote(InspectionPart):
    """Notes from interviews, focus groups and reality testing (seeing whether practice matches policy)."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Interview"
        FOCUS_GROUP = "focus_group", "Focus group"
        REALITY_TESTING = "reality_testing", "Reality testing"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="fieldwork_notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    area_id = models.CharField(max_length=100, blank=True)
    participants = models.CharField(max_length=300, blank=True, help_text="Roles, not names.")
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "held_on", "id"]
        verbose_name = "fieldwork note"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area(optional=True)


class CaseFileReview(InspectionPart):
    """One case file examined against a standard (one row per file, so samples can be counted and re-cut).
    A file drawn in a sample links its item and answers the checklist's questions for the sample's theme;
    the overall result then follows from the answers."""

    class Result(models.TextChoices):
        MET = "met", "Met the standard"
        PARTLY_MET = "partly_met", "Partly met the standard"
        NOT_MET = "not_met", "Did not meet the standard"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="case_file_reviews")
    area_id = models.CharField(max_length=100, blank=True)
    case_reference = models.CharField(max_length=100, help_text="The force's reference, not a person's name.")
    theme = models.CharField(max_length=200, help_text="What was sampled, e.g. domestic abuse investigations.")
    reviewed_on = models.DateField()
    result = models.CharField(max_length=20, choices=Result.choices)
    notes = models.TextField(blank=True)
    item = models.OneToOneField(
        CaseFileSampleItem, on_delete=models.PROTECT, null=True, blank=True, related_name="review",
        help_text="The sampled investigation reviewed; blank for a file reviewed outside a sample.",
    )  # fmt: skip
    answers = models.JSONField(default=dict, blank=True, help_text="Checklist question id -> yes, no or na.")

    class Meta:
        ordering = ["inspection", "theme", "reviewed_on", "id"]
        verbose_name = "case file review"

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.get_result_display().lower()}"

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area(optional=True)
        if self.item_id is None:
            if self.answers:
                raise ValidationError({"answers": "Checklist answers belong to a file drawn in a sample."})
            return
        assert self.item is not None  # item_id is set
        sample = self.item.sample
        if sample.inspection_id != self.inspection_id or self.case_reference != self.item.crime_reference:
            raise ValidationError({"item": f"{self.item} is not this review's file in this inspection."})
        asked = [q.id for q in checklist().questions_for(sample.theme)]
        answers = self.answers if isinstance(self.answers, dict) else {}
        unknown = sorted(set(answers) - set(asked))
        missing = [q for q in asked if q not in answers]
        wrong = sorted(q for q, a in answers.items() if a not in ANSWERS)
        if unknown or missing or wrong or not isinstance(self.answers, dict):
            raise ValidationError({"answers": "Answer every question of the checklist yes, no or not applicable"
                                   f" (unknown: {unknown or 'none'}; unanswered: {missing or 'none'};"
                                   f" not an answer: {wrong or 'none'})."})  # fmt: skip
        self.result = result_of(answers)


def result_of(answers: dict[str, str]) -> str:
    """Met when nothing applicable fell short, not met when nothing applicable was done, partly met between."""
    applicable = [a for a in answers.values() if a != "na"]
    if "no" not in applicable:
        return CaseFileReview.Result.MET
    return CaseFileReview.Result.PARTLY_MET if "yes" in applicable else CaseFileReview.Result.NOT_MET
