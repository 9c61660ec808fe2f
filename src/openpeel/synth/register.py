"""The workforce return (one row per role each month) and the sex offender register (once per period)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from openpeel.synth.clock import DAY
from openpeel.synth.month import ForceMonth, pick
from openpeel.synth.output import build_table, dates, ids, ints, labels, numbers

ROLES = ["police_officer", "police_staff", "pcso", "special_constable"]


def workforce(fm: ForceMonth) -> pa.Table:
    """Establishment, strength and sickness at the month end. Specials are volunteers: headcount only."""
    rng, cal, p = fm.rng("workforce"), fm.cal, fm.profile
    per_1000 = {
        "police_officer": p.officers_per_1000,
        "police_staff": cal["volumes.staff_per_1000"],
        "pcso": cal["volumes.pcso_per_1000"],
        "special_constable": cal["volumes.specials_per_1000"],
    }
    # Month to month, strength moves a little around the force's level (joiners and leavers).
    size = np.array([per_1000[r] * p.population / 1000 for r in ROLES]) * (1 + rng.normal(0, 0.005, 4))
    paid = np.array([True, True, True, False])
    fte_per_head = np.array([cal["workforce.fte_per_head"].get(r, 1.0) for r in ROLES])
    vacancy = np.array([cal["workforce.vacancy_rate"].get(r, 0.0) for r in ROLES]) * p.vacancy_factor
    sick = np.array([cal["workforce.sickness_days_per_fte"].get(r, 0.0) for r in ROLES]) * p.sickness_factor
    actual = np.round(size, 2)
    established = np.round(actual / (1 - vacancy), 2)
    average = np.round(actual * (1 + rng.normal(0, 0.004, 4)), 2)
    headcount = np.where(paid, np.round(actual / fte_per_head), np.round(size))
    as_at = np.full(4, fm.hours.end - DAY)  # the month's last day
    return build_table(
        "workforce",
        {
            "as_at": dates(as_at),
            "role": labels(ROLES, np.arange(4)),
            "headcount": ints(headcount),
            "established_fte": numbers(established, paid),
            "actual_fte": numbers(actual, paid),
            "vacancies_fte": numbers(np.round(established - actual, 2), paid),
            "sickness_days_lost": numbers(np.round(sick * average * (1 + rng.normal(0, 0.03, 4)), 1), paid),
            "average_strength_fte": numbers(average, paid),
        },
    )


def _latest_due(registered: np.ndarray, interval: np.ndarray, as_at: int) -> np.ndarray:
    """The most recent due date on or before as_at; the first one (in the future) if none has come yet."""
    cycles = np.maximum((as_at - registered) // interval, 1)
    return registered + cycles * interval  # type: ignore[no-any-return]  # numpy's operators are typed Any


def _done(rng: np.random.Generator, due: np.ndarray, share: float, as_at: int) -> tuple[np.ndarray, np.ndarray]:
    """When a due task was done (within two weeks of its due date, never after as_at), and whether it was."""
    done = np.minimum(due + rng.integers(-14, 15, len(due)) * DAY, as_at)
    valid = (due <= as_at) & (rng.random(len(due)) < share)
    return done, valid


def sex_offenders(fm: ForceMonth) -> pa.Table:
    """The register as at the last day of the period (fm is the period's last month)."""
    rng, cal, p = fm.rng("sex_offenders"), fm.cal, fm.profile
    n = rng.poisson(cal["volumes.rso_per_100000"] * p.population / 100_000)
    as_at = fm.hours.end - DAY  # UTC seconds; dates are whole days from here on
    levels, level = pick(rng, cal["sex_offenders.risk_mix"], n)
    years = np.minimum(rng.exponential(cal["sex_offenders.registered_years"], n), 30)
    registered = as_at - (years * 365.25).astype(np.int64) * DAY
    visit_every = np.array([cal["sex_offenders.visit_interval_days"][x] for x in levels])[level] * DAY
    assess_due = _latest_due(registered, cal["sex_offenders.assessment_interval_days"] * DAY, as_at)
    visit_due = _latest_due(registered, visit_every, as_at)
    assess_done, assessed = _done(rng, assess_due, p.assessment_done, as_at)
    visit_done, visited = _done(rng, visit_due, p.visit_done, as_at)
    assess_done, visit_done = np.maximum(assess_done, registered), np.maximum(visit_done, registered)
    # References in a random order, so they do not give away registration order; rows sorted by reference.
    ref = rng.permutation(n) + 1
    order = np.argsort(ref)
    return build_table(
        "sex_offenders",
        {
            "as_at": dates(np.full(n, as_at)),
            "offender_ref": ids("RSO-", ref[order], 6),
            "risk_level": labels(levels, level[order]),
            "registered_on": dates(registered[order]),
            "risk_assessment_due": dates(assess_due[order]),
            "risk_assessment_done": dates(assess_done[order], assessed[order]),
            "visit_due": dates(visit_due[order]),
            "visit_done": dates(visit_done[order], visited[order]),
        },
    )
