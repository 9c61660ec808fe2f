"""The demo's published inspection is a real one: Cambridgeshire's PEEL 2023-25 report as openpeel's
published record holds it (imported by the demo's pipeline). Its grades and its cause of concern are read from
the record, never typed here; every sentence is openpeel's own, written from those facts, says it is a
demonstration and links to the sources. The inspectorate's report is the authority."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from openpeel.errors import OpenPeelError
from openpeel.frameworks import Area
from openpeel.inspections.models import (
    AreaForImprovement,
    CauseOfConcern,
    Inspection,
    Judgment,
    Recommendation,
    ReportText,
)
from openpeel.inspections.placeholders import DEMONSTRATION
from openpeel.publishing.press import join_and
from openpeel.record import PublishedReport, force_history

GOOD_OR_BETTER = ("OUTSTANDING", "GOOD")
# What the demonstration's recommendations ask, on the recorded cause of concern (our words; the real
# report's recommendations are not in the record, so these are marked as the demonstration's).
RECOMMENDATIONS = (
    "make sure that the risk each registered sex offender poses is assessed and reviewed on time",
    "make sure that the officers and staff who manage registered sex offenders can manage the number they hold",
)


def published_report(con: duckdb.DuckDBPyConnection, force: str, cycle: str) -> PublishedReport:
    """The force's report in `cycle` from the published record, or an error saying how to load it."""
    report = next((r for r in force_history(con, force) if r.framework_id == cycle), None)
    if report is None or not report.grades:
        raise OpenPeelError(
            f"The published record holds no {cycle} grades of {force}: run `openpeel record import` first."
        )
    return report


def _sources(urls: Sequence[str] | None) -> str:
    return " ".join(f"<{u}>" for u in urls) if urls else "no source recorded"


def write_from_record(inspection: Inspection, report: PublishedReport) -> None:
    """Grades, cause of concern, areas for improvement and report text from the record. No findings: what the
    inspectors found, characteristic by characteristic, is the inspectorate's report's, not the record's."""
    fw, force = inspection.framework, inspection.force
    published = _in_words(report.published) if report.published else "a date the record does not hold"
    for g in report.grades:
        node, grade = fw.node(g.area_id), fw.grade(g.grade)
        assert isinstance(node, Area), f"{g.area_id} is graded, so an area"
        Judgment.objects.create(
            inspection=inspection,
            area_id=g.area_id,
            grade_id=grade.id,
            rationale=f"{DEMONSTRATION}. The inspectorate's report of {published} graded "
            f"{force.named()} {grade.label} at {node.judgment_phrase} (sources: {_sources(g.sources)}). "
            "openpeel records the grade as published and leaves the reasons to the inspectorate's report.",
        )
        if grade.id not in GOOD_OR_BETTER and node.press is not None:
            AreaForImprovement.objects.create(
                inspection=inspection,
                area_id=g.area_id,
                text=f"{fw.should(force)} improve how it {node.press.improve} "
                f"({DEMONSTRATION.lower()}: openpeel's words, from the grade).",
            )
    for c in report.causes:
        cause = CauseOfConcern.objects.create(
            inspection=inspection,
            area_id=c.area_id or "",
            text=f"{c.text} (as the published record states it, in our words; sources: {_sources(c.sources)}).",
        )
        for ask in RECOMMENDATIONS:
            Recommendation.objects.create(
                cause=cause, text=f"{DEMONSTRATION}. Within six months, {fw.the_force(force)} should {ask}."
            )
    grades = join_and([f"{g.grade} at {fw.node(g.area_id).judgment_phrase}" for g in report.grades])  # type: ignore[union-attr]
    causes = join_and([c.text[0].lower() + c.text[1:] for c in report.causes]) if report.causes else ""
    ReportText.objects.create(
        inspection=inspection,
        summary=f"{DEMONSTRATION}. In its report published {published}, the inspectorate graded "
        f"{force.named()} {grades}."
        + (f" It raised a cause of concern about {causes}." if causes else "")
        + f" openpeel wrote this page in its own words from its published record; the inspectorate's report "
        f"is the authority: {report.report_url or _sources(report.sources)}.",
        quote="openpeel does not reproduce the inspectorate's words; read them in its report.",
        quote_by="openpeel",
        quote_title=DEMONSTRATION,
    )


def _in_words(text: str) -> str:
    """A record date (YYYY-MM-DD, YYYY-MM or YYYY) as people write it: '12 March 2024', 'March 2024'."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{dt.date(*parts):%-d %B %Y}"
    if len(parts) == 2:
        return f"{dt.date(parts[0], parts[1], 1):%B %Y}"
    return text
