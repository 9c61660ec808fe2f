"""docs/indicators.md, rendered from the catalogue so that the reference cannot drift from the definitions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from openpeel.config import REPO_ROOT
from openpeel.frameworks import load_framework
from openpeel.indicators.catalogue import Indicator, catalogue

DOCS_PATH = REPO_ROOT / "docs" / "indicators.md"

INTRO = """# Indicator reference

Generated from `src/openpeel/indicators/catalogue.yaml` by `openpeel indicators docs`; a test fails when it
is out of date. How figures are computed, compared and charted: [statistics.md](statistics.md).

## The `compute` form

Each indicator names a warehouse `table`, the date or time column whose month (or quarter, with `grain`) a
row counts in (`period`), conditions on the rows counted (`where`), and for a proportion the conditions
for the numerator (`numerator_where`). A condition is `[expression, op, value]`, op one of eq, ne, lt, le,
gt, ge, in, not_in, is_null, not_null. An expression is a column, a number, `{column: name}`,
`{seconds_between: [start, end]}` or `{times: [expression, number]}`. `measure` counts rows or sums a
column; a `ratio` divides by `denominator_measure`; a `quantile` takes `value` (in whole seconds or days)
and its nearest-rank quantile. `lookup` joins each row to an aggregate of a child table. The form compiles
through Ibis to DuckDB or Spark (`openpeel indicators compute --engine spark`, with the `openpeel[spark]`
extra), with identical results; the indicators of one table are counted in one query, and a median and a
90th percentile of the same values share their distribution.

Times are instants (force returns give UK clock time; ingest converts it), and both engines work in UTC:
durations are exact across clock changes, and a month is a UTC month, so in British Summer Time an event
between midnight and 1 a.m. on the first of a month counts in the month before. (Known limitation: Ibis
offers no time-zone conversion that both engines share.)

## Residents: the denominator of a rate

A `rate` divides by the usual residents of the police force area at the census its `residents` names for the
period: every rate here follows the Home Office's stop and search statistics, the 2011 Census for periods
before April 2021 and Census 2021 from April 2021 (the year ending March 2022 on). The 2011 figures are the
force registry's (ONS QS201EW summed to force areas, `src/openpeel/forces/data/forces.yaml`); the 2021
figures are ONS TS021 summed from the local authorities of 2022 to force areas with the ONS lookup
(`data/census2021/`, sources bundled beside it), in `openpeel.forces.residents`. The engine stores the
residents it divided by as each result's `denominator`, and every figure shown names its census: the title
of a figure for a period names it in brackets ("… (Census 2021)"), its definition says "Residents for <month>:
…", and its sources name that census. Both are usual residents on census day, not mid-year estimates; a
series across April 2021 steps with the change of denominator (Cambridgeshire: 804,841 residents in 2011,
894,517 in 2021, so the same count gives a rate 10% lower), and peer and England and Wales figures pool
forces' residents of the same census.
"""


def direction_words(better: str) -> str:
    return "no agreed direction" if better == "neither" else f"{better} is better"


def reconciliation_table(indicators: Iterable[Indicator]) -> list[str]:
    """Every indicator with an official counterpart: the published figure, its definition and table, and
    whether openpeel reproduces it (the test that does), or why not."""
    lines = [
        "## Reconciliation with published statistics\n",
        "Each indicator that claims an official counterpart, the published figure, and whether a test reproduces",
        "it from the bundled data within the publisher's rounding. Where it cannot, the indicator's name says what",
        "it is instead.\n",
        "| indicator | published figure | definition | table | reproduced | how openpeel's figure relates |",
        "|---|---|---|---|---|---|",
    ]
    for i in indicators:
        o = i.official
        if o is None:
            continue
        done = f"yes (`{o.test}`)" if o.reconciled else "no" + (f"; method checked by `{o.test}`" if o.test else "")
        cells = [f"`{i.id}`", o.figure, o.definition, o.table, done, o.note]
        lines.append("| " + " | ".join(c.replace("|", "\\|").strip() for c in cells) + " |")
    return lines + [""]


def render() -> str:
    framework = load_framework("peel-2023-25")
    indicators = list(catalogue().values())
    lines = [INTRO, f"{len(indicators)} indicators.\n", *reconciliation_table(indicators)]
    for area in framework.areas:
        mine = [i for i in indicators if i.areas[0] == area.id]
        if not mine:
            continue
        lines.append(f"## {area.title}{'' if area.graded else ' (not graded)'}\n")
        for i in mine:
            lines += [
                f"### {i.title}\n",
                f"`{i.id}` · {i.kind} · {i.unit} · {direction_words(i.better)}"
                + (f" · also informs: {', '.join(i.areas[1:])}" if len(i.areas) > 1 else "")
                + "\n",
                f"{i.definition}\n",
                f"- Numerator: {i.numerator}",
                f"- Denominator: {i.denominator}",
            ]
            if i.direction:
                lines.append(f"- Direction: {i.direction}")
            if i.official:
                lines.append(f"- Official counterpart: {i.official.figure} (reconciliation table above)")
            if i.standard:
                lines.append(f"- Standard: {i.standard.description} ({i.standard.source})")
            lines.append(f"- Interval: {'yes' if i.interval else 'none (a full count)'}")
            if i.residents:
                lines.append(f"- Residents: {i.residents_rule()}")
            lines.append(f"- Sources: {'; '.join(i.sources_for())}")
            lines += [f"- Caveat: {c}" for c in i.caveats]
            compute = yaml.safe_dump(i.compute.model_dump(exclude_defaults=True), sort_keys=False, width=110)
            lines += ["", "```yaml", compute.rstrip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_docs(path: Path = DOCS_PATH) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path
