"""The Home Office's published stop and search rates per 1,000 people by ethnic group, as shown by the Cabinet
Office's Ethnicity facts and figures service (data/stop-search-published/, origin in data/ATTRIBUTION.md).

The files do not state their year. Their total, 529,474 searches with Black 24.5 and White 5.9 per 1,000 (a
ratio of 4.1), is taken to be the year ending March 2023, with Census 2021 denominators; that is the copier's
inference, not verified against the live page, and every table that shows these figures says so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from openpeel.config import bundled_data_dir
from openpeel.errors import DataFileError, UnknownForceError
from openpeel.forces import get_force

FOLDER = bundled_data_dir() / "stop-search-published"
BY_AREA = FOLDER / "by-ethnicity-and-area-table.csv"
BY_ETHNICITY = FOLDER / "by-ethnicity-table.csv"
PERIOD = "year ending March 2023 (inferred from the national total; the files do not state it)"
SOURCE = (
    "Home Office, Police powers and procedures: stop and search, rates per 1,000 people by self-defined "
    "ethnicity and police force area, Census 2021 populations, as shown by Ethnicity facts and figures"
)
GROUPS = ("All", "Asian", "Black", "Mixed", "White", "Other")


@dataclass(frozen=True)
class PublishedRates:
    area: str  # the force id, or "All - excluding BTP" / "All - including BTP"
    rates: dict[str, float | None]  # group -> rate per 1,000 as published (1 decimal); None where "N/A"


def _number(text: str) -> float | None:
    return None if text.strip() == "N/A" else float(text.replace(",", ""))


@cache
def published_by_force() -> dict[str, PublishedRates]:
    """Force id (or the two England and Wales rows) -> the published rates per 1,000 by group."""
    out = {}
    with BY_AREA.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    if tuple(header[1:]) != GROUPS:
        raise DataFileError(BY_AREA, f"unexpected header {header}", line=1)
    for line, row in enumerate(rows[2:], start=3):  # line 2 says "Rate per 1,000" under each group
        name = row[0]
        try:
            key = name if name.startswith("All - ") else get_force(name).id
            out[key] = PublishedRates(key, {g: _number(v) for g, v in zip(GROUPS, row[1:], strict=True)})
        except (ValueError, UnknownForceError) as e:
            raise DataFileError(BY_AREA, f"unreadable row: {e}", line=line) from None
    return out


@cache
def published_national() -> dict[str, tuple[float | None, int]]:
    """Ethnicity (5 groups, 19 detailed, "All", "Unknown") -> (rate per 1,000, searches), England and Wales
    with British Transport Police."""
    with BY_ETHNICITY.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rate, count = "Rate of stop and search", "Number of stop and searches"
    return {r["Ethnicity"]: (_number(r[rate]), _count(r[count])) for r in rows}


def _count(text: str) -> int:
    return int(text.replace(",", ""))


# The published detailed groups and the Census 2021 TS021 category each is divided by.
DETAILED_CATEGORY = {
    "Bangladeshi": "Asian, Asian British or Asian Welsh: Bangladeshi",
    "Chinese": "Asian, Asian British or Asian Welsh: Chinese",
    "Indian": "Asian, Asian British or Asian Welsh: Indian",
    "Pakistani": "Asian, Asian British or Asian Welsh: Pakistani",
    "Asian other": "Asian, Asian British or Asian Welsh: Other Asian",
    "Black African": "Black, Black British, Black Welsh, Caribbean or African: African",
    "Black Caribbean": "Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    "Black other": "Black, Black British, Black Welsh, Caribbean or African: Other Black",
    "Mixed White And Asian": "Mixed or Multiple ethnic groups: White and Asian",
    "Mixed White And Black African": "Mixed or Multiple ethnic groups: White and Black African",
    "Mixed White And Black Caribbean": "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Mixed other": "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups",
    "White British": "White: English, Welsh, Scottish, Northern Irish or British",
    "White Irish": "White: Irish",
    "Gypsy Or Irish Traveller": "White: Gypsy or Irish Traveller",
    "Roma": "White: Roma",
    "White other": "White: Other White",
    "Arab": "Other ethnic group: Arab",
    "Any Other Ethnic Background": "Other ethnic group: Any other ethnic group",
}

DIFFERENCE = (
    "Why openpeel's rates differ from the published ones: the Home Office counts searches from each force's "
    "annual data return for a year ending March (all powers, revised by forces before publication); openpeel "
    "counts the rows forces uploaded to police.uk for the months it holds, which are not a year ending March "
    "unless all twelve months are present, are not revised, and can leave searches out. Both divide by the "
    "same census for the period (2021 from April 2021) and by self-defined ethnicity; searches with no stated "
    "ethnicity are in neither group rate."
)
