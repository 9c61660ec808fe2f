"""The role × route table: every route of the web app and API, asked as every role, with the answer each
must get. Each part of the app lists its routes in a `routes_<part>.py` module beside this one (a list
called ROUTES); test_routes.py checks the answers and that no route of the URL configuration is missing.

Answers: 200 (or 201/204 for an API write), 302 (a redirect: sign in first, or after a form is accepted),
403 (you may know it exists but not do this), 404 (not yours to know about), 405 (wrong method).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Everyone the app can be asked by. "inspector" is assigned to the world's inspections; "other_inspector"
# is not; "liaison" and "pcc" belong to the world's force (Cambridgeshire), "other_liaison" to Norfolk.
ROLES = (
    "anonymous",
    "public_user",
    "inspector",
    "other_inspector",
    "moderator",
    "liaison",
    "other_liaison",
    "pcc",
    "administrator",
)


@dataclass(frozen=True)
class Route:
    name: str  # the URL pattern's name, with its namespace ("admin:index", "inspections:task-list")
    expect: dict[str, int]  # role -> status; every role in ROLES must be given
    kwargs: Callable[[object], dict] = lambda world: {}  # URL arguments, from the World fixture
    method: str = "GET"
    data: Callable[[object], dict] | None = None  # form or JSON body for writes, from the World fixture
    json: bool = False  # send `data` as JSON (the API)
    api_token: bool = False  # authenticate with the role's API token instead of a session
    label: str = ""  # tells two entries for the same route apart (e.g. "draft", "published")
    query: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}" + (f" [{self.label}]" if self.label else "")


def everyone(status: int, **overrides: int) -> dict[str, int]:
    """The same answer for every role, except those named."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in route table: {sorted(unknown)}")
    return {role: overrides.get(role, status) for role in ROLES}


def inspectorate(status: int, other: int, **overrides: int) -> dict[str, int]:
    """`status` for the inspectors (assigned), moderators and administrators; `other` for everyone else."""
    base = {r: (status if r in ("inspector", "moderator", "administrator") else other) for r in ROLES}
    base.update(overrides)
    return base
