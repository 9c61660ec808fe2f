"""What the header offers: the public pages to everyone, and to a signed-in user the pages of their role.
Every page gets `navigation` (label, address) pairs and `current_framework` (the latest PEEL cycle)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from openpeel.frameworks import all_frameworks
from openpeel.inspections import access
from openpeel.inspections.models import Role
from openpeel.monitoring import access as monitoring_access


def current_framework():
    return all_frameworks()[-1]


def public_links() -> list[tuple[str, str]]:
    return [
        ("Forces", reverse("home") + "#forces"),
        ("National overview", reverse("publishing:national", kwargs={"framework_id": current_framework().id})),
        ("Published reports", reverse("publishing:reports")),
    ]


def role_links(user) -> list[tuple[str, str]]:
    """The pages a signed-in user's role works from, its start page first."""
    role = access.role_of(user)
    links = []
    if role == Role.INSPECTOR:
        links.append(("Your inspections", reverse("inspections:list")))
    elif role in (Role.MODERATOR, Role.ADMINISTRATOR):
        links.append(("Awaiting moderation" if role == Role.MODERATOR else "Inspections", reverse("inspections:list")))
    elif role in (Role.FORCE_LIAISON, Role.PCC_OFFICE):
        links.append(("Your force's items", reverse("monitoring:force", kwargs={"force_id": access.force_of(user)})))
    if monitoring_access.may_see_all_forces_monitoring(user):
        links.append(("Monitoring", reverse("monitoring:digest")))
    if role == Role.ADMINISTRATOR:
        links.append(("Users and settings", reverse("admin:index")))
    return links


def start_page(user) -> str:
    """Where a user lands after signing in: their role's first page, or the home page."""
    links = role_links(user)
    return links[0][1] if links else reverse("home")


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "navigation": public_links() + (role_links(user) if signed_in else []),
        "current_framework": current_framework(),
    }


def start(request):
    """/start/: sign-in lands here, and is sent on to the role's own start page."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(start_page(request.user))
