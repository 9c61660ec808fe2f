"""One Vega-Lite spec per chart, built from the warehouse's indicator results (indicators.read.Panel): the
force's monthly series with its XmR limits and signals, and the ski-slope of all forces with the force and
its peer group picked out. Each chart carries a text alternative (a sentence and a table), because a chart
alone says nothing to a screen reader or to the PDF's text layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from openpeel.indicators.funnel import Kind, Overdispersion
from openpeel.indicators.read import Panel, Point
from openpeel.indicators.spc import runs
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
    """The force's series month by month, with its average, the range months usually fall in (the XmR
    chart's process limits) and the months of unusual change (its signals), in plain words."""
    ind, a = panel.indicator, panel.assessment
    shown = [p for p in panel.series if not p.suppressed]
    # the line breaks at a missing period or a rate's change of census (one line per run), and the limits span
    # only the run they were computed from: the run of the panel's period
    periods = [p.period for p in panel.series]
    step = 3 if ind.compute.grain == "quarter" else 1
    run_of = {periods[i]: n for n, r in enumerate(runs(periods, step, ind.census_breaks())) for i in r}
    values = [
        {
            "month": f"{p.period:%Y-%m}",
            "value": p.value,
            "signal": "Unusual change" if p.signals else "Usual",
            "run": run_of[p.period],
        }
        for p in shown
    ]
    baseline = [q for q in periods if run_of[q] == run_of.get(panel.period)]
    limits = [
        {"line": name, "y": a[key], "from": f"{baseline[0]:%Y-%m}", "to": f"{baseline[-1]:%Y-%m}"}
        for name, key in (("Average", "spc_mean"), ("Lower limit", "spc_lower"), ("Upper limit", "spc_upper"))
        if a.get(key) is not None and baseline
    ]
    # Few, short, level labels: a label a month ran into its neighbours ("Jan 2019Mar 2019").
    axis = {"format": "%b %Y", "tickCount": 6, "labelOverlap": "greedy", "labelAngle": 0, "labelFlush": True}
    x = {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None, "axis": axis}
    y = {"field": "value", "type": "quantitative", "title": ind.unit}
    layers = [
        {
            "mark": {"type": "line", "color": COLOURS["force"]},
            "encoding": {"x": x, "y": y, "detail": {"field": "run", "type": "nominal"}},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 50},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "signal",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": ["Usual", "Unusual change"], "range": [COLOURS["force"], COLOURS["signal"]]},
                },
            },
        },
    ]
    if limits:
        layers.append(
            {
                "data": {"values": limits},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#505a5f"},
                "encoding": {
                    "x": {"field": "from", "type": "temporal", "timeUnit": "yearmonth"},
                    "x2": {"field": "to"},
                    "y": {"field": "y", "type": "quantitative"},
                },
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
            change_words(p.signals),
        ]
        for p in panel.series
    ]
    table = Table(f"{title} (the chart's data)", ["Month", "Value", "95% interval", "Unusual change"], rows)
    return Chart(f"{ind.id}-series", title, spec, description, table)


# How change is judged, in words (the report's "How we judge change" says the same at more length). The
# warehouse stores each month's signals as "rule: direction", e.g. "run: deterioration".
RULE_WORDS = {
    "beyond_limit": "outside the usual range",
    "run": "7 or more months in a row on one side of the average",
    "trend": "7 or more months in a row each rising or each falling",
    "two_of_three": "2 of 3 months near the edge of the usual range",
}
DIRECTION_WORDS = {"improvement": "better", "deterioration": "worse"}


def change_words(signals: tuple[str, ...]) -> str:
    """A month's signals as words: 'outside the usual range (worse)'; '' for none."""
    out = []
    for signal in signals:
        rule, _, direction = signal.partition(": ")
        words = RULE_WORDS.get(rule, "an unusual change")
        out.append(f"{words} ({DIRECTION_WORDS[direction]})" if direction in DIRECTION_WORDS else words)
    return "; ".join(out)


def change_sentences(shown: list[Point], mean: float) -> list[str]:
    """Each stretch of consecutive months with the same kind of signal, as a clause: 'the last 7 months
    (June 2024 to December 2024) were all above the average'."""
    stretches: list[tuple[str, list[Point], list[int]]] = []  # (rule, months, their places in `shown`)
    for i, p in enumerate(shown):
        for rule in sorted({s.partition(": ")[0] for s in p.signals}):
            last = next((s for s in reversed(stretches) if s[0] == rule), None)
            if last and last[2][-1] == i - 1:
                last[1].append(p)
                last[2].append(i)
            else:
                stretches.append((rule, [p], [i]))
    clauses = []
    for rule, months, places in stretches:
        n, first, end = len(months), _month(months[0].period), _month(months[-1].period)
        when = (
            (f"the last {n} months ({first} to {end})" if n > 1 else f"the last month ({end})")
            if places[-1] == len(shown) - 1
            else (f"the {n} months from {first} to {end}" if n > 1 else end)
        )
        were = "were" if n > 1 else "was"
        side = "above" if sum(p.value for p in months) / n > mean else "below"
        if rule == "run":
            clauses.append(f"{when} {were} all {side} the average")
        elif rule == "trend":
            rising = months[-1].value > months[0].value
            clauses.append(f"{when} each {'rose' if rising else 'fell'} on the month before")
        elif rule == "beyond_limit":
            clauses.append(f"{when} {were} {side} the usual range")
        else:
            clauses.append(f"{when} {were} close to the {'top' if side == 'above' else 'bottom'} of the usual range")
    return clauses


