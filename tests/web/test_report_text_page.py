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
