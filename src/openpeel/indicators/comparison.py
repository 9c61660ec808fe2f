"""One indicator for one period across forces: a force beside its peers and England and Wales.

Pure functions over (force_id, numerator, denominator) rows; see docs/statistics.md for the methods.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scipy.stats import binomtest, norm

from openpeel.indicators import funnel
from openpeel.indicators.stats import rate_interval, suppressed, wilson_interval

Kind = Literal["rate", "proportion"]
Better = Literal["higher", "lower", "neither"]
Verdict = Literal["significantly higher", "significantly lower", "not significantly different"]
Row = tuple[str, float | None, float | None]  # force_id, numerator, denominator; None = no data
MIN_POOLED = 2  # a pooled figure of one force would be that force's own: none is given
MIN_RANKED = 10  # a rank among fewer forces says little and invites league tables: none is given


@dataclass(frozen=True)
class Estimate:
    """A figure with its interval. value/low/high are None when suppressed; numerator is then not for publishing."""

    numerator: float
    denominator: float
    value: float | None
    low: float | None
    high: float | None
    suppressed: bool


@dataclass(frozen=True)
class GroupEstimate:
    """A weighted average (sum of numerators / sum of denominators) over the members with data; estimate is
    None when fewer than MIN_POOLED members have data."""

    label: str
    estimate: Estimate | None
    counted: tuple[str, ...]  # forces with data, suppressed ones included: they count in the totals
    missing: tuple[str, ...]  # forces of the group with no data for the period


@dataclass(frozen=True)
class Significance:
    """The force against a group's pooled figure, allowing for the variation between forces (funnel.py)."""

    against: str  # label of the group, e.g. "England and Wales"
    reference: GroupEstimate  # the group the force was tested against (peers: without the force)
    verdict: Verdict
    p_value: float
    test: str


@dataclass(frozen=True)
class Rank:
    """Position among forces with published values. position 1 = highest value; ties share the best position."""

    position: int
    of: int
    joint: bool
    lowest_position: int  # 1 = lowest value
    from_best: int | None  # 1 = best; None when better is "neither"
    tied_with: tuple[str, ...]  # other forces with exactly the same value


@dataclass(frozen=True)
class SlopeBar:
    force_id: str
    value: float | None  # None when suppressed
    low: float | None
    high: float | None
    suppressed: bool
    chosen: bool
    peer: bool


@dataclass(frozen=True)
class Comparison:
    force_id: str
    period: object  # a label or a date, passed through for statements
    kind: Kind
    per: float
    better: Better
    confidence: float
    force: Estimate | None  # None when the force has no data
    peer_group: GroupEstimate  # the force's peers, without the force itself
    national: GroupEstimate  # England and Wales, the force included
    rank: Rank | None  # None when the force has no published value
    vs_national: Significance | None
    vs_peers: Significance | None
    ski_slope: tuple[SlopeBar, ...]  # highest value first; suppressed forces last, without values
    suppressed: tuple[str, ...]  # forces with data whose figures are not published


def estimate(numerator: float, denominator: float, kind: Kind, per: float = 1, confidence: float = 0.95) -> Estimate:
    """Value and interval: exact Poisson for rates, Wilson for proportions; suppressed when numerator < 10."""
    if suppressed(numerator):
        return Estimate(numerator, denominator, None, None, None, True)
    if kind == "rate":
        low, high = rate_interval(numerator, denominator, per, confidence)
    else:
        low, high = wilson_interval(numerator, denominator, confidence)
        low, high = low * per, high * per
    value = numerator / denominator * per if denominator > 0 else math.nan
    return Estimate(numerator, denominator, value, float(low), float(high), False)


def group_estimate(
    label: str,
    members: Iterable[str],
    data: Mapping[str, tuple[float, float]],
    kind: Kind,
    per: float = 1,
    confidence: float = 0.95,
) -> GroupEstimate:
    members = list(dict.fromkeys(members))
    counted = tuple(m for m in members if m in data)
    missing = tuple(m for m in members if m not in data)
    if len(counted) < MIN_POOLED:
        return GroupEstimate(label, None, counted, missing)
    num = sum(data[m][0] for m in counted)
    den = sum(data[m][1] for m in counted)
    return GroupEstimate(label, estimate(num, den, kind, per, confidence), counted, missing)


def two_proportion_z_test(x1: float, n1: float, x2: float, n2: float) -> float:
    """Two-sided p-value of the pooled two-proportion z-test."""
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:  # both proportions 0 or both 1: no evidence of a difference
        return 1.0
    z = (x1 / n1 - x2 / n2) / se
    return float(2 * norm.sf(abs(z)))


def poisson_rate_test(count_a: float, exposure_a: float, count_b: float, exposure_b: float) -> float:
    """Two-sided exact conditional test of two Poisson rates: count_a ~ Binomial(a + b, ea / (ea + eb))."""
    total = int(count_a) + int(count_b)
    if total == 0:
        return 1.0
    return float(binomtest(int(count_a), total, exposure_a / (exposure_a + exposure_b)).pvalue)


