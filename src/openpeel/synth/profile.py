"""Each force's character: its volumes, its own policies, and how well it performs.

Forces differ the way real ones do. Where real open data exists the figure is the force's own
(crime rate, officers, rural share, charge rate: calibration_derived.yaml). Elsewhere each force gets a
performance score per area, drawn once for all 43 territorial forces from the seed and then replaced by
its normal score (the normal quantile of its rank), so the spread across forces is exactly the
calibrated one in every seed and a force's character never depends on which forces were asked for.
Scores in different areas are correlated (calibration: performance.correlation). A score z becomes a
share as expit(mu + sigma * z), mu and sigma solved so that the mean across the 43 forces (and for 999
and 101 the best or worst force) match the calibration targets.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, logit, ndtri

from openpeel.forces import Force, all_forces
from openpeel.synth.calibration import Calibration

# Areas with a performance score; higher is better in every one. Appending keeps earlier draws stable.
AREAS = ("answer_999", "answer_101", "emergency", "priority", "review", "victims", "rso", "workforce")
PERFORMANCE_STREAM = 1  # a stream id, so these draws never coincide with any force-month's


def stream(seed: int, *keys: int | str) -> np.random.Generator:
    """An independent generator for (seed, keys): strings (force ids) are hashed to stable integers."""
    words = [k if isinstance(k, int) else zlib.crc32(k.encode()) for k in keys]
    return np.random.default_rng([seed, *words])


@functools.cache
def _normal_scores(n: int) -> np.ndarray:
    return ndtri((np.arange(n) + 0.5) / n)  # type: ignore[no-any-return]  # scipy has no types


def _mean_share(mu: float, sigma: float, z: np.ndarray) -> float:
    return float(expit(mu + sigma * z).mean())


def mu_for_mean(target: float, sigma: float, z: np.ndarray) -> float:
    """The logit-scale centre whose shares average `target` across forces."""
    return float(brentq(lambda mu: _mean_share(mu, sigma, z) - target, -20, 20))


def mean_and_best(mean: float, best: float, z: np.ndarray) -> tuple[float, float]:
    """mu and sigma such that shares average `mean` and the best force (highest z) has `best`."""

    def gap(sigma: float) -> float:
        return float(expit(mu_for_mean(mean, sigma, z) + sigma * z.max()) - best)

    sigma = brentq(gap, 1e-3, 5)
    return mu_for_mean(mean, sigma, z), sigma


@dataclass(frozen=True)
class ForceProfile:
    id: str
    population: int
    demand: float  # calls and incidents per resident, relative to the national rate
    crimes_per_1000: float
    officers_per_1000: float
    rural_share: float
    charge_factor: float
    answer_999_within_10s: float
    abandon_101: float
    answer_101_median: float  # seconds
    emergency_target: tuple[int, int]  # (urban, rural) minutes: the force's own published targets
    emergency_within: float
    priority_within: float
    review_interval_days: int
    review_on_time: float
    victim_compliant: float
    assessment_done: float
    visit_done: float
    vacancy_factor: float
    sickness_factor: float


def _choose(rng: np.random.Generator, options: list[dict[str, Any]]) -> dict[str, Any]:
    weights = np.array([o["weight"] for o in options], dtype=float)
    return options[rng.choice(len(options), p=weights / weights.sum())]


def scores(seed: int, cal: Calibration) -> dict[str, dict[str, float]]:
    """Performance score per territorial force and area (normal scores, correlated across areas)."""
    forces = all_forces(territorial_only=True)
    rng = stream(seed, PERFORMANCE_STREAM)
    rho = float(cal["performance.correlation"])
    general = rng.standard_normal(len(forces))
    z = _normal_scores(len(forces))
    result: dict[str, dict[str, float]] = {f.id: {} for f in forces}
    for area in AREAS:
        raw = rho * general + np.sqrt(1 - rho**2) * rng.standard_normal(len(forces))
        ranked = np.empty(len(forces))
        ranked[np.argsort(raw, kind="stable")] = z
        for force, score in zip(forces, ranked, strict=True):
            result[force.id][area] = float(score)
    return result


def _share(cal: Calibration, key: str, score: float, z: np.ndarray) -> float:
    sigma = float(cal[f"{key}_spread"])
    return float(expit(mu_for_mean(float(cal[key]), sigma, z) + sigma * score))


@functools.cache
def _profiles(seed: int, cal: Calibration) -> dict[str, ForceProfile]:
    forces = all_forces(territorial_only=True)
    z = _normal_scores(len(forces))
    s = scores(seed, cal)
    mu999, sd999 = mean_and_best(cal["contact.answer_999_within_10s"], cal["contact.answer_999_best_force"], z)
    mu101 = logit(cal["contact.abandon_101_median"])
    sd101 = (logit(cal["contact.abandon_101_worst_force"]) - mu101) / z.max()
    return {f.id: _profile(f, seed, cal, s[f.id], z, (mu999, sd999), (mu101, sd101)) for f in forces}


def _profile(
    f: Force,
    seed: int,
    cal: Calibration,
    s: dict[str, float],
    z: np.ndarray,
    p999: tuple[float, float],
    p101: tuple[float, float],
) -> ForceProfile:
    derived = cal.force(f.id)
    policy = stream(seed, f.id, "policy")  # the force's own published choices
    abandon = float(expit(p101[0] - p101[1] * s["answer_101"]))
    odds, odds_mid = abandon / (1 - abandon), cal["contact.abandon_101_median"]
    spread = float(cal["workforce.spread"])
    target = _choose(policy, cal["incidents.emergency_targets"])
    return ForceProfile(
        id=f.id,
        population=f.population.value,  # type: ignore[union-attr]  # territorial: has one
        demand=(derived["crimes_per_1000"] / cal.national_crimes_per_1000) ** cal["volumes.demand_elasticity"],
        crimes_per_1000=derived["crimes_per_1000"],
        officers_per_1000=derived["officers_per_1000"],
        rural_share=derived["rural_share"],
        charge_factor=derived["charge_factor"],
        answer_999_within_10s=float(expit(p999[0] + p999[1] * s["answer_999"])),
        abandon_101=abandon,
        # Forces that lose more 101 callers keep the rest waiting longer: the median wait scales with
        # the odds of abandonment.
        answer_101_median=cal["contact.answer_101_median_seconds"] * odds / (odds_mid / (1 - odds_mid)),
        emergency_target=(target["urban"], target["rural"]),
        emergency_within=_share(cal, "incidents.emergency_within_target", s["emergency"], z),
        priority_within=_share(cal, "incidents.priority_within_target", s["priority"], z),
        review_interval_days=_choose(policy, cal["investigations.review_intervals_days"])["days"],
        review_on_time=_share(cal, "investigations.review_on_time", s["review"], z),
        victim_compliant=_share(cal, "victims.code_compliant", s["victims"], z),
        assessment_done=_rso_share(cal, "sex_offenders.assessment_done", s["rso"], z),
        visit_done=_rso_share(cal, "sex_offenders.visit_done", s["rso"], z),
        # One workforce score: a force short of people tends to lose more days to sickness too.
        vacancy_factor=float(np.exp(-spread * s["workforce"])),
        sickness_factor=float(np.exp(-spread * s["workforce"])),
    )


def _rso_share(cal: Calibration, key: str, score: float, z: np.ndarray) -> float:
    sigma = float(cal["sex_offenders.done_spread"])
    return float(expit(mu_for_mean(float(cal[key]), sigma, z) + sigma * score))


def force_profile(seed: int, cal: Calibration, force_id: str) -> ForceProfile:
    return _profiles(seed, cal)[force_id]
