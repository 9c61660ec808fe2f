"""In a real browser: an inspector drafts a Cambridgeshire inspection from evidence on the bundled data and
submits it; a moderator approves and schedules it; Cambridgeshire's force liaison cannot see it until it is
published, and then can."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from openpeel.inspections import workflow
from openpeel.inspections.models import Inspection, Membership, Role, Status

pytestmark = pytest.mark.browser

PASSWORD = "a long test password"


def make_user(name: str, role: str, force: str = ""):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    Membership(user=user, role=role, force_id=force).save()
    return user


def sign_in(browser, base: str, username: str):
    page = browser.new_context().new_page()
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def test_inspection_from_draft_to_publication(browser, live_server, transactional_db, demo_warehouse, monkeypatch,
                                              tmp_path):  # fmt: skip
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    base = live_server.url
    make_user("insp", Role.INSPECTOR)
    moderator = make_user("mod", Role.MODERATOR)
    make_user("cambs-liaison", Role.FORCE_LIAISON, "cambridgeshire")

    # The inspector starts the inspection.
    page = sign_in(browser, base, "insp")
    page.goto(f"{base}/inspections/")
    page.get_by_role("link", name="Start an inspection").click()
    page.get_by_label("Force").select_option("cambridgeshire")
    page.locator("input[name='framework_id'][value='peel-2023-25']").check()
    page.get_by_label("Start of the period inspected").fill("2023-04-01")
    page.get_by_label("End of the period inspected").fill("2025-03-31")
    page.get_by_role("button", name="Start the inspection").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inspection of Cambridgeshire Constabulary"
    pk = int(re.search(r"/inspections/(\d+)/", page.url).group(1))
    assert page.locator(".govuk-task-list__item", has_text="Gather evidence").get_by_text("Not started").count() == 1

    # Evidence: the anti-social behaviour rate from the warehouse built from the bundled files.
    page.get_by_role("link", name="Gather evidence").click()
    page.get_by_role("link", name="Attach an indicator result").click()
    page.get_by_label("Indicator").select_option("asb-per-1000")
    page.get_by_label("Month (optional)").fill("2019-01")
    page.get_by_role("button", name="Attach").click()
    table = page.locator("table", has_text="Indicator results, as they were when attached")
    assert "January 2019" in table.inner_text() and "1.53 incidents per 1,000 residents" in table.inner_text()

    # A month the warehouse lacks is refused with the GOV.UK error summary, naming the months it has.
    page.get_by_role("link", name="Attach an indicator result").click()
    page.get_by_label("Indicator").select_option("asb-per-1000")
    page.get_by_label("Month (optional)").fill("2031-01")
    page.get_by_role("button", name="Attach").click()
    assert "has no result for 2031-01" in page.locator(".govuk-error-summary").inner_text()

    # A finding on preventing crime, linked to a characteristic; an area for improvement on investigating.
    page.goto(f"{base}/inspections/{pk}/findings/")
    page.get_by_role("link", name="Add a finding for Preventing crime").click()
    page.locator("input[name='characteristic_ids']").first.check()
    page.get_by_label("Strength", exact=True).check()
    page.get_by_label("Finding", exact=True).fill("Anti-social behaviour was 1.53 per 1,000 residents in January 2019.")
    page.get_by_role("button", name="Save").click()
    assert "Finding saved." in page.inner_text("body")
    page.goto(f"{base}/inspections/{pk}/areas-for-improvement/")
    page.get_by_role("link", name="Add area for improvement").click()
    page.get_by_label("Area", exact=True).select_option("investigating")
    page.get_by_label("Area for improvement").fill("Supervise investigations.")  # not the inspectorate's wording
    page.get_by_role("button", name="Save").click()
    assert 'begins "The constabulary should' in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Area for improvement").fill("The constabulary should supervise investigations more closely.")
    page.get_by_role("button", name="Save").click()
    assert "Area for improvement saved." in page.inner_text("body")

    # Grades: adequate where the area for improvement is, good elsewhere; the suggestion is shown, not filled.
    inspection = Inspection.objects.get(pk=pk)
    for area in inspection.framework.graded_areas():
        page.goto(f"{base}/inspections/{pk}/grades/{area.id}/")
        assert page.locator("input[name='grade_id']:checked").count() == 0
        grade = "Adequate" if area.id == "investigating" else "Good"
        page.get_by_label(grade, exact=True).check()
        page.get_by_label("Rationale").fill(f"{grade} on the evidence gathered.")
        page.get_by_role("button", name="Save the grade").click()
        assert f"graded {grade.lower()}" in page.inner_text("body")
    # Nothing placeholder is publishable: moderation names the summary and each graded area's narrative unwritten.
    page.goto(f"{base}/inspections/{pk}/moderation/")
    body = page.inner_text("body")
    assert "HM Inspector's summary is empty; write it before approval." in body
    assert body.count("its narrative is empty; write it before approval.") == len(inspection.framework.graded_areas())
    page.get_by_role("link", name="Write the summary").click()
    page.get_by_label("HM Inspector's summary").fill("The constabulary prevents crime well; it should supervise "
                                                     "investigations more closely.")  # fmt: skip
    page.get_by_role("button", name="Save", exact=True).click()
    for area in inspection.framework.graded_areas():
        page.goto(f"{base}/inspections/{pk}/moderation/")
        page.get_by_role("link", name=f"Write the narrative of {area.title}").click()
        page.get_by_label("Main findings").fill(f"# What we found\n\n{area.title}: as the findings record.")
        page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"{base}/inspections/{pk}/moderation/")
    assert "Rules pass" in page.inner_text("body")
    page.get_by_role("button", name="Submit for moderation").click()
    assert Inspection.objects.get(pk=pk).status == Status.IN_MODERATION
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)

    liaison = sign_in(browser, base, "cambs-liaison")
    for path in ("", "summary/", "moderation/"):
        assert liaison.goto(f"{base}/inspections/{pk}/{path}").status == 404

    # The moderator approves it and schedules publication (UK time).
    mod = sign_in(browser, base, "mod")
    mod.goto(f"{base}/inspections/")
    mod.locator("table", has_text="Awaiting moderation").get_by_role("link", name="Cambridgeshire Constabulary").click()
    mod.get_by_role("link", name="Moderation", exact=True).click()
    mod.get_by_role("button", name="Approve").click()
    assert "approved" in mod.inner_text("body").lower()
    embargo = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    mod.get_by_label("Embargo date").fill(f"{embargo:%Y-%m-%d}")
    mod.get_by_label("Embargo time (UK time)").fill(f"{embargo:%H:%M}")
    mod.get_by_role("button", name="Schedule").click()
    scheduled = Inspection.objects.get(pk=pk)
    assert scheduled.status == Status.SCHEDULED and scheduled.embargo_at == embargo
    assert liaison.goto(f"{base}/inspections/{pk}/summary/").status == 404

    # At the embargo the publisher publishes it (its clock passed in); the liaison now sees it.
    workflow.move(scheduled, Status.PUBLISHED, actor=moderator, now=embargo)
    response = liaison.goto(f"{base}/inspections/{pk}/summary/")
    assert response.status == 200
    assert "The constabulary should supervise investigations more closely." in liaison.inner_text("body")
    liaison.goto(f"{base}/inspections/")
    assert liaison.locator("table", has_text="Published inspections").get_by_text("Cambridgeshire").count() == 1
    assert liaison.goto(f"{base}/inspections/{pk}/").status == 403  # public, but the working pages are not theirs
