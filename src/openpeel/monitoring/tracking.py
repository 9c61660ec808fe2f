"""Recommendations and areas for improvement followed to closure: which items a report gives, how their
status moves (a table, like the inspection workflow), the force's updates, and the PCC's 56-day clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from openpeel.inspections.access import is_public
from openpeel.inspections.audit import current_actor
from openpeel.inspections.models import Inspection
from openpeel.monitoring.errors import TrackingError
from openpeel.monitoring.models import ItemStatus, ItemUpdate, StatusChange, TrackedItem

# The police and crime commissioner must publish comments on an inspection report within 56 days of
# receiving it (Police Act 1996, s.55). Counted here from the day the report is published.
PCC_RESPONSE_DAYS = 56

S = ItemStatus


@dataclass(frozen=True)
class Move:
    name: str
    source: str
    target: str


# awaiting review -> being progressed -> complete, or superseded; a force's new update on an item being
# progressed asks for a review again. Nothing leaves complete or superseded.
MOVES: tuple[Move, ...] = (
    Move("review", S.AWAITING_REVIEW, S.BEING_PROGRESSED),
    Move("close", S.AWAITING_REVIEW, S.COMPLETE),
    Move("close", S.BEING_PROGRESSED, S.COMPLETE),
    Move("supersede", S.AWAITING_REVIEW, S.SUPERSEDED),
    Move("supersede", S.BEING_PROGRESSED, S.SUPERSEDED),
    Move("resubmit", S.BEING_PROGRESSED, S.AWAITING_REVIEW),
)


def allowed_targets(status: str) -> list[str]:
    return [m.target for m in MOVES if m.source == status]


# --- the 56-day clock ---------------------------------------------------------------------------------------


def publication_date(inspection: Inspection) -> dt.date | None:
    """The UK calendar day the report became public: when it was published, or when its embargo lifted."""
    moment = inspection.published_at or (inspection.embargo_at if is_public(inspection) else None)
    return timezone.localdate(moment) if moment else None


@dataclass(frozen=True)
class PccClock:
    published: dt.date
    deadline: dt.date  # the last day a response is on time
    responded_on: dt.date | None
    today: dt.date

    @property
    def overdue(self) -> bool:
        """No response, and the deadline has passed (the deadline day itself is still on time)."""
        return self.responded_on is None and self.today > self.deadline

    @property
    def late(self) -> bool:
        return self.responded_on is not None and self.responded_on > self.deadline

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def words(self) -> str:
        if self.responded_on:
            late = f", {(self.responded_on - self.deadline).days} days late" if self.late else ", on time"
            return f"PCC responded on {self.responded_on:%d %B %Y}{late} (due by {self.deadline:%d %B %Y})"
        if self.overdue:
            return f"PCC response overdue by {-self.days_left} days (was due by {self.deadline:%d %B %Y})"
        return f"PCC response due by {self.deadline:%d %B %Y} ({self.days_left} days left)"


def pcc_deadline(published: dt.date) -> dt.date:
    return published + dt.timedelta(days=PCC_RESPONSE_DAYS)


def pcc_clock(item: TrackedItem, today: dt.date | None = None) -> PccClock | None:
    """The PCC's response clock for a recommendation (None for areas for improvement, or if not public)."""
    published = publication_date(item.inspection) if item.is_recommendation else None
    if published is None:
        return None
    return PccClock(published, pcc_deadline(published), item.pcc_responded_on, today or timezone.localdate())


def overdue(item: TrackedItem, today: dt.date | None = None) -> list[str]:
    """Why an open item is overdue: its own due date passed, or the PCC's response is late. Empty if not."""
    today = today or timezone.localdate()
    reasons = []
    if item.is_open and item.due_date and item.due_date < today:
        reasons.append(f"due by {item.due_date:%d %B %Y}, still {item.get_status_display().lower()}")
    clock = pcc_clock(item, today)
    if clock and clock.overdue:
        reasons.append(clock.words)
    return reasons


# --- tracking a report's items ------------------------------------------------------------------------------


