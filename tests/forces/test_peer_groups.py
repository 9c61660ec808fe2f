"""Derived peer groups: each territorial force with its 7 nearest forces on 2011 density and ethnicity."""

from __future__ import annotations

import csv
import math

import pytest

from openpeel.errors import UnknownForceError
from openpeel.forces import all_forces, get_force, peer_group
from openpeel.forces import peer_groups as pg

CAMBRIDGESHIRE_PEERS = (
    "northamptonshire",
    "thames-valley",
    "warwickshire",
    "leicestershire",
    "avon-and-somerset",
    "nottinghamshire",
    "sussex",
)


def test_cambridgeshire_peer_group_nearest_first():
    assert peer_group("cambridgeshire").members == CAMBRIDGESHIRE_PEERS


def test_a_group_is_found_by_any_name_of_the_force():
    assert peer_group("Cambridgeshire Constabulary") is peer_group("E23000023")


def test_every_territorial_force_has_seven_other_territorial_forces():
    territorial = {f.id for f in all_forces(territorial_only=True)}
    for force_id in territorial:
        group = peer_group(force_id)
        assert group.force_id == force_id
        assert len(group.members) == len(set(group.members)) == 7
        assert force_id not in group.members
        assert set(group.members) <= territorial


def test_members_are_ordered_by_distance():
    for force in all_forces(territorial_only=True):
        group = peer_group(force.id)
        distances = [group.distances[m] for m in group.members]
        assert distances == sorted(distances) and distances[0] > 0


def test_btp_has_no_peer_group():
    assert peer_group("btp") is None
    assert "btp" not in pg.all_peer_groups()


def test_unknown_force_is_the_usual_error():
    with pytest.raises(UnknownForceError):
        peer_group("Atlantis")


def test_the_group_is_labelled_derived_and_carries_its_variables_and_values():
    group = peer_group("cambridgeshire")
    assert group.method == "derived"
    assert group.label == "derived by openpeel; not the Home Office most similar groups"
    assert [v.key for v in group.variables] == ["density", "not_white_british"]
    assert all(v.year == 2011 and v.source for v in group.variables)
    assert set(group.values) == {"cambridgeshire", *CAMBRIDGESHIRE_PEERS}
    assert all(set(v) == {"density", "not_white_british"} for v in group.values.values())


def test_ethnicity_values_come_from_the_bundled_census_file():
    with pg.DEMOGRAPHICS.open(newline="") as f:
        rows = {get_force(r["PFA16NM"]).id: r for r in csv.DictReader(f)}
    for force_id, row in rows.items():
        total = int(row["Ethnic Group: All categories: Ethnic group; measures: Value"])
        white_british = int(row["Ethnic Group: White: English/Welsh/Scottish/Northern Irish/British; measures: Value"])
        value = pg.all_peer_groups()[force_id].values[force_id]["not_white_british"]
        assert value == pytest.approx(100 * (total - white_british) / total, abs=0.005)


def test_areas_from_the_boundaries_agree_with_official_land_areas():
    areas = pg._area_km2_by_code()
    # England and Wales: about 151,000 km² of land; Cambridgeshire 3,390 km² (2011 Census hectares).
    assert sum(areas.values()) == pytest.approx(151_000, rel=0.01)
    assert areas["E23000023"] == pytest.approx(3_390, rel=0.01)
    cambs = peer_group("cambridgeshire").values["cambridgeshire"]["density"]
    assert cambs == pytest.approx(804_841 / areas["E23000023"], abs=0.05)


def test_computed_once_and_cached():
    assert pg.all_peer_groups() is pg.all_peer_groups()
    assert peer_group("kent") is peer_group("kent")


@pytest.fixture
def synthetic_values(monkeypatch):
    """Swap the bundled inputs for made-up ones; the cache is cleared before and after."""

    def use(values: dict[str, dict[str, float]]) -> None:
        monkeypatch.setattr(pg, "_variable_values", lambda: values)
        pg.all_peer_groups.cache_clear()

    yield use
    pg.all_peer_groups.cache_clear()


def test_ties_are_broken_by_id(synthetic_values):
    # "m" sits in the middle of a ring of 8: all are at the same distance from it, give or take float
    # noise (f1 and f7 come out 2e-16 further), so only the tie rule decides which 7 and in what order.
    angles = {f"f{k}": k * math.pi / 4 for k in range(8)}
    ring = {fid: {"density": math.exp(math.cos(a)), "not_white_british": math.sin(a)} for fid, a in angles.items()}
    synthetic_values({"m": {"density": 1.0, "not_white_british": 0.0}, **ring})
    assert pg.all_peer_groups()["m"].members == ("f0", "f1", "f2", "f3", "f4", "f5", "f6")


def test_the_same_inputs_give_the_same_groups():
    first = {k: v.members for k, v in pg.all_peer_groups().items()}
    pg.all_peer_groups.cache_clear()
    assert {k: v.members for k, v in pg.all_peer_groups().items()} == first
