"""A stratified random sample of a force's investigations, sized for a stated margin of error.

- **Size**: the sample that estimates a proportion to ±margin at the given confidence, by the normal
  approximation, with the finite population correction (Cochran 1977, 4.2): n0 = z² p(1-p) / margin²,
  n = n0 / (1 + (n0 - 1) / N), rounded up. p = 0.5 unless given: the worst case, so every question's
  compliance is estimated at least that well. Stratifying with proportional allocation does no worse than a
  simple random sample of the same size, so the simple formula is a safe size for the stratified design.
- **Strata**: offence group (the Home Office's, looked up from the warehouse's crime outcomes table) x
  outcome group (outcome_groups.yaml) x month recorded (UK time).
- **Allocation**: proportional, n_h = n N_h / N, rounded by the largest remainder: every stratum gets the
  whole part, and the units left over go one each to the strata with the largest fractional parts (ties:
  the larger stratum, then the stratum's key in order). The n_h add up to n exactly, and none exceeds N_h.
- **Draw**: within each stratum, the investigations with the smallest SHA-256 of "seed:crime_reference".
  That is a simple random sample without replacement (the hashes order the stratum at random), reproducible
  from the seed and the warehouse alone, whatever order the rows come in and whichever library version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
from scipy.stats import norm

from openpeel.casefiles.checklist import Theme, outcome_groups
from openpeel.errors import OpenPeelError

UNKNOWN_OFFENCE_GROUP = "Offence code not in the Home Office lookup"


class SamplingError(OpenPeelError):
    """A sample that cannot be drawn: an empty population, an impossible margin or confidence."""

    code = "sampling_refused"


def sample_size(population: int, margin: float, confidence: float = 0.95, p: float = 0.5) -> int:
    """Files to review to estimate a proportion within ±margin (a fraction, 0.05 for ±5 points)."""
    if population < 1:
        raise SamplingError("There are no investigations to sample: the population is empty.")
    if not 0 < margin < 0.5:
        raise SamplingError(
            f"A margin of error of ±{margin * 100:g} percentage points is impossible to plan for: "
            "give one above 0 and below 50."
        )
    if not 0.5 <= confidence < 1:
        raise SamplingError(f"A confidence level of {confidence * 100:g}% is not usable: give one from 50 to 99.9.")
    if not 0 < p < 1:
        raise SamplingError(f"The expected proportion must lie strictly between 0 and 1, not {p:g}.")
    z: float = norm.ppf(1 - (1 - confidence) / 2)
    n0 = z * z * p * (1 - p) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population)
    return min(population, math.ceil(n - 1e-9))  # 1e-9: an exact whole number is not rounded up by float noise


@dataclass(frozen=True, order=True)
class Stratum:
    offence_group: str
    outcome_group: str
    month: dt.date  # first day of the month the crime was recorded

    @property
    def key(self) -> str:
        return f"{self.offence_group} | {self.outcome_group} | {self.month:%Y-%m}"


def allocate(populations: dict[Stratum, int], n: int) -> dict[Stratum, int]:
    """Proportional allocation of n over the strata, by the largest remainder (see the module's docstring)."""
    total = sum(populations.values())
    if total < 1:
        raise SamplingError("There are no investigations to sample: the population is empty.")
    if not 0 <= n <= total:
        raise SamplingError(f"Cannot take {n} files from a population of {total}.")
    quotas = {s: n * size / total for s, size in populations.items()}
    out = {s: math.floor(q) for s, q in quotas.items()}
    left = n - sum(out.values())
    by_remainder = sorted(populations, key=lambda s: (-(quotas[s] - out[s]), -populations[s], s))
    for s in by_remainder[:left]:
        out[s] += 1
    return out


@dataclass(frozen=True)
class Investigation:
    crime_reference: str
    stratum: Stratum


@dataclass(frozen=True)
class StratumPlan:
    stratum: Stratum
    population: int
    allocated: int

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self.stratum), "month": f"{self.stratum.month:%Y-%m}", "population": self.population,
                "allocated": self.allocated}  # fmt: skip


