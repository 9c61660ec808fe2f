"""The investigations, supervisory_reviews and victim_contacts returns for one force-month.

Reviews and victim contacts belong to the month's crimes (so every crime_reference they carry exists),
even when they happen months later; anything after the extraction time is not yet known and left out.
"""

from __future__ import annotations

import functools

import numpy as np
import pyarrow as pa

from openpeel.synth.calibration import Calibration
from openpeel.synth.clock import DAY, HOUR
from openpeel.synth.month import ForceMonth, follow_ups, lognormal, pick
from openpeel.synth.output import build_table, dates, datetimes, ids, ints, labels

UNITS = ["central_demand_hub", "response", "neighbourhood", "cid", "public_protection", "specialist", "other"]
REVIEW_TYPES = ["initial", "periodic", "finalisation"]
CONTACT_TYPES = ["needs_assessment", "update", "outcome_notification"]


class Offences:
    """The national offence mix (calibration_derived.yaml) as arrays, with per-group parameters."""

    def __init__(self, cal: Calibration):
        mix = cal.derived["offence_mix"]
        self.codes = [str(o["code"]) for o in mix]
        self.groups = sorted({o["group"] for o in mix})
        self.group_of = np.array([self.groups.index(o["group"]) for o in mix])
        counts = np.array([o["count"] for o in mix], dtype=float)
        self.p = counts / counts.sum()
        da = cal["investigations.domestic_abuse_share"]
        self.domestic = np.array([da.get(g, da["other"]) for g in self.groups])
        self.victim_based = np.isin(self.groups, cal.derived["victim_based_groups"])
        units = cal["investigations.units"]
        self.units = [units.get(g, units["other"]) for g in self.groups]
        # Outcome shares per group, outcomes 1..22 (absent ones 0).
        self.outcomes = np.zeros((len(self.groups), 22))
        for i, g in enumerate(self.groups):
            for kind, share in cal.derived["outcome_mix"][g].items():
                self.outcomes[i, int(kind) - 1] = share


@functools.cache
def offences(cal: Calibration) -> Offences:
    return Offences(cal)


