"""Residents of each police force area by ethnic group at the 2021 Census, and which census a period of searches
is divided by.

The Home Office divided stop and search by the 2011 Census up to the year ending March 2021 and by the 2021
Census from the year ending March 2022 (its "Update to stop and search and arrests statistics using 2021 Census
estimates", 2 March 2023, revised that year once the ethnic groups were published, aggregating local
authorities to police force areas). openpeel does the same: a month from April 2021 on is divided by the 2021
Census, an earlier month by the 2011 Census (population.py).

The file is ONS Census 2021 table TS021 (ethnic group, 19 categories) summed from local authorities of 2022 to
police force areas by data/census2021/derive.py (origin in data/ATTRIBUTION.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from openpeel.forces.residents import rows_2021
from openpeel.stopsearch import population

FIRST_2021_MONTH = date(2021, 4, 1)  # the first month of the year ending March 2022


def broad_group(category_code: int) -> str:
    """TS021 categories 1-5 are Asian, 6-8 Black, 9-12 Mixed, 13-17 White, 18-19 Other."""
    for last, group in ((5, "Asian"), (8, "Black"), (12, "Mixed"), (17, "White"), (19, "Other")):
        if 1 <= category_code <= last:
            return group
    raise ValueError(f"not a TS021 ethnic group category: {category_code}")


@dataclass(frozen=True)
class Census:
    year: int
    source: str  # in words, for every table that divides by it
    residents: dict[str, dict[str, int]]  # force id -> {broad group: residents, "All": total}


@cache
def categories_2021() -> dict[tuple[str, str], int]:
    """(force id, TS021 category name) -> usual residents at the 2021 Census."""
    out = {}
    for row in rows_2021():
        out[row.force_id, row.category] = row.residents
    return out


@cache
def residents_2021_by_group() -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {}
    for row in rows_2021():
        counts = out.setdefault(row.force_id, Counter())
        counts[broad_group(row.category_code)] += row.residents
        counts["All"] += row.residents
    return {force: dict(c) for force, c in out.items()}


CENSUS_2011 = Census(2011, f"{population.SOURCE}; census day 27 March 2011", {})
SOURCE_2021 = (
    "ONS Census 2021, usual residents by ethnic group (TS021), summed from local authorities to police force "
    "areas; census day 21 March 2021"
)


def census_for(months: list[date]) -> Census:
    """The census the Home Office divides searches of these months by: 2021 from April 2021, else 2011.
    A period is never split across the two (years ending March never are)."""
    later = {m >= FIRST_2021_MONTH for m in months}
    if len(later) != 1:
        raise ValueError("a period of searches must lie wholly before or wholly from April 2021")
    if later.pop():
        return Census(2021, SOURCE_2021, residents_2021_by_group())
    return Census(2011, CENSUS_2011.source, population.residents_by_group())
