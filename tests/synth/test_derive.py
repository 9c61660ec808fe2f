"""synth/derive.py: the calibration figures derived from the open data, on small files made here whose
answers are worked by hand (each expected figure is written out below, not computed by the module)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
import yaml

from openpeel.forces import all_forces
from openpeel.synth import derive as d


def write(root: Path, name: str, header: list[str], rows: list[list], gz: bool = False) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


PRC = ["Force_Name", "Offence_Code", "Offence_Group", "Offence_Description", "Number_of_Offences"]
OUT = ["force_name", "offence_group", "outcome_type", "force_outcomes_recorded_in_quarter"]
LAD = ["LAD16CD", "LAD16NM", "PFA16CD"]
LSOA = ["LSOA Code", "Police_force"]
# The census file is read by position: LAD code 2, LAD name 3, LSOA code 6, residents 9, density 13.
CENSUS_HEADER = [
    "c0",
    "c1",
    "LAD",
    "LAD name",
    "c4",
    "c5",
    "LSOA",
    "c7",
    "c8",
    "Persons",
    "c10",
    "c11",
    "c12",
    "Persons",
]


def census_row(lad: str, lad_name: str, lsoa: str, people: str, density: str) -> list[str]:
    return ["", "", lad, lad_name, "", "", lsoa, "", "", people, "", "", "", density]


def test_crimes_per_force_and_the_national_offence_mix(tmp_path):
    write(tmp_path, d.PRC, PRC, [
        ["Cambridgeshire", "1/4.1/4.10", "Homicide", "Murder", 10],  # the combined homicide code counts as 1
        ["Cambridgeshire", "8N", "Violence against the person", "Assault with injury", 5],
        ["Norfolk", "8N", "Violence against the person", "Assault (other words)", 7],
        ["Action Fraud", "53A", "Fraud offences", "Fraud", 100],  # not a territorial force: left out entirely
        ["Norfolk", "TOTAL", "All", "All offences", 3],  # counts for the force, not a code of the mix
        ["Cambridgeshire", "28A", "Miscellaneous crimes", "Nothing recorded", 0],  # a zero code leaves the mix
    ])  # fmt: skip
    per_force, mix = d.crimes(tmp_path)
    assert per_force == {"cambridgeshire": 15, "norfolk": 10}
    assert mix == [
        {"code": "8N", "group": "Violence against the person", "description": "Assault with injury", "count": 12},
        {"code": "1", "group": "Homicide", "description": "Murder", "count": 10},
    ]


def test_an_unknown_force_in_the_crime_file_stops_the_derivation(tmp_path):
    write(tmp_path, d.PRC, PRC, [["Atlantis Constabulary", "8N", "Violence", "Assault", 1]])
    with pytest.raises(SystemExit, match="unknown force.*Atlantis"):
        d.crimes(tmp_path)


def test_outcome_shares_by_group_and_each_forces_charge_factor(tmp_path):
    write(tmp_path, d.OUTCOMES, OUT, [
        ["Cambridgeshire", "Robbery", "1", "30"],
        ["Cambridgeshire", "Robbery", "14", "70"],
        ["Cambridgeshire", "Robbery", "0", "500"],  # not yet assigned an outcome: left out
        ["Cambridgeshire", "Robbery", "2", "0"],  # a zero share is not written
        ["Norfolk", "Robbery", "1", "10"],
        ["Norfolk", "Miscellaneous crimes", "14", "90"],  # the other file's spelling of the group
        ["Action Fraud", "Fraud offences", "14", "100"],  # in the national shares, no force
        ["NA", "NA", "NA", "NA"],  # the trailing row
    ], gz=True)  # fmt: skip
    shares, factor = d.outcomes(tmp_path)
    # Robbery: 40 charged (1) and 70 (14) of 110 outcomes.
    assert shares == {
        "Fraud offences": {14: 1.0},
        "Miscellaneous crimes against society": {14: 1.0},
        "Robbery": {1: 0.36364, 14: 0.63636},
    }
    # Charge rates: Cambridgeshire 30/100, Norfolk 10/100; national 40/200 = 0.2.
    assert factor == {"cambridgeshire": 1.5, "norfolk": 0.5}


def test_officers_per_force_the_force_row_winning_over_the_region_of_the_same_name(tmp_path):
    write(tmp_path, d.WORKFORCE, ["Force/Region", "March 2019"], [
        ["West Midlands", "100.0"],  # the region
        ["West Midlands", "7000.5"],  # the force, second
        ["North West", "999"],  # a region only
        ["British Transport Police", "3000"],  # not territorial
        ["Cambridgeshire", "1500.25"],
    ])  # fmt: skip
    assert d.officers(tmp_path) == {"west-midlands": 7000.5, "cambridgeshire": 1500.25}


def test_rural_share_by_lsoa_then_district_code_then_district_name(tmp_path):
    cambs = next(f for f in all_forces(territorial_only=True) if f.id == "cambridgeshire").pfa_code
    dyfed = next(f for f in all_forces(territorial_only=True) if f.id == "dyfed-powys").pfa_code
    write(tmp_path, d.LAD_PFA, LAD, [["E07000008", "Cambridge", cambs], ["W06000023", "Powys", dyfed]])
    write(tmp_path, d.LSOA_FORCE, LSOA, [["E01000001", "Cambridgeshire"]])
    write(tmp_path, d.CENSUS, CENSUS_HEADER, [
        census_row("E07000008", "Cambridge", "E01000001", "1,500", "40.5"),  # by LSOA; urban
        census_row("E07000008", "Cambridge", "E01000002", "500", "2.0"),  # by district code; rural
        census_row("W06999999", "Powys UA", "W01000001", "300", "0.5"),  # code changed: by name; rural
        census_row("W06999999", "Powys UA", "W01000002", "100", "5.0"),  # at the cut: not rural
    ])  # fmt: skip
    # Cambridgeshire 500 of 2,000 rural; Dyfed-Powys 300 of 400.
    assert d.rural_shares(tmp_path) == {"cambridgeshire": 0.25, "dyfed-powys": 0.75}


def test_a_census_area_with_no_force_stops_the_derivation(tmp_path):
    write(tmp_path, d.LAD_PFA, LAD, [])
    write(tmp_path, d.LSOA_FORCE, LSOA, [])
    write(tmp_path, d.CENSUS, CENSUS_HEADER, [census_row("E0", "Nowhere", "E01999999", "1", "1")])
    with pytest.raises(SystemExit, match="no force for LSOA E01999999"):
        d.rural_shares(tmp_path)


def small_world(root: Path) -> None:
    """Every territorial force in every file: Cambridgeshire (804,841 residents in the registry) with 80,484
    crimes, 1,609.682 officers, 25 charged of 100 outcomes and a quarter of residents rural; every other force
    1,000 crimes, 10 officers, 5 charged of 100 outcomes and no rural residents."""
    forces = all_forces(territorial_only=True)
    cambs = lambda f, a, b: a if f.id == "cambridgeshire" else b  # noqa: E731
    write(root, d.PRC, PRC, [[f.name, "8N", "Violence against the person", "Assault", cambs(f, 80484, 1000)]
                             for f in forces])  # fmt: skip
    write(root, d.OUTCOMES, OUT, [
        row for f in forces for row in (
            [f.name, "Robbery", "1", str(cambs(f, 25, 5))], [f.name, "Robbery", "14", str(cambs(f, 75, 95))])
    ], gz=True)  # fmt: skip
    write(root, d.WORKFORCE, ["Force/Region", "March 2019"], [[f.name, cambs(f, "1609.682", "10")] for f in forces])
    write(root, d.LAD_PFA, LAD, [])
    write(root, d.LSOA_FORCE, LSOA, [[f"L{i}", f.name] for i, f in enumerate(forces)])
    write(root, d.CENSUS, CENSUS_HEADER, [
        census_row("", "", f"L{i}", "300", "10") for i, f in enumerate(forces)
    ] + [census_row("", "", f"L{[f.id for f in forces].index('cambridgeshire')}", "100", "1")])  # fmt: skip


def test_derive_gives_every_territorial_force_its_figures_per_resident(tmp_path):
    small_world(tmp_path)
    data = d.derive(tmp_path)
    assert len(data["forces"]) == 43
    # 80,484 crimes / 804,841 residents = 99.99988 per 1,000; 1,609.682 officers = 2.000 per 1,000.
    # Charge rate 25/100 against the national (25 + 42 × 5) / 4,300 = 0.054651: factor 4.574.
    assert data["forces"]["cambridgeshire"] == {
        "crimes_per_1000": 100.0,
        "officers_per_1000": 2.0,
        "rural_share": 0.25,
        "charge_factor": 4.574,
    }
    assert data["forces"]["norfolk"]["rural_share"] == 0.0
    assert data["victim_based_groups"][0] == "Criminal damage and arson" and len(data["victim_based_groups"]) == 5
    assert data["offence_mix"] == [
        {"code": "8N", "group": "Violence against the person", "description": "Assault", "count": 80484 + 42 * 1000}
    ]
    assert data["outcome_mix"] == {"Robbery": {1: 0.05465, 14: 0.94535}}


def test_main_writes_the_yaml_with_its_header_and_refuses_a_wrong_call(tmp_path, monkeypatch, capsys):
    small_world(tmp_path)
    out = tmp_path / "calibration_derived.yaml"
    monkeypatch.setattr(d, "OUT", out)  # the module's output path, so the bundled file is left alone
    d.main([str(tmp_path)])
    text = out.read_text()
    assert text.startswith("# Written by `python -m openpeel.synth.derive")
    assert yaml.safe_load(text)["forces"]["cambridgeshire"]["charge_factor"] == 4.574
    assert f"wrote {out}" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="usage"):
        d.main([])
