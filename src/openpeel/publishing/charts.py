"""One Vega-Lite spec per chart, built from the warehouse's indicator results (indicators.read.Panel): the
force's monthly series with its XmR limits and signals, and the ski-slope of all forces with the force and
its peer group picked out. Each chart carries a text alternative (a sentence and a table), because a chart
alone says nothing to a screen reader or to the PDF's text layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from openpeel.indicators.read import Panel, Point
from openpeel.indicators.stats import SUPPRESSED_TEXT

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v6.json"  # a name, never fetched
VL_VERSION = "6.4"  # vl-convert's bundled Vega-Lite, the same release as package.json's vega-lite
WIDTH, HEIGHT = 560, 240
COLOURS = {"force": "#1d70b8", "peer": "#f47738", "other": "#b1b4b6", "signal": "#d4351c"}  # GOV.UK palette


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    id: str  # unique in a report: "<indicator>-series"
    title: str
    spec: dict[str, Any]
    description: str  # the chart's text alternative, as one paragraph
    table: Table


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _month(period: date) -> str:
    return f"{period:%B %Y}"


def _spec(values: list[dict[str, Any]], description: str, **chart: Any) -> dict[str, Any]:
    # No title: the figure's caption carries it, in the page's own type. The description becomes the
    # drawing's accessible name (Vega's aria-label).
    return {
        "$schema": VEGA_LITE,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": values},
    } | chart


def series_chart(panel: Panel, force_name: str) -> Chart:
    """The force's series month by month, with the XmR average and process limits and any signals."""
    ind, a = panel.indicator, panel.assessment
    shown = [p for p in panel.series if not p.suppressed]
    values = [
        {"month": f"{p.period:%Y-%m}", "value": p.value, "signal": "Signal" if p.signals else "No signal"}
        for p in shown
    ]
    limits = [
        {"line": name, "y": a[key]}
        for name, key in (("Average", "spc_mean"), ("Lower limit", "spc_lower"), ("Upper limit", "spc_upper"))
        if a.get(key) is not None
    ]
    x = {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": "Month"}
    y = {"field": "value", "type": "quantitative", "title": ind.unit}
    layers = [
        {"mark": {"type": "line", "color": COLOURS["force"]}, "encoding": {"x": x, "y": y}},
        {
            "mark": {"type": "point", "filled": True, "size": 50},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "signal",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": ["No signal", "Signal"], "range": [COLOURS["force"], COLOURS["signal"]]},
                },
            },
        },
    ]
    if limits:
        layers.append(
            {
                "data": {"values": limits},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#505a5f"},
                "encoding": {"y": {"field": "y", "type": "quantitative"}},
            }
        )
    title = f"{ind.title}: {force_name} by month"
    description = _series_words(panel, force_name, shown)
    spec = _spec(values, description, layer=layers)
    rows = [
        [
            _month(p.period),
            SUPPRESSED_TEXT if p.suppressed else fmt(p.value),
            "" if p.suppressed or p.low is None else f"{fmt(p.low)} to {fmt(p.high)}",
            "; ".join(p.signals),
        ]
        for p in panel.series
    ]
    table = Table(f"{title} (the chart's data)", ["Month", "Value", "95% interval", "XmR signals"], rows)
    return Chart(f"{ind.id}-series", title, spec, description, table)


def _series_words(panel: Panel, force_name: str, shown: list[Point]) -> str:
    ind, a = panel.indicator, panel.assessment
    if not shown:
        return f"{ind.title} for {force_name}: every month is suppressed (fewer than 10)."
    first, last = shown[0], shown[-1]
    words = (
        f"{ind.title} ({ind.unit}) for {force_name}, {_month(first.period)} to {_month(last.period)}: "
        f"{fmt(first.value)} in {_month(first.period)} and {fmt(last.value)} in {_month(last.period)}."
    )
    if a.get("spc_mean") is not None:
        words += f" XmR average {fmt(a['spc_mean'])}, process limits {fmt(a['spc_lower'])} to {fmt(a['spc_upper'])}."
    flagged = [p for p in shown if p.signals]
    words += f" Signals in {len(flagged)} month{'s' if len(flagged) != 1 else ''}" + (
        ": " + ", ".join(_month(p.period) for p in flagged) + "." if flagged else "."
    )
    hidden = len(panel.series) - len(shown)
    if hidden:
        words += f" {hidden} month{'s' if hidden != 1 else ''} suppressed (fewer than 10) and not drawn."
    return words


def ski_slope_chart(panel: Panel, force_name: str) -> Chart:
    """All forces for the period, highest first, with the force and its peer group picked out."""
    ind = panel.indicator
    bars = [b for b in panel.ski_slope if not b.suppressed]
    group = {True: "This force"}
    values = [
        {
            "force": b.force,
            "value": b.value,
            "group": group.get(b.chosen) or ("Peer group" if b.peer else "Other forces"),
        }
        for b in bars
    ]
    title = f"{ind.title}: all forces, {_month(panel.period)}"
    spec = _spec(
        values,
        "",
        mark="bar",
        encoding={
            "x": {"field": "force", "type": "nominal", "sort": "-y", "title": None, "axis": {"labels": False}},
            "y": {"field": "value", "type": "quantitative", "title": ind.unit},
            "color": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": ["This force", "Peer group", "Other forces"],
                    "range": [COLOURS["force"], COLOURS["peer"], COLOURS["other"]],
                },
            },
            "tooltip": [{"field": "force"}, {"field": "value", "format": ",.2f"}],
        },
    )
    ranked = sorted(bars, key=lambda b: -b.value)
    place = next((i for i, b in enumerate(ranked, 1) if b.chosen), None)
    peers = [i for i, b in enumerate(ranked, 1) if b.peer]
    description = f"{ind.title} ({ind.unit}) for {len(ranked)} forces in {_month(panel.period)}, highest first. "
    description += (
        f"{force_name} is {_ordinal(place)} highest of {len(ranked)}"
        if place
        else f"{force_name}'s figure is suppressed or missing"
    )
    if peers:
        description += f"; its peer group's forces are at places {', '.join(map(str, peers))}."
    else:
        description += "."
    if len(panel.ski_slope) > len(bars):
        description += f" {len(panel.ski_slope) - len(bars)} suppressed figures are not drawn."
    rows = [
        [b.force, SUPPRESSED_TEXT if b.suppressed else fmt(b.value), group.get(b.chosen) or ("Peer" if b.peer else "")]
        for b in panel.ski_slope
    ]
    table = Table(f"{title} (the chart's data)", ["Force", "Value", "Group"], rows)
    spec["description"] = description
    return Chart(f"{ind.id}-ski-slope", title, spec, description, table)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def panel_charts(panel: Panel, force_name: str) -> list[Chart]:
    return [series_chart(panel, force_name), ski_slope_chart(panel, force_name)]


def to_svg(spec: dict[str, Any]) -> str:
    """Render a spec offline (vl-convert bundles Vega and Deno; no browser, no network)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
