"""A real browser (Debian's Chromium, driven by Playwright) reads the Cambridgeshire page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_force_page_renders_with_govuk_frontend(browser, live_server, demo_warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    page = browser.new_page()
    response = page.goto(f"{live_server.url}/forces/cambridgeshire/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Cambridgeshire Constabulary"
    # The GOV.UK Frontend stylesheet loaded and applied: its table style sets collapsed borders.
    assert page.locator("table.govuk-table").first.evaluate("t => getComputedStyle(t).borderCollapse") == "collapse"
    assert page.get_by_role("heading", name="Published PEEL inspections").is_visible()  # from the record
    assert page.locator("caption", has_text="Police powers and public treatment").count() >= 1  # an area's indicators
    page.screenshot(path=str(tmp_path / "cambridgeshire.png"), full_page=True)
    page.close()