def _sequence(rows: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order events by (row, time) and number them 1, 2, ... within each row."""
    order = np.lexsort((times, rows))
    rows = rows[order]
    starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    seq = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)])) + 1
    return order, seq


def _late(rng: np.random.Generator, timely: np.ndarray, limit: float) -> np.ndarray:
    """Seconds after an event: within `limit` when timely, else beyond it by about 5 days."""
    n = len(timely)
    return np.where(timely, rng.uniform(0, limit, n), limit + rng.exponential(5 * DAY, n)).astype(np.int64)


def investigations(fm: ForceMonth) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The month's crimes, their supervisory reviews and their victim contacts."""
    rng, cal, p = fm.rng("investigations"), fm.cal, fm.profile
    off = offences(cal)
    recorded = fm.hours.sample(rng, rng.poisson(fm.expected(p.crimes_per_1000)), fm.weights("101"))
    n, end = len(recorded), fm.period_end
    code = rng.choice(len(off.codes), size=n, p=off.p)
    group = off.group_of[code]
    domestic = rng.random(n) < off.domestic[group]
    allocated = recorded + (lognormal(rng, cal["investigations.allocation_median_hours"], 1.0, n) * HOUR).astype(
        np.int64
    )
    unit = np.empty(n, dtype=np.int64)
    kind = np.empty(n, dtype=np.int64)
    for g in np.unique(group):
        rows = group == g
        names, idx = pick(rng, off.units[g], int(rows.sum()))
        unit[rows] = np.array([UNITS.index(u) for u in names])[idx]
        weights = off.outcomes[g].copy()
        weights[0] *= p.charge_factor  # the force's own charge rate relative to the national one
        kind[rows] = 1 + rng.choice(22, size=int(rows.sum()), p=weights / weights.sum())
    unit[domestic] = UNITS.index("public_protection")
    median = cal["investigations.outcome_median_days"]
    days = np.select([kind == 1, kind == 18], [median["charge"], median["no_suspect"]], median["other"])
    # An outcome comes after allocation: a crime is screened (allocated) before it is finalised.
    outcome = np.maximum(recorded + (lognormal(rng, days, 1.0, n) * DAY).astype(np.int64), allocated + HOUR)
    closed = outcome < end
    interval = p.review_interval_days * DAY
    crime_ref = ids(f"CR{fm.tag}-", np.arange(1, n + 1))
    table = build_table(
        "investigations",
        {
            "crime_reference": crime_ref,
            "offence_code": labels(off.codes, code),
            "recorded_at": datetimes(recorded),
            "domestic_abuse": pa.array(domestic),
            "allocated_at": datetimes(allocated, allocated < end),
            "allocated_unit": labels(UNITS, unit, allocated < end),
            "review_interval_days": ints(np.full(n, p.review_interval_days)),
            "outcome_type": ints(kind, closed),
            "outcome_date": dates(outcome, closed),
        },
    )
    stop = np.where(closed, outcome, end)
    reviews = _reviews(fm, rng, crime_ref, recorded, stop, closed, outcome, interval)
    victims = _victim_contacts(fm, rng, crime_ref, recorded, stop, closed, outcome, off.victim_based[group])
    return table, reviews, victims


def _reviews(
    fm: ForceMonth,
    rng: np.random.Generator,
    crime_ref: pa.Array,
    recorded: np.ndarray,
    stop: np.ndarray,
    closed: np.ndarray,
    outcome: np.ndarray,
    interval: int,
) -> pa.Table:
    cal, p = fm.cal, fm.profile
    late_mean = cal["investigations.late_review_extra"] * interval
    rows, times, _ = follow_ups(rng, recorded, stop, interval, p.review_on_time, late_mean)
    final = np.flatnonzero(closed & (rng.random(len(closed)) < cal["investigations.finalisation_review"]))
    final_t = outcome[final] + rng.integers(0, 2 * DAY, len(final))
    final, final_t = final[final_t < fm.period_end], final_t[final_t < fm.period_end]
    rows, times = np.concatenate([rows, final]), np.concatenate([times, final_t])
    is_final = np.r_[np.zeros(len(rows) - len(final), bool), np.ones(len(final), bool)]
    order, seq = _sequence(rows, times)
    rows, times, is_final = rows[order], times[order], is_final[order]
    kind = np.where(is_final, 2, np.where(seq == 1, 0, 1))
    ranks, rank = pick(rng, cal["investigations.reviewer_ranks"], len(rows))
    return build_table(
        "supervisory_reviews",
        {
            "crime_reference": crime_ref.take(pa.array(rows)),
            "review_seq": ints(seq),
            "reviewed_at": datetimes(times),
            "reviewer_rank": labels(ranks, rank),
            "review_type": labels(REVIEW_TYPES, kind),
        },
    )


def _victim_contacts(
    fm: ForceMonth,
    rng: np.random.Generator,
    crime_ref: pa.Array,
    recorded: np.ndarray,
    stop: np.ndarray,
    closed: np.ndarray,
    outcome: np.ndarray,
    has_victim: np.ndarray,
) -> pa.Table:
    """A needs assessment, updates while open, and an outcome notification, for victim-based crimes."""
    cal, q = fm.cal, fm.profile.victim_compliant
    limit = cal["victims.needs_assessment_limit_days"] * DAY
    victims = np.flatnonzero(has_victim)
    timely_na = rng.random(len(victims)) < q
    na_t = recorded[victims] + _late(rng, timely_na, limit)
    kept = na_t < fm.period_end
    victims, na_t, timely_na = victims[kept], na_t[kept], timely_na[kept]
    interval = cal["victims.update_interval_days"] * DAY
    up_rows, up_t, up_ok = follow_ups(rng, na_t, stop[victims], interval, q, 10 * DAY)
    up_rows = victims[up_rows]
    told = np.flatnonzero(has_victim & closed)
    timely_out = rng.random(len(told)) < q
    told_t = outcome[told] + _late(rng, timely_out, limit)
    kept = told_t < fm.period_end
    told, told_t, timely_out = told[kept], told_t[kept], timely_out[kept]
    rows = np.concatenate([victims, up_rows, told])
    times = np.concatenate([na_t, up_t, told_t])
    ok = np.concatenate([timely_na, up_ok, timely_out])
    kind = np.concatenate([np.zeros(len(victims)), np.ones(len(up_rows)), np.full(len(told), 2)]).astype(np.int64)
    order, seq = _sequence(rows, times)
    return build_table(
        "victim_contacts",
        {
            "crime_reference": crime_ref.take(pa.array(rows[order])),
            "contact_seq": ints(seq),
            "contacted_at": datetimes(times[order]),
            "contact_type": labels(CONTACT_TYPES, kind[order]),
            "code_compliant": pa.array(ok[order]),
        },
    )
