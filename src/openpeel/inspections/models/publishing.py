"""What publishing keeps: the words a person writes for the report, and each published version of it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from openpeel.inspections.errors import InspectionLockedError
from openpeel.inspections.models.base import Audited
from openpeel.inspections.models.inspection import Inspection, InspectionPart


class ReportText(InspectionPart):
    """HM Inspector's summary and the press-release quote: written by people, frozen at approval like the
    findings they sum up."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="report_text")
    summary = models.TextField(help_text="HM Inspector's summary, at the head of the report, in Markdown.")
    quote = models.TextField(blank=True, help_text="The inspector's words for the press release.")
    quote_by = models.CharField(max_length=200, blank=True, help_text="Who said it, e.g. 'Roy Wilsher'.")
    quote_title = models.CharField(max_length=200, blank=True, help_text="Their title, e.g. 'HM Inspector'.")

    class Meta:
        verbose_name = "report text"

    def __str__(self) -> str:
        return f"Report text of {self.inspection}"

    def clean(self) -> None:
        if self.quote.strip() and not (self.quote_by.strip() and self.quote_title.strip()):
            raise ValidationError("A quote needs the name and title of who said it.")


class ReportVersion(Audited):
    """One published version of a report: the assembled report and press release as they were published.
    A correction is a new version; earlier ones are never changed, so they stay readable as first read."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="report_versions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(help_text="Published (version 1) or last updated (a correction).")
    note = models.TextField(blank=True, help_text="What the correction changed (blank for the first version).")
    report = models.JSONField(help_text="The report as published (openpeel.publishing.report.Report).")

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="one_report_version_number")]
        verbose_name = "report version"

    def __str__(self) -> str:
        return f"{self.inspection} report, version {self.number}"

    def check_editable(self, before: dict | None) -> None:
        if before is not None:
            raise InspectionLockedError(f"{self} is published and cannot change; publish a correction instead.")

    def check_deletable(self) -> None:
        raise InspectionLockedError(f"{self} is published and cannot be deleted.")


class AreaNarrative(InspectionPart):
    """The main findings of one area (or pillar, or question) in the inspectors' words, written in Markdown:
    headings, paragraphs, lists and links to the evidence. Published as sanitised HTML
    (openpeel.publishing.narrative), never as HTML typed in; frozen at approval like the findings."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="narratives")
    area_id = models.CharField(max_length=100)
    text = models.TextField(help_text="Markdown: # headings, paragraphs, - lists, [words](#data-…) links.")

    class Meta:
        ordering = ["inspection", "area_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "area_id"], name="one_narrative_per_area")]
        verbose_name = "area narrative"

    def __str__(self) -> str:
        return f"Narrative of {self.area_id} in {self.inspection}"

    def clean(self) -> None:
        if self.inspection_id:
            self.clean_area()
