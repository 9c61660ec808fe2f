"""The form for what a person writes in the report: HM Inspector's summary and the press-release quote."""

import pytest
from django.urls import reverse

from openpeel.inspections.models import AuditEntry, ReportText
from openpeel.publishing.press import as_text, build_press_release
from openpeel.publishing.versions import assemble

pytestmark = pytest.mark.django_db


def test_the_moderator_writes_the_summary_and_quote_and_both_reach_the_report_and_press_release(world, client):
    client.force_login(world.users["moderator"])
    url = reverse("publishing:report-text", kwargs={"pk": world.in_moderation.pk})
    text = {
        "summary": "Cambridgeshire answers calls well; it must investigate crime better.",
        "quote": "The force has made real progress.",
        "quote_by": "Roy Wilsher",
        "quote_title": "HM Inspector of Constabulary",
    }
    response = client.post(url, text)
    assert response.status_code == 302 and response["Location"].endswith(f"/reports/{world.in_moderation.pk}/preview/")
    stored = ReportText.objects.get(inspection=world.in_moderation)
    assert (stored.summary, stored.quote_by) == (text["summary"], "Roy Wilsher")
    assert AuditEntry.objects.filter(object_type="inspections.reporttext", actor="moderator").exists()
    report = assemble(world.in_moderation)
    assert report["summary"] == text["summary"]
    press = build_press_release(world.in_moderation.framework, report, embargo_at=None, text=stored)
    assert 'Roy Wilsher, HM Inspector of Constabulary, said:\n"The force has made real progress."' in as_text(press)
    page = client.get(reverse("publishing:preview", kwargs={"pk": world.in_moderation.pk})).content.decode()
    assert text["summary"] in page and f'href="{url}"' in page


def test_a_quote_without_its_speaker_and_an_empty_summary_are_shown_in_the_error_summary(world, client):
    client.force_login(world.users["inspector"])
    url = reverse("publishing:report-text", kwargs={"pk": world.draft.pk})
    response = client.post(url, {"summary": "", "quote": "Words.", "quote_by": "", "quote_title": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "A quote needs the name and title of who said it." in page and 'href="#id_summary"' in page
    assert not ReportText.objects.filter(inspection=world.draft).exists()


def test_once_approved_the_text_is_frozen_and_the_preview_offers_no_form(world, client):
    client.force_login(world.users["moderator"])
    assert client.get(reverse("publishing:report-text", kwargs={"pk": world.published.pk})).status_code == 403
    preview = client.get(reverse("publishing:preview", kwargs={"pk": world.in_moderation.pk})).content.decode()
    assert reverse("publishing:report-text", kwargs={"pk": world.in_moderation.pk}) in preview
    client.force_login(world.users["administrator"])
    preview = client.get(reverse("publishing:preview", kwargs={"pk": world.in_moderation.pk})).content.decode()
    assert reverse("publishing:report-text", kwargs={"pk": world.in_moderation.pk}) not in preview


NARRATIVE = (
    "# Calls are answered quickly\n\nThe force answered most 999 calls within 10 seconds.\n\n"
    "- call handlers are well trained\n- demand is well forecast\n\n<script>alert('x')</script>"
)


def test_an_inspector_previews_an_areas_narrative_before_saving_and_nothing_is_stored_by_the_preview(world, client):
    client.force_login(world.users["inspector"])
    url = reverse("publishing:narrative", kwargs={"pk": world.draft.pk, "area_id": "responding"})
    page = client.post(url, {"text": NARRATIVE, "preview": "1"}).content.decode()
    assert "<h3>Calls are answered quickly</h3>" in page and "<li>call handlers are well trained</li>" in page
    assert "<script>alert" not in page  # shown as text, never run
    assert not world.draft.narratives.exists()


def test_a_saved_narrative_is_audited_and_the_report_shows_it_under_its_area_as_safe_html(world, client):
    client.force_login(world.users["inspector"])
    url = reverse("publishing:narrative", kwargs={"pk": world.draft.pk, "area_id": "responding"})
    response = client.post(url, {"text": NARRATIVE})
    assert response.status_code == 302
    assert world.draft.narratives.get(area_id="responding").text == NARRATIVE
    assert AuditEntry.objects.filter(object_type="inspections.areanarrative", actor="inspector").exists()
    listing = client.get(reverse("publishing:report-text", kwargs={"pk": world.draft.pk})).content.decode()
    assert f'href="{url}"' in listing
    preview = client.get(reverse("publishing:preview", kwargs={"pk": world.draft.pk})).content.decode()
    area = preview[preview.index('id="area-responding"') :]
    assert "<h3>Calls are answered quickly</h3>" in area[: area.index('<section class="op-section"')]
    assert "<script>alert" not in preview
