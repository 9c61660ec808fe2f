"""The worked example for `openpeel demo`: Cambridgeshire's published 2023-25 inspection (the real one, from
the published record: demo/published.py) followed up.

    from openpeel.demo.monitoring import seed_monitoring
    report = seed_monitoring()          # after the warehouse is computed and the workflow database migrated

Its items are tracked as it is published; the force posts updates; an inspector reviews one and closes
another; the PCC answers one recommendation in time and not the other (overdue: the report was published
70 days ago); the recommendation on outcomes is linked to police-uk-charged-share, whose XmR chart on the
bundled police.uk outcomes files (Cambridgeshire, January 2019 to June 2020) signals: a run of ten months
below the average from March 2019 (deterioration) and points above the upper limit in 2020 (improvement).
The signals are read from the warehouse's assessment; the seed refuses to claim one the data lacks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from openpeel.demo.examples import attach_evidence, write_demo_narratives
from openpeel.demo.factories import make_inspection
from openpeel.demo.inspection import DEMO_USERS
from openpeel.demo.published import published_report, write_from_record
from openpeel.errors import OpenPeelError
from openpeel.inspections import workflow
from openpeel.inspections.access import is_public
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import Inspection, Membership, Role
from openpeel.inspections.placeholders import DEMONSTRATION
from openpeel.monitoring import tracking
from openpeel.monitoring.models import TrackedItem
from openpeel.monitoring.spc_signals import describe, read_signals, record_sightings
from openpeel.warehouse import connect

FORCE = "cambridgeshire"
LINKED_INDICATOR = "police-uk-charged-share"
# The force's inspection of the 2023-25 cycle, published; the inspection demo's (in moderation) is of 2025-27.
PERIOD = (dt.date(2023, 4, 1), dt.date(2024, 3, 31))
PUBLISHED_DAYS_AGO = 70  # past the PCC's 56 days, so an unanswered recommendation shows as overdue
CYCLE = "peel-2023-25"
# The demo's people are the inspection demo's (openpeel.demo.inspection), so one set of sign-ins serves both.
USERS = {
    name: (role, FORCE if role in (Role.FORCE_LIAISON, Role.PCC_OFFICE) else "") for role, name in DEMO_USERS.items()
}


@dataclass(frozen=True)
class SeedReport:
    inspection: Inspection
    items: list[TrackedItem]
    signals: list[str]  # the linked indicator's signals, in words
    new_sightings: int


def publish(inspection: Inspection, *, actor: User, at: dt.datetime) -> Inspection:
    """Take a draft through moderation to publication at `at` (which may be in the past)."""
    workflow.move(inspection, "in_moderation", actor=actor)
    workflow.move(inspection, "approved", actor=actor)
    workflow.move(inspection, "scheduled", actor=actor, embargo_at=at, now=at - dt.timedelta(hours=1))
    return workflow.move(inspection, "published", actor=actor, now=at)


def demo_users() -> dict[str, User]:
    """The demo's people, made once without a usable password (`openpeel web user NAME` gives one)."""
    users = {}
    for name, (role, force) in USERS.items():
        user, made = get_user_model().objects.get_or_create(username=name)
        if made:
            user.set_unusable_password()
            user.save()
        if not Membership.objects.filter(user=user).exists():
            Membership(user=user, role=role, force_id=force).save()
        users[role] = user
    return users


def _inspection(users: dict[str, User], today: dt.date, con: duckdb.DuckDBPyConnection | None) -> Inspection:
    found = Inspection.objects.filter(force_id=FORCE, framework_id=CYCLE, tracked_items__isnull=False)
    if found.exists():
        return found.first()  # type: ignore[return-value]  # it exists
    assert con is not None, "the published demo inspection is read from the record in the warehouse"
    report = published_report(con, FORCE, CYCLE)
    with acting_as(users[Role.INSPECTOR]):
        inspection = make_inspection(FORCE, CYCLE, *PERIOD, grades_from_record=True)
        write_from_record(inspection, report)
        attach_evidence(inspection, con, cite=(LINKED_INDICATOR,), indicators=2)
        write_demo_narratives(inspection)  # marked as demonstration text, citing the evidence attached
        inspection.inspectors.add(users[Role.INSPECTOR])
    at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=PUBLISHED_DAYS_AGO), dt.time(0, 1)))
    return publish(inspection, actor=users[Role.MODERATOR], at=at)


