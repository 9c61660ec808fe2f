"""Cross-site request forgery: every write of the role × route table, sent by a browser whose user may make it
but without the CSRF token, is refused (403) and changes nothing. Bearer-token writes need no token: a token
is sent only by a program that was given it, never attached by the browser on another site's behalf (no
ambient credential), so there is nothing to forge.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse

from openpeel.inspections.models import Inspection

from .route_table import ROLES, Route
from .test_routes import TABLE, send

ALLOWED = (200, 201, 204, 302)  # the answers of a write that went through (302: a form accepted)


def writer(route: Route) -> str | None:
    """A signed-in role the table lets make this write (None when nobody may: then the refusal is the table's)."""
    return next((r for r in ROLES if r != "anonymous" and route.expect[r] in ALLOWED), None)


WRITES = [r for r in TABLE if r.method != "GET" and writer(r)]


def everything() -> str:
    """A digest of every row of every table but the sessions: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.label != "sessions.Session":
            rows = model.objects.order_by("pk").values_list()
            digest.update(json.dumps([model._meta.label, list(rows)], default=str).encode())
    return digest.hexdigest()


def test_every_kind_of_write_is_covered():
    methods = {r.method for r in WRITES}
    assert {"POST", "PATCH", "PUT", "DELETE"} <= methods
    assert len(WRITES) >= 40, len(WRITES)  # the pages, case files, monitoring and the API


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.id)
def test_a_write_without_the_csrf_token_is_refused_and_changes_nothing(
    route, shared_world, db, demo_warehouse, monkeypatch
):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(shared_world.users[writer(route)])  # API routes too: the session, not the token
    savepoint = transaction.savepoint()
    try:
        kwargs = route.kwargs(shared_world)  # a part the route points at is made first: making it is not the change
        before = everything()
        response = send(browser, route, shared_world, kwargs)
        after = everything()
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code == 403, f"{route.id} as {writer(route)}: {response.status_code}"
    assert before == after, f"{route.id}: refused but something changed"


def test_the_same_write_with_the_token_goes_through(shared_world, db):
    """The refusals above are CSRF's: the same browser, sending the token, gets its write."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(shared_world.users["inspector"])
    browser.get(reverse("inspections:list"))
    token = browser.cookies["csrftoken"].value
    savepoint = transaction.savepoint()
    try:
        api = browser.post(
            reverse("api:innovative-practice-create", kwargs={"inspection_id": shared_world.draft.pk}),
            json.dumps({"area_id": "responding", "text": "Video calls for victims."}),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        page = browser.post(
            reverse("inspections:move", kwargs={"pk": shared_world.draft.pk}),
            {"transition": "submit", "csrfmiddlewaretoken": token},
        )
        stage = Inspection.objects.get(pk=shared_world.draft.pk).status
    finally:
        transaction.savepoint_rollback(savepoint)
    assert page.status_code == 302 and stage == "in_moderation"
    assert api.status_code == 201, api.content


def test_bearer_token_writes_need_no_csrf_token(shared_world, db):
    program = Client(enforce_csrf_checks=True)
    savepoint = transaction.savepoint()
    try:
        response = program.post(
            reverse("api:moves-create", kwargs={"inspection_id": shared_world.draft.pk}),
            json.dumps({"to": "in_moderation"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {shared_world.tokens['inspector']}"},
        )
        stage = Inspection.objects.get(pk=shared_world.draft.pk).status
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code == 200 and stage == "in_moderation"
