"""The map of England and Wales: each police force area shaded by its grade in one area of one framework
version, or by one indicator in one period. One Vega-Lite spec (geoshape) per map, drawn by the page's
vega-embed and offline by vl-convert alike, with a table as its text alternative. Boundaries: ONS Police
Force Areas (December 2020), bundled unmodified (data/boundaries/SOURCE.md)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from openpeel.config import bundled_data_dir
from openpeel.errors import OpenPeelError
from openpeel.forces import all_forces
from openpeel.frameworks import Area, Framework
from openpeel.indicators.catalogue import Indicator
from openpeel.indicators.stats import SUPPRESSED_TEXT
from openpeel.publishing.charts import VEGA_LITE, Chart, Table, fmt

BOUNDARIES = bundled_data_dir() / "boundaries" / "police-force-areas-2020.geojson"
LICENCE = (
    "Boundaries: Office for National Statistics, Police Force Areas (December 2020), licensed under the Open "
    "Government Licence v.3.0. Contains OS data © Crown copyright and database right 2020."
)
NO_DATA = "No published figure"
NO_GRADE = "Not loaded"
# Best to worst, spread over a scale's grades: GOV.UK green to red, told apart by lightness as well as hue.
GRADE_COLOURS = ("#005a30", "#00703c", "#85994b", "#ffdd00", "#f47738", "#d4351c", "#942514")
NONE_COLOUR = "#f3f2f1"
WIDTH, HEIGHT = 420, 520


class BoundaryError(OpenPeelError):
    code = "boundaries"


@cache
def _areas() -> tuple[dict[str, Any], ...]:
    """The 43 boundary features, each with the openpeel force id of its area (checked: every territorial force
    has exactly one area)."""
    try:
        features = json.loads(BOUNDARIES.read_text())["features"]
    except (OSError, ValueError, KeyError) as e:
        raise BoundaryError(f"{BOUNDARIES}: cannot read the police force area boundaries ({e}).") from None
    force_of = {f.pfa_code: f for f in all_forces() if f.territorial}
    unknown = [
        feat["properties"].get("PFA20CD") for feat in features if feat["properties"].get("PFA20CD") not in force_of
    ]
    if unknown or len(features) != len(force_of):
        raise BoundaryError(f"{BOUNDARIES}: areas {unknown} match no force, or not every force has one area.")
    return tuple(
        {"type": "Feature", "geometry": feat["geometry"], "force_id": force_of[feat["properties"]["PFA20CD"]].id}
        for feat in features
    )


def _map(title: str, shade: dict[str, str], legend: list[tuple[str, str]], description: str, table: Table) -> Chart:
    """A map with each force's area in the colour of its `shade` (force id -> legend label)."""
    names = {f.id: f.name for f in all_forces()}
    values = [
        a | {"properties": {"force": names[a["force_id"]], "shade": shade.get(a["force_id"], legend[-1][0])}}
        for a in _areas()
    ]
    spec = {
        "$schema": VEGA_LITE,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": values},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "color": {
                "field": "properties.shade",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [label for label, _ in legend], "range": [colour for _, colour in legend]},
                "legend": {"orient": "bottom-left"},
            },
            "tooltip": [{"field": "properties.force", "title": "Force"}, {"field": "properties.shade", "title": title}],
        },
    }
    return Chart("map", title, spec, description, table)


def grade_map(framework: Framework, area: Area, rows: list[dict[str, Any]]) -> Chart:
    """Each force shaded by its published grade in `area`, from the overview's rows (one framework version
    only); a force whose grade is not loaded is left unshaded, as not loaded."""
    grades = framework.grades()
    colours = [GRADE_COLOURS[round(i * (len(GRADE_COLOURS) - 1) / max(len(grades) - 1, 1))] for i in range(len(grades))]
    column = [a.id for a in framework.graded_areas()].index(area.id)
    shade = {row["force_id"]: row["grades"][column] for row in rows if row["grades"][column]}
    legend = [(g.label, c) for g, c in zip(grades, colours, strict=True)] + [(NO_GRADE, NONE_COLOUR)]
    counts = [(label, sum(1 for s in shade.values() if s == label)) for label, _ in legend[:-1]]
    words = ", ".join(f"{n} {label}" for label, n in counts if n) or "no grades"
    description = (
        f"Map of the 43 police force areas of England and Wales shaded by their {framework.title} grade for "
        f"{area.title.lower()}: {words}; {43 - len(shade)} not loaded (no grade in openpeel's published record)."
    )
    table = Table(
        f"{area.title}: grade of each force ({framework.title}; the map's data)",
        ["Force", "Grade"],
        sorted([row["force"], row["grades"][column] or NO_GRADE.lower()] for row in rows),
    )
    return _map(f"{framework.title}, {area.title}", shade, legend, description, table)


def indicator_map(indicator: Indicator, period: date, values: dict[str, float | None]) -> Chart:
    """Each force shaded by its value of `indicator` in `period`, in five bands of equal count (quintiles);
    `values` holds None for a suppressed figure."""
    names = {f.id: f.name for f in all_forces()}
    shown = sorted((v, f) for f, v in values.items() if v is not None)
    bands = min(5, len(shown))
    labels: list[str] = []
    shade: dict[str, str] = {}
    for b in range(bands):
        part = shown[b * len(shown) // bands : (b + 1) * len(shown) // bands]
        label = f"{fmt(part[0][0])} to {fmt(part[-1][0])}"
        labels.append(label)
        shade |= {f: label for _, f in part}
    ramp = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")  # light to dark: low to high
    legend = [(label, ramp[round(i * 4 / max(bands - 1, 1))]) for i, label in enumerate(labels)]
    legend.append((NO_DATA, NONE_COLOUR))
    description = (
        f"Map of the 43 police force areas of England and Wales shaded by {indicator.title_for(period)} "
        f"({indicator.unit}), "
        f"{period:%B %Y}, in {bands} bands of about equal numbers of forces, lightest lowest; "
        f"{43 - len(shown)} without a published figure (missing, or fewer than 10 and suppressed)."
    )
    cells = {f: ("no figure" if f not in values else SUPPRESSED_TEXT if values[f] is None else fmt(values[f]))
             for f in (a["force_id"] for a in _areas())}  # fmt: skip
    table = Table(
        f"{indicator.title_for(period)}, {period:%B %Y}: each force (the map's data)",
        ["Force", indicator.unit],
        sorted([names[f], cell] for f, cell in cells.items()),
    )
    return _map(f"{indicator.title_for(period)}, {period:%B %Y}", shade, legend, description, table)