def seed_monitoring(con: duckdb.DuckDBPyConnection | None = None, today: dt.date | None = None) -> SeedReport:
    """Seed the worked example (once: a second call finds it and changes nothing). `con`: a warehouse
    connection, else the configured warehouse is opened read-only."""
    today = today or timezone.localdate()
    signals = read_signals([FORCE], con=con)
    if signals.problem:
        raise OpenPeelError(f"The monitoring demo reads signals from the warehouse: {signals.problem}")
    linked = [r for r in signals.runs if r.indicator_id == LINKED_INDICATOR]
    if not linked:
        raise OpenPeelError(
            f"The warehouse has no SPC signal on {LINKED_INDICATOR} for {FORCE}: compute the indicators first."
        )
    own = con is None
    con = con or connect(read_only=True)
    try:
        with transaction.atomic():
            users = demo_users()
            inspection = _inspection(users, today, con)
            if not is_public(inspection):
                raise OpenPeelError(f"{inspection} is not public, so it has no tracked items.")
            items = list(inspection.tracked_items.order_by("kind", "id"))
            recommendations = [i for i in items if i.is_recommendation]
            afis = [i for i in items if not i.is_recommendation]
            if not any(i.updates.exists() for i in items):
                _work_items(users, inspection, recommendations, afis)
    finally:
        if own:
            con.close()
    new = record_sightings(signals.runs)
    items = list(inspection.tracked_items.order_by("kind", "id"))
    return SeedReport(inspection, items, [describe(r) for r in linked], len(new))


def _work_items(
    users: dict[str, User],
    inspection: Inspection,
    recommendations: list[TrackedItem],
    afis: list[TrackedItem],
) -> None:
    liaison, inspector, pcc = users[Role.FORCE_LIAISON], users[Role.INSPECTOR], users[Role.PCC_OFFICE]
    if len(recommendations) < 2 or not afis:
        raise OpenPeelError(
            f"{inspection} needs two recommendations and an area for improvement for the worked example."
        )
    published = tracking.publication_date(inspection)
    assert published is not None  # a published inspection
    with acting_as(inspector):
        first = recommendations[0]
        first.indicator_ids = [LINKED_INDICATOR]
        first.owner = "Demonstration owner"
        first.save()
    with acting_as(liaison):
        not_reported = "nothing here was reported by the force"
        tracking.post_update(first, by=liaison, text=f"{DEMONSTRATION}. Where the force liaison reports "
                             f"progress on the recommendation, with its evidence; {not_reported}.")  # fmt: skip
        tracking.post_update(afis[0], by=liaison, text=f"{DEMONSTRATION}. Where the force liaison reports "
                             f"progress on the area for improvement; {not_reported}.")  # fmt: skip
    with acting_as(inspector):
        tracking.move(first, "being_progressed", by=inspector, why=f"{DEMONSTRATION}. An inspector's review.")
        tracking.move(
            afis[0], "complete", by=inspector,
            why=f"{DEMONSTRATION}. An inspector's closing statement: the terms are met, in this demonstration only.",
        )  # fmt: skip
    with acting_as(pcc):
        tracking.record_pcc_response(
            recommendations[1], text=f"{DEMONSTRATION}. Where the police and crime commissioner's response goes.",
            responded_on=published + dt.timedelta(days=40),
        )  # fmt: skip
    # recommendations[0] has no PCC response: 70 days after publication it is overdue.
