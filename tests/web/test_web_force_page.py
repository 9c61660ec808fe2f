"""The public force page: every indicator with results, beside peers and England and Wales, by PEEL area."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

from openpeel.forces import all_forces
from openpeel.indicators.read import force_panels
from openpeel.warehouse import connect


@pytest.fixture
def warehouse_env(demo_warehouse, monkeypatch, db):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


def test_home_lists_the_43_territorial_forces(client):
    page = client.get("/").content.decode()
    for force in all_forces():
        assert (f"/forces/{force.id}/" in page) == force.territorial


def test_cambridgeshire_page_shows_each_figure_with_peers_national_and_statements(client, warehouse_env):
    con = connect(warehouse_env, read_only=True)
    panels = {p.indicator.id: p for p in force_panels(con, "cambridgeshire")}
    con.close()
    page = client.get("/forces/cambridgeshire/").content.decode()
    assert "Cambridgeshire Constabulary" in page and "E23000023" in page
    asb = panels["asb-per-1000"]
    assert asb.period.isoformat() == "2019-01-01"  # the month with the most forces in the bundle
    assert f"{asb.figure.value:,.2f}" in page and f"{asb.assessment['national_value']:,.2f}" in page
    # every indicator is one click from the force page: its own page has the peers, the interval, the statements
    for indicator_id in panels:
        assert f'href="/forces/cambridgeshire/indicators/{indicator_id}/"' in page
    detail = client.get("/forces/cambridgeshire/indicators/asb-per-1000/").content.decode()
    assert f"<strong>{asb.figure.value:,.2f}</strong>" in detail
    assert f"{asb.assessment['national_value']:,.2f}" in detail and f"{asb.assessment['peer_value']:,.2f}" in detail
    for statement in asb.assessment["statements"]:
        assert escape(statement) in detail
    charge = panels["charge-rate"]
    charge_page = client.get("/forces/cambridgeshire/indicators/charge-rate/").content.decode()
    assert f"<strong>{charge.figure.value:,.2f}</strong>" in charge_page and charge.assessment["rank_of"] == 43


def test_the_force_page_leads_with_published_inspections_and_headline_charts_and_is_small(client, warehouse_env):
    page = client.get("/forces/cambridgeshire/").content.decode()
    assert len(page.encode()) < 150_000
    assert page.index('id="published-grades"') < page.index('id="headlines"') < page.index('id="indicators"')
    assert page.count('<figure class="op-chart') == 5  # a handful: the first indicator of five graded areas
    assert page.count("<details") == 0  # details are on each indicator's page, one click away


def test_an_indicator_the_force_has_no_figures_for_is_404(client, warehouse_env):
    assert client.get("/forces/cambridgeshire/indicators/no-such-indicator/").status_code == 404


def test_cambridgeshire_anti_social_behaviour_has_provisional_process_limits_from_its_five_months(
    client, warehouse_env
):
    con = connect(warehouse_env, read_only=True)
    asb = {p.indicator.id: p for p in force_panels(con, "cambridgeshire")}["asb-per-1000"]
    con.close()
    # the bundled street files cover October 2018 to February 2019 (data/police-uk SOURCE.md)
    assert [p.period.isoformat()[:7] for p in asb.series] == ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02"]
    a = asb.assessment
    assert a["spc_lower"] < a["spc_mean"] < a["spc_upper"]
    note = (
        "provisional limits from 5 points, revised with each new point until there are 12; "
        "limits from 5 points, October 2018 to February 2019"  # the baseline the limits come from
    )
    assert a["spc_note"] == note
    assert all(signal.endswith("(provisional limits, 5 points)") for p in asb.series for signal in p.signals)
    page = client.get("/forces/cambridgeshire/indicators/asb-per-1000/").content.decode()
    assert (
        f"Months from {a['spc_lower']:,.2f} to {a['spc_upper']:,.2f} are within normal month-to-month variation; "
        f"the “Change” column says where a month stands out ({note})" in page
    )


def test_synthetic_figures_are_marked_as_such(client, warehouse_env):
    con = connect(warehouse_env, read_only=True)
    panels = {p.indicator.id: p for p in force_panels(con, "cambridgeshire")}
    con.close()
    assert panels["calls-999-answered-within-10s"].synthetic
    assert not panels["asb-per-1000"].synthetic
    page = client.get("/forces/cambridgeshire/").content.decode()
    assert "Synthetic data" in page and "not this force’s real performance" in page


def test_unknown_force_is_404(client, warehouse_env):
    assert client.get("/forces/atlantis/").status_code == 404


def test_a_force_page_answers_only_at_its_registry_id(client, warehouse_env):
    assert client.get("/forces/Cambridgeshire/").status_code == 404


def test_missing_warehouse_is_a_clear_503(client, monkeypatch, tmp_path, db):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(tmp_path / "none.duckdb"))
    response = client.get("/forces/cambridgeshire/")
    assert response.status_code == 503
    assert b"openpeel ingest" in response.content


@pytest.mark.django_db
def test_sign_in_with_the_demo_user(client):
    get_user_model().objects.create_user("demo-inspector", password="a-long-test-password")
    response = client.post("/sign-in/", {"username": "demo-inspector", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert "Signed in as demo-inspector" in client.get("/").content.decode()
    bad = client.post("/sign-in/", {"username": "demo-inspector", "password": "wrong"}).content.decode()
    assert "There is a problem" in bad and "<title>Error: Sign in" in bad
    assert 'class="govuk-input govuk-!-width-one-half govuk-input--error"' in bad
    assert 'aria-describedby="id_username-error"' in bad and 'id="id_username-error"' in bad


def test_a_long_series_lists_its_latest_periods_and_says_how_many_it_has(warehouse_env):
    import dataclasses
    import datetime as dt

    from django.template.loader import render_to_string

    from openpeel.forces import get_force
    from openpeel.frameworks import load_framework

    con = connect(warehouse_env, read_only=True)
    panel = force_panels(con, "cambridgeshire")[0]
    con.close()
    first = panel.series[0]
    # Thirty months, as a warehouse holding years of results would give: the limits use them all.
    months = [dt.date(2016 + m // 12, m % 12 + 1, 1) for m in range(30)]
    long = dataclasses.replace(panel, series=[dataclasses.replace(first, period=m) for m in months])
    assert long.recent_series == long.series[-24:]
    area = load_framework("peel-2023-25").areas[0]
    page = render_to_string("forces/indicator.html", {"force": get_force("cambridgeshire"), "area": area, "p": long})
    assert "the latest 24 of 30" in page
    assert "June 2018" in page and "May 2016" not in page  # the newest listed, the oldest left to the export


def test_the_force_page_gives_both_censuses_and_each_rate_names_the_census_of_its_month(client, warehouse_env):
    """Residents summed by hand from the bundled ONS files (tests/indicators/residents_by_hand.py)."""
    from indicators.residents_by_hand import CAMBS_PFA, census_2011, census_2021, local_authorities

    page = client.get("/forces/cambridgeshire/").content.decode()
    assert f"{census_2021(set(local_authorities(CAMBS_PFA))):,}" in page and "(TS021)" in page
    assert f"{census_2011('Cambridgeshire'):,}" in page and "(QS201EW)" in page
    assert "of 2011" not in page
    # January 2024 divides by Census 2021; the synthetic returns of 2019 by the 2011 Census
    assert "Stop and searches on police.uk per 1,000 residents (Census 2021)</a>" in page
    assert "Police officers per 1,000 residents (force return; 2011 Census)</a>" in page
