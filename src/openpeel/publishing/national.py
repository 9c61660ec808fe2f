"""The national overview of one PEEL cycle: every force's grades as the inspectorate published them (the
published record, openpeel.record), how many forces got each grade in each area, and a map that colours only
what is known. A force whose grades are not loaded is shown as not loaded, never as zero. Only one cycle per
page: grades of different cycles cannot be compared."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from openpeel.errors import OpenPeelError, WarehouseError
from openpeel.frameworks import Framework, Grade
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.national import Extremes, area_extremes, charted_indicators, indicator_values
from openpeel.inspections import access
from openpeel.inspections.models import Inspection
from openpeel.publishing.charts import fmt
from openpeel.publishing.maps import LICENCE, grade_map, indicator_map
from openpeel.publishing.press import join_and
from openpeel.record import CycleGrades, cycle_grades
from openpeel.warehouse import connect


class NoSuchChoice(OpenPeelError):
    code = "not_found"


def overview(framework: Framework, con: duckdb.DuckDBPyConnection | None = None) -> dict[str, Any]:
    """The record's grades of every territorial force under `framework` (read from the warehouse `con`; a force
    without grades is not loaded, never zero), and the reports published with openpeel under it."""
    areas = framework.graded_areas()
    record = cycle_grades(con, framework.id) if con is not None else None
    rows = []
    for force in record.forces if record else ():
        by_area = {g.area_id: g for g in force.report.grades} if force.report else {}
        rows.append(
            {
                "force": force.force_name,
                "force_id": force.force_id,
                "loaded": force.loaded,
                "report": force.report,
                "published": [by_area.get(a.id) for a in areas],  # PublishedGrade, or None where not loaded
                "grades": [(g.grade if (g := by_area.get(a.id)) else None) for a in areas],
            }
        )
    grades = framework.grades()
    distribution = [
        (a.title, [sum(1 for row in rows if row["grades"][i] == g.label) for g in grades])  # type: ignore[index,misc]
        for i, a in enumerate(areas)
    ]
    public = Inspection.objects.filter(access.public_filter(), framework_id=framework.id)
    return {
        "framework": framework,
        "kind": areas[0].kind if areas else "area",
        "areas": areas,
        "record": record,
        "rows": rows,
        "grades": grades,
        "distribution": distribution,
        "description": _words(framework, record, grades, distribution),
        "openpeel_reports": list(public.order_by("force_id", "-period_end", "-pk")),
    }


def _words(
    framework: Framework, record: CycleGrades | None, grades: Sequence[Grade], distribution: list[tuple[str, list[int]]]
) -> str:
    """The distribution as sentences, one per area, for readers who do not read the tables."""
    if not record or not record.loaded:
        return ""
    out = [f"{framework.title}: {record.caption()}."]
    for title, counts in distribution:
        parts = [f"{n} {g.label}" for g, n in zip(grades, counts, strict=True) if n]
        out.append(f"{title}: {join_and(parts) if parts else 'no grades yet'}.")
    return " ".join(out)


def overview_with_map(
    framework: Framework, *, area_id: str | None = None, indicator_id: str | None = None
) -> dict[str, Any]:
    """The overview, its map (by grade in `area_id`, by default the first area, or by `indicator_id`) and each
    area's strongest and weakest forces on its indicators. Without a warehouse, the indicator parts say so."""
    try:
        con = connect(read_only=True)
        problem = None
    except WarehouseError as e:
        con, problem = None, str(e)
    try:
        page = overview(framework, con)
        page["warehouse_problem"] = problem
        areas = {a.id: a for a in page["areas"]}
        charted = charted_indicators(con) if con else set()
        page["indicators"] = [i for i in catalogue().values() if i.id in charted]
        if indicator_id:
            indicator = catalogue().get(indicator_id)
            if indicator is None or indicator.id not in charted:
                raise NoSuchChoice(f"No indicator {indicator_id!r} with results to map.")
            page["map"] = indicator_map(indicator, *indicator_values(con, indicator))  # type: ignore[arg-type]  # charted
        elif areas:
            area = areas.get(area_id or next(iter(areas)))
            if area is None:
                raise NoSuchChoice(f"{framework.title} has no graded area {area_id!r}.")
            page["map"], page["map_area"] = grade_map(framework, area, page["rows"]), area.id
        extremes = area_extremes(con, list(areas)) if con else {}
        page["extremes"] = [(a, [_named(e) for e in extremes[a.id]]) for a in page["areas"] if a.id in extremes]
    finally:
        if con is not None:
            con.close()
    page["licence"], page["map_indicator"] = LICENCE, indicator_id
    return page


def _named(e: Extremes) -> dict[str, Any]:
    """The entry for the page, its strongest and weakest forces as "Force (value)"."""
    named = {
        "strongest": [f"{n} ({fmt(v)})" for n, v in e.strongest],
        "weakest": [f"{n} ({fmt(v)})" for n, v in e.weakest],
    }
    return vars(e) | named
