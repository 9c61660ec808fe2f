"""One force-month being generated, and the small random helpers every table uses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openpeel.synth.calibration import Calibration
from openpeel.synth.clock import MonthHours
from openpeel.synth.profile import ForceProfile, stream

# Stream ids: each table draws from its own generator, so changing one table's model leaves the
# others' output unchanged.
STREAMS = {"contact": 10, "incidents": 11, "investigations": 12, "workforce": 13, "sex_offenders": 14}


@dataclass(frozen=True)
class ForceMonth:
    profile: ForceProfile
    cal: Calibration
    seed: int
    year: int
    month: int
    hours: MonthHours
    period_end: int  # UTC seconds: the return is extracted then, so nothing later is known yet

    @classmethod
    def make(
        cls, profile: ForceProfile, cal: Calibration, seed: int, year: int, month: int, period_end: int
    ) -> ForceMonth:
        return cls(profile, cal, seed, year, month, MonthHours(year, month), period_end)

    @property
    def tag(self) -> str:
        return f"{self.year:04d}{self.month:02d}"

    def rng(self, table: str) -> np.random.Generator:
        """Seeded by (seed, force, month, table) alone: no other force or month changes these draws."""
        return stream(self.seed, self.profile.id, self.year, self.month, STREAMS[table])

    def expected(self, per_1000_a_year: float) -> float:
        """Expected events this month from a yearly rate per 1,000 residents, with seasonality."""
        season = self.cal["time_patterns.month"][self.month - 1]
        return float(per_1000_a_year * self.profile.population / 1000 * self.hours.days / 365.25 * season)

    def weights(self, pattern: str) -> np.ndarray:
        """Relative demand in each real hour of the month, for pattern "999" or "101"."""
        hour = np.asarray(self.cal[f"time_patterns.hour_{pattern}"], dtype=float)[self.hours.hour]
        day = np.asarray(self.cal[f"time_patterns.weekday_{pattern}"], dtype=float)[self.hours.weekday]
        w = hour * day
        if pattern == "999":
            friday_saturday_night = (
                (self.hours.weekday >= 4) & (self.hours.weekday <= 5) & (self.hours.hour >= 22)
            ) | ((self.hours.weekday >= 5) & (self.hours.hour <= 3))
            w = np.where(friday_saturday_night, w * self.cal["time_patterns.weekend_night_uplift"], w)
        return w  # type: ignore[no-any-return]  # numpy's operators are typed Any


def pick(rng: np.random.Generator, mix: dict[str, float], n: int) -> tuple[list[str], np.ndarray]:
    """n draws from a {name: weight} mix: the names and an index into them per draw."""
    names = list(mix)
    p = np.array([mix[k] for k in names], dtype=float)
    return names, rng.choice(len(names), size=n, p=p / p.sum())


def lognormal(rng: np.random.Generator, median: float | np.ndarray, sigma: float, n: int) -> np.ndarray:
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(n))


def follow_ups(
    rng: np.random.Generator,
    start: np.ndarray,
    stop: np.ndarray,
    interval: float,
    on_time: float,
    late_mean: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Repeated events (reviews, updates), each due `interval` seconds after the one before.

    With probability `on_time` an event comes at a uniform point in the last 80% of the interval,
    otherwise it is late by an exponential amount (mean `late_mean`). Events stop for a row when the next
    would fall at or after its `stop` (outcome or extraction). Vectorised over rows, looping over rounds.
    Returns (row index, time, on_time flag) for every event.
    """
    rows, times, flags = [], [], []
    active = np.arange(len(start))
    last = start.astype(np.int64)
    while len(active):
        timely = rng.random(len(active)) < on_time
        gap = np.where(
            timely,
            interval * rng.uniform(0.2, 1.0, len(active)),
            interval + rng.exponential(late_mean, len(active)),
        )
        t = last + gap.astype(np.int64)
        keep = t < stop[active]
        rows.append(active[keep])
        times.append(t[keep])
        flags.append(timely[keep])
        active, last = active[keep], t[keep]
    return np.concatenate(rows), np.concatenate(times), np.concatenate(flags)
