"""The public force page shows the computed figure beside peers and England and Wales."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from openpeel.forces import all_forces
from openpeel.indicators.compare import compare_force
from openpeel.warehouse import connect


@pytest.fixture
def warehouse_env(demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


def test_home_lists_the_43_territorial_forces(client):
    page = client.get("/").content.decode()
    for force in all_forces():
        assert (f"/forces/{force.id}/" in page) == force.territorial


def test_cambridgeshire_page_shows_its_figure_peers_and_national(client, warehouse_env):
    con = connect(warehouse_env, read_only=True)
    c = compare_force(con, "asb-per-1000", "cambridgeshire")
    con.close()
    response = client.get("/forces/cambridgeshire/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cambridgeshire Constabulary" in page and "E23000023" in page
    assert f"<strong>{c.force.value:.2f}</strong>" in page
    assert f"{c.national.figure.value:.2f}" in page
    assert f"{c.peer_group.figure.value:.2f}" in page
    assert "Peer group (derived)" in page and "January 2019" in page
    for peer in c.peers:
        assert f"Peer: {peer.label}" in page


def test_unknown_force_is_404(client, warehouse_env):
    assert client.get("/forces/atlantis/").status_code == 404


def test_a_force_page_answers_only_at_its_registry_id(client, warehouse_env):
    assert client.get("/forces/Cambridgeshire/").status_code == 404


def test_missing_warehouse_is_a_clear_503(client, monkeypatch, tmp_path):
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
    bad = client.post("/sign-in/", {"username": "demo-inspector", "password": "wrong"})
    assert "There is a problem" in bad.content.decode()
