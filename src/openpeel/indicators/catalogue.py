"""The indicator catalogue: a typed loader for catalogue.yaml.

Each indicator says what it measures in words (for people) and how it is computed in a small declarative
form (for the engine): a warehouse table, the month a row counts in, filters, and what is counted. The
same form compiles to DuckDB and to Spark (indicators/compile.py), so an indicator is defined once.
"""

from __future__ import annotations

import difflib
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openpeel.errors import DataFileError, OpenPeelError
from openpeel.forces.residents import CENSUS_NAME, SOURCE, CensusYear
from openpeel.indicators.stats import suppressed

CATALOGUE = files("openpeel.indicators").joinpath("catalogue.yaml")

# An expression: a column name, a number, {column: name}, {seconds_between: [a, b]} (b - a in seconds),
# {times: [expr, number]}. A condition: [expression, op, value] with op one of OPS; value an expression.
SUPPRESSIBLE_KINDS = ("rate", "proportion")
OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "is_null", "not_null")
Expression = Any
Condition = list[Any]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Strict):
    """A published standard the indicator is measured against (e.g. 90% of 999 calls within 10 seconds)."""

    target: float
    description: str
    source: str


class Official(_Strict):
    """The published statistic an indicator claims to be, and whether openpeel reproduces it from bundled data."""

    figure: str  # the published figure in words, with its period
    definition: str  # the publisher's definition: numerator, denominator, what is left out
    table: str  # publication and table it is read from
    reconciled: bool  # reproduced from bundled data within the publisher's rounding
    test: str | None = None  # tests/...::test_name that reproduces it
    note: str  # how openpeel's figure relates to it: why it matches, differs, or cannot be reproduced


class ResidentsFrom(_Strict):
    """The census a rate divides by, from its first period on (until the next entry's)."""

    census: CensusYear
    since: date | None = None  # the first period (a month's or quarter's first day); None: from the start


class Lookup(_Strict):
    """Aggregate a child table per key and join it on, e.g. each investigation's first supervisory review."""

    table: str
    by: list[str]  # the key columns (besides force_id)
    aggregate: dict[str, tuple[Literal["min", "max", "count"], str]]


class Compute(_Strict):
    table: str
    period: str  # date or timestamp column: the row counts in that month (or quarter, with `grain`)
    grain: Literal["month", "quarter"] = "month"
    where: list[Condition] = []  # the rows counted (for a proportion, its denominator)
    numerator_where: list[Condition] = []  # proportion: the subset counted in the numerator
    measure: Literal["count"] | dict[Literal["sum"], str] = "count"
    denominator_measure: dict[Literal["sum"], str] | None = None  # ratio: what the measure is divided by
    value: Expression = None  # quantile: the values, in whole units (seconds, days)
    lookup: Lookup | None = None

    @model_validator(mode="after")
    def _conditions_are_well_formed(self) -> Compute:
        for condition in [*self.where, *self.numerator_where]:
            if len(condition) not in (2, 3) or condition[1] not in OPS:
                raise ValueError(f"a condition is [expression, op, value] with op one of {', '.join(OPS)}: {condition}")
        return self


