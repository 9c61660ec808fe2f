"""The force registry: the 43 territorial forces plus BTP, found by any of the names sources use."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.errors import DataFileError, UnknownForceError
from openpeel.forces import all_forces, get_force, load_registry
from openpeel.forces.registry import REGISTRY_PATH

SOURCES = REGISTRY_PATH.parent / "sources"

# The force slugs in the police.uk street files of January 2019 (2019-01-<slug>-street.csv), as bundled
# for development. Copied here because the tests must run from a clone of this repository alone.
STREET_SLUGS_2019_01 = [
    "avon-and-somerset",
    "bedfordshire",
    "btp",
    "cambridgeshire",
    "cheshire",
    "city-of-london",
    "cleveland",
    "cumbria",
    "derbyshire",
    "devon-and-cornwall",
    "dorset",
    "durham",
    "dyfed-powys",
    "essex",
    "gloucestershire",
    "gwent",
    "hampshire",
    "hertfordshire",
    "humberside",
    "kent",
    "lancashire",
    "leicestershire",
    "lincolnshire",
    "merseyside",
    "norfolk",
    "north-wales",
    "north-yorkshire",
    "northamptonshire",
    "northern-ireland",
    "northumbria",
    "nottinghamshire",
    "south-wales",
    "south-yorkshire",
    "staffordshire",
    "suffolk",
    "surrey",
    "sussex",
    "thames-valley",
    "warwickshire",
    "west-mercia",
    "wiltshire",
]
# The four forces whose files that month could not be copied; their police.uk slugs.
MISSING_FROM_THAT_MONTH = ["metropolitan", "greater-manchester", "west-midlands", "west-yorkshire"]

# "Falls within" values of those files (Northern Ireland's left out: PSNI is not in England and Wales).
POLICE_UK_NAMES = {
    "Avon and Somerset Constabulary": "avon-and-somerset",
    "Bedfordshire Police": "bedfordshire",
    "British Transport Police": "btp",
    "Cambridgeshire Constabulary": "cambridgeshire",
    "City of London Police": "city-of-london",
    "Devon & Cornwall Police": "devon-and-cornwall",
    "Dyfed-Powys Police": "dyfed-powys",
    "Hampshire Constabulary": "hampshire",
    "North Wales Police": "north-wales",
    "Thames Valley Police": "thames-valley",
}

# Every force_name in the Home Office crime outcomes open data 2017/18, and the workforce-table spellings.
HOME_OFFICE_NAMES = {
    "London, City of": "city-of-london",
    "City of London": "city-of-london",
    "Metropolitan Police": "metropolitan",
    "Metropolitan": "metropolitan",
    "Avon and Somerset": "avon-and-somerset",
    "Avon & Somerset": "avon-and-somerset",
    "Devon and Cornwall": "devon-and-cornwall",
    "Devon & Cornwall": "devon-and-cornwall",
    "British Transport Police": "btp",
    "Greater Manchester": "greater-manchester",
    "Dyfed-Powys": "dyfed-powys",
    "Thames Valley": "thames-valley",
    "West Midlands": "west-midlands",
}

runner = CliRunner()


def test_the_registry_holds_the_43_territorial_forces_and_btp():
    forces = all_forces()
    assert len(forces) == 44
    assert len(all_forces(territorial_only=True)) == 43
    btp = get_force("btp")
    assert btp.name == "British Transport Police"
    assert btp.territorial is False
    assert (btp.population, btp.pfa_code, btp.region) == (None, None, None)
    assert btp not in all_forces(territorial_only=True)


def test_the_forces_of_england_and_wales():
    territorial = all_forces(territorial_only=True)
    assert sum(f.country == "England" for f in territorial) == 39
    assert {f.id for f in territorial if f.country == "Wales"} == {
        "dyfed-powys",
        "gwent",
        "north-wales",
        "south-wales",
    }
    assert {f.region for f in territorial if f.country == "Wales"} == {"Wales"}
    assert "northern-ireland" not in {f.id for f in all_forces()}


def test_cambridgeshire_record():
    f = get_force("cambridgeshire")
    assert (f.name, f.designation, f.short_name) == (
        "Cambridgeshire Constabulary",
        "Constabulary",
        "Cambridgeshire",
    )
    assert (f.pfa_code, f.region, f.country) == ("E23000023", "East of England", "England")
    assert (f.population.value, f.population.year) == (804841, 2011)


def test_pfa_codes_and_ons_names_match_the_ons_boundaries_both_ways():
    features = json.loads((SOURCES / "police_force_areas.geojson").read_text())["features"]
    ons = {ft["properties"]["PFA20CD"]: ft["properties"]["PFA20NM"] for ft in features}
    registry = {f.pfa_code: f.ons_name for f in all_forces(territorial_only=True)}
    assert registry == ons
    assert all(c.startswith("W15") == (get_force(c).country == "Wales") for c in ons)


def test_every_population_is_the_2011_census_total_in_the_bundled_file():
    with (SOURCES / "force-demographics.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    column = "Ethnic Group: All categories: Ethnic group; measures: Value"
    totals = {get_force(r["PFA16NM"]).id: int(r[column]) for r in rows}
    assert len(totals) == 43
    for force in all_forces(territorial_only=True):
        assert force.population.value == totals[force.id], force.id
        assert force.population.year == 2011
        assert force.population.source == "ONS 2011 Census usual residents (table QS201EW)"


@pytest.mark.parametrize("slug", [s for s in STREET_SLUGS_2019_01 if s != "northern-ireland"])
def test_every_police_uk_street_file_slug_is_a_force_id(slug):
    assert get_force(slug).id == slug


def test_ids_are_the_police_uk_slugs():
    expected = set(STREET_SLUGS_2019_01) - {"northern-ireland"} | set(MISSING_FROM_THAT_MONTH)
    assert {f.id for f in all_forces()} == expected


def test_northern_ireland_is_not_a_force_here():
    with pytest.raises(UnknownForceError):
        get_force("northern-ireland")


@pytest.mark.parametrize("name,force_id", sorted(POLICE_UK_NAMES.items()))
def test_police_uk_falls_within_names(name, force_id):
    assert get_force(name).id == force_id


@pytest.mark.parametrize("name,force_id", sorted(HOME_OFFICE_NAMES.items()))
def test_home_office_names(name, force_id):
    assert get_force(name).id == force_id


@pytest.mark.parametrize("kind", ["id", "name", "short_name", "ons_name", "pfa_code", "police_uk_name"])
def test_every_force_is_found_by_each_kind_of_name(kind):
    for force in all_forces():
        value = getattr(force, kind)
        if value is not None:
            assert get_force(value) == force, (kind, value)


def test_every_home_office_name_finds_its_force():
    for force in all_forces():
        assert force.home_office_names
        for name in force.home_office_names:
            assert get_force(name) == force


@pytest.mark.parametrize(
    "name,force_id",
    [
        ("AVON & SOMERSET", "avon-and-somerset"),
        ("avon  and   somerset constabulary", "avon-and-somerset"),
        ("Devon and Cornwall Police", "devon-and-cornwall"),
        ("Dyfed Powys", "dyfed-powys"),
        ("  london,  city of ", "city-of-london"),
        ("e23000023", "cambridgeshire"),
        ("Hampshire and Isle of Wight Constabulary", "hampshire"),
    ],
)
def test_lookup_ignores_case_ampersands_punctuation_and_spacing(name, force_id):
    assert get_force(name).id == force_id


def test_an_unknown_name_suggests_the_closest_forces():
    with pytest.raises(UnknownForceError) as e:
        get_force("Cambridgshire")
    assert e.value.suggestions == ["Cambridgeshire Constabulary"]
    assert "Did you mean: Cambridgeshire Constabulary?" in str(e.value)
    assert e.value.code == "unknown_force"


@pytest.mark.parametrize(
    "name,suggested",
    [
        ("Met Police", "Metropolitan Police Service"),
        ("Hampshire Police", "Hampshire and Isle of Wight Constabulary"),
        ("Northumberland", "Northumbria Police"),
    ],
)
def test_suggestions_look_past_designation_words(name, suggested):
    with pytest.raises(UnknownForceError) as e:
        get_force(name)
    assert e.value.suggestions[0] == suggested


def test_suggestions_are_at_most_three_and_none_for_nonsense():
    with pytest.raises(UnknownForceError) as e:
        get_force("Yorkshire")
    assert len(e.value.suggestions) == 3
    with pytest.raises(UnknownForceError) as e:
        get_force("Atlantis")
    assert e.value.suggestions == []
    assert "Did you mean" not in str(e.value)


# --- malformed registries: one readable line naming the file, the field and the problem ---------------


def _bundled() -> dict:
    return yaml.safe_load(REGISTRY_PATH.read_text())


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "forces.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _error(path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as e:
        load_registry(path)
    message = str(e.value)
    assert str(path) in message
    assert "\n" not in message and "pydantic" not in message  # no validation dump
    return e.value


def _index(data: dict, force_id: str) -> int:
    return next(i for i, f in enumerate(data["forces"]) if f["id"] == force_id)


def test_a_copy_of_the_bundled_registry_loads(tmp_path):
    assert len(load_registry(_write(tmp_path, _bundled())).forces) == 44


def test_an_unknown_key_is_named(tmp_path):
    data = _bundled()
    i = _index(data, "cambridgeshire")
    data["forces"][i]["colour"] = "blue"
    e = _error(_write(tmp_path, data))
    assert e.field == f"forces[{i}].colour"
    assert "Extra inputs are not permitted" in str(e) and "'cambridgeshire'" in str(e)


def test_a_wrong_type_names_the_nested_field_and_value(tmp_path):
    data = _bundled()
    i = _index(data, "kent")
    data["forces"][i]["population"]["value"] = "lots"
    e = _error(_write(tmp_path, data))
    assert e.field == f"forces[{i}].population.value"
    assert e.value == "lots"


def test_a_territorial_force_without_population_is_refused(tmp_path):
    data = _bundled()
    i = _index(data, "kent")
    del data["forces"][i]["population"]
    e = _error(_write(tmp_path, data))
    assert e.field == f"forces[{i}]"
    assert "territorial force needs population" in str(e)


def test_btp_with_a_force_area_is_refused(tmp_path):
    data = _bundled()
    data["forces"][_index(data, "btp")]["pfa_code"] = "E23000099"
    assert "non-territorial force has no force area" in str(_error(_write(tmp_path, data)))


def test_a_malformed_pfa_code_is_refused(tmp_path):
    data = _bundled()
    i = _index(data, "cambridgeshire")
    data["forces"][i]["pfa_code"] = "E2300023"
    e = _error(_write(tmp_path, data))
    assert (e.field, e.value) == (f"forces[{i}].pfa_code", "E2300023")


def test_duplicate_ids_and_codes_are_refused(tmp_path):
    data = _bundled()
    data["forces"][_index(data, "kent")]["id"] = "cambridgeshire"
    assert "duplicate id" in str(_error(_write(tmp_path, data)))
    data = _bundled()
    data["forces"][_index(data, "kent")]["pfa_code"] = "E23000023"
    assert "already used by 'cambridgeshire'" in str(_error(_write(tmp_path, data)))


def test_a_name_shared_by_two_forces_is_refused_even_spelt_differently(tmp_path):
    data = _bundled()
    data["forces"][_index(data, "bedfordshire")]["home_office_names"].append("Avon & Somerset")
    e = _error(_write(tmp_path, data))
    assert "already used by 'avon-and-somerset'" in str(e) and e.value == "Avon & Somerset"


def test_fewer_than_43_territorial_forces_is_refused(tmp_path):
    data = _bundled()
    del data["forces"][_index(data, "kent")]
    assert "expected exactly 43 territorial forces, found 42" in str(_error(_write(tmp_path, data)))


def test_broken_yaml_gives_the_line(tmp_path):
    path = tmp_path / "forces.yaml"
    path.write_text("forces:\n  - id: kent\n    name: [unclosed\n")
    assert _error(path).line is not None


def test_a_missing_file_is_a_data_file_error(tmp_path):
    assert "file not found" in str(_error(tmp_path / "nowhere.yaml"))


# --- the command line ----------------------------------------------------------------------------------


def test_cli_show_cambridgeshire():
    result = runner.invoke(app, ["forces", "show", "cambridgeshire"])
    assert result.exit_code == 0, result.output
    out = result.output
    for text in [
        "Cambridgeshire Constabulary",
        "Constabulary",
        "E23000023",
        "East of England",
        "804,841",
        "2011",
        "force-demographics.csv",
        "police.uk slug",
        "Home Office names",
        "derived by openpeel; not the Home Office most similar groups",
        "Population density",
        "Residents not White British",
    ]:
        assert text in out, text
    for member in [
        "northamptonshire",
        "thames-valley",
        "warwickshire",
        "leicestershire",
        "avon-and-somerset",
        "nottinghamshire",
        "sussex",
    ]:
        assert member in out


def test_cli_show_accepts_any_name_and_btp_has_no_peer_group():
    result = runner.invoke(app, ["forces", "show", "London, City of"])
    assert result.exit_code == 0 and "City of London Police" in result.output
    result = runner.invoke(app, ["forces", "show", "btp"])
    assert result.exit_code == 0 and "Peer group: none" in result.output


def test_cli_show_unknown_force_raises_the_user_error():
    result = runner.invoke(app, ["forces", "show", "Cambridgshire"])
    assert result.exit_code != 0
    assert isinstance(result.exception, UnknownForceError)  # openpeel.cli.main prints it as one line


def test_cli_list():
    result = runner.invoke(app, ["forces", "list"])
    assert result.exit_code == 0
    assert "44 police forces" in result.output
    for force in all_forces():
        assert force.id in result.output
    result = runner.invoke(app, ["forces", "list", "--territorial-only"])
    assert "43 police forces" in result.output and "btp" not in result.output


@pytest.mark.parametrize("args", [["forces"], ["forces", "list"], ["forces", "show"]])
def test_cli_help(args):
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
