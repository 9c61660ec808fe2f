"""The force report as plain data, in the structure of its framework version, built from an inspection.

Templates render it (web page and PDF alike) and a published version stores it as JSON, so what was
published is what every later reader sees. Every sentence about a grade comes from the framework's
phrases (judgment_sentence, carried_forward_sentence): no wording of a judgment lives in this module.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from openpeel.errors import FrameworkLookupError
from openpeel.frameworks import Area, Framework, Question, load_framework
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.force_numbers import Figure, plain_source
from openpeel.indicators.read import Panel
from openpeel.indicators.stats import SUPPRESSED_TEXT
from openpeel.inspections.carry_forward import SIGNED_OFF, family_framework_ids
from openpeel.inspections.models import Inspection, Judgment
from openpeel.publishing.charts import Chart, fmt, panel_charts


@dataclass
class Cause:
    text: str
    recommendations: list[str]


@dataclass
class Section:
    """A pillar, a question or an area, with what the inspection found there."""

    id: str
    kind: str  # "pillar", "question" or "area"
    title: str
    number: int | None
    question: str | None
    graded: bool
    grade: str | None  # the grade's label, on its own framework's scale
    sentence: str | None  # the judgment sentence, or the carried-forward one
    carried_forward_year: int | None
    summary: str
    narrative: str  # the inspectors' main findings, in Markdown (openpeel.publishing.narrative)
    strengths: list[str]
    weaknesses: list[str]
    afis: list[str]
    causes: list[Cause]
    practice: list[str]
    indicators: list[str]  # ids of annex entries informing this area
    questions: list[Section] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # annex ids of figures outside the period: context only


@dataclass
class GradeRow:
    id: str
    title: str
    grade: str | None
    note: str  # "Not graded ..." or "Carried forward from 2017"
    level: int  # 0 pillar or area, 1 question


@dataclass
class ProgressItem:
    area: str
    text: str
    outcome: str
    followed_up: str = ""  # what monitoring recorded between the inspections (openpeel.monitoring.progress)


@dataclass
class AnnexEntry:
    id: str  # unique in the report: indicator and period
    indicator_id: str
    title: str
    definition: str
    sources: list[str]
    period: str
    value: str
    unit: str
    interval: str
    synthetic: bool
    areas: list[str]
    charts: list[Chart]
    context: str = ""  # why the figure is context only (its period lies outside the inspection's), or ""


@dataclass
class Report:
    inspection_id: int
    force_id: str
    force: str
    framework_id: str
    framework_title: str
    style: str  # "pillars" (2014 to 2018/19) or "areas" (2021 onwards)
    title: str
    period: str
    summary: str  # HM Inspector's summary, in Markdown
    grade_table: list[GradeRow]
    sections: list[Section]
    previous: str | None  # "PEEL 2021/22 (2022)" when there was an earlier signed-off inspection
    progress: list[ProgressItem]
    annex: list[AnnexEntry]
    # The force in numbers (indicators.force_numbers.Figure as dicts): read when the report is assembled.
    numbers: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_report(
    inspection: Inspection, panels: dict[str, Panel] | None = None, numbers: list[Figure] | None = None
) -> Report:
    """The report of `inspection`. `panels` (indicator id -> warehouse panel for this force) adds each cited
    indicator's charts; without them the annex lists the figures alone. `numbers` is the force in numbers."""
    framework, force = inspection.framework, inspection.force
    judgments = {j.area_id: j for j in inspection.judgments.select_related("carried_forward_from__inspection")}
    found = _findings(inspection)
    narratives = dict(inspection.narratives.values_list("area_id", "text"))
    annex = _annex(inspection, panels or {}, force.name)
    by_area: dict[str, list[str]] = {}
    context_by_area: dict[str, list[str]] = {}  # figures from outside the inspection period: marked context
    for entry in annex:
        for area in entry.areas:
            (context_by_area if entry.context else by_area).setdefault(area, []).append(entry.id)

    def section(node: Area | Question, kind: str) -> Section:
        judgment = judgments.get(node.id)
        grade = judgment.grade if judgment else None
        sentence, year = None, None
        if judgment is not None and grade is not None and judgment.carried_forward:
            year = judgment.carried_forward_year
            sentence = framework.carried_forward_sentence(
                node.id, year, grade, load_framework(grade.framework_id), force
            )
        elif grade is not None:
            sentence = framework.judgment_sentence(node.id, force.named(start=True), grade)
        f = found.get(node.id, {})
        return Section(
            id=node.id,
            kind=kind,
            title=node.title,
            number=getattr(node, "number", None),
            question=node.question,
            graded=node.graded,
            grade=grade.label if grade else None,
            sentence=sentence,
            carried_forward_year=year,
            summary=judgment.rationale if judgment else "",
            narrative=narratives.get(node.id, ""),
            strengths=f.get("strengths", []),
            weaknesses=f.get("weaknesses", []),
            afis=f.get("afis", []),
            causes=f.get("causes", []),
            practice=f.get("practice", []),
            indicators=by_area.get(node.id, []),
            context=context_by_area.get(node.id, []),
            questions=[section(q, "question") for q in getattr(node, "questions", ())],
        )

    # An optional area (2023-25's recording data) is in the report only where this inspection graded it.
    sections = [section(a, a.kind) for a in framework.areas if not a.optional or a.id in judgments]
    previous = _previous(inspection)
    text = getattr(inspection, "report_text", None)
    return Report(
        inspection_id=inspection.pk,
        force_id=force.id,
        force=force.name,
        framework_id=framework.id,
        framework_title=framework.title,
        style="pillars" if framework.areas[0].kind == "pillar" else "areas",
        title=framework.publishing.report_title.format(force=force.name)
        if framework.publishing
        else f"{framework.title}: {force.name}",
        period=f"{inspection.period_start:%-d %B %Y} to {inspection.period_end:%-d %B %Y}",
        summary=text.summary if text else "",
        grade_table=_grade_table(framework, sections),
        sections=sections,
        previous=f"{previous.framework.title} ({previous.year})" if previous else None,
        progress=_progress(inspection, previous, found) if previous else [],
        annex=annex,
        numbers=[asdict(f) for f in numbers or []],
    )


