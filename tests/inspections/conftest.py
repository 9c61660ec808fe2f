"""Fixtures shared by the inspections tests: every change is made by someone (the audit trail insists)."""

import pytest

from openpeel.demo.factories import make_inspection
from openpeel.inspections.audit import acting_as


@pytest.fixture(autouse=True)
def inspector():
    with acting_as("test-inspector") as name:
        yield name


@pytest.fixture
def inspection():
    return make_inspection()
