"""Local clock time in a zone to an instant, as SQL that does not call ICU for every row.

DuckDB's timezone(zone, ts) asks ICU once per value, which costs three times the parsing of the text; here
the zone's clock changes (from the tz database, through zoneinfo) become a tree of comparisons on the local
time, giving the same instant as ICU: a time the clock skips is read with the offset before the change, a
time it shows twice with the offset after it (tests/ingest/test_ingest_localtime.py compares the two at every
change). Times outside FIRST_YEAR to LAST_YEAR are left to ICU.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import cast
from zoneinfo import ZoneInfo

FIRST_YEAR, LAST_YEAR = 1970, 2099


@cache
def clock_changes(zone: str) -> tuple[timedelta, tuple[tuple[datetime, timedelta], ...]]:
    """The offset on 1 January FIRST_YEAR and each change after it: (local time it takes effect, new offset).

    A change at instant T to offset o takes effect at local time T + o (ICU's reading of skipped and
    repeated times). Found day by day, then to the second; zones change at most once a day."""
    tz = ZoneInfo(zone)
    offset: Callable[[datetime], timedelta] = lambda t: cast(timedelta, t.astimezone(tz).utcoffset())  # noqa: E731 (aware: never None)
    day = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    first = current = offset(day)
    changes = []
    while day.year <= LAST_YEAR:
        if offset(day + timedelta(days=1)) != current:
            lo, hi = 0, 86400  # seconds into the day: the offset is `current` at lo and not at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(day + timedelta(seconds=mid)) == current else (lo, mid)
            at = day + timedelta(seconds=hi)
            current = offset(at)
            changes.append(((at + current).replace(tzinfo=None), current))
        day += timedelta(days=1)
    return first, tuple(changes)


def instant_sql(local: str, zone: str) -> str:
    """SQL for the TIMESTAMPTZ of `local` (SQL for a TIMESTAMP, clock time in `zone`)."""
    first, changes = clock_changes(zone)

    def offset_us(lo: int, hi: int, before: timedelta) -> str:  # binary search over changes[lo:hi]
        if lo == hi:
            return str(before // timedelta(microseconds=1))
        mid = (lo + hi) // 2
        at, after = changes[mid]
        left, right = offset_us(lo, mid, before), offset_us(mid + 1, hi, after)
        return f"CASE WHEN {local} < TIMESTAMP '{at:%Y-%m-%d %H:%M:%S}' THEN {left} ELSE {right} END"

    start, end = f"TIMESTAMP '{FIRST_YEAR}-01-02'", f"TIMESTAMP '{LAST_YEAR}-12-31'"
    fast = f"make_timestamptz(epoch_us({local}) - {offset_us(0, len(changes), first)})"
    return f"CASE WHEN {local} BETWEEN {start} AND {end} THEN {fast} ELSE timezone('{zone}', {local}) END"
