"""The national overview's map (grades or an indicator, one framework version) and each area's strongest and
weakest forces on its indicators, read from the warehouse's assessment."""

import csv
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openpeel.forces import all_forces
from openpeel.frameworks import load_framework
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.comparison import MIN_RANKED
from openpeel.indicators.national import area_extremes, headline_period
from openpeel.publishing.charts import to_svg
from openpeel.publishing.maps import LICENCE, NO_GRADE
from openpeel.publishing.national import overview, overview_with_map
from openpeel.record import bundled_record_path

from .conftest import EMBARGO

pytestmark = pytest.mark.django_db
FRAMEWORK = load_framework("peel-2023-25")


@pytest.fixture
def published(worked_example, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: EMBARGO)
    return worked_example


def _record_grades(cycle: str, area: str) -> dict[str, str]:
    """force name -> grade label as it stands, read from the bundled record CSV with the csv module."""
    with bundled_record_path().open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["cycle"] == cycle and r["fact"] == "grade" and r["area"] == area]
    return {r["force"]: FRAMEWORK.grade(r["amended_grade"] or r["grade"]).label for r in rows}


def _forces_with_grades(cycle: str) -> set[str]:
    with bundled_record_path().open(newline="", encoding="utf-8") as f:
        return {r["force"] for r in csv.DictReader(f) if r["cycle"] == cycle and r["fact"] == "grade"}


def test_the_grade_map_colours_only_the_forces_the_record_grades(warehouse):
    expected = _record_grades(FRAMEWORK.id, "leadership")
    assert expected  # the bundled record grades some forces' leadership
    page = overview_with_map(FRAMEWORK, area_id="leadership")
    chart = page["map"]
    names = {f.id: f.name for f in all_forces()}
    shades = {names[v["force_id"]]: v["properties"]["shade"] for v in chart.spec["data"]["values"]}
    assert len(shades) == 43
    assert {n: s for n, s in shades.items() if s != NO_GRADE} == expected
    assert sum(1 for s in shades.values() if s == NO_GRADE) == 43 - len(expected)
    assert f"{43 - len(expected)} not loaded" in chart.description
    assert ["Cambridgeshire Constabulary", expected["Cambridgeshire Constabulary"]] in chart.table.rows
    svg = to_svg(chart.spec)  # the same spec vl-convert draws offline
    assert len(re.findall(r'<path[^>]*aria-roledescription="geoshape"', svg)) == 43
    assert page["licence"] == LICENCE and "Open Government Licence" in LICENCE


def test_the_overview_holds_every_force_and_counts_only_the_loaded(warehouse):
    page = overview(FRAMEWORK, warehouse)
    loaded = _forces_with_grades(FRAMEWORK.id)
    assert len(page["rows"]) == 43
    assert {r["force"] for r in page["rows"] if r["loaded"]} == loaded
    assert page["record"].caption() == f"grades loaded for {len(loaded)} of 43 forces"
    for i, area in enumerate(page["areas"]):  # the distribution counts grades, never a force not loaded
        assert sum(page["distribution"][i][1]) == len(_record_grades(FRAMEWORK.id, area.id))


def test_the_national_page_shows_the_record_and_how_many_forces_are_loaded(warehouse, client):
    loaded = _forces_with_grades(FRAMEWORK.id)
    page = client.get(reverse("publishing:national", kwargs={"framework_id": FRAMEWORK.id})).content.decode()
    assert f"grades loaded for {len(loaded)} of 43 forces" in page
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    cambs = _record_grades(FRAMEWORK.id, "managing-offenders")["Cambridgeshire Constabulary"]
    assert cambs.capitalize() in text and "not loaded" in text
    not_loaded = sorted({f.name for f in all_forces() if f.territorial} - loaded)
    assert not_loaded and all(name in page for name in not_loaded)  # shown, as not loaded
    assert "cannot be compared" in page


def test_the_indicator_map_bands_forces_by_value_and_never_shows_a_suppressed_figure(published, warehouse):
    indicator = catalogue()["police-uk-charged-share"]
    chart = overview_with_map(FRAMEWORK, indicator_id=indicator.id)["map"]
    period = headline_period(warehouse, indicator.id)
    figures = warehouse.execute(
        "SELECT force_id, numerator, value FROM indicator_result WHERE indicator_id = ? AND period = ?",
        [indicator.id, period],
    ).fetchall()
    shades = {v["force_id"]: v["properties"]["shade"] for v in chart.spec["data"]["values"]}
    for force_id, numerator, value in figures:
        if indicator.suppresses(numerator):
            assert shades[force_id] == "No published figure"
        else:
            low, high = (float(x.replace(",", "")) for x in shades[force_id].split(" to "))
            assert low <= round(value, 2) <= high
    assert f"{period:%B %Y}" in chart.title


