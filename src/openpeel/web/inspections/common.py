"""What every working page does first: ask access.py for the inspection, and whether the user may change it."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from openpeel.inspections import access
from openpeel.inspections.models import Inspection


def workspace(request, pk: int, *, edit: bool = False) -> Inspection:
    """The inspection for a working page: 404 to anyone who may not know it exists (anonymous visitors
    included, before any sign-in redirect), 403 where it is public but not theirs, 403 to change it when
    they may only read it."""
    inspection = access.workspace_inspection(request.user, pk)
    if edit:
        access.require(
            access.may_edit(request.user, inspection),
            f"{inspection} is {inspection.get_status_display().lower()}: you cannot change it now.",
        )
    return inspection


def signed_in(view):
    """General pages for signed-in roles send visitors to sign in (they reveal no particular inspection)."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def page(request, template: str, inspection: Inspection | None = None, status: int = 200, **context):
    """Render a working page with what every one of them shows: the inspection and what the user may do."""
    if inspection is not None:
        context.update(
            inspection=inspection,
            framework=inspection.framework,
            force=inspection.force,
            may_edit=access.may_edit(request.user, inspection),
        )
    return render(request, template, context, status=status)
