"""Sum ONS Census 2021 TS021 (ethnic group, 20 categories, by lower-tier local authority) to police force areas.

Run from the repository root: `python data/census2021/derive.py [SOURCE]`, SOURCE the folder holding the two
published files (default data/census2021/sources/, where they are bundled: the local authority table gzipped,
the lookup as published; origin and checksums in data/ATTRIBUTION.md). Every local authority district of 2022
lies in exactly one police force area (ONS LAD22 -> PFA22 lookup), so the sums are exact. Category -8 ("Does
not apply", 0 everywhere) is left out. tests/stopsearch/test_census2021.py re-derives the file and compares.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "ts021-ethnic-group-by-police-force-area.csv"
SOURCES = HERE / "sources"
CENSUS = "census2021_ts021_ethnic_group_20cat_ltla2022.csv.gz"
LOOKUP = "LAD22_CSP22_PFA22_EW_LU.csv"
HEADER = ("pfa22cd", "pfa22nm", "category_code", "category", "residents")


def derive(source: Path) -> list[tuple]:
    with (source / LOOKUP).open(encoding="utf-8-sig", newline="") as f:
        pfa = {r["LAD22CD"]: (r["PFA22CD"], r["PFA22NM"]) for r in csv.DictReader(f)}
    sums: Counter = Counter()
    names = {}
    with gzip.open(source / CENSUS, "rt", encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            code = int(r["Ethnic group (20 categories) Code"])
            if code < 0:
                continue
            area = pfa[r["Lower Tier Local Authorities Code"]]  # KeyError: a district with no force area
            names[code] = r["Ethnic group (20 categories)"]
            sums[area, code] += int(r["Observation"])
    return [(cd, nm, code, names[code], n) for ((cd, nm), code), n in sorted(sums.items())]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCES
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(derive(source))


if __name__ == "__main__":
    main()