def _findings(inspection: Inspection) -> dict[str, dict[str, list[Any]]]:
    found: dict[str, dict[str, list[Any]]] = {}

    def add(area_id: str, key: str, item: Any) -> None:
        found.setdefault(area_id, {}).setdefault(key, []).append(item)

    for f in inspection.findings.all():
        add(f.area_id, "strengths" if f.kind == "strength" else "weaknesses", f.text)
    for a in inspection.areas_for_improvement.all():
        add(a.area_id, "afis", a.text)
    for c in inspection.causes_of_concern.prefetch_related("recommendations"):
        add(c.area_id, "causes", Cause(c.text, [r.text for r in c.recommendations.all()]))
    for p in inspection.innovative_practice.all():
        add(p.area_id, "practice", p.text)
    return found


def _grade_table(framework: Framework, sections: list[Section]) -> list[GradeRow]:
    """Every pillar (with its questions) or area, in framework order; ungraded ones say so."""
    rows = []
    for s in sections:
        for level, node in [(0, s)] + [(1, q) for q in s.questions]:
            if not node.graded:
                note = framework.publishing.ungraded.format(area=node.title) if framework.publishing else "Not graded."
            elif node.carried_forward_year:
                note = f"Carried forward from {node.carried_forward_year}"
            else:
                note = ""
            rows.append(GradeRow(node.id, node.title, node.grade, note, level))
    return rows


