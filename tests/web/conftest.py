"""A small world for the web tests: one user of every role, and inspections at each stage: Cambridgeshire's
of three PEEL cycles, and Northamptonshire's in moderation (a force has at most one inspection per cycle;
Northamptonshire, as it has synthetic returns to draw case files from)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from openpeel.demo.factories import grade_area, grade_every_area, make_inspection, record_one_of_each, write_summary
from openpeel.inspections import workflow
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import ApiToken, Inspection, Membership, Role

from .route_table import ROLES

MEMBERSHIP = {
    "inspector": (Role.INSPECTOR, ""),
    "other_inspector": (Role.INSPECTOR, ""),
    "moderator": (Role.MODERATOR, ""),
    "liaison": (Role.FORCE_LIAISON, "cambridgeshire"),
    "other_liaison": (Role.FORCE_LIAISON, "norfolk"),
    "pcc": (Role.PCC_OFFICE, "cambridgeshire"),
    "administrator": (Role.ADMINISTRATOR, ""),
}


@dataclass
class World:
    users: dict  # role -> User (None for anonymous)
    tokens: dict  # role -> API token text (None for anonymous)
    draft: Inspection  # assigned to "inspector"
    in_moderation: Inspection
    published: Inspection
    # Monitoring (issue 7): a published 2021/22 inspection with a cause of concern (its recommendation) and an
    # area for improvement, both tracked; an update from the force on the latter; Norfolk in Engage.
    monitored: Inspection | None = None
    recommendation_item: object = None
    afi_item: object = None
    update: object = None
    engage_period: object = None


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads made by the tests never land in ./var


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the whole table (building it per route took most of the time): every request runs in
    a savepoint rolled back before the next, and the world itself is rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world() -> World:
    users, tokens = {"anonymous": None}, {"anonymous": None}
    for role in ROLES[1:]:
        user = get_user_model().objects.create_user(role, password="not used in tests")
        if role in MEMBERSHIP:
            kind, force = MEMBERSHIP[role]
            Membership(user=user, role=kind, force_id=force).save()
        if role == "administrator":
            user.is_staff = user.is_superuser = True  # as `openpeel web user --role administrator` makes them
            user.save()
        users[role] = user
        tokens[role] = ApiToken.issue(user, "tests")[1]
    with acting_as(users["inspector"]):
        draft = make_inspection()  # Cambridgeshire, PEEL 2023-25
        in_moderation = make_inspection("northamptonshire", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
        grade_every_area(in_moderation)
        published = make_inspection(framework="peel-2025-27", start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))
        grade_every_area(published)
        record_one_of_each(published)  # so the routes reading a published report's parts have one to read
    with acting_as(users["inspector"]):  # the creator assigns themselves, as the start page does (audited)
        for inspection in (draft, in_moderation, published):
            inspection.inspectors.add(users["inspector"])
    workflow.move(in_moderation, "in_moderation", actor=users["inspector"])
    embargo = timezone.now() + dt.timedelta(minutes=1)
    for to, extra in (("in_moderation", {}), ("approved", {}), ("scheduled", {"embargo_at": embargo})):
        workflow.move(published, to, actor=users["moderator"], **extra)
    workflow.move(published, "published", actor=users["moderator"], now=embargo)
    world = World(users, tokens, draft, in_moderation, published)
    _add_monitoring(world)
    return world


MONITORED_GRADES = {"investigating": "INADEQUATE", "protecting-vulnerable": "ADEQUATE"}  # others good


def _add_monitoring(world: World) -> None:
    from openpeel.monitoring import engage, tracking
    from openpeel.monitoring.models import TrackedItem

    users = world.users
    with acting_as(users["inspector"]):
        monitored = make_inspection(framework="peel-2021-22", start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
        for node, _ in monitored.framework.walk():
            if node.kind != "characteristic" and node.graded:
                grade_area(monitored, node.id, MONITORED_GRADES.get(node.id, "GOOD"))
        write_summary(monitored)
        monitored.inspectors.add(users["inspector"])
    embargo = timezone.now() + dt.timedelta(minutes=1)
    for to, extra in (("in_moderation", {}), ("approved", {}), ("scheduled", {"embargo_at": embargo})):
        workflow.move(monitored, to, actor=users["moderator"], **extra)
    workflow.move(monitored, "published", actor=users["moderator"], now=embargo)  # tracked as it is published
    world.monitored = monitored
    world.recommendation_item = TrackedItem.objects.get(inspection=monitored, kind="recommendation")
    world.afi_item = TrackedItem.objects.get(inspection=monitored, kind="area_for_improvement")
    with acting_as(users["liaison"]):
        world.update = tracking.post_update(world.afi_item, by=users["liaison"], text="A new crime review team.")
    with acting_as(users["moderator"]):
        world.engage_period = engage.enter_engage(
            "norfolk", reason="Not responding to concerns.", entered_on=dt.date(2024, 1, 8),
            actions=[("Publish an improvement plan.", dt.date(2024, 3, 29))],
        )  # fmt: skip
