"""Template filters for figures: numbers shown the same way everywhere, suppressed counts never as 0."""

from __future__ import annotations

import re
from datetime import date

from django import template

from openpeel.indicators.statements import format_p
from openpeel.indicators.stats import SUPPRESSED_TEXT

register = template.Library()


@register.filter
def figure(value, decimals: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{int(decimals)}f}"


@register.filter
def interval(point, decimals: int = 2) -> str:
    """ "1.45 to 1.62", or a dash where the figure has no interval."""
    if point.low is None or point.high is None:
        return "no interval (a full count)"
    return f"{point.low:,.{int(decimals)}f} to {point.high:,.{int(decimals)}f}"


@register.filter
def percent(share, decimals: int = 1) -> str:
    """A share (0-1) as a percentage: 0.734 -> "73.4%"."""
    if share is None:
        return "–"
    return f"{share * 100:.{int(decimals)}f}%"


@register.filter
def suppressed_text(_value) -> str:
    return SUPPRESSED_TEXT


@register.filter
def ordinal(n) -> str:
    if n is None:
        return ""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@register.filter
def signal_words(signal: str) -> str:
    rule, _, direction = signal.partition(": ")
    words = {
        "beyond_limit": "outside normal month-to-month variation",
        "run": "one of 7 or more months in a row on the same side of the average",
        "trend": "one of 7 or more months in a row rising or falling",
        "two_of_three": "2 of 3 months near the edge of normal variation",
    }
    direction, _, caveat = direction.partition(" (")
    direction = {"improvement": "better", "deterioration": "worse"}.get(direction, direction)
    caveat = " (" + caveat.replace("provisional limits", "a first estimate of normal variation") if caveat else ""
    return f"{words.get(rule, rule.replace('_', ' '))}: {direction}{caveat}"


@register.filter
def p_value(p) -> str:
    return "" if p is None else format_p(p)


@register.filter
def bar_width(value, longest) -> str:
    """A bar's length out of 100 for a chart whose longest bar is `longest`."""
    if value is None or not longest:
        return "0"
    return f"{max(value, 0) / longest * 100:.1f}"


FIELD_LABELS = {
    "ci_low": "95% interval, lower end",
    "ci_high": "95% interval, upper end",
    "indicator_id": "Indicator",
    "force_id": "Force",
    "framework_id": "PEEL cycle",
    "area_id": "Area",
    "period": "Month",
    "period_start": "Start",
    "period_end": "End",
    "embargo_at": "Embargo lifts",
}
MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@register.filter
def field_label(name: str) -> str:
    """A recorded field's name as words: "ci_high" -> "95% interval, upper end", "spc_note" -> "Spc note"."""
    return FIELD_LABELS.get(name, str(name).replace("_", " ").capitalize())


@register.filter
def field_value(value) -> str:
    """A recorded value as people write it: months as "November 2018", dates as "3 November 2018", figures
    to 2 decimal places."""
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "–"}[value]
    if isinstance(value, float):
        return f"{value:,.2f}"
    text = str(value)
    if m := MONTH.match(text):
        return date(int(m[1]), int(m[2]), 1).strftime("%B %Y")
    if m := DAY.match(text):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return f"{d.day} {d:%B %Y}"
    return text


MONTH_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})\b(?!-)")


@register.filter
def months_in_words(text) -> str:
    """Months written "2018-11" in a text, as people write them: "November 2018"."""
    return MONTH_IN_TEXT.sub(lambda m: date(int(m[1]), int(m[2]), 1).strftime("%B %Y"), str(text))
