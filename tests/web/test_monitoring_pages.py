"""The monitoring pages as people use them: the force posts evidence, an inspector closes the item, signals
from the warehouse show on the item, the dashboard, the digest and the risk view; Engage is public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openpeel.demo.factories import grade_every_area, make_inspection
from openpeel.inspections import workflow
from openpeel.inspections.audit import acting_as
from openpeel.monitoring import tracking
from openpeel.monitoring.models import ItemUpdate, TrackedItem
from openpeel.monitoring.spc_signals import Week, read_signals, record_sightings


@pytest.fixture
def warehouse(demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def test_the_force_posts_evidence_for_its_own_items_only(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = world.recommendation_item
    url = reverse("monitoring:item-update", args=[item.pk])
    note = SimpleUploadedFile("training.txt", b"Every investigator trained by March.\n", content_type="text/plain")
    assert as_(client, world, "liaison").post(url, {"text": "Training done.", "document": note}).status_code == 302
    update = ItemUpdate.objects.get(item=item)
    assert update.by == "liaison" and len(update.sha256) == 64
    document = reverse("monitoring:update-document", args=[update.pk])
    assert b"".join(as_(client, world, "inspector").get(document).streaming_content).startswith(b"Every investigator")
    assert as_(client, world, "other_liaison").get(document).status_code == 403
    assert as_(client, world, "other_liaison").post(url, {"text": "Not ours."}).status_code == 403
    assert ItemUpdate.objects.filter(item=item).count() == 1


def test_an_inspector_closes_an_item_with_a_closing_statement(world, client, warehouse):
    item = world.afi_item
    page = as_(client, world, "inspector")
    refused = page.post(reverse("monitoring:item-status", args=[item.pk]), {"to": "complete", "why": ""})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    statement = "I am satisfied that the terms of the area for improvement have been properly addressed."
    page.post(reverse("monitoring:item-status", args=[item.pk]), {"to": "complete", "why": statement})
    html = page.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    assert "Complete" in html and statement in html and "Post an update" not in html
    item.refresh_from_db()
    assert item.status == "complete" and item.log.last().by == "inspector"


def test_a_linked_indicators_signals_show_on_the_item_and_the_dashboard(world, client, warehouse):
    item = world.recommendation_item
    page = as_(client, world, "inspector")
    page.post(
        reverse("monitoring:item-details", args=[item.pk]),
        {"owner": "ACC Crime", "indicator_ids": ["police-uk-charged-share"]},
    )
    expected = read_signals(["cambridgeshire"], ["police-uk-charged-share"]).runs
    assert expected, "the bundled police.uk outcomes give Cambridgeshire's charged share a signal"
    html = page.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    worse = "Getting worse: 7 or more months in a row on the same side of the average, March 2019 to December 2019"
    assert worse in html
    dashboard = as_(client, world, "liaison").get(reverse("monitoring:force", args=["cambridgeshire"])).content.decode()
    assert "Outcomes recorded as" in dashboard and "March 2019 to December 2019" in dashboard


def test_the_digest_calls_no_signal_in_older_data_new_and_lists_it_apart(world, client, warehouse):
    """The bundled outcomes run to June 2020; Cambridgeshire's signal of March to December 2019 was in the data
    before this week, so a first load records it without calling it new (issue 17)."""
    record_sightings(read_signals(["cambridgeshire"]).runs)
    week = Week.of(timezone.localdate())
    html = as_(client, world, "moderator").get(reverse("monitoring:digest")).content.decode()
    assert f"New signals, week {week}" in html and "No new signals this week." in html
    assert "Signals in older data, first recorded this week" in html
    assert "/forces/cambridgeshire/indicators/police-uk-charged-share/" in html
    text = client.get(reverse("monitoring:digest-text"), {"week": str(week)})
    assert text["Content-Type"].startswith("text/plain")
    body = text.content.decode()
    assert "0 new signals (first seen this week, in the newest data)" in body
    assert "in older data, first recorded this week (not new" in body
    older = body.split("in older data")[1]
    assert "March 2019 to December 2019" in older
    assert "Chart: http://testserver/forces/cambridgeshire/indicators/police-uk-charged-share/" in older
    assert "0 new signals" in client.get(reverse("monitoring:digest-text"), {"week": str(week.next)}).content.decode()


def test_the_risk_view_gives_its_reasons(world, client, warehouse):
    html = as_(client, world, "inspector").get(reverse("monitoring:risk")).content.decode()
    assert "Cambridgeshire Constabulary" in html and "Cause of concern not yet resolved" in html


def test_the_engage_list_is_public(world, client):
    html = client.get(reverse("monitoring:engage")).content.decode()
    assert "Norfolk Constabulary" in html and "8 January 2024" in html and "Not responding to concerns." in html


def test_items_of_a_public_report_stay_public_as_it_can_no_longer_be_unscheduled(world, client):
    # Before issue 19.5 a public report could be unscheduled and its items went 404; now it cannot be withdrawn.
    from openpeel.inspections.errors import TransitionError

    users = world.users
    with acting_as(users["inspector"]):
        # Cambridgeshire's one inspection of PEEL 2018/19 (the world has its inspections of the other cycles).
        inspection = make_inspection(framework="peel-2018-19", start=dt.date(2018, 4, 1), end=dt.date(2019, 3, 31))
        grade_every_area(inspection, "REQUIRES_IMPROVEMENT")
        inspection.inspectors.add(users["inspector"])
    now = timezone.now()
    for to, extra in (("in_moderation", {}), ("approved", {}), ("scheduled", {"embargo_at": now})):
        workflow.move(inspection, to, actor=users["moderator"], now=now - dt.timedelta(minutes=1), **extra)
    with acting_as("openpeel-track"):
        tracking.track_public()  # the embargo lifted: public, so tracked
    with pytest.raises(TransitionError, match="cannot be unscheduled"):
        workflow.move(inspection, "approved", actor=users["moderator"])
    item = TrackedItem.objects.filter(inspection=inspection).first()
    url = reverse("monitoring:item", args=[item.pk])
    assert as_(client, world, "liaison").get(url).status_code == 200  # the force's liaison still sees it
