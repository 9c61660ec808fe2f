"""What the API reads and writes. Most schemas come from the models' own fields (ninja's create_schema),
so a field's type and help text are stated once, in the model."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from ninja import Field, ModelSchema, Schema
from ninja.orm import create_schema

from openpeel.inspections.models import (
    AreaForImprovement,
    AreaNarrative,
    AuditEntry,
    CaseFileReview,
    CauseOfConcern,
    Document,
    FieldworkNote,
    Finding,
    IndicatorSnapshot,
    InnovativePractice,
    Inspection,
    Judgment,
    Recommendation,
    ReportText,
    Status,
)
from openpeel.inspections.placeholders import DEMONSTRATION, DRAFT, notice

# The responses every operation may give besides its success (errors.py makes them all one shape).
ERRORS = frozenset({400, 401, 403, 404, 422})


class RuleProblem(Schema):
    area_id: str
    area_title: str
    grade_id: str | None
    rule: str = Field(description="A rule id from grade_rules.yaml, or a sign-off check.")
    message: str


class ErrorDetail(Schema):
    code: str = Field(description="Stable: clients may rely on it (openpeel.errors and HTTP codes).")
    message: str
    fields: dict[str, list[str]] | None = Field(None, description="For validation errors: messages per field.")
    problems: list[RuleProblem] | None = Field(None, description="For grade_rules_broken: every problem.")


class Error(Schema):
    error: ErrorDetail


def responses(schema, status: int = 200) -> dict:
    return {status: schema, ERRORS: Error}


def part_schemas(model, writable: list[str], custom: list | None = None):
    """(out, in, patch) for an inspection part: every field out; the writable ones in, all optional in a patch."""
    name = model.__name__
    out = create_schema(model, name=f"{name}Out", custom_fields=custom)
    new = create_schema(model, name=f"{name}In", fields=writable, custom_fields=custom)
    patch = create_schema(model, name=f"{name}Patch", fields=writable, optional_fields="__all__", custom_fields=custom)  # type: ignore[arg-type]
    return out, new, patch


# --- inspections ------------------------------------------------------------------------------------------

_InspectionFields = create_schema(
    Inspection, name="InspectionFields", exclude=["inspectors"], custom_fields=[("status", Status, ...)]
)


class InspectionOut(_InspectionFields):  # type: ignore[valid-type,misc]  # a schema made at run time
    notice: str = Field(
        description=f"'{DRAFT}' until published, then '{DEMONSTRATION}': openpeel's inspections are not the "
        "inspectorate's publications."
    )

    @staticmethod
    def resolve_notice(obj) -> str:
        return notice(obj)


InspectionIn = create_schema(
    Inspection, name="InspectionIn", fields=["force_id", "framework_id", "period_start", "period_end"]
)
PeriodPatch = create_schema(
    Inspection,
    name="PeriodPatch",
    fields=["period_start", "period_end"],
    optional_fields="__all__",  # type: ignore[arg-type]
)


class Inspectors(Schema):
    usernames: list[str] = Field(description="The inspectors who draft it (users with the inspector role).")


class MoveIn(Schema):
    to: Status = Field(description="The status to move to; workflow.py lists the moves allowed from each.")
    embargo_at: dt.datetime | None = Field(None, description="For scheduling: a date and time with its zone.")


class RuleCheck(Schema):
    ok: bool
    problems: list[RuleProblem]


class SuggestionOut(Schema):
    area_id: str
    area_title: str
    grade_id: str | None
    grade_label: str | None
    reasons: list[str]
    met: list[str] = Field(description="Characteristic ids met (strengths, no weakness).")
    not_met: list[str]
    not_assessed: list[str]
    indicators_missing_standard: list[str]


AuditEntryOut = create_schema(AuditEntry, name="AuditEntryOut")

# --- evidence ---------------------------------------------------------------------------------------------

SnapshotOut = create_schema(IndicatorSnapshot, name="IndicatorSnapshotOut")


class SnapshotIn(Schema):
    indicator_id: str = Field(description="A catalogue indicator id, e.g. asb-per-1000.")
    period: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}$", description="The month YYYY-MM; omitted: the latest (headline) period."
    )
    note: str = ""


class DocumentOut(ModelSchema):
    filename: str
    size: int | None

    class Meta:
        model = Document
        exclude = ["file"]

    @staticmethod
    def resolve_filename(obj: Document) -> str:
        return PurePath(obj.file.name).name

    @staticmethod
    def resolve_size(obj: Document) -> int | None:
        try:
            return obj.file.size
        except OSError:  # the stored file is gone: say so rather than fail the listing
            return None


class DocumentIn(Schema):
    title: str = Field(min_length=1)  # a form sends an empty field as missing: say so in the document
    effective_date: dt.date = Field(description="The date the document speaks for, not the upload date.")
    area_id: str = ""
    description: str = ""


FieldworkNoteOut, FieldworkNoteIn, FieldworkNotePatch = part_schemas(
    FieldworkNote, ["kind", "held_on", "area_id", "participants", "text"]
)
CaseFileReviewOut = create_schema(CaseFileReview, name="CaseFileReviewOut")

# --- findings ---------------------------------------------------------------------------------------------

_CHARACTERISTICS: list[tuple[str, Any, Any]] = [("characteristic_ids", list[str], [])]
FindingOut, FindingIn, FindingPatch = part_schemas(
    Finding, ["area_id", "characteristic_ids", "kind", "text"], custom=_CHARACTERISTICS
)
AreaForImprovementOut, AreaForImprovementIn, AreaForImprovementPatch = part_schemas(
    AreaForImprovement, ["area_id", "text"]
)
InnovativePracticeOut, InnovativePracticeIn, InnovativePracticePatch = part_schemas(
    InnovativePractice, ["area_id", "text"]
)
# Markdown, published as sanitised HTML (openpeel.publishing.narrative); one per area.
AreaNarrativeOut, AreaNarrativeIn, AreaNarrativePatch = part_schemas(AreaNarrative, ["area_id", "text"])
RecommendationOut, RecommendationIn, RecommendationPatch = part_schemas(Recommendation, ["text", "due_date"])
# HM Inspector's summary (Markdown) and the press-release quote, one per inspection.
ReportTextOut, ReportTextIn, _ = part_schemas(ReportText, ["summary", "quote", "quote_by", "quote_title"])
_CauseOut, CauseOfConcernIn, CauseOfConcernPatch = part_schemas(CauseOfConcern, ["area_id", "text", "accelerated"])


# create_schema builds classes at run time: mypy cannot use them as types (here and in the routers).
class CauseOfConcernOut(_CauseOut):  # type: ignore[valid-type,misc]
    recommendations: list[RecommendationOut]  # type: ignore[valid-type]


# --- judgments --------------------------------------------------------------------------------------------


class JudgmentOut(ModelSchema):
    grade_label: str | None
    carried_forward: bool
    label: str = Field(description='As a report shows it, e.g. "adequate (carried forward from 2023)".')
    warnings: list[str] = Field([], description="While drafting: the grade rules this grade would break.")

    class Meta:
        model = Judgment
        fields = [
            "id", "inspection", "area_id", "framework_id", "grade_id", "rationale", "carried_forward_from",
            "carried_forward_year", "updated_at",
        ]  # fmt: skip

    @staticmethod
    def resolve_grade_label(obj: Judgment) -> str | None:
        return obj.grade.label if obj.grade_id else None  # type: ignore[union-attr]  # grade_id: a grade

    @staticmethod
    def resolve_label(obj: Judgment) -> str:
        return str(obj).split(": ", 1)[1]


class JudgmentIn(Schema):
    grade_id: str = Field("", description="A grade of the inspection's framework; empty for no grade yet.")
    rationale: str = ""
