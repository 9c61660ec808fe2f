"""The national overview's map (grades or an indicator, one framework version) and each area's strongest and
weakest forces on its indicators, read from the warehouse's assessment."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openpeel.frameworks import load_framework
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.national import area_extremes, headline_period
from openpeel.publishing.charts import to_svg
from openpeel.publishing.maps import LICENCE, NO_GRADE
from openpeel.publishing.national import overview, overview_with_map

from .conftest import EMBARGO

pytestmark = pytest.mark.django_db
FRAMEWORK = load_framework("peel-2023-25")


@pytest.fixture
def published(worked_example, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: EMBARGO)
    return worked_example


def test_the_grade_map_shades_the_force_by_its_grade_and_draws_all_43_areas_offline(published):
    rows = overview(FRAMEWORK)["rows"]
    page = overview_with_map(FRAMEWORK, area_id="leadership")
    chart = page["map"]
    shades = {v["force_id"]: v["properties"]["shade"] for v in chart.spec["data"]["values"]}
    assert len(shades) == 43 and shades["cambridgeshire"] == FRAMEWORK.grade("INADEQUATE").label
    assert sum(1 for s in shades.values() if s == NO_GRADE) == 43 - len(rows)
    assert ["Cambridgeshire Constabulary", FRAMEWORK.grade("INADEQUATE").label] in chart.table.rows
    assert "42 without a published grade" in chart.description
    svg = to_svg(chart.spec)  # the same spec vl-convert draws offline
    assert len(re.findall(r'<path[^>]*aria-roledescription="geoshape"', svg)) == 43
    assert page["licence"] == LICENCE and "Open Government Licence" in LICENCE


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
    suppress, and the forces at the best and at the worst value, ties included."""
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
        if len(values) < 2:
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
    assert checked >= 3
