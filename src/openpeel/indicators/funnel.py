"""Funnel plots with overdispersion allowed for (Spiegelhalter, "Handling over-dispersion of performance
indicators", Quality and Safety in Health Care 14, 2005, 347-351; and "Funnel plots for comparing institutional
performance", Statistics in Medicine 24, 2005, 1185-1202).

Police forces differ from one another by more than chance: recording practice, demand and population all vary.
A plain binomial or Poisson test ignores that, so a large force, whose own figure is very precise, is
"significantly different" from almost every reference. Here the between-force variation is estimated from the
forces themselves and added to each force's own sampling variance before a force is called different:

1. Target θ₀ = Σ numerators / Σ denominators over the forces with data.
2. Each force's z-score against it, zᵢ = (yᵢ − θ₀) / sᵢ, with sᵢ² = θ₀(1 − θ₀)/nᵢ for a proportion and θ₀/nᵢ for
   a rate per unit of exposure.
3. Overdispersion factor φ = the mean of the squared z-scores after winsorising the z-scores at 10% in each tail
   (so that a few outliers do not set the limits they are judged by).
4. Additive random effects (DerSimonian-Laird form): τ² = max(0, (kφ − (k − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/sᵢ².
5. Limits at nᵢ: θ₀ ± z · √(sᵢ² + τ²). A force is significantly different only outside them.

The additive form is used for verdicts: unlike a multiplicative factor (limits θ₀ ± z√φ · sᵢ), it widens the
limits most for the large forces whose precision the plain test overstates. Both estimates are reported.
Estimating τ² needs enough forces: with fewer than MIN_FORCES no verdict is given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm
from scipy.stats.mstats import winsorize

Kind = Literal["rate", "proportion"]
WINSOR = 0.10  # each tail
MIN_FORCES = 10  # fewer forces cannot carry an estimate of the variation between them


@dataclass(frozen=True)
class Overdispersion:
    target: float  # θ₀, per unit (not scaled by an indicator's `per`)
    phi: float  # multiplicative overdispersion factor (winsorised mean squared z-score)
    tau2: float  # additive between-force variance, per unit squared
    forces: int  # how many forces it was estimated from

    def words(self, per: float = 1) -> str:
        """The method and its estimates, as a statement or chart can show them."""
        return (
            f"variation between forces allowed for: additive random effects (Spiegelhalter 2005), "
            f"τ = {math.sqrt(self.tau2) * per:.3g}, overdispersion factor φ = {self.phi:.2f}, from {self.forces} forces"
        )


def within_variance(target: float, denominators: ArrayLike, kind: Kind) -> np.ndarray:
    n = np.asarray(denominators, dtype=float)
    return (target * (1 - target) if kind == "proportion" else target) / n


def estimate(numerators: Sequence[float], denominators: Sequence[float], kind: Kind) -> Overdispersion:
    """φ and τ² from the forces' counts (step 1 to 4 above)."""
    x, n = np.asarray(numerators, dtype=float), np.asarray(denominators, dtype=float)
    target = x.sum() / n.sum()
    s2 = within_variance(target, n, kind)
    z = (x / n - target) / np.sqrt(s2)
    zw = np.asarray(winsorize(z, limits=(WINSOR, WINSOR)))
    k = len(z)
    phi = float(np.mean(zw**2))
    w = 1 / s2
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return Overdispersion(float(target), phi, float(tau2), k)


def limits(
    target: float, denominator: float, kind: Kind, tau2: float = 0.0, confidence: float = 0.95
) -> tuple[float, float]:
    """The funnel's limits at a denominator: target ± z √(s² + τ²) (τ² = 0: the plain limits)."""
    z = norm.ppf(1 - (1 - confidence) / 2)
    half = z * math.sqrt(float(within_variance(target, denominator, kind)) + tau2)
    return target - half, target + half


def p_value(numerator: float, denominator: float, target: float, kind: Kind, tau2: float = 0.0) -> float:
    """Two-sided p of the force's figure against the target with the between-force variance added: below
    1 − confidence exactly when the figure lies outside the funnel's limits."""
    s2 = float(within_variance(target, denominator, kind)) + tau2
    if s2 <= 0:
        return 1.0
    z = (numerator / denominator - target) / math.sqrt(s2)
    return float(2 * norm.sf(abs(z)))


def curves(
    od: Overdispersion, kind: Kind, smallest: float, largest: float, points: int = 60, confidence: float = 0.95
) -> list[dict[str, Any]]:
    """The funnel's limit curves from the smallest to the largest denominator (log-spaced), plain and with the
    between-force variance, for drawing: one dict per denominator, per unit (scale by an indicator's `per`)."""
    out = []
    for n in np.geomspace(smallest, largest, points):
        low, high = limits(od.target, float(n), kind, od.tau2, confidence)
        plain_low, plain_high = limits(od.target, float(n), kind, 0.0, confidence)
        out.append({"n": float(n), "low": low, "high": high, "plain_low": plain_low, "plain_high": plain_high})
    return out
