"""schemathesis against the API's own OpenAPI document, in-process through Django's WSGI application: every
operation, fed generated paths, queries and bodies, as the public and as an assigned inspector (bearer token)
on the small world of conftest.py (one per module; each test's writes rolled back). No answer may be a server
error, and every answer must match the document (status code, content type, body). A few examples per
operation keep it a suite test; `make hardening` runs more (OPENPEEL_SCHEMATHESIS_EXAMPLES)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES = int(os.environ.get("OPENPEEL_SCHEMATHESIS_EXAMPLES", "4"))
# Every check but one: a body the document allows may still be refused (422) for what a schema cannot say:
# a force or framework that does not exist, a period that ends before it starts, a move the workflow forbids.
NOT_EXPRESSIBLE = [positive_data_acceptance]
# The in-process WSGI client does not undo Content-Encoding; public reads are gzipped for clients that ask
# (openpeel.web.public_cache), so these ask for the plain body.
PLAIN = {"Accept-Encoding": "identity"}
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)


# Loaded as the tests are collected (the document needs no database): one test per operation.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _warehouse(demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))


@pytest.fixture(autouse=True)
def _one_connection():
    """The WSGI application closes the database connection after each request (close_old_connections), which
    would close the test's own transaction on PostgreSQL; Django's test client stops that the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@BOUNDED
def test_the_api_as_the_public(case, shared_world, db):
    case.call_and_validate(headers=PLAIN, excluded_checks=NOT_EXPRESSIBLE)


@schema.parametrize()
@BOUNDED
def test_the_api_as_an_inspector(case, shared_world, db):
    token = {"Authorization": f"Bearer {shared_world.tokens['inspector']}", **PLAIN}
    case.call_and_validate(headers=token, excluded_checks=NOT_EXPRESSIBLE)
