"""The skeleton's indicator: anti-social behaviour per 1,000 residents, with peers and England and Wales."""

from __future__ import annotations

import csv
import zipfile
from datetime import date

import pytest

from openpeel.config import bundled_street_archive
from openpeel.forces import all_forces, get_force, peer_group
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.engine import compute_all
from openpeel.indicators.read import force_panels
from openpeel.indicators.stats import poisson_interval
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.warehouse import connect

STREET_ZIP = bundled_street_archive()


def asb_counts_in_bundle() -> dict[tuple[str, str], int]:
    """Count anti-social behaviour rows per (police.uk slug, month) straight from the bundled zip."""
    counts = {}
    with zipfile.ZipFile(STREET_ZIP) as z:
        for name in z.namelist():
            if not name.endswith("-street.csv"):
                continue
            month, slug = name.split("/")[-1][:7], name.split("/")[-1][8 : -len("-street.csv")]
            with z.open(name) as f:
                rows = csv.DictReader(line.decode("utf-8") for line in f)
                counts[(slug, month)] = sum(1 for r in rows if r["Crime type"] == "Anti-social behaviour")
    return counts


def test_garwood_intervals_match_published_tables():
    low, high = poisson_interval([0, 10])
    assert low[0] == 0 and high[0] == pytest.approx(3.689, abs=1e-3)
    assert low[1] == pytest.approx(4.795, abs=1e-3) and high[1] == pytest.approx(18.390, abs=1e-3)


def test_rate_is_the_count_over_the_registry_population(street_archive):
    root = street_archive("2019-01/2019-01-cambridgeshire-street.csv")
    con = connect(":memory:")
    ingest_police_uk(con, root)
    assert compute_all(con)["asb-per-1000"] == 1
    n, pop, value, low, high = con.execute(
        "SELECT numerator, denominator, value, ci_low, ci_high FROM indicator_result"
    ).fetchone()
    assert n == asb_counts_in_bundle()[("cambridgeshire", "2019-01")]
    assert pop == get_force("cambridgeshire").population.value
    assert value == pytest.approx(n * 1000 / pop)
    assert low < value < high


def test_cambridgeshire_beside_its_peers_and_england_and_wales(demo_warehouse):
    counts = asb_counts_in_bundle()
    con = connect(demo_warehouse, read_only=True)
    (p,) = [p for p in force_panels(con, "cambridgeshire") if p.indicator.id == "asb-per-1000"]
    # January 2019 is the month with the most forces in the bundle, so it is the one compared.
    assert p.period == date(2019, 1, 1)
    assert p.figure.numerator == counts[("cambridgeshire", "2019-01")]
    assert [s.period for s in p.series] == [date(2018, m, 1) for m in (10, 11, 12)] + [date(2019, m, 1) for m in (1, 2)]

    territorial = [f for f in all_forces() if f.territorial]
    with_data = [f for f in territorial if (f.id, "2019-01") in counts]
    a = p.assessment
    assert a["national_counted"] == len(with_data) == len(p.ski_slope)
    assert sorted(p.missing) == sorted(f.name for f in territorial if f not in with_data)
    national_count = sum(counts[(f.id, "2019-01")] for f in with_data)
    national_pop = sum(f.population.value for f in with_data)
    assert a["national_value"] == pytest.approx(national_count * 1000 / national_pop)

    members = peer_group("cambridgeshire").members
    assert "cambridgeshire" not in members
    peers_with_data = [m for m in members if (m, "2019-01") in counts]
    assert sorted(a["peers_counted"]) == sorted(peers_with_data)
    peer_count = sum(counts[(m, "2019-01")] for m in peers_with_data)
    peer_pop = sum(get_force(m).population.value for m in peers_with_data)
    assert a["peer_value"] == pytest.approx(peer_count * 1000 / peer_pop)
    assert [b.force for b in p.ski_slope if b.peer] == [
        b.force for b in p.ski_slope if b.force in {get_force(m).name for m in peers_with_data}
    ]
    assert [b.value for b in p.ski_slope] == sorted((b.value for b in p.ski_slope), reverse=True)


def test_a_force_without_results_has_no_panel(demo_warehouse):
    con = connect(demo_warehouse, read_only=True)
    ids = {p.indicator.id for p in force_panels(con, "metropolitan")}
    assert "asb-per-1000" not in ids  # its street file is not in the bundle
    assert "charge-rate" in ids  # but the Home Office outcomes cover every force


def test_every_catalogue_area_is_an_area_of_the_current_framework():
    from openpeel.frameworks import load_framework

    framework = load_framework("peel-2023-25")
    for indicator in catalogue().values():
        for area in indicator.areas:
            assert framework.node(area) is not None, f"{indicator.id}: unknown area {area}"
