"""The force page is cached under the warehouse's stamp: the same page until the warehouse changes, and a
fresh one as soon as it does (the figures on a public page are never stale)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from openpeel.warehouse import connect, stamp


@pytest.fixture
def warehouse(demo_warehouse, copy_of, monkeypatch):
    path = copy_of(demo_warehouse)
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(path))
    cache.clear()
    return path


def asb_figure(path) -> tuple[str, float]:
    con = connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT CAST(period AS VARCHAR), value FROM indicator_result "
            "WHERE indicator_id = 'asb-per-1000' AND force_id = 'cambridgeshire' AND period = '2019-01-01'"
        ).fetchone()
    finally:
        con.close()


def test_the_page_is_rendered_afresh_after_the_warehouse_changes(client, warehouse):
    _, value = asb_figure(warehouse)
    first = client.get("/forces/cambridgeshire/").content.decode()
    assert f"<strong>{value:,.2f}</strong>" in first
    assert client.get("/forces/cambridgeshire/").content.decode() == first  # served from the cache

    before = stamp(warehouse)
    con = connect(warehouse)
    con.execute(
        "UPDATE indicator_result SET value = 123.45 "
        "WHERE indicator_id = 'asb-per-1000' AND force_id = 'cambridgeshire' AND period = '2019-01-01'"
    )
    con.close()
    assert stamp(warehouse) != before
    after = client.get("/forces/cambridgeshire/").content.decode()
    assert "<strong>123.45</strong>" in after and f"<strong>{value:,.2f}</strong>" not in after


def test_each_force_and_each_warehouse_has_its_own_page(client, warehouse, demo_warehouse):
    cambridgeshire = client.get("/forces/cambridgeshire/").content.decode()
    assert "Cambridgeshire Constabulary" in cambridgeshire
    norfolk = client.get("/forces/norfolk/").content.decode()
    assert "Norfolk Constabulary" in norfolk and "Cambridgeshire Constabulary</h1>" not in norfolk
    assert stamp(warehouse) != stamp(demo_warehouse)
