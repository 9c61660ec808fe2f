"""Scan and Engage: every force is in Scan (routine monitoring) unless it has an open Engage period.
Entering Engage needs a reason and opens an improvement plan with dated actions; leaving needs a reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from openpeel.forces import get_force
from openpeel.monitoring.errors import TrackingError
from openpeel.monitoring.models import EngagePeriod, PlanAction

SCAN, ENGAGE = "Scan", "Engage"


def current_period(force_id: str) -> EngagePeriod | None:
    return EngagePeriod.objects.filter(force_id=get_force(force_id).id, exited_on__isnull=True).first()


def status(force_id: str) -> str:
    return ENGAGE if current_period(force_id) else SCAN


def enter_engage(
    force_id: str, *, reason: str, entered_on: dt.date, actions: list[tuple[str, dt.date]]
) -> EngagePeriod:
    """Move a force to Engage with the reason, opening its improvement plan with at least one dated action."""
    force = get_force(force_id)
    if current_period(force.id):
        raise TrackingError(f"{force.name} is already in Engage (since {current_period(force.id).entered_on}).")  # type: ignore[union-attr]  # just found
    if not reason.strip():
        raise TrackingError(f"Moving {force.name} to Engage needs a reason.")
    if not actions or not all(text.strip() and due for text, due in actions):
        raise TrackingError(
            f"Moving {force.name} to Engage opens an improvement plan: give at least one action and its date."
        )
    with transaction.atomic():
        period = EngagePeriod.objects.create(force_id=force.id, entered_on=entered_on, entry_reason=reason)
        for text, due in actions:
            add_action(period, text, due)
    return period


def add_action(period: EngagePeriod, text: str, due_on: dt.date) -> PlanAction:
    if period.exited_on:
        raise TrackingError(f"{period} has ended: its improvement plan is closed.")
    if due_on < period.entered_on:
        raise TrackingError(
            f"An action cannot fall due ({due_on}) before the force entered Engage ({period.entered_on})."
        )
    return PlanAction.objects.create(period=period, text=text, due_on=due_on)


def exit_engage(force_id: str, *, reason: str, exited_on: dt.date) -> EngagePeriod:
    """Return the force to Scan, with the reason."""
    force = get_force(force_id)
    period = current_period(force.id)
    if period is None:
        raise TrackingError(f"{force.name} is in Scan, not Engage.")
    if not reason.strip():
        raise TrackingError(f"Returning {force.name} to Scan needs a reason.")
    if exited_on < period.entered_on:
        raise TrackingError(f"{force.name} cannot leave Engage ({exited_on}) before it entered ({period.entered_on}).")
    period.exited_on, period.exit_reason = exited_on, reason
    period.save()
    return period
