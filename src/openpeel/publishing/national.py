"""The national overview: every force's grades under one framework version, and how many forces got each
grade in each area. Only one version per table: a grade carried forward from another version is left out,
as grades of different cycles cannot be compared."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpeel.errors import OpenPeelError, WarehouseError
from openpeel.forces import get_force
from openpeel.frameworks import Framework, Grade
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.national import Extremes, area_extremes, charted_indicators, indicator_values
from openpeel.inspections import access
from openpeel.inspections.models import Inspection, Judgment
from openpeel.publishing.charts import fmt
from openpeel.publishing.maps import LICENCE, grade_map, indicator_map
from openpeel.publishing.press import join_and
from openpeel.warehouse import connect


class NoSuchChoice(OpenPeelError):
    code = "not_found"


def overview(framework: Framework) -> dict[str, Any]:
    areas = framework.graded_areas()
    latest: dict[str, Inspection] = {}
    public = Inspection.objects.filter(access.public_filter(), framework_id=framework.id)
    for inspection in public.order_by("force_id", "-period_end", "-pk"):
        latest.setdefault(inspection.force_id, inspection)
    judgments = Judgment.objects.filter(
        inspection__in=latest.values(), framework_id=framework.id, area_id__in=[a.id for a in areas]
    ).exclude(grade_id="")
    grade_of = {(j.inspection_id, j.area_id): framework.grade(j.grade_id) for j in judgments}
    rows: list[dict[str, Any]] = sorted(
        (
            {
                "force": get_force(force_id).name,
                "inspection": inspection,
                "grades": [(g.label if (g := grade_of.get((inspection.pk, a.id))) else None) for a in areas],
            }
            for force_id, inspection in latest.items()
        ),
        key=lambda row: row["force"],
    )
    grades = framework.grades()
    distribution = [
        (a.title, [sum(1 for row in rows if row["grades"][i] == g.label) for g in grades]) for i, a in enumerate(areas)
    ]
    return {
        "framework": framework,
        "kind": areas[0].kind if areas else "area",
        "areas": areas,
        "rows": rows,
        "grades": grades,
        "distribution": distribution,
        "description": _words(framework, rows, grades, distribution),
    }


def _words(
    framework: Framework, rows: list[dict[str, Any]], grades: Sequence[Grade], distribution: list[tuple[str, list[int]]]
) -> str:
    """The distribution as sentences, one per area, for readers who do not read the tables."""
    if not rows:
        return ""
    out = [f"{len(rows)} force{'s' if len(rows) != 1 else ''} with a published {framework.title} inspection."]
    for title, counts in distribution:
        parts = [f"{n} {g.label}" for g, n in zip(grades, counts, strict=True) if n]
        out.append(f"{title}: {join_and(parts) if parts else 'no grades yet'}.")
    return " ".join(out)


def overview_with_map(
    framework: Framework, *, area_id: str | None = None, indicator_id: str | None = None
) -> dict[str, Any]:
    """The overview, its map (by grade in `area_id`, by default the first area, or by `indicator_id`) and each
    area's strongest and weakest forces on its indicators. Without a warehouse, the indicator parts say so."""
    page = overview(framework)
    areas = {a.id: a for a in page["areas"]}
    try:
        con = connect(read_only=True)
    except WarehouseError as e:
        con, page["warehouse_problem"] = None, str(e)
    try:
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