def overdispersion(data: Mapping[str, tuple[float, float]], kind: Kind) -> funnel.Overdispersion | None:
    """The between-force variation of the forces with data, or None when there are too few forces to estimate
    it (funnel.MIN_FORCES) or the figures cannot carry it (a pooled proportion of 0 or 1, negative counts)."""
    if len(data) < funnel.MIN_FORCES or any(n < 0 for n, _ in data.values()):
        return None
    total = sum(n for n, _ in data.values()) / sum(d for _, d in data.values())
    if total <= 0 or (kind == "proportion" and total >= 1):
        return None
    return funnel.estimate([n for n, _ in data.values()], [d for _, d in data.values()], kind)


def _significance(
    force_id: str,
    group: GroupEstimate,
    data: Mapping[str, tuple[float, float]],
    kind: Kind,
    per: float,
    confidence: float,
    label: str,
    od: funnel.Overdispersion | None,
) -> Significance | None:
    """Outside the funnel's limits around the group's pooled figure, with the between-force variance added?"""
    ref = group.estimate
    if od is None or ref is None or ref.denominator <= 0 or ref.numerator <= 0:
        return None
    x1, n1 = data[force_id]
    target = ref.numerator / ref.denominator
    if kind == "proportion" and target >= 1:
        return None
    p = funnel.p_value(x1, n1, target, kind, od.tau2)
    if p >= 1 - confidence or x1 * ref.denominator == ref.numerator * n1:
        verdict: Verdict = "not significantly different"
    else:
        verdict = "significantly higher" if x1 * ref.denominator > ref.numerator * n1 else "significantly lower"
    return Significance(label, group, verdict, p, od.words(per))


def _rank(force_id: str, exact: Mapping[str, Fraction], better: Better) -> Rank:
    mine = exact[force_id]
    higher = sum(1 for v in exact.values() if v > mine)
    lower = sum(1 for v in exact.values() if v < mine)
    ties = tuple(sorted(f for f, v in exact.items() if v == mine and f != force_id))
    from_best = {"higher": higher + 1, "lower": lower + 1}.get(better)
    return Rank(higher + 1, len(exact), bool(ties), lower + 1, from_best, ties)


def compare(
    rows: Iterable[Row],
    force_id: str,
    peers: Mapping[str, Sequence[str]],
    kind: Kind,
    per: float = 1,
    better: Better = "neither",
    forces: Sequence[str] | None = None,
    period: object = None,
    confidence: float = 0.95,
) -> Comparison:
    """Compare one force with its peers and England and Wales for one indicator and period.

    peers maps a force to its peer forces (not itself), as PeerGroup.members. forces lists England and
    Wales (default: every force in rows); rows for other forces are ignored. A row whose numerator or
    denominator is None, or whose denominator is not positive, counts as no data.
    """
    rows = list(rows)
    everyone = list(dict.fromkeys(forces if forces is not None else [r[0] for r in rows]))
    data = {f: (n, d) for f, n, d in rows if n is not None and d is not None and d > 0 and f in everyone}
    my_peers = [p for p in peers.get(force_id, ()) if p != force_id]
    national = group_estimate("England and Wales", everyone, data, kind, per, confidence)
    peer_group = group_estimate("its peer group", my_peers, data, kind, per, confidence)
    shown = {f: estimate(n, d, kind, per, confidence) for f, (n, d) in data.items()}
    hidden = tuple(f for f in everyone if f in shown and shown[f].suppressed)
    exact = {f: Fraction(n) / Fraction(d) for f, (n, d) in data.items() if f not in hidden}
    force = shown.get(force_id)
    rank = vs_nat = vs_peer = None
    if force is not None and not force.suppressed:
        rank = _rank(force_id, exact, better) if len(exact) >= MIN_RANKED else None
        od = overdispersion(data, kind)
        vs_nat = _significance(force_id, national, data, kind, per, confidence, "England and Wales", od)
        vs_peer = _significance(force_id, peer_group, data, kind, per, confidence, "its peer group", od)
    order = sorted((f for f in everyone if f in exact), key=lambda f: (-exact[f], f)) + list(hidden)
    slope = tuple(
        SlopeBar(f, shown[f].value, shown[f].low, shown[f].high, shown[f].suppressed, f == force_id, f in my_peers)
        for f in order
    )
    return Comparison(
        force_id=force_id,
        period=period,
        kind=kind,
        per=per,
        better=better,
        confidence=confidence,
        force=force,
        peer_group=peer_group,
        national=national,
        rank=rank,
        vs_national=vs_nat,
        vs_peers=vs_peer,
        ski_slope=slope,
        suppressed=hidden,
    )
