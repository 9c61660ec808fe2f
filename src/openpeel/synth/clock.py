"""UK wall-clock time for synthetic events, as int64 seconds since the Unix epoch.

Events are generated in UTC seconds, so every duration (answer delay, attendance time) is real elapsed
time even across a clock change, and written as local UK time: returns carry the time on the wall
clock, without offset. Demand patterns (hour of day, day of week) are local-time patterns, so arrival
times are drawn over the real hours of the month, each labelled with its local hour: the spring
clock-change day has 23 hours, the autumn one 25 (01:00-01:59 local happens twice).
"""

from __future__ import annotations

import numpy as np

DAY = 86_400
HOUR = 3_600


def _last_sunday(year: int, month: int) -> int:
    """Day number (days since 1970-01-01) of the last Sunday of a month."""
    next_month = np.datetime64(f"{year + month // 12:04d}-{month % 12 + 1:02d}-01", "D")
    last = int(next_month.astype(np.int64)) - 1
    return last - (last + 3 - 6) % 7  # 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays


# British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
# October (the EU rule the UK has kept since 1996). Transitions alternate start, end, start, ...
_TRANSITIONS = np.array(
    [
        t
        for year in range(1996, 2100)
        for t in (_last_sunday(year, 3) * DAY + HOUR, _last_sunday(year, 10) * DAY + HOUR)
    ],
    dtype=np.int64,
)


def utc_offset(utc: np.ndarray) -> np.ndarray:
    """Seconds to add to UTC for UK local time: 3600 in British Summer Time, else 0."""
    return (np.searchsorted(_TRANSITIONS, utc, side="right") % 2).astype(np.int64) * HOUR


def to_local(utc: np.ndarray) -> np.ndarray:
    return utc + utc_offset(utc)  # type: ignore[no-any-return]  # numpy's operators are typed Any


def local_midnight_utc(year: int, month: int, day: int = 1) -> int:
    """UTC seconds of local midnight. Midnight is never within a clock change, so one offset suffices."""
    local = int(np.datetime64(f"{year:04d}-{month:02d}-{day:02d}", "s").astype(np.int64))
    return local - int(utc_offset(np.array([local - 2 * HOUR]))[0])


def month_bounds(year: int, month: int) -> tuple[int, int]:
    """[start, end) of a calendar month in local UK time, as UTC seconds."""
    return local_midnight_utc(year, month), local_midnight_utc(year + month // 12, month % 12 + 1)


def weekday(local: np.ndarray) -> np.ndarray:
    """0 = Monday ... 6 = Sunday, of local seconds."""
    return (local // DAY + 3) % 7


class MonthHours:
    """The real hours of one local calendar month, with their local hour of day and weekday."""

    def __init__(self, year: int, month: int):
        self.start, self.end = month_bounds(year, month)
        self.utc = np.arange(self.start, self.end, HOUR, dtype=np.int64)
        local = to_local(self.utc)
        self.hour = (local % DAY) // HOUR
        self.weekday = weekday(local)
        self.days = (self.end - self.start + HOUR) // DAY  # +1 h: the spring month is an hour short

    def sample(self, rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
        """n sorted UTC times: an hour drawn with the given weight per hour, then a second within it."""
        counts = rng.multinomial(n, weights / weights.sum())
        times = np.repeat(self.utc, counts) + rng.integers(0, HOUR, n)
        return np.sort(times)