class Indicator(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    areas: list[str] = Field(min_length=1)  # PEEL 2023-25 area ids it informs
    definition: str
    numerator: str
    denominator: str
    kind: Literal["rate", "proportion", "quantile", "ratio"]
    # rate: Poisson; proportion: Wilson; quantile: order statistics. None where the figure is a full count
    # of a stock rather than events (officers in post, days lost), so there is no sampling error to show.
    interval: bool = True
    per: int = 1  # rate: per how many residents; proportion: 100 shows a percentage
    quantile: float | None = Field(default=None, gt=0, lt=1)
    scale: float = 1  # quantile: divide the value by this (60 turns seconds into minutes)
    unit: str
    better: Literal["higher", "lower", "neither"]
    # why that direction is agreed, or why there is none ("neither": the figure is described without judgment)
    direction: str | None = None
    official: Official | None = None  # the official statistic it reconciles with, where there is one
    standard: Standard | None = None
    sources: list[str] = Field(min_length=1)
    caveats: list[str] = []
    # rate: the usual residents it divides by, which census for which periods (the first entry has no `since`)
    residents: list[ResidentsFrom] = []
    compute: Compute

    @model_validator(mode="after")
    def _kind_fits(self) -> Indicator:
        if self.kind == "quantile" and (self.quantile is None or self.compute.value is None):
            raise ValueError("a quantile indicator needs `quantile` and `compute.value`")
        if self.kind == "proportion" and not self.compute.numerator_where:
            raise ValueError("a proportion needs `compute.numerator_where`: which of the rows count")
        if self.kind == "ratio" and (self.compute.denominator_measure is None or self.interval):
            raise ValueError("a ratio needs `compute.denominator_measure` and `interval: false`")
        if (self.kind == "rate") != bool(self.residents):
            raise ValueError("a rate, and only a rate, names its `residents`: which census for which periods")
        starts = [r.since for r in self.residents]
        if starts and (starts[0] is not None or any(s is None or s.day != 1 for s in starts[1:])):
            raise ValueError("`residents`: the first entry has no `since`, each later one the first day of a period")
        if starts[1:] != sorted(starts[1:], key=lambda d: d or date.min) or len(set(starts)) != len(starts):
            raise ValueError("`residents`: entries in order of `since`, each later than the one before")
        return self

    def census_for(self, period: date) -> CensusYear | None:
        """The census a rate of this period divides by (None for any other kind of figure)."""
        chosen = None
        for entry in self.residents:
            if entry.since is None or period >= entry.since:
                chosen = entry.census
        return chosen

    def census_breaks(self) -> tuple[date, ...]:
        """The first periods of a rate's later censuses: its denominator steps there, so SPC splits its series."""
        return tuple(r.since for r in self.residents if r.since)

    def residents_rule(self) -> str:
        """Which census for which periods, in words: '2011 Census before April 2021, Census 2021 from April 2021'."""
        words = []
        for entry, after in zip(self.residents, [*self.residents[1:], None], strict=True):
            span = [f"from {entry.since:%B %Y}"] if entry.since else []
            span += [f"before {after.since:%B %Y}"] if after and after.since else []
            words.append(" ".join([CENSUS_NAME[entry.census], *span]))
        return ", ".join(words)

    def title_for(self, period: date) -> str:
        """The title of the figure for one period: a rate names the census it divides by."""
        census = self.census_for(period)
        if census is None:
            return self.title
        if self.title.endswith(")"):  # "per 1,000 residents (force return; Census 2021)", not two brackets
            return f"{self.title[:-1]}; {CENSUS_NAME[census]})"
        return f"{self.title} ({CENSUS_NAME[census]})"

    def definition_for(self, period: date | None = None) -> str:
        """The definition, and for a rate the residents it divides by (for the period, or the rule for all)."""
        if not self.residents:
            return self.definition
        census = self.census_for(period) if period else None
        if census is None:
            return f"{self.definition} Residents: {self.residents_rule()}."
        return f"{self.definition} Residents for {period:%B %Y}: {CENSUS_NAME[census]} ({self.residents_rule()})."

    def sources_for(self, period: date | None = None) -> list[str]:
        """The sources, with the census the period divides by (every census the rate uses, without a period)."""
        census = self.census_for(period) if period else None
        used = [census] if census else list(dict.fromkeys(r.census for r in self.residents))
        return [*self.sources, *(SOURCE[c] for c in used)]

    def suppresses(self, numerator: float) -> bool:
        """Counts of events under 10 are not published. A quantile's or a ratio's numerator is not such a count."""
        return self.kind in SUPPRESSIBLE_KINDS and suppressed(numerator)


class UnknownIndicatorError(OpenPeelError):
    code = "unknown_indicator"


def load_catalogue(path: Traversable | Path = CATALOGUE) -> dict[str, Indicator]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise DataFileError.from_yaml(path, e) from None
    if not isinstance(raw, list) or not raw:
        what = "an empty list" if raw == [] else "an empty file" if raw is None else f"a {type(raw).__name__}"
        raise DataFileError(path, f"must be a YAML list of at least one indicator, not {what}")
    out = {}
    for i, entry in enumerate(raw):
        try:
            indicator = Indicator.model_validate(entry)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in (i, *first["loc"]))
            name = entry.get("id") if isinstance(entry, dict) else None
            raise DataFileError(path, f"{first['msg']} (indicator {name!r})", field=where) from None
        if indicator.id in out:
            raise DataFileError(path, "indicator ids must be unique", field=f"{i}.id", value=indicator.id)
        out[indicator.id] = indicator
    return out


@cache
def catalogue() -> dict[str, Indicator]:
    return load_catalogue()


def get_indicator(indicator_id: str) -> Indicator:
    try:
        return catalogue()[indicator_id]
    except KeyError:
        close = difflib.get_close_matches(indicator_id, catalogue(), n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UnknownIndicatorError(
            f"No indicator {indicator_id!r}.{hint} `openpeel indicators list` lists them all."
        ) from None