def test_each_areas_extremes_are_ranked_best_and_worst_among_forces_with_figures(warehouse):
    extremes = area_extremes(warehouse, [a.id for a in FRAMEWORK.graded_areas()])
    assert extremes
    for area_id, entries in extremes.items():
        for e in entries:
            assert area_id in e.indicator.areas and e.indicator.better != "neither"
            values = dict(
                warehouse.execute(
                    "SELECT a.rank_from_best, r.value FROM indicator_assessment a JOIN indicator_result r "
                    "USING (indicator_id, force_id, period) WHERE indicator_id = ? AND period = ? AND NOT a.suppressed",
                    [e.indicator.id, e.period],
                ).fetchall()
            )
            best, worst = values[min(values)], values[max(values)]
            assert (best >= worst) if e.indicator.better == "higher" else (best <= worst)
            assert e.ranked == len(values) >= 2 and e.strongest and e.weakest


def test_the_page_shows_the_map_its_licence_and_table_and_refuses_unknown_choices(published, warehouse, client):
    url = reverse("publishing:national", kwargs={"framework_id": FRAMEWORK.id})
    page = client.get(url, {"area": "leadership"}).content.decode()
    assert 'data-vega-spec="spec-map"' in page and 'id="spec-map"' in page
    assert "Contains OS data © Crown copyright" in page and "The map as a table" in page
    assert "Strongest and weakest forces" in page
    assert client.get(url, {"area": "no-such-area"}).status_code == 404
    assert client.get(url, {"indicator": "no-such-indicator"}).status_code == 404
    assert client.get(url, {"indicator": "police-uk-charged-share"}).status_code == 200


def test_the_forces_named_strongest_and_weakest_are_those_with_the_best_and_worst_published_figure(warehouse):
    """Worked out here from indicator_result's rows alone (not the assessment's ranks): per indicator, the
    period with the most rows (the latest on a tie), the territorial forces' figures the catalogue does not
    suppress, and the forces at the best and at the worst value, ties included. No one is named strongest or
    weakest among fewer than MIN_RANKED forces (issue 17: a rank among a few forces invites league tables)."""
    from collections import Counter

    from openpeel.forces import all_forces

    names = {f.id: f.name for f in all_forces() if f.territorial}  # BTP is not ranked among forces
    areas = [a.id for a in FRAMEWORK.graded_areas()]
    extremes = area_extremes(warehouse, areas)
    checked = 0
    for indicator in catalogue().values():
        if indicator.better == "neither" or not set(indicator.areas) & set(areas):
            continue
        rows = warehouse.execute(
            "SELECT force_id, period, numerator, value FROM indicator_result WHERE indicator_id = ?", [indicator.id]
        ).fetchall()
        if not rows:
            continue
        per_period = Counter(p for _, p, _, _ in rows)
        period = max(per_period, key=lambda p: (per_period[p], p))
        values = {
            f: v for f, p, n, v in rows if p == period and f in names and v is not None and not indicator.suppresses(n)
        }
        if len(values) < MIN_RANKED:
            assert all(e.indicator.id != indicator.id for a in areas for e in extremes.get(a, [])), indicator.id
            continue
        good, bad = (max, min) if indicator.better == "higher" else (min, max)
        strongest = {names[f] for f, v in values.items() if v == good(values.values())}
        weakest = {names[f] for f, v in values.items() if v == bad(values.values())}
        for area in set(indicator.areas) & set(areas):
            [entry] = [e for e in extremes[area] if e.indicator.id == indicator.id]
            assert entry.period == period and entry.ranked == len(values)
            assert {name for name, _ in entry.strongest} == strongest, (indicator.id, entry.strongest)
            assert {name for name, _ in entry.weakest} == weakest, (indicator.id, entry.weakest)
            checked += 1
    assert checked >= 2  # the Home Office outcomes of all 43 forces: charge rate, evidential difficulties