@dataclass(frozen=True)
class Sample:
    seed: int
    margin: float
    confidence: float
    population_size: int
    population_sha256: str  # of the population's sorted references and strata: the same warehouse, the same hash
    strata: list[StratumPlan]
    items: list[Investigation]  # in stratum order, then draw order


def population(
    con: duckdb.DuckDBPyConnection, force_id: str, first_month: dt.date, last_month: dt.date, theme: Theme
) -> list[Investigation]:
    """The force's investigations recorded from first_month to last_month (UK months), in the theme."""
    if first_month > last_month:
        raise SamplingError(f"The months run backwards: {first_month:%Y-%m} is after {last_month:%Y-%m}.")
    where, params = ["i.force_id = ?", "month BETWEEN ? AND ?"], [force_id, first_month, last_month]
    if theme.where.domestic_abuse is not None:
        where.append("i.domestic_abuse = ?")
        params.append(theme.where.domestic_abuse)
    # The Home Office publishes a few codes joined ("1/4.1/4.10/4.2"): each part belongs to the group.
    rows = con.execute(
        f"""
        WITH codes AS (
            SELECT code, min(offence_group) AS offence_group
            FROM (SELECT unnest(string_split(offence_code, '/')) AS code, offence_group FROM ho_crime_outcome)
            GROUP BY code
        ), investigations AS (
            SELECT *, CAST(date_trunc('month', recorded_at) AS DATE) AS month FROM return_investigation
        )
        SELECT i.crime_reference, coalesce(c.offence_group, ?), i.outcome_type, i.month
        FROM investigations i LEFT JOIN codes c ON c.code = i.offence_code
        WHERE {" AND ".join(where)}
        ORDER BY i.crime_reference
        """,
        [UNKNOWN_OFFENCE_GROUP, *params],
    ).fetchall()
    groups = outcome_groups()
    return [Investigation(ref, Stratum(offence, groups.id_of(outcome), month)) for ref, offence, outcome, month in rows]


def draw(investigations: list[Investigation], *, margin: float, confidence: float, seed: int) -> Sample:
    """Size, allocate and draw the sample from the population given (see the module's docstring)."""
    if seed < 0:
        raise SamplingError(f"A seed is a whole number from 0, not {seed}.")
    refs = [i.crime_reference for i in investigations]
    if len(set(refs)) != len(refs):
        twice = sorted(r for r, k in Counter(refs).items() if k > 1)[:3]
        raise SamplingError(f"The population lists a crime reference twice ({', '.join(twice)}).")
    n = sample_size(len(investigations), margin, confidence)
    by_stratum: dict[Stratum, list[str]] = defaultdict(list)
    for inv in investigations:
        by_stratum[inv.stratum].append(inv.crime_reference)
    allocation = allocate({s: len(refs) for s, refs in by_stratum.items()}, n)
    items, plans = [], []
    for stratum in sorted(by_stratum):
        chosen = sorted(by_stratum[stratum], key=lambda ref: _draw_key(seed, ref))[: allocation[stratum]]
        items += [Investigation(ref, stratum) for ref in chosen]
        plans.append(StratumPlan(stratum, len(by_stratum[stratum]), allocation[stratum]))
    fingerprint = hashlib.sha256(
        "\n".join(f"{i.crime_reference}\t{i.stratum.key}" for i in sorted(investigations, key=_ref)).encode()
    ).hexdigest()
    return Sample(seed, margin, confidence, len(investigations), fingerprint, plans, items)


def _draw_key(seed: int, crime_reference: str) -> bytes:
    return hashlib.sha256(f"{seed}:{crime_reference}".encode()).digest()


def _ref(investigation: Investigation) -> str:
    return investigation.crime_reference
