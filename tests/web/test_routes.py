"""Every route, asked as every role, gets the answer the route table says; no route is missing from the table."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .route_table import ROLES, Route

HERE = Path(__file__).parent
TABLE: list[Route] = [
    route
    for path in sorted(HERE.glob("routes_*.py"))
    for route in importlib.import_module(f"{__package__}.{path.stem}").ROUTES
]


def url_names(resolver: URLResolver = None, namespace: str = "") -> list[str]:
    """The name of every URL pattern, includes flattened, with its namespace; "<unnamed ...>" when it has none."""
    names = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names += url_names(p, ns)
        elif isinstance(p, URLPattern):
            names.append(f"{namespace}{p.name or f'<unnamed {p.pattern}>'}")
    return names


def test_every_route_is_in_the_table():
    listed = {r.name for r in TABLE}
    # The admin site's few unnamed patterns are Django's redirects and catch-all, staff-only like the rest.
    names = [n for n in url_names() if not n.startswith("admin:<unnamed")]
    missing = sorted(set(names) - listed)
    assert not missing, f"routes missing (every route needs a name and an entry) from the role × route table: {missing}"
    assert not listed - set(names), f"table entries for routes that do not exist: {sorted(listed - set(names))}"


def test_the_table_gives_every_role_an_answer():
    for route in TABLE:
        assert set(route.expect) == set(ROLES), f"{route.id}: roles missing {set(ROLES) - set(route.expect)}"
    ids = [r.id for r in TABLE]
    assert len(ids) == len(set(ids)), "two table entries share a route and label"


def ask(client, route: Route, world, role: str):
    client.logout()
    headers = {}
    if route.api_token:
        if world.tokens[role]:
            headers["Authorization"] = f"Bearer {world.tokens[role]}"
    elif world.users[role] is not None:
        client.force_login(world.users[role])
    return send(client, route, world, route.kwargs(world), **headers)


def send(client, route: Route, world, kwargs: dict, **headers):
    """The route's request, as its table entry describes it, to the URL made with `kwargs`."""
    url = reverse(route.name, kwargs=kwargs)
    body = route.data(world) if route.data else None
    if route.json:
        return client.generic(
            route.method, url, json.dumps(body or {}), content_type="application/json", headers=headers
        )
    if route.method == "POST":
        return client.post(url, body or {}, headers=headers)
    return client.generic(
        route.method, url, headers=headers, QUERY_STRING="&".join(f"{k}={v}" for k, v in route.query.items())
    )


@pytest.mark.parametrize("route", TABLE, ids=lambda r: r.id)
def test_route_answers_each_role_as_the_table_says(route, shared_world, db, client, demo_warehouse, monkeypatch):
    world = shared_world
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    wrong = {}
    for role in ROLES:
        # Each role asks the same world: a write by one is rolled back before the next asks.
        savepoint = transaction.savepoint()
        try:
            status = ask(client, route, world, role).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
        if status != route.expect[role]:
            wrong[role] = f"got {status}, expected {route.expect[role]}"
    assert not wrong, f"{route.id}: {wrong}"
