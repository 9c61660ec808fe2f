"""Who may see and do what: the one place the pages and the API ask.

Roles (models.people.Role): inspectors draft the inspections assigned to them; moderators moderate, approve
and schedule any inspection; administrators manage users and may read everything; force liaisons and PCC
offices see what is published and what is addressed to their own force; everyone else is the public.

Material that is not yet public is invisible to anyone not entitled to it: asking for it gets the same
404 as asking for something that does not exist, so its existence does not leak. Public material that a
role may not work on gets 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openpeel.inspections.models import FORCE_ROLES, OPEN_STATUSES, Inspection, Role, Status

PUBLIC = "public"  # the role of visitors and of users without a membership
INSPECTORATE = frozenset({Role.INSPECTOR, Role.MODERATOR, Role.ADMINISTRATOR})


def role_of(user) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    if user.is_superuser:
        return Role.ADMINISTRATOR
    membership = getattr(user, "membership", None)
    return membership.role if membership else PUBLIC


def force_of(user) -> str | None:
    """The force a force liaison or PCC office belongs to (None for everyone else)."""
    if role_of(user) not in FORCE_ROLES:
        return None
    return user.membership.force_id


def public_filter(now: dt.datetime | None = None) -> Q:
    """Published, or scheduled with its embargo passed: the report is public the moment the embargo lifts,
    whether or not anyone has yet pressed "publish"."""
    now = now or timezone.now()
    return Q(status=Status.PUBLISHED) | Q(status=Status.SCHEDULED, embargo_at__lte=now)


def is_public(inspection: Inspection, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return inspection.status == Status.PUBLISHED or (
        inspection.status == Status.SCHEDULED and inspection.embargo_at is not None and inspection.embargo_at <= now
    )


def public_inspection(pk: int, now: dt.datetime | None = None) -> Inspection:
    """The inspection for a page of the public site (report, press release, charts): 404 to everyone
    until it is public, the inspectorate included (they preview through workspace_inspection)."""
    inspection = Inspection.objects.filter(pk=pk).first()
    if inspection is None or not is_public(inspection, now):
        raise Http404("No such report")
    return inspection


def workspace_inspections(user) -> QuerySet[Inspection]:
    """The inspections whose working pages (evidence, findings, grades, history) the user may open."""
    role = role_of(user)
    if role in (Role.MODERATOR, Role.ADMINISTRATOR):
        return Inspection.objects.all()
    if role == Role.INSPECTOR:
        return Inspection.objects.filter(inspectors=user)
    return Inspection.objects.none()


def visible_inspections(user, now: dt.datetime | None = None) -> QuerySet[Inspection]:
    """Every inspection the user may know exists: their workspace and everything public."""
    return Inspection.objects.filter(Q(pk__in=workspace_inspections(user).values("pk")) | public_filter(now))


def may_work_on(user, inspection: Inspection) -> bool:
    return workspace_inspections(user).filter(pk=inspection.pk).exists()


def workspace_inspection(user, pk: int) -> Inspection:
    """The inspection for a working page: 404 if it does not exist or is not public and not the user's,
    403 if it is public but not theirs to work on."""
    inspection = Inspection.objects.filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    if may_work_on(user, inspection):
        return inspection
    if is_public(inspection):
        raise PermissionDenied("This inspection is published; its working pages are for the inspectorate.")
    raise Http404("No such inspection")


def may_start(user) -> bool:
    """Inspectors and moderators open new inspections (the creator is assigned to draft it)."""
    return role_of(user) in (Role.INSPECTOR, Role.MODERATOR)


def may_edit(user, inspection: Inspection) -> bool:
    """Evidence, findings and judgments: the assigned inspectors while it is a draft, moderators while it is
    in moderation. (The models refuse any change once it is approved, whoever asks.)"""
    if inspection.status not in OPEN_STATUSES or not may_work_on(user, inspection):
        return False
    role = role_of(user)
    if inspection.status == Status.DRAFT:
        return role == Role.INSPECTOR
    return role == Role.MODERATOR


def may_write_report_text(user, inspection: Inspection) -> bool:
    """HM Inspector's summary and the press-release quote: moderators until approval, and the assigned
    inspectors while it is a draft. (Like the findings it sums up, the text is frozen at approval.)"""
    if inspection.status not in OPEN_STATUSES or not may_work_on(user, inspection):
        return False
    role = role_of(user)
    return role == Role.MODERATOR or (role == Role.INSPECTOR and inspection.status == Status.DRAFT)


# Which role may make which workflow move (names from workflow.TRANSITIONS).
MOVES_BY_ROLE: dict[str, frozenset[str]] = {
    Role.INSPECTOR: frozenset({"submit"}),
    Role.MODERATOR: frozenset({"return", "approve", "reopen", "schedule", "unschedule", "publish"}),
}


def may_move(user, inspection: Inspection, transition: str) -> bool:
    return may_work_on(user, inspection) and transition in MOVES_BY_ROLE.get(role_of(user), frozenset())


def require(allowed: bool, why: str) -> None:
    if not allowed:
        raise PermissionDenied(why)


def visible_inspection(user, pk: int) -> Inspection:
    """The inspection for reading its report (judgments, findings, recommendations): 404 unless the user may
    know it exists (their workspace, or public)."""
    inspection = visible_inspections(user).filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def may_assign(user, inspection: Inspection) -> bool:
    """Moderators choose who drafts an inspection."""
    return role_of(user) == Role.MODERATOR and may_work_on(user, inspection)


def may_moderate(user) -> bool:
    """Whether the user approves inspections (the list shows them what awaits moderation)."""
    return "approve" in MOVES_BY_ROLE.get(role_of(user), frozenset())
