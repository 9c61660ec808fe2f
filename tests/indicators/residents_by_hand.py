"""Usual residents of police force areas summed by hand with the csv module from the bundled published files,
independently of openpeel.forces.residents and the indicator engine: Census 2021 from the ONS local authority table
TS021 and the ONS lookup of local authorities to police force areas (data/census2021/sources/), the 2011 Census
from the QS201EW force area file the registry was made from (forces/data/sources/force-demographics.csv)."""

from __future__ import annotations

import csv
import gzip

from openpeel.config import bundled_data_dir

SOURCES = bundled_data_dir() / "census2021" / "sources"
TS021_LAD = SOURCES / "census2021_ts021_ethnic_group_20cat_ltla2022.csv.gz"
LAD_TO_PFA = SOURCES / "LAD22_CSP22_PFA22_EW_LU.csv"
QS201_PFA = bundled_data_dir().parent / "src" / "openpeel" / "forces" / "data" / "sources" / "force-demographics.csv"
CAMBS_PFA = "E23000023"  # the ONS code of the Cambridgeshire police force area


def local_authorities(pfa: str) -> dict[str, str]:
    """The local authority districts (code -> name) the ONS lookup puts in the police force area."""
    with LAD_TO_PFA.open(encoding="utf-8-sig", newline="") as f:
        return {r["LAD22CD"]: r["LAD22NM"] for r in csv.DictReader(f) if r["PFA22CD"] == pfa}


def census_2021(lads: set[str] | None = None) -> int:
    """Usual residents in TS021 (every category) of the given local authorities (all of them without)."""
    with gzip.open(TS021_LAD, "rt", encoding="utf-8-sig", newline="") as f:
        return sum(
            int(r["Observation"])
            for r in csv.DictReader(f)
            if lads is None or r["Lower Tier Local Authorities Code"] in lads
        )


def census_2011(pfa_name: str) -> int:
    with QS201_PFA.open(encoding="utf-8", newline="") as f:
        [row] = [r for r in csv.DictReader(f) if r["PFA16NM"] == pfa_name]
    return int(row["Ethnic Group: All categories: Ethnic group; measures: Value"])
