"""Publishing tests: inspections built and carried to publication through the real models and workflow."""

import datetime as dt

import pytest
from django.utils import timezone

from openpeel.demo.examples import WORKED_EXAMPLE, example_inspection, publish_example
from openpeel.inspections.audit import acting_as
from openpeel.warehouse import connect

EMBARGO = timezone.make_aware(dt.datetime(2025, 3, 12, 0, 1), timezone.get_fixed_timezone(0))


@pytest.fixture(autouse=True)
def inspector():
    with acting_as("test-inspector") as name:
        yield name


@pytest.fixture
def warehouse(demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    con = connect(demo_warehouse, read_only=True)
    yield con
    con.close()


@pytest.fixture
def worked_example(db, warehouse):
    """Cambridgeshire, PEEL 2023-25, scheduled with its embargo at EMBARGO."""
    inspection = example_inspection("cambridgeshire", WORKED_EXAMPLE, con=warehouse)
    publish_example(inspection, moderator="test-moderator", embargo_at=EMBARGO, now=EMBARGO - dt.timedelta(days=7))
    return inspection


@pytest.fixture
def demo_report(db, warehouse, tmp_path):
    """The demo's worked example: Cambridgeshire's published PEEL 2023-25 inspection as `openpeel demo` seeds
    it, built into files by the demo's own step. (inspection, {suffix: path})."""
    from openpeel.demo.examples import build_demo_report
    from openpeel.demo.monitoring import seed_monitoring

    inspection = seed_monitoring(con=warehouse).inspection
    files = build_demo_report(inspection, tmp_path / "reports")
    return inspection, {
        path.name.removeprefix(f"{inspection.force_id}-{inspection.framework_id}"): path for path in files
    }
