"""Usual residents of each police force area at a census: what per-resident rates divide by.

- 2011 Census: the registry's population (forces.yaml, ONS QS201EW summed to force areas; its origin in
  data/sources/ATTRIBUTION.md).
- Census 2021: ONS table TS021 (ethnic group, 19 categories) by local authority of 2022, summed to police force
  areas by data/census2021/derive.py (origin in data/ATTRIBUTION.md); a force area's residents are the sum of
  its categories.

Which census a period divides by is the indicator's to say (catalogue.yaml, `residents`), not this module's.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from openpeel.config import bundled_data_dir
from openpeel.errors import DataFileError, UnknownForceError
from openpeel.forces.registry import REGISTRY_PATH, get_force

CensusYear = Literal[2011, 2021]
CENSUSES: tuple[CensusYear, ...] = (2011, 2021)
TS021_CATEGORIES = 19  # ethnic group, 20 categories less "Does not apply" (0 everywhere, left out)
CENSUS_DAY: dict[CensusYear, date] = {2011: date(2011, 3, 27), 2021: date(2021, 3, 21)}
CENSUS_2021_FILE = bundled_data_dir() / "census2021" / "ts021-ethnic-group-by-police-force-area.csv"
# How each census is named in titles ("per 1,000 residents (Census 2021)"): ONS's own names for the two.
CENSUS_NAME: dict[CensusYear, str] = {2011: "2011 Census", 2021: "Census 2021"}
SOURCE: dict[CensusYear, str] = {
    2011: "ONS 2011 Census, usual residents (QS201EW), summed to police force areas; census day 27 March 2011 "
    "(OGL v3.0)",
    2021: "ONS Census 2021, usual residents (TS021), summed from local authorities to police force areas; census "
    "day 21 March 2021 (OGL v3.0)",
}


@dataclass(frozen=True)
class Residents:
    force_id: str
    census: CensusYear
    value: int

    @property
    def source(self) -> str:
        return SOURCE[self.census]


@dataclass(frozen=True)
class Row2021:
    force_id: str
    category_code: int
    category: str
    residents: int


@cache
def rows_2021() -> tuple[Row2021, ...]:
    """Every row of the bundled Census 2021 file: (force, TS021 category, usual residents)."""
    out = []
    with CENSUS_2021_FILE.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                force = get_force(row["pfa22cd"]).id
                out.append(Row2021(force, int(row["category_code"]), row["category"], int(row["residents"])))
            except (KeyError, ValueError, UnknownForceError) as e:
                raise DataFileError(CENSUS_2021_FILE, f"unreadable row: {e}", line=line) from None
            if not 1 <= out[-1].category_code <= TS021_CATEGORIES:
                raise DataFileError(
                    CENSUS_2021_FILE, f"not a TS021 category (1 to {TS021_CATEGORIES})", line=line,
                    field="category_code", value=out[-1].category_code,
                )  # fmt: skip
    return tuple(out)


@cache
def _totals_2021() -> dict[str, int]:
    totals: Counter[str] = Counter()
    for row in rows_2021():
        totals[row.force_id] += row.residents
    return dict(totals)


def usual_residents(force_id: str, census: CensusYear) -> Residents | None:
    """The force area's usual residents at the census; None for a force without an area (British Transport
    Police)."""
    force = get_force(force_id)
    if not force.territorial:
        return None
    if census == 2011:
        if force.population is None or force.population.year != 2011:
            raise DataFileError(REGISTRY_PATH, "no 2011 Census population", field=f"{force.id}.population")
        return Residents(force.id, 2011, force.population.value)
    if census == 2021:
        try:
            return Residents(force.id, 2021, _totals_2021()[force.id])
        except KeyError:
            raise DataFileError(CENSUS_2021_FILE, f"no residents for force {force.id!r}") from None
    raise ValueError(f"no such census: {census!r} (openpeel has {', '.join(map(str, CENSUSES))})")
