"""Who may see and do what in monitoring: tracked recommendations and areas for improvement, Scan and Engage.

Built on openpeel.inspections.access (roles, forces, what is public), which the pages ask for everything else.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from openpeel.inspections.access import INSPECTORATE, force_of, is_public, may_work_on, role_of
from openpeel.inspections.models import FORCE_ROLES, Role
from openpeel.monitoring.models import TrackedItem

MONITORS = frozenset({Role.INSPECTOR, Role.MODERATOR})  # review, close and supersede tracked items


def may_see_force_items(user: AbstractBaseUser | AnonymousUser, force_id: str) -> bool:
    """A force's tracked items, their updates and its monitoring dashboard: the inspectorate, and that
    force's own liaison and PCC office."""
    role = role_of(user)
    return role in INSPECTORATE or (role in FORCE_ROLES and force_of(user) == force_id)


def may_see_all_forces_monitoring(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The signal digest and the risk view compare every force: the inspectorate only."""
    return role_of(user) in INSPECTORATE


def may_update_item(user: AbstractBaseUser | AnonymousUser, item: TrackedItem) -> bool:
    """Progress updates with evidence: the force liaison of the item's own force."""
    return role_of(user) == Role.FORCE_LIAISON and force_of(user) == item.force_id


def may_respond_for_pcc(user: AbstractBaseUser | AnonymousUser, item: TrackedItem) -> bool:
    """The PCC's response to a recommendation: that force's PCC office."""
    return role_of(user) == Role.PCC_OFFICE and force_of(user) == item.force_id and item.is_recommendation


def may_close_item(user: AbstractBaseUser | AnonymousUser, item: TrackedItem) -> bool:
    """Review, close or supersede an item, and set its owner, due date and indicators: inspectors and moderators."""
    return role_of(user) in MONITORS


def may_set_engage(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Moving a force between Scan and Engage, and its improvement plan: moderators (the senior inspectorate)."""
    return role_of(user) == Role.MODERATOR


def tracked_item(user: AbstractBaseUser | AnonymousUser, pk: int) -> TrackedItem:
    """A tracked item for its page: 404 if it does not exist, or its inspection is not public and not the
    user's to work on. Whether the user may see it (may_see_force_items) is asked after sign-in."""
    item: TrackedItem | None = TrackedItem.objects.select_related("inspection").filter(pk=pk).first()
    if item is None or not (is_public(item.inspection) or may_work_on(user, item.inspection)):
        raise Http404("No such item")
    return item
