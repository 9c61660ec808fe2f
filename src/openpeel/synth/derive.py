"""Write calibration_derived.yaml from the real open data in ../shared/data (a maintenance step).

    .venv/bin/python -m openpeel.synth.derive /work/shared/data

The generator never reads ../shared/data itself: the figures are frozen into calibration_derived.yaml
so that synthetic returns are reproducible without the source files. Every figure is per 2011 Census
resident (the registry's population), so multiplying back by the registry population reproduces the
published volumes.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from openpeel.errors import OpenPeelError
from openpeel.forces import all_forces, get_force

OUT = Path(__file__).parent / "calibration_derived.yaml"
PRC = "ons-lsoa-pfa-2011/prc-pfa-201718_new.csv"
OUTCOMES = "ho-crime-outcomes-2017-18/detection-rates-data.csv.gz"
WORKFORCE = "resistancelab-home-office-policing/cleaned_data/police-population/officer-fte/2019.csv"
LSOA_FORCE = "ons-lsoa-pfa-2011/PoliceforceLSOA.csv"
CENSUS = "ons-lsoa-pfa-2011/census_2011_population_hh.csv"
LAD_PFA = (
    "resistancelab-home-office-policing/source_data/demographics/Local_Authority_District_to_Community_"
    "Safety_Partnerships_to_Police_Force_Areas__December_2016__Lookup_in_England_and_Wales.csv"
)
# Recorded by national fraud bodies or BTP, not by a territorial force: no force area to scale by.
NOT_TERRITORIAL = {"Action Fraud", "CIFAS", "UK Finance", "Financial Fraud Action UK", "British Transport Police"}
CODE = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,2})?[A-Z]?$")
# Residents of LSOAs below this density count as rural. A density cut is not the ONS rural-urban
# classification (which we do not have here); 5 persons/ha puts 17% of residents in rural areas.
RURAL_DENSITY = 5.0
# Home Office "victim-based" crime groups; the rest are "other crimes against society".
VICTIM_BASED = {
    "Violence against the person",
    "Sexual offences",
    "Robbery",
    "Theft offences",
    "Criminal damage and arson",
}


def _rows(path: Path, gz: bool = False) -> Iterator[dict[str, str]]:
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _force_id(name: str) -> str | None:
    try:
        force = get_force(name)
    except OpenPeelError:
        return None
    return force.id if force.territorial else None


def _group(name: str) -> str:
    # The two Home Office files spell one group two ways.
    return "Miscellaneous crimes against society" if name == "Miscellaneous crimes" else name


def crimes(root: Path) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Recorded crime 2017/18 per force, and the national mix of offence codes."""
    per_force: dict[str, int] = defaultdict(int)
    per_code: dict[str, list[Any]] = {}
    for row in _rows(root / PRC):
        if row["Force_Name"] in NOT_TERRITORIAL:
            continue
        n = int(row["Number_of_Offences"])
        force = _force_id(row["Force_Name"])
        if force is None:
            raise SystemExit(f"unknown force in {PRC}: {row['Force_Name']!r}")
        per_force[force] += n
        # Homicide is published as one combined code; a single crime carries one of them (1 = murder).
        code = "1" if row["Offence_Code"].startswith("1/") else row["Offence_Code"]
        if not CODE.match(code):
            continue
        entry = per_code.setdefault(code, [code, _group(row["Offence_Group"]), row["Offence_Description"], 0])
        entry[3] += n
    mix = [
        {"code": c, "group": g, "description": d, "count": n}
        for c, g, d, n in sorted(per_code.values(), key=lambda e: -e[3])
        if n > 0
    ]
    return dict(per_force), mix


def outcomes(root: Path) -> tuple[dict[str, dict[int, float]], dict[str, float]]:
    """Outcome shares by offence group (outcomes recorded 2017/18), and each force's charge rate."""
    by_group: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    force_total: dict[str, int] = defaultdict(int)
    force_charged: dict[str, int] = defaultdict(int)
    for row in _rows(root / OUTCOMES, gz=True):
        if row["outcome_type"] in ("", "NA", "0") or row["force_outcomes_recorded_in_quarter"] == "NA":
            continue  # 0 = "not yet assigned an outcome"; the trailing row is all NA
        n, kind = int(row["force_outcomes_recorded_in_quarter"]), int(row["outcome_type"])
        by_group[_group(row["offence_group"])][kind] += n
        force = _force_id(row["force_name"])
        if force:
            force_total[force] += n
            force_charged[force] += n if kind == 1 else 0
    shares = {}
    for group, counts in sorted(by_group.items()):
        total = sum(counts.values())
        shares[group] = {k: round(v / total, 5) for k, v in sorted(counts.items()) if v}
    national = sum(force_charged.values()) / sum(force_total.values())
    factor = {f: round(force_charged[f] / force_total[f] / national, 3) for f in force_total}
    return shares, factor


