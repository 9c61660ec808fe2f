"""Who the API takes a caller to be: a valid bearer token, else the session (CSRF on writes), else the public.
Only a token that was given and is not valid gets 401."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from openpeel.inspections.models import ApiToken, AuditEntry

from .api_client import Api


@pytest.fixture
def api(client, world):
    return Api(client)


def draft(world) -> str:
    return f"/inspections/{world.draft.pk}"


@pytest.mark.parametrize("header", ["Bearer opk_not-a-token", "Bearer ", "Basic aW5zcGVjdG9yOnB3"])
def test_a_token_that_is_not_valid_gets_401_with_the_error_shape(client, world, header):
    response = client.get("/api/inspections", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_no_token_is_the_public_not_401(api, world):
    assert api.get(draft(world), expect=404)["error"]["code"] == "not_found"  # as if it did not exist
    assert api.get(f"/inspections/{world.published.pk}")["id"] == world.published.pk


def test_revoked_expired_and_deactivated_tokens_stop_working(api, world):
    inspector = api.as_(world.tokens["inspector"])
    inspector.get(draft(world))
    token = ApiToken.objects.get(user=world.users["inspector"])
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    inspector.get(draft(world), expect=401)
    token.expires_at = None
    token.save()
    world.users["inspector"].is_active = False
    world.users["inspector"].save()
    inspector.get(draft(world), expect=401)
    world.users["inspector"].is_active = True
    world.users["inspector"].save()
    inspector.get(draft(world))
    token.delete()  # revoked
    inspector.get(draft(world), expect=401)


def test_a_token_acts_for_its_user_even_beside_another_session(client, world):
    client.force_login(world.users["moderator"])  # the token wins over the browser's session
    api = Api(client, world.tokens["inspector"])
    api.post(f"{draft(world)}/areas-for-improvement", {"area_id": "responding", "text": "The force should ..."},
             expect=201)  # fmt: skip
    assert AuditEntry.objects.latest("id").actor == "inspector"


def test_session_writes_need_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["inspector"])
    body = {"area_id": "responding", "text": "Video calls for victims."}
    api = Api(browser)
    refused = api.post(f"{draft(world)}/innovative-practice", body, expect=403)
    assert refused["error"]["code"] == "forbidden" and "CSRF" in refused["error"]["message"]
    assert api.get(f"{draft(world)}/innovative-practice") == []  # reading needs no CSRF token
    browser.get("/sign-in/")  # the form page sets the csrftoken cookie, as a browser would have it
    api.post(f"{draft(world)}/innovative-practice", body, expect=201,
             headers={"X-CSRFToken": browser.cookies["csrftoken"].value})  # fmt: skip
    assert AuditEntry.objects.latest("id").actor == "inspector"


def test_carry_forward_takes_only_what_the_caller_may_see(api, world):
    """Issue 19.4: an inspector carried forward a grade from an unpublished inspection they get 404 on."""
    from openpeel.demo.factories import grade_every_area, make_inspection
    from openpeel.inspections import workflow
    from openpeel.inspections.audit import acting_as

    moderator, other, inspector = (world.users[r] for r in ("moderator", "other_inspector", "inspector"))
    workflow.move(world.in_moderation, "approved", actor=moderator)  # Northamptonshire 2023: signed off, unpublished
    with acting_as(inspector):  # Northamptonshire's published 2022 inspection, before it
        earlier = make_inspection("northamptonshire", "peel-2021-22", dt.date(2022, 1, 1), dt.date(2022, 12, 31))
        grade_every_area(earlier)
    embargo = timezone.now() + dt.timedelta(minutes=1)
    for to, extra in (("in_moderation", {}), ("approved", {}), ("scheduled", {"embargo_at": embargo})):
        workflow.move(earlier, to, actor=moderator, **extra)
    workflow.move(earlier, "published", actor=moderator, now=embargo)
    with acting_as(other):  # one inspection of Northamptonshire in the current cycle, drafted by both in turn
        current = make_inspection("northamptonshire", "peel-2025-27", dt.date(2025, 1, 1), dt.date(2025, 6, 30))
        current.inspectors.add(other)
    as_other = api.as_(world.tokens["other_inspector"])
    as_other.get(f"/inspections/{world.in_moderation.pk}", expect=404)
    carried = as_other.post(f"/inspections/{current.pk}/judgments/investigating/carry-forward", expect=201)
    assert carried["carried_forward_year"] == earlier.year == 2022  # the published one, not 2023's
    as_other.delete(f"/inspections/{current.pk}/judgments/investigating", expect=204)
    # The inspector assigned to the 2023 inspection may carry its grade into one they draft.
    with acting_as(moderator):
        current.inspectors.set([inspector])
    as_inspector = api.as_(world.tokens["inspector"])
    carried = as_inspector.post(f"/inspections/{current.pk}/judgments/investigating/carry-forward", expect=201)
    assert carried["carried_forward_year"] == world.in_moderation.year == 2023
