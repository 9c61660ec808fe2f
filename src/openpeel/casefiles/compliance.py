"""Compliance per checklist question, with a Wilson interval, from the answers of the files reviewed.

Compliance is the share answering "yes" of those answering yes or no; "not applicable" leaves a file out
of that question. When every file of a proportionally allocated sample has been reviewed, the sample
weights itself and the plain share is the estimate. Otherwise (a review still in progress, or another
allocation) the files reviewed no longer stand for their strata in proportion, so each answer is weighted
by its stratum: weight N_h / r_h (population of the stratum over files reviewed in it). The interval is
then Wilson's at the Kish effective sample size n_eff = (sum w)^2 / sum w^2, which is n when the weights are
equal. Strata with no file reviewed are carried by the others. Fewer than 10 compliant files: the figure
is suppressed, as every count under 10 is (openpeel.indicators.stats).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from openpeel.casefiles.checklist import Question
from openpeel.indicators.stats import suppressed, wilson_interval


@dataclass(frozen=True)
class ReviewedFile:
    stratum: str  # the stratum's key
    answers: dict[str, str]  # question id -> "yes", "no" or "na"


@dataclass(frozen=True)
class Compliance:
    question_id: str
    text: str
    area: str
    characteristic: str
    yes: int
    no: int
    not_applicable: int
    value: float | None  # share compliant, 0-1; None when nothing was answered yes or no, or when suppressed
    low: float | None
    high: float | None
    weighted: bool
    effective_n: float | None
    suppressed: bool

    @property
    def answered(self) -> int:
        return self.yes + self.no

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def compliance(
    questions: list[Question],
    files: list[ReviewedFile],
    stratum_populations: dict[str, int],
    *,
    confidence: float = 0.95,
    self_weighting: bool,
) -> list[Compliance]:
    """One row per question. `self_weighting`: the files reviewed are the whole of a proportional sample."""
    reviewed_in = Counter(f.stratum for f in files)
    weight = {s: stratum_populations[s] / r for s, r in reviewed_in.items()}
    return [_one(q, files, weight, confidence, not self_weighting) for q in questions]


def _one(
    q: Question, files: list[ReviewedFile], weight: dict[str, float], confidence: float, weighted: bool
) -> Compliance:
    answers = [(f.answers.get(q.id), weight[f.stratum] if weighted else 1.0) for f in files]
    counts = Counter(a for a, _ in answers)
    yes, no = counts["yes"], counts["no"]
    pairs = [(a == "yes", w) for a, w in answers if a in ("yes", "no")]
    hidden = suppressed(yes)
    value = low = high = n_eff = None
    if pairs:
        total = sum(w for _, w in pairs)
        share = sum(w for ok, w in pairs if ok) / total
        n_eff = total * total / sum(w * w for _, w in pairs)
        lo, hi = wilson_interval(share * n_eff, n_eff, confidence)
        if not hidden:
            value, low, high = share, float(lo), float(hi)
    return Compliance(
        q.id, q.text, q.area, q.characteristic, yes, no, counts["na"], value, low, high, weighted, n_eff, hidden
    )