def officers(root: Path) -> dict[str, float]:
    """Police officer FTE at 31 March 2019 per force (Home Office police workforce tables)."""
    result = {}
    for row in _rows(root / WORKFORCE):
        force = _force_id(row["Force/Region"])
        # "West Midlands" is a region and a force: the force row comes second, so it wins.
        if force:
            result[force] = float(row["March 2019"])
    return result


def rural_shares(root: Path) -> dict[str, float]:
    """Share of 2011 residents living in LSOAs under RURAL_DENSITY persons per hectare."""
    by_pfa = {f.pfa_code: f.id for f in all_forces(territorial_only=True)}
    lad = {}
    for r in _rows(root / LAD_PFA):
        # By code and by name: a few codes changed after 2011 (Northumberland, Gateshead), names did not.
        lad[r["LAD16CD"]] = lad[r["LAD16NM"]] = by_pfa[r["PFA16CD"]]
    lsoa = {r["LSOA Code"]: _force_id(r["Police_force"]) for r in _rows(root / LSOA_FORCE)}
    rural: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    with open(root / CENSUS, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)  # the header repeats "Persons": read by position (LSOA code, residents, density)
        for row in reader:
            # LSOA lookup first (England; LAD codes changed after 2011), the LAD lookup for Wales.
            force = lsoa.get(row[6]) or lad.get(row[2]) or lad.get(row[3].removesuffix(" UA"))
            if force is None:
                raise SystemExit(f"no force for LSOA {row[6]} ({row[3]})")
            people, density = int(row[9].replace(",", "")), float(row[13].replace(",", ""))
            total[force] += people
            rural[force] += people if density < RURAL_DENSITY else 0
    return {f: round(rural[f] / total[f], 4) for f in total}


def derive(root: Path) -> dict[str, Any]:
    per_force, offence_mix = crimes(root)
    outcome_mix, charge = outcomes(root)
    officer_fte, rural = officers(root), rural_shares(root)
    forces = {}
    for f in all_forces(territorial_only=True):
        per_1000 = 1000 / f.population.value  # type: ignore[union-attr]  # territorial: has one
        forces[f.id] = {
            "crimes_per_1000": round(per_force[f.id] * per_1000, 2),
            "officers_per_1000": round(officer_fte[f.id] * per_1000, 3),
            "rural_share": rural[f.id],
            "charge_factor": charge[f.id],
        }
    return {
        "victim_based_groups": sorted(VICTIM_BASED),
        "offence_mix": offence_mix,
        "outcome_mix": outcome_mix,
        "forces": forces,
    }


HEADER = """\
# Written by `python -m openpeel.synth.derive /work/shared/data`: do not edit by hand.
# Sources (Open Government Licence v3.0; provenance in ../shared/data/*/SOURCE.md):
# - offence_mix, forces.*.crimes_per_1000: Home Office police recorded crime by police force area,
#   2017/18, by offence code (ons-lsoa-pfa-2011/prc-pfa-201718_new.csv); fraud bodies and BTP left
#   out; per 2011 Census resident.
# - outcome_mix (outcome shares by offence group), forces.*.charge_factor (force charge rate over
#   the national rate): Home Office crime outcomes open data 2017/18, outcomes recorded in the year,
#   "not yet assigned" left out (ho-crime-outcomes-2017-18).
# - forces.*.officers_per_1000: Home Office police workforce, officer FTE at 31 March 2019
#   (resistancelab-home-office-policing, officer-fte/2019.csv), per 2011 Census resident.
# - forces.*.rural_share: share of 2011 Census residents in LSOAs under 5 persons per hectare
#   (ons-lsoa-pfa-2011 census_2011_population_hh.csv); an approximation, not the ONS rural-urban
#   classification.
# - victim_based_groups: the Home Office split of victim-based crime and other crimes against society.
"""


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m openpeel.synth.derive SHARED_DATA_DIR")
    data = derive(Path(args[0]))
    OUT.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
