"""The public site and each role's start page in a real browser (Debian's Chromium), on the demo's seeded
world, at 1280, 375 and 320 px wide (WCAG 1.4.10 reflow): nothing wider than the screen, every page found
by following links from home or from signing in, and axe-core reporting no violation of any impact."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from openpeel.demo.inspection import DEMO_USERS
from openpeel.demo.monitoring import seed_monitoring
from openpeel.inspections.models import Role
from openpeel.warehouse import connect

from .test_inspection_browser import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 375, 320)
# Where each role lands after signing in, and the header link to it.
START = {
    Role.INSPECTOR: ("/inspections/", "Your inspections"),
    Role.MODERATOR: ("/inspections/", "Awaiting moderation"),
    Role.FORCE_LIAISON: ("/monitoring/forces/cambridgeshire/", "Your force's items"),
    Role.PCC_OFFICE: ("/monitoring/forces/cambridgeshire/", "Your force's items"),
    Role.ADMINISTRATOR: ("/inspections/", "Inspections"),
}


@pytest.fixture
def demo_site(live_server, transactional_db, demo_warehouse, monkeypatch):
    """The demo's world: Cambridgeshire's published inspection, its tracked items, a user of every role."""
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    con = connect(demo_warehouse, read_only=True)
    try:
        seed_monitoring(con=con)
    finally:
        con.close()
    users = {role: get_user_model().objects.get(username=name) for role, name in DEMO_USERS.items()}
    users[Role.ADMINISTRATOR] = get_user_model().objects.create_superuser("site-administrator", password=PASSWORD)
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    return live_server.url, users


def links(page) -> list[str]:
    return page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href').split('#')[0])")


def public_pages(browser, base: str) -> list[str]:
    """Every kind of public page, each found by following links from home."""
    page = browser.new_page()
    page.goto(base + "/")
    home = links(page)
    national = next(h for h in home if h.startswith("/reports/national/"))
    assert "/reports/" in home and "/forces/cambridgeshire/" in home and national
    page.goto(base + "/forces/cambridgeshire/")
    force = links(page)
    report = next(h for h in force if h.startswith("/reports/") and h.rstrip("/").split("/")[-1].isdigit())
    indicator = next(h for h in force if h.startswith("/forces/cambridgeshire/indicators/"))
    stop_search = next(h for h in force if h.endswith("/stop-and-search/"))
    page.goto(base + report)
    press = next(h for h in links(page) if h.endswith("/press-release/"))
    page.close()
    return ["/", "/reports/", national, "/forces/cambridgeshire/", "/forces/city-of-london/", indicator,
            stop_search, report, press, "/sign-in/"]  # fmt: skip


def check_page(page, url: str, problems: list[str]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state()
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{url} at {width} px is {wide} px wide")
        if width in (1280, 320):
            page.evaluate(AXE.read_text())
            for v in page.evaluate("axe.run(document).then(r => r.violations)"):
                nodes = [n["target"] for n in v["nodes"]][:3]
                problems.append(f"{url} at {width} px: axe {v['impact']} {v['id']} ({len(v['nodes'])}): {nodes}")


def sign_in(browser, base: str, username: str):
    page = browser.new_context(bypass_csp=True).new_page()  # axe is injected as a script: CSP would refuse it
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_every_public_page_and_every_role_start_page_fits_the_screen_and_passes_axe(browser, demo_site):
    base, users = demo_site
    problems: list[str] = []
    page = browser.new_context(bypass_csp=True).new_page()
    for path in public_pages(browser, base):
        check_page(page, base + path, problems)
    check_page(page, base + "/no-such-page/", problems)  # the 404 page too
    page.close()
    for role, user in users.items():
        page = sign_in(browser, base, user.username)
        start, label = START[role]
        assert page.url == base + start, f"{role} landed on {page.url}"
        assert page.locator("#navigation").get_by_role("link", name=label).get_attribute("href") == start
        check_page(page, page.url, problems)
        page.context.close()
    assert not problems, "\n".join(problems)


def test_a_failed_sign_in_follows_the_govuk_error_pattern(browser, demo_site):
    base, _ = demo_site
    page = browser.new_page()
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    # GOV.UK Frontend's JavaScript moves focus to the summary; its link goes to the field marked in error.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert summary.get_by_role("link").get_attribute("href") == "#id_username"
    assert "govuk-input--error" in page.locator("#id_username").get_attribute("class")
    described = page.locator("#id_username").get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text().startswith("Error:")
    page.close()


def test_a_failed_form_in_the_workflow_follows_the_govuk_error_pattern(browser, demo_site):
    base, users = demo_site
    page = sign_in(browser, base, users[Role.INSPECTOR].username)
    page.goto(f"{base}/inspections/start/")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    for field in page.locator("[aria-describedby]").all():
        for element_id in field.get_attribute("aria-describedby").split():
            assert page.locator(f"#{element_id}").count() == 1, f"aria-describedby names a missing {element_id}"
    page.context.close()