def _series_words(panel: Panel, force_name: str, shown: list[Point]) -> str:
    ind, a = panel.indicator, panel.assessment
    if not shown:
        return f"{ind.title} for {force_name}: every month is suppressed (fewer than 10)."
    first, last = shown[0], shown[-1]
    words = (
        f"{ind.title} ({ind.unit}) for {force_name}, {_month(first.period)} to {_month(last.period)}: "
        f"{fmt(first.value)} in {_month(first.period)} and {fmt(last.value)} in {_month(last.period)}."
    )
    if ind.residents:
        words += f" Residents: {ind.residents_rule()}."
    if a.get("spc_mean") is not None:
        words += (
            f" The average month was {fmt(a['spc_mean'])}; months usually fall between {fmt(a['spc_lower'])} "
            f"and {fmt(a['spc_upper'])}"
        )
        words += f" ({a['spc_note']})." if a.get("spc_note") else "."
        changes = change_sentences(shown, a["spc_mean"])
        words += " " + (f"Unusual change: {'; '.join(changes)}." if changes else "No unusual change.")
    elif a.get("spc_note"):
        words += f" No usual range for {_month(panel.period)}: the chart {a['spc_note']}."
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
    title = f"{ind.title_for(panel.period)}: all forces, {_month(panel.period)}"
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


MIN_SLOPE_BARS = 3  # an "all forces" chart of one or two bars compares nothing: it is left out


def panel_charts(panel: Panel, force_name: str) -> list[Chart]:
    """The series chart, and the all-forces ski-slope when at least MIN_SLOPE_BARS forces have a published figure."""
    charts = [series_chart(panel, force_name)]
    if sum(1 for b in panel.ski_slope if not b.suppressed) >= MIN_SLOPE_BARS:
        charts.append(ski_slope_chart(panel, force_name))
    return charts


def to_svg(spec: dict[str, Any]) -> str:
    """Render a spec offline (vl-convert bundles Vega and Deno; no browser, no network)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def funnel_chart(
    indicator_title: str,
    unit: str,
    per: float,
    forces: list[tuple[str, float, float]],
    od: Overdispersion,
    kind: Kind,
    chosen: str,
) -> Chart:
    """A funnel plot (Spiegelhalter 2005): each force's figure against its denominator, the England and Wales
    target, and 95% limits with the variation between forces allowed for (solid) and without it (dotted).
    forces: (name, numerator, denominator); od: funnel.Overdispersion over the same forces."""
    from openpeel.indicators.funnel import curves

    sizes = [d for _, _, d in forces]
    lines = curves(od, kind, min(sizes), max(sizes))
    values = [{"force": f, "n": d, "value": x / d * per, "chosen": f == chosen} for f, x, d in forces]
    limit_rows = [
        {"n": c["n"], "limit": name, "y": c[key] * per}
        for c in lines
        for name, key in (
            ("95% limits, variation between forces allowed for", "low"),
            ("95% limits, variation between forces allowed for", "high"),
            ("95% limits, chance alone", "plain_low"),
            ("95% limits, chance alone", "plain_high"),
        )
    ]
    for row, key in zip(limit_rows, ["low", "high", "plain_low", "plain_high"] * len(lines), strict=True):
        row["side"] = key
    x = {"field": "n", "type": "quantitative", "scale": {"type": "log"}, "title": "Denominator"}
    layers = [
        {
            "data": {"values": limit_rows},
            "mark": {"type": "line", "color": "#505a5f"},
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative", "title": unit},
                "detail": {"field": "side", "type": "nominal"},
                "strokeDash": {"field": "limit", "type": "nominal", "title": None},
            },
        },
        {
            "mark": {"type": "point", "filled": True},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "color": {
                    "field": "chosen",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": [True, False], "range": [COLOURS["force"], COLOURS["other"]]},
                },
                "tooltip": [{"field": "force"}, {"field": "value", "format": ",.2f"}],
            },
        },  # fmt: skip
        {
            "data": {"values": [{"y": od.target * per}]},
            "mark": {"type": "rule", "color": "#0b0c0c"},
            "encoding": {"y": {"field": "y", "type": "quantitative"}},
        },
    ]
    outside = [f for f, x_, d in forces if not (lines and _inside(x_ / d, d, od, kind))]
    description = (
        f"Funnel plot of {indicator_title.lower()} for {len(forces)} forces: England and Wales "
        f"{od.target * per:,.2f} {unit}; 95% limits {od.words(per)}. "
        + (f"Outside the limits: {', '.join(outside)}." if outside else "Every force is within the limits.")
    )
    rows = [[f, f"{x_ / d * per:,.2f}", f"{d:,.0f}", "outside" if f in outside else "within"] for f, x_, d in forces]
    title = f"{indicator_title}: funnel plot"
    table = Table(f"{title} (the chart's data)", ["Force", "Value", "Denominator", "95% limits"], rows)
    return Chart("funnel", title, _spec(values, description, layer=layers), description, table)


def _inside(value: float, denominator: float, od: Overdispersion, kind: Kind) -> bool:
    from openpeel.indicators.funnel import limits

    low, high = limits(od.target, denominator, kind, od.tau2)
    return low <= value <= high
