"""The OpenAPI document is valid and lists every operation; the docs page runs under the strict CSP."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from openpeel.web.api import api

from .route_table import Route
from .test_routes import TABLE, url_names


def operations():
    """(method, url name, operation id) of every operation the API serves."""
    return [
        (method, f"api:{op.url_name}", op.operation_id)
        for _, router in api._routers
        for view in router.path_operations.values()
        for op in view.operations
        for method in op.methods
    ]


def test_the_openapi_document_is_valid_and_lists_every_operation(client, db):
    document = client.get("/api/openapi.json").json()
    validate(document)
    documented = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert documented == {op_id for _, _, op_id in operations()}
    # One URL name per operation, besides the document, the docs page and ninja's /api/ root.
    api_names = [n for n in url_names() if n.startswith("api:")]
    assert len(documented) == len(operations()) == len(api_names) - 3
    # Anonymous callers are served too (as the public): every operation's security allows none.
    assert all({} in op["security"] for path in document["paths"].values() for op in path.values())
    assert set(document["components"]["securitySchemes"]) == {"BearerToken", "Session"}


def test_every_operation_is_in_the_role_by_route_table():
    listed = {(r.method, r.name) for r in TABLE if isinstance(r, Route)}
    missing = [(m, name) for m, name, _ in operations() if (m, name) not in listed]
    assert not missing, f"API operations missing from tests/web/routes_api.py: {missing}"


def test_the_docs_page_has_no_inline_script_and_its_assets_are_served(client, db):
    page = client.get("/api/docs").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    # Code comes only from files; the one inline block is JSON data, which browsers never execute.
    assert all('src="' in attrs or ('type="application/json"' in attrs) for attrs, _ in scripts)
    assert "style=" not in page and "cdn" not in page.lower()
    for asset in re.findall(r'(?:src|href)="(/assets/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.browser
def test_swagger_ui_renders_every_operation_in_chromium(browser, live_server, db):
    page = browser.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() == len(operations())
    assert refused == []
    page.close()
