"""The published PEEL record, typed: what the inspectorate published about each force in each cycle.

A report (force, cycle, publication date, link) with its grades per area and its causes of concern, every
fact with the source it was read in. The file format is docs/record.md; loader.py reads and checks a file
into these classes. Never a grade worked out from totals: a fact is here only because a source states it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

FORMAT = "openpeel-record/1"

# Version 1 of the CSV layout: one row per fact. A later version changes this header (docs/record.md).
COLUMNS = (
    "force",
    "cycle",
    "fact",
    "published",
    "report_url",
    "area",
    "grade",
    "amended_grade",
    "amended_on",
    "amendment_source_url",
    "cause",
    "raised_on",
    "status",
    "closed_on",
    "source_url",
    "note",
)

# Which columns each kind of fact may fill (force, cycle, fact, source_url and note apply to all).
FACT_COLUMNS = {
    "report": ("published", "report_url"),
    "grade": ("area", "grade", "amended_grade", "amended_on", "amendment_source_url"),
    "cause": ("area", "cause", "raised_on", "status", "closed_on"),
}
COMMON = ("force", "cycle", "fact", "source_url", "note")

CauseStatus = Literal["open", "closed", "not known"]
CAUSE_STATUSES: tuple[str, ...] = ("open", "closed", "not known")

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_URL = re.compile(r"https?://\S+")


def partial_date_problem(text: str) -> str | None:
    """None if `text` is a date written YYYY-MM-DD, or only as precisely as the source gave it (YYYY-MM,
    YYYY); otherwise what is wrong, in words."""
    m = _PARTIAL_DATE.fullmatch(text)
    if not m:
        return "must be a date written YYYY-MM-DD, or YYYY-MM or YYYY where the source gives no more"
    year, month, day = (int(p) if p else None for p in m.groups())
    try:
        date(year or 1, month or 1, day or 1)  # the pattern requires a year
    except ValueError as e:
        return f"is not a real date ({e})"
    return None


def url_problem(text: str) -> str | None:
    return None if _URL.fullmatch(text) else "must be a web address starting with https:// or http://"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Amendment(_Frozen):
    """A grade the inspectorate changed after publishing it, kept beside the grade first published."""

    grade_id: str
    on: str  # YYYY-MM-DD, YYYY-MM or YYYY
    sources: tuple[str, ...]


class GradeFact(_Frozen):
    area_id: str
    grade_id: str  # as first published
    sources: tuple[str, ...]
    amendment: Amendment | None = None
    note: str | None = None
    line: int

    @property
    def grade_now(self) -> str:
        """The grade as it stands: the amended one where the inspectorate changed it."""
        return self.amendment.grade_id if self.amendment else self.grade_id


class CauseFact(_Frozen):
    area_id: str | None
    text: str  # what the cause is about, in our words unless the note says otherwise
    raised_on: str | None
    status: CauseStatus
    closed_on: str | None
    sources: tuple[str, ...]
    note: str | None = None
    line: int


class ReportFact(_Frozen):
    """One force's published report in one cycle."""

    force_id: str
    framework_id: str
    published: str | None  # as precisely as a source gave it; None where no date was read
    report_url: str | None
    sources: tuple[str, ...]
    note: str | None = None
    line: int
    grades: tuple[GradeFact, ...] = ()
    causes: tuple[CauseFact, ...] = ()


class Record(_Frozen):
    """A whole record file, checked."""

    path: str
    sha256: str
    reports: tuple[ReportFact, ...]

    def counts(self) -> dict[str, int]:
        return {
            "reports": len(self.reports),
            "grades": sum(len(r.grades) for r in self.reports),
            "amendments": sum(1 for r in self.reports for g in r.grades if g.amendment),
            "causes": sum(len(r.causes) for r in self.reports),
        }