def track(inspection: Inspection) -> list[TrackedItem]:
    """Track every recommendation and area for improvement of a public inspection; returns the items made
    now (none the second time). Attributed to whoever is acting (audit.acting_as)."""
    if not is_public(inspection):
        raise TrackingError(f"{inspection} is not public: only published reports' findings are tracked.")
    owner = f"Chief Constable, {inspection.force.name}"
    made = []
    with transaction.atomic():
        for afi in inspection.areas_for_improvement.filter(tracked_item__isnull=True):
            made.append(_make(inspection, owner, area_for_improvement=afi, area_id=afi.area_id, text=afi.text))
        for cause in inspection.causes_of_concern.all():
            for rec in cause.recommendations.filter(tracked_item__isnull=True):
                made.append(
                    _make(inspection, owner, recommendation=rec, area_id=cause.area_id, text=rec.text, due=rec.due_date)
                )
    return made


def _make(
    inspection: Inspection, owner: str, *, area_id: str, text: str, due: dt.date | None = None, **finding: Any
) -> TrackedItem:
    kind = TrackedItem.Kind.RECOMMENDATION if "recommendation" in finding else TrackedItem.Kind.AREA_FOR_IMPROVEMENT
    item = TrackedItem.objects.create(
        inspection=inspection, force_id=inspection.force_id, kind=kind, area_id=area_id, text=text,
        owner=owner, due_date=due, **finding,
    )  # fmt: skip
    StatusChange.objects.create(
        item=item, by=current_actor(), to_status=item.status, why="Published in the inspection report."
    )
    return item


def track_when_public(sender: type[Inspection], instance: Inspection, **kwargs: Any) -> None:
    """post_save of an inspection: track its items once it is public (publication happens inside
    workflow.move(), which says who is acting)."""
    if is_public(instance):
        track(instance)


def track_public(now: dt.datetime | None = None) -> dict[Inspection, int]:
    """Track every public inspection (embargoes lift without anyone saving anything): the command's work."""
    from openpeel.inspections.access import public_filter

    return {inspection: len(track(inspection)) for inspection in Inspection.objects.filter(public_filter(now))}


# --- moving an item along -----------------------------------------------------------------------------------


def move(
    item: TrackedItem, to: str, *, by: AbstractBaseUser | AnonymousUser, why: str, now: dt.datetime | None = None
) -> TrackedItem:
    """Move the item to status `to`, with the reason (for a closure, the closing statement), or raise
    TrackingError naming where it can go instead. Writes the log line beside the new status."""
    if not (why or "").strip():
        raise TrackingError("Every status change says why (a closure: the closing statement).")
    with transaction.atomic():
        current = TrackedItem.objects.select_for_update().get(pk=item.pk)
        if to not in allowed_targets(current.status):
            options = ", ".join(ItemStatus(t).label.lower() for t in allowed_targets(current.status)) or "nothing"
            target = ItemStatus(to).label.lower() if to in ItemStatus.values else repr(to)
            raise TrackingError(
                f"{current} cannot move from {current.get_status_display().lower()} to {target}; "
                f"from there it can move to: {options}."
            )
        StatusChange.objects.create(
            item=current, at=now or timezone.now(), by=_name(by), from_status=current.status, to_status=to, why=why
        )
        current.status, current._status_move = to, True
        current.save()
    item.refresh_from_db()
    return item


def post_update(
    item: TrackedItem,
    *,
    by: AbstractBaseUser | AnonymousUser,
    text: str,
    document: File[bytes] | None = None,
    now: dt.datetime | None = None,
) -> ItemUpdate:
    """The force reports progress, with evidence. An item being progressed goes back for review."""
    if not item.is_open:
        raise TrackingError(f"{item} is {item.get_status_display().lower()}: it takes no more updates.")
    with transaction.atomic():
        update = ItemUpdate.objects.create(
            item=item, posted_at=now or timezone.now(), by=_name(by), text=text, document=document or ""
        )
        if item.status == S.BEING_PROGRESSED:
            move(item, S.AWAITING_REVIEW, by=by, why="The force posted an update for review.", now=now)
    return update


def record_pcc_response(item: TrackedItem, *, text: str, responded_on: dt.date) -> TrackedItem:
    """The PCC's published comment on a recommendation, once."""
    if not item.is_recommendation:
        raise TrackingError("The PCC responds to recommendations; this is an area for improvement.")
    if item.pcc_responded_on:
        raise TrackingError(f"The PCC already responded to {item} on {item.pcc_responded_on:%d %B %Y}.")
    published = publication_date(item.inspection)
    if published and responded_on < published:
        raise TrackingError(f"A response cannot predate the report ({published:%d %B %Y}).")
    item.pcc_response, item.pcc_responded_on = text, responded_on
    item.save()
    return item


def _name(user: object) -> str:
    return user.get_username() if hasattr(user, "get_username") else str(user)