def _annex(inspection: Inspection, panels: dict[str, Panel], force_name: str) -> list[AnnexEntry]:
    """Every indicator snapshot the inspection used, with its definition, source, period and interval."""
    indicators = catalogue()
    entries, charted = [], set()
    for snap in inspection.indicator_snapshots.all():
        ind = indicators.get(snap.indicator_id)
        charts = []
        if snap.indicator_id in panels and snap.indicator_id not in charted:  # one set of charts per indicator
            charts = panel_charts(panels[snap.indicator_id], force_name)
            charted.add(snap.indicator_id)
        interval = "" if snap.ci_low is None else f"{fmt(snap.ci_low)} to {fmt(snap.ci_high)} (95% interval)"
        context = (
            ""
            if snap.within_period
            else f"Context only: {snap.period:%B %Y} is outside the inspection period "
            f"({inspection.period_start:%-d %B %Y} to {inspection.period_end:%-d %B %Y}); the figure is not "
            "evidence of performance in that period."
        )
        entries.append(
            AnnexEntry(
                id=f"{snap.indicator_id}-{snap.period:%Y-%m}",
                indicator_id=snap.indicator_id,
                title=snap.title,
                definition=ind.definition_for(snap.period) if ind else "",
                sources=[plain_source(s) for s in ind.sources_for(snap.period)] if ind else [],
                period=f"{snap.period:%B %Y}",
                value=SUPPRESSED_TEXT if snap.suppressed else fmt(snap.value),
                unit=snap.unit,
                interval="" if snap.suppressed else interval or "no interval (a full count)",
                synthetic=snap.synthetic,
                areas=list(snap.areas),
                charts=charts,
                context=context,
            )
        )
    return entries


def _previous(inspection: Inspection) -> Inspection | None:
    """The latest earlier signed-off inspection of the same force under the same framework family."""
    return (
        Inspection.objects.filter(
            force_id=inspection.force_id,
            framework_id__in=family_framework_ids(inspection),
            status__in=SIGNED_OFF,
            period_start__lt=inspection.period_start,
        )
        .order_by("-period_end", "-period_start", "-pk")
        .first()
    )


def _progress(
    inspection: Inspection, previous: Inspection, found: dict[str, dict[str, list[Any]]]
) -> list[ProgressItem]:
    """The previous inspection's areas for improvement and recommendations and what became of each: what this
    inspection found in the same area (it again has an area for improvement or cause of concern, or none), and
    what monitoring recorded in between (the tracked item's status and closing statement)."""
    from openpeel.monitoring.progress import progress_of
    from openpeel.monitoring.spc_signals import Signals

    framework = inspection.framework
    judged = {j.area_id: j for j in Judgment.objects.filter(inspection=inspection)}
    then = progress_of(previous, signals=Signals()).items
    if all(i.status == "not_tracked" for i in then):  # never public, so never tracked: its areas for improvement
        then = [i for i in then if i.kind == "area_for_improvement"]
    listed = [
        (
            i.area_id,
            i.text,
            "" if i.status == "not_tracked" else i.sentence.removeprefix(f"{i.text} ({i.area_title}): "),
        )
        for i in then
    ]
    items = []
    for area_id, text, followed_up in listed:
        old_title = previous.framework.node(area_id).title
        try:
            node = framework.node(area_id)
        except FrameworkLookupError:  # the area is not in this framework version
            node = None
        if node is None:
            outcome = f"Not assessed as such: {framework.title} has no area {old_title!r}."
        elif found.get(node.id, {}).get("causes"):
            outcome = "Not resolved: we now have a cause of concern in this area."
        elif found.get(node.id, {}).get("afis"):
            outcome = "Not yet resolved: we have again identified an area for improvement here."
        elif node.id in judged and judged[node.id].carried_forward:
            outcome = "Not inspected this time: the earlier judgment is carried forward."
        else:
            outcome = "Addressed: we found no area for improvement in this area this time."
        items.append(ProgressItem(old_title, text, outcome, followed_up))
    return items
