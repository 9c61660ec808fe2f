"""A real browser (Debian's Chromium, driven by Playwright) reads the Cambridgeshire page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's background connections are refused on a closed network; these flags keep it quiet.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's test database teardown then
    # refuses to run unless told the loop is not serving async code (it is not).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_force_page_renders_with_govuk_frontend(browser, live_server, demo_warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    page = browser.new_page()
    response = page.goto(f"{live_server.url}/forces/cambridgeshire/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Cambridgeshire Constabulary"
    # The GOV.UK Frontend stylesheet loaded and applied: its table style sets collapsed borders.
    assert page.locator("table.govuk-table").first.evaluate("t => getComputedStyle(t).borderCollapse") == "collapse"
    caption = page.locator("caption").first.inner_text()
    assert "beside its peer group and England and Wales" in caption
    asb = page.locator('section[aria-labelledby="ind-asb-per-1000"]')
    asb.get_by_text("Definition, source and caveats").click()
    assert asb.get_by_text("Recording practice for anti-social behaviour").is_visible()
    page.screenshot(path=str(tmp_path / "cambridgeshire.png"), full_page=True)
    page.close()
