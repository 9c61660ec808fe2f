"""Plain-English sentences an inspector can cite, made only when the statistics support them.

Each function returns None rather than a sentence the figures do not support. Every sentence names the
period, the forces counted and any forces missing. Suppressed figures yield no value statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal, cast

from openpeel.indicators.comparison import Comparison, GroupEstimate
from openpeel.indicators.spc import Signal, XmRChart
from openpeel.indicators.stats import SUPPRESSED_TEXT, suppressed

Names = Mapping[str, str] | None


def period_label(period: object) -> str:
    """A month as "January 2019"; anything else as its text."""
    return period.strftime("%B %Y") if isinstance(period, date) else str(period)


def name_list(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def format_value(value: float, unit: str = "", decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}"
    if not unit:
        return text
    return text + unit if unit.startswith("%") else f"{text} {unit}"


def format_range(low: float, high: float, unit: str = "", decimals: int = 2) -> str:
    """ "5.35 to 15.99 per 1,000 residents"; "5.3% to 16.0%"."""
    first = format_value(low, unit if unit.startswith("%") else "", decimals)
    return f"{first} to {format_value(high, unit, decimals)}"


def format_p(p: float, alpha: float = 0.05) -> str:
    """p to 3 decimals (4 where 3 would round across alpha), "p < 0.001" below that."""
    if p < 0.001:
        return "p < 0.001"
    text = f"{p:.3f}"
    if (p < alpha) != (float(text) < alpha):  # 0.0496 shown as 0.050 beside "significantly" would mislead
        text = f"{p:.4f}"
    return f"p = {text}"


def _name(force_id: str, names: Names) -> str:
    return (names or {}).get(force_id, force_id)


def _names(ids: Sequence[str], names: Names) -> list[str]:
    return [_name(f, names) for f in ids]


def _no_data(ids: Sequence[str], names: Names) -> str | None:
    if not ids:
        return None
    return f"{name_list(_names(ids, names))} had no data"


def _unpublished(ids: Sequence[str], names: Names) -> str | None:
    if not ids:
        return None
    if len(ids) == 1:
        return f"the figure for {_name(ids[0], names)} was not published because its count was {SUPPRESSED_TEXT}"
    return f"figures for {name_list(_names(ids, names))} were not published because their counts were {SUPPRESSED_TEXT}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_statement(comparison: Comparison, measure: str, names: Names = None, extremes_only: bool = True) -> str | None:
    """ "X had the (joint) lowest/highest <measure> of the N forces with data for <period> (...)".

    None when the force has no published value, fewer than 2 forces have one, all are tied, or (with
    extremes_only) the force is neither highest nor lowest.
    """
    c, r = comparison, comparison.rank
    if r is None or c.force is None or c.force.suppressed or r.of < 2 or len(r.tied_with) == r.of - 1:
        return None
    if r.position == 1:
        place = "highest"
    elif r.lowest_position == 1:
        place = "lowest"
    elif extremes_only:
        return None
    else:
        top = r.position <= r.lowest_position
        place = f"{_ordinal(r.position if top else r.lowest_position)} {'highest' if top else 'lowest'}"
    if r.joint:
        place = f"joint {place}"
    with_data = "forces with published figures" if c.suppressed else "forces with data"
    notes = []
    if r.joint:
        notes.append(f"joint with {name_list(_names(r.tied_with, names))}")
    if c.better != "neither":
        notes.append(f"{c.better} is better")
    notes += [n for n in (_unpublished(c.suppressed, names), _no_data(c.national.missing, names)) if n]
    tail = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"{_name(c.force_id, names)} had the {place} {measure} of the {r.of} {with_data} "
        f"for {period_label(c.period)}{tail}."
    )


def _counted(group: GroupEstimate, against: str, suppressed_ids: Sequence[str], names: Names) -> list[str]:
    n = len(group.counted)
    if against == "national":
        counted = f"{n} force{'s' if n != 1 else ''} counted"
    else:
        counted = f"peer{'s' if n != 1 else ''} counted: {name_list(_names(group.counted, names))}"
    hidden = [f for f in group.counted if f in suppressed_ids]
    if hidden:
        whose = "whose figure is" if len(hidden) == 1 else "whose figures are"
        counted += f", among them {name_list(_names(hidden, names))}, {whose} not published but in the total"
    parts = [counted]
    missing = _no_data(group.missing, names)
    return parts + ([missing] if missing else [])


def comparison_statement(
    comparison: Comparison,
    measure: str,
    unit: str = "",
    names: Names = None,
    against: Literal["national", "peers"] = "national",
    decimals: int = 2,
) -> str | None:
    """ "X's <measure> in <period> was v (95% CI), significantly higher than England and Wales as a whole (...)".

    "Significantly" only outside the funnel's limits with the variation between forces allowed for (funnel.py);
    the method and its estimate are named in the sentence.

    None when the force's or the reference's figure is suppressed or no test could be made.
    """
    c = comparison
    sig = c.vs_national if against == "national" else c.vs_peers
    if c.force is None or c.force.suppressed or sig is None:
        return None
    ref = sig.reference.estimate
    if ref is None or ref.suppressed or ref.value is None:
        return None
    f = c.force
    what = "England and Wales as a whole" if against == "national" else "its peer group as derived by openpeel"
    verdict: str = sig.verdict if sig.verdict != "not significantly different" else "not significantly different from"
    if sig.verdict != "not significantly different":
        verdict += " than"
    conf = f"{c.confidence * 100:g}% confidence interval"
    details = [format_value(ref.value, unit, decimals), format_p(sig.p_value, 1 - c.confidence)]
    details += _counted(sig.reference, against, c.suppressed, names) + [sig.test]
    return (
        f"{_name(c.force_id, names)}'s {measure} in {period_label(c.period)} was "
        f"{format_value(f.value, unit, decimals)} ({conf} {format_value(f.low, '', decimals)} to "  # type: ignore[arg-type]  # a compared figure has its interval
        f"{format_value(f.high, '', decimals)}), {verdict} {what} ({'; '.join(details)})."  # type: ignore[arg-type]
    )


def _missing_months(periods: Sequence[object]) -> list[date]:
    """Months absent between the first and last period, when the periods are dates."""
    if len(periods) < 2 or not all(isinstance(p, date) for p in periods):
        return []
    periods = cast(Sequence[date], periods)  # all dates: checked just above
    have = {(p.year, p.month) for p in periods}
    first, last = periods[0], periods[-1]
    out, y, m = [], first.year, first.month
    while (y, m) < (last.year, last.month):
        if (y, m) not in have:
            out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


_WORDS = {
    "trend": ("rose", "fell"),
    "run": ("was significantly higher", "was significantly lower"),
    "beyond_limit": ("was significantly high", "was significantly low"),
    "two_of_three": ("was significantly high", "was significantly low"),
}
_PRIORITY = {"beyond_limit": 0, "run": 1, "trend": 2, "two_of_three": 3}


def _signal_clause(s: Signal, chart: XmRChart, unit: str, decimals: int, word: str) -> str:
    assert (
        chart.mean is not None and chart.upper_limit is not None and chart.lower_limit is not None
    )  # a signal: limits
    up = s.side == "higher"
    verb = _WORDS[s.rule][0 if up else 1]
    first, last = period_label(s.periods[0]), period_label(s.periods[-1])
    limit = format_value(chart.upper_limit if up else chart.lower_limit, unit, decimals)
    if s.rule == "trend":
        each = "higher" if up else "lower"
        return f"{verb} significantly over the {len(s.points)} {word} from {first} to {last}, each {each} than the last"
    if s.rule == "run":
        side = "above" if up else "below"
        mean = format_value(chart.mean, unit, decimals)
        return f"{verb} over the {len(s.points)} {word} from {first} to {last}, all {side} the average of {mean}"
    if s.rule == "beyond_limit":
        value = format_value(chart.values[s.points[0]], unit, decimals)
        return f"{verb} in {first} ({value}, {'above the upper' if up else 'below the lower'} process limit of {limit})"
    near = "upper" if up else "lower"
    return f"{verb} in {name_list([period_label(p) for p in s.periods])}, close to the {near} process limit of {limit}"


def trend_statement(
    chart: XmRChart,
    subject: str,
    unit: str = "",
    decimals: int = 2,
    counts: Sequence[float] | None = None,
    word: str = "months",
) -> str | None:
    """A change over time, only when an SPC signal supports it; otherwise that no significant change was seen.

    subject is e.g. "Cambridgeshire Constabulary's rate of anti-social behaviour". Cites the latest signal.
    None when the chart has no limits or only provisional ones (a sentence to cite needs firm limits), or any
    count behind the series is suppressed (pass counts to check).
    """
    if not chart.has_limits or chart.provisional or (counts is not None and any(suppressed(n) for n in counts)):
        return None
    assert chart.mean is not None and chart.upper_limit is not None and chart.lower_limit is not None  # has_limits
    first, last = period_label(chart.periods[0]), period_label(chart.periods[-1])
    basis = (
        f"XmR chart of {len(chart.values)} {word} from {first} to {last}; average "
        f"{format_value(chart.mean, unit, decimals)}; process limits "
        f"{format_range(chart.lower_limit, chart.upper_limit, unit, decimals)}"
    )
    gaps = _missing_months(chart.periods)
    if gaps:
        basis += f"; no data for {name_list([period_label(g) for g in gaps])}"
    if not chart.signals:
        return f"{subject} showed no significant change from {first} to {last} ({basis})."
    s = max(chart.signals, key=lambda s: (s.points[-1], -_PRIORITY[s.rule]))
    clause = _signal_clause(s, chart, unit, decimals, word)
    judged = ""
    if s.direction != s.side:  # better is known
        judged = f", {'an' if s.direction == 'improvement' else 'a'} {s.direction} as {chart.better} is better"
    return f"{subject} {clause}{judged} ({basis})."
