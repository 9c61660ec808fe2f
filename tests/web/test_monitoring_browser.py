"""In a real browser, on the demo's monitoring example (Cambridgeshire's published 2023-24 inspection): the
force liaison reads the force's tracked items and the indicator signal behind one, and posts an update; the
inspector closes the item with a closing statement; the status log and the update are on the item's page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from openpeel.demo.inspection import DEMO_USERS
from openpeel.demo.monitoring import LINKED_INDICATOR, seed_monitoring
from openpeel.inspections.models import Role
from openpeel.monitoring.models import ItemStatus
from openpeel.warehouse import connect

from .test_inspection_browser import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_the_force_updates_an_item_and_the_inspector_closes_it(browser, live_server, transactional_db,
                                                                 demo_warehouse, monkeypatch):  # fmt: skip
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    con = connect(demo_warehouse, read_only=True)
    try:
        seeded = seed_monitoring(con=con)
    finally:
        con.close()
    for name in (DEMO_USERS[Role.FORCE_LIAISON], DEMO_USERS[Role.INSPECTOR]):
        user = get_user_model().objects.get(username=name)
        user.set_password(PASSWORD)
        user.save()
    linked = next(i for i in seeded.items if LINKED_INDICATOR in i.indicator_ids and i.status != ItemStatus.COMPLETE)
    base = live_server.url

    # The liaison finds the item on the force's monitoring page and reads the signal behind it.
    page = sign_in(browser, base, DEMO_USERS[Role.FORCE_LIAISON])
    page.goto(f"{base}/monitoring/forces/cambridgeshire/")
    page.locator(f"a[href='/monitoring/items/{linked.pk}/']").click()
    assert page.get_by_role("heading", level=1).inner_text() == linked.get_kind_display()
    signals = page.locator("h2:has-text('Indicators behind it') + ul").inner_text()
    assert "Getting worse" in signals or "Getting better" in signals

    # The update, posted by the force, is listed under the item.
    page.get_by_label("What has the force done?").fill("A crime review team now checks every charging decision.")
    page.get_by_role("button", name="Post update").click()
    update = page.locator(".govuk-inset-text", has_text="A crime review team now checks every charging decision.")
    assert DEMO_USERS[Role.FORCE_LIAISON] in update.inner_text()
    assert page.get_by_role("button", name="Change status").count() == 0  # the force cannot close its own item

    # The inspector closes it; the status log says who, and why.
    page = sign_in(browser, base, DEMO_USERS[Role.INSPECTOR])
    page.goto(f"{base}/monitoring/items/{linked.pk}/")
    page.get_by_role("radio", name="Complete").check()
    page.get_by_label("Why (to close it: the closing statement)").fill("Charging decisions were re-tested in June.")
    page.get_by_role("button", name="Change status").click()
    assert page.locator(".govuk-summary-list .govuk-tag").first.inner_text() == "Complete"
    log = page.locator("table", has_text="When").inner_text()
    assert "Charging decisions were re-tested in June." in log and DEMO_USERS[Role.INSPECTOR] in log
    linked.refresh_from_db()
    assert linked.status == ItemStatus.COMPLETE
