"""Demonstration inspections, built through the same models and workflow as real ones and carried to
publication: for the tests and the benchmark. Every sentence they write says it is a demonstration (not a
judgment of HM Inspectorate); their figures are real warehouse results attached as snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from openpeel.demo.factories import make_inspection, support_grade
from openpeel.frameworks import load_framework
from openpeel.indicators.read import force_panels
from openpeel.inspections import workflow
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import AreaNarrative, Finding, InnovativePractice, Inspection, Judgment, ReportText
from openpeel.inspections.placeholders import DEMONSTRATION
from openpeel.publishing.files import write_report_files

# The worked example's grades (Cambridgeshire, PEEL 2023-25): a spread that exercises every part of the
# report and press release. Areas not named are graded good.
WORKED_EXAMPLE = {
    "police-powers": "GOOD",
    "preventing-crime": "GOOD",
    "responding": "REQUIRES_IMPROVEMENT",
    "investigating": "ADEQUATE",
    "protecting-vulnerable": "ADEQUATE",
    "managing-offenders": "GOOD",
    "positive-workplace": "ADEQUATE",
    "leadership": "INADEQUATE",
}


def example_inspection(
    force: str,
    grades: dict[str, str],
    *,
    framework: str = "peel-2023-25",
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2024, 12, 31),
    con: duckdb.DuckDBPyConnection | None = None,
    indicators: int = 3,
) -> Inspection:
    """A draft inspection of `force` with the findings each grade needs, its judgments, up to `indicators`
    warehouse results attached (when `con` is given), and report text."""
    fw = load_framework(framework)
    inspection = make_inspection(force, framework, start, end)
    write_up(inspection, grades, con=con, indicators=indicators)
    for node, _ in fw.walk():
        if node.grade_required:  # not an optional area (2023-25's recording data): most reports did not grade it
            grade = grades.get(node.id, "GOOD")
            support_grade(inspection, node.id, grade)
            Judgment.objects.create(
                inspection=inspection,
                area_id=node.id,
                grade_id=grade,
                rationale=f"{DEMONSTRATION}. {node.title}: graded {fw.grade(grade).label} by openpeel's worked "
                "example, to show how a report sets out this grade; the inspectorate did not award it.",
            )
    return inspection


def write_up(
    inspection: Inspection,
    grades: dict[str, str],
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    indicators: int = 3,
    cite: tuple[str, ...] = (),
) -> None:
    """What a report needs besides grades: a finding per area (a weakness where the grade is below good),
    innovative practice in a good area, the indicators `cite` and up to `indicators` more of the force's
    warehouse results as evidence (when `con` is given), and HM Inspector's summary and quote."""
    fw = inspection.framework
    for node, _ in fw.walk():
        if node.kind == "characteristic":
            continue
        Finding.objects.create(
            inspection=inspection,
            area_id=node.id,
            characteristic_ids=[c.id for c in getattr(node, "characteristics", ())][:1],
            kind=Finding.Kind.WEAKNESS if grades.get(node.id, "GOOD") != "GOOD" else Finding.Kind.STRENGTH,
            text=f"{DEMONSTRATION}. A {'weakness' if grades.get(node.id, 'GOOD') != 'GOOD' else 'strength'} "
            f"recorded in {node.title.lower()} by openpeel's worked example; nothing here was observed at the force.",
        )
    if "GOOD" in grades.values() or not grades:
        best = next((a for a, g in grades.items() if g == "GOOD"), fw.graded_areas()[0].id)
        InnovativePractice.objects.create(
            inspection=inspection,
            area_id=best,
            text=f"{DEMONSTRATION}. Where a report names practice other forces could learn from, it appears here.",
        )
    if con is not None:
        attach_evidence(inspection, con, cite=cite, indicators=indicators)
    write_demo_narratives(inspection)
    ReportText.objects.create(
        inspection=inspection,
        summary=f"{DEMONSTRATION}. openpeel generated this report on {inspection.force.named()} to show how an "
        "inspection is written up, moderated and published; its grades and findings are not the inspectorate's.",
        quote="openpeel generated this report to demonstrate its publishing steps; it says nothing about the force.",
        quote_by="openpeel",
        quote_title=DEMONSTRATION,
    )


def attach_evidence(
    inspection: Inspection, con: duckdb.DuckDBPyConnection, *, cite: tuple[str, ...] = (), indicators: int = 3
) -> None:
    """Attach the indicators `cite` and up to `indicators` more of the force's warehouse results as evidence."""
    from openpeel.inspections.snapshots import snapshot_indicator

    others = [p.indicator.id for p in force_panels(con, inspection.force_id) if p.indicator.id not in cite]
    for indicator_id in [*cite, *others[:indicators]]:
        snapshot_indicator(inspection, indicator_id, con=con)


DEMO_NARRATIVE = (
    "**Demonstration text, not the inspectorate's words.** openpeel's demonstration writes this to show where "
    "the inspectors' main findings on {title} go in a report, after the judgment and before the findings "
    "recorded one by one.\n\n"
    "# Main findings\n\n"
    "Inspectors write each main finding as a heading followed by the evidence for it, in paragraphs and "
    "lists, linking to the figures the report cites.\n\n"
    "# Evidence cited\n\n"
    "{evidence}"
)


def write_demo_narratives(inspection: Inspection) -> None:
    """A narrative, marked as a demonstration, for each graded area (and pillar and question): how the
    inspectors' own text reads in the report, with links to the evidence the inspection attached."""
    snapshots = list(inspection.indicator_snapshots.all())
    for node, _ in inspection.framework.walk():
        if node.kind == "characteristic" or not node.graded:
            continue
        cited = [
            f"- [{s.title}, {s.period:%B %Y}](#data-{s.indicator_id}-{s.period:%Y-%m})"
            for s in snapshots
            if node.id in s.areas
        ]
        evidence = "\n".join(cited) or "This demonstration attached no figures to this area."
        AreaNarrative.objects.create(
            inspection=inspection,
            area_id=node.id,
            text=DEMO_NARRATIVE.format(title=node.title.lower(), evidence=evidence),
        )


def publish_example(inspection: Inspection, *, moderator: str, embargo_at: dt.datetime, now: dt.datetime) -> None:
    """Moderate, approve and schedule `inspection` (`now` is before `embargo_at`)."""
    with acting_as(moderator):
        workflow.move(inspection, "in_moderation", actor=moderator, now=now)
        workflow.move(inspection, "approved", actor=moderator, now=now)
        workflow.move(inspection, "scheduled", actor=moderator, embargo_at=embargo_at, now=now)


def build_demo_report(inspection: Inspection, folder: Path) -> list[Path]:
    """The demo's published inspection stored as version 1 (as `publish due` would) and written out as
    `publish build` does."""
    from openpeel.publishing.versions import SCHEDULER, store_first_version

    if not inspection.report_versions.exists():
        with acting_as(SCHEDULER):
            store_first_version(inspection, at=inspection.published_at or inspection.embargo_at)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    return write_report_files(inspection, folder)
