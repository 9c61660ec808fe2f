"""An inspection's status, moved only along the transitions listed here: draft -> in moderation ->
approved -> scheduled (with an embargo) -> published, and back a step where a report needs more work.

Approval is the sign-off: it enforces the grade rules and refuses with every problem listed. Submission
for moderation runs the same checks as warnings, so the moderator sees them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openpeel.inspections import rules
from openpeel.inspections.audit import acting_as
from openpeel.inspections.errors import TransitionError
from openpeel.inspections.models import Inspection, Status


@dataclass(frozen=True)
class Transition:
    name: str
    source: Status
    target: Status
    check: str | None = None  # a name in CHECKS, run before the move


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", Status.DRAFT, Status.IN_MODERATION, "warn_grade_rules"),
    Transition("return", Status.IN_MODERATION, Status.DRAFT),
    Transition("approve", Status.IN_MODERATION, Status.APPROVED, "enforce_grade_rules"),
    Transition("reopen", Status.APPROVED, Status.IN_MODERATION),
    Transition("schedule", Status.APPROVED, Status.SCHEDULED, "embargo_in_future"),
    Transition("unschedule", Status.SCHEDULED, Status.APPROVED, "not_yet_public"),
    Transition("publish", Status.SCHEDULED, Status.PUBLISHED, "embargo_passed"),
)


def allowed_moves(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def _warn_grade_rules(inspection: Inspection, embargo_at, now) -> None:
    rules.warn(inspection)


def _enforce_grade_rules(inspection: Inspection, embargo_at, now) -> None:
    rules.enforce(inspection)


def _embargo_in_future(inspection: Inspection, embargo_at, now) -> None:
    if embargo_at is None:
        raise TransitionError(f"Scheduling {inspection} needs an embargo date and time.")
    if timezone.is_naive(embargo_at):
        raise TransitionError("Give the embargo with its time zone (e.g. Europe/London), not a bare time.")
    if embargo_at <= now:
        raise TransitionError(f"The embargo {embargo_at:%Y-%m-%d %H:%M %Z} has already passed.")


def _embargo_passed(inspection: Inspection, embargo_at, now) -> None:
    if inspection.embargo_at is None:
        raise TransitionError(f"{inspection} has no embargo; schedule it first.")
    if now < inspection.embargo_at:
        raise TransitionError(f"{inspection} is embargoed until {inspection.embargo_at:%Y-%m-%d %H:%M %Z}.")


def _not_yet_public(inspection: Inspection, embargo_at, now) -> None:
    # Once the embargo has passed the report is public (access.is_public), published or not: withdrawing it
    # would let its grades change with no trace on the public record. A correction is the only change left.
    if inspection.embargo_at is not None and inspection.embargo_at <= now:
        raise TransitionError(
            f"{inspection} is public since {inspection.embargo_at:%Y-%m-%d %H:%M %Z}: it cannot be unscheduled. "
            "Publish a correction instead (openpeel publish correct), which keeps the earlier version public."
        )


CHECKS: dict[str, Callable] = {
    "warn_grade_rules": _warn_grade_rules,
    "enforce_grade_rules": _enforce_grade_rules,
    "embargo_in_future": _embargo_in_future,
    "embargo_passed": _embargo_passed,
    "not_yet_public": _not_yet_public,
}


def move(
    inspection: Inspection,
    to: str,
    *,
    actor,
    embargo_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Inspection:
    """Move the inspection to status `to` on behalf of `actor`, or raise TransitionError (or
    GradeRulesError at approval). `now` is the clock, for tests and for scheduled publishing."""
    now = now or timezone.now()
    with acting_as(actor), transaction.atomic():
        # Lock the row: two moderators approving at once must not both pass the checks on stale data.
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        transition = next((t for t in allowed_moves(current.status) if t.target == to), None)
        if transition is None:
            options = ", ".join(Status(t.target).label.lower() for t in allowed_moves(current.status)) or "nothing"
            target = Status(to).label.lower() if to in Status.values else repr(to)
            raise TransitionError(
                f"{current} cannot move from {Status(current.status).label.lower()} to {target}; "
                f"from {Status(current.status).label.lower()} it can move to: {options}."
            )
        if transition.check:
            CHECKS[transition.check](current, embargo_at, now)
        current.status = transition.target
        if transition.name == "approve":
            current.approved_at = now
        elif transition.name == "reopen":
            current.approved_at = None
        elif transition.name == "schedule":
            current.embargo_at = embargo_at
        elif transition.name == "unschedule":
            current.embargo_at = None
        elif transition.name == "publish":
            current.published_at = now
        current._workflow_move = True  # lets Inspection.save() accept the status change
        current.save()
    inspection.refresh_from_db()
    return inspection
