"""Indicator results attached as evidence are copies: recomputing the warehouse leaves them as they were."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile

import pytest

from openpeel.config import bundled_street_archive
from openpeel.demo.factories import make_inspection
from openpeel.indicators.engine import compute_all
from openpeel.indicators.read import force_panels
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.inspections.audit import state
from openpeel.inspections.errors import EvidenceError
from openpeel.inspections.models import IndicatorSnapshot
from openpeel.inspections.snapshots import snapshot_indicator
from openpeel.warehouse import connect

pytestmark = pytest.mark.django_db
CAMBRIDGESHIRE_2019_01 = "2019-01/2019-01-cambridgeshire-street.csv"


def unpack(root, *names):
    with zipfile.ZipFile(bundled_street_archive()) as z:
        for name in names:
            z.extract(name, root)
    return root


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    """Cambridgeshire's street crimes for January 2019, ingested and computed: once for the module."""
    folder = tmp_path_factory.mktemp("snapshot-warehouse")
    con = connect(folder / "warehouse.duckdb")
    ingest_police_uk(con, unpack(folder / "archive", CAMBRIDGESHIRE_2019_01))
    compute_all(con)
    con.close()
    return folder / "warehouse.duckdb"


@pytest.fixture
def warehouse(small_warehouse, tmp_path, monkeypatch):
    """A copy this test may recompute, set as the configured warehouse."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(small_warehouse, path)
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(path))
    return path


def test_recomputing_the_warehouse_leaves_the_snapshot_unchanged(warehouse, tmp_path):
    inspection = make_inspection(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    snap = snapshot_indicator(inspection, "asb-per-1000")  # opens the configured warehouse read-only
    attached = state(IndicatorSnapshot.objects.get(pk=snap.pk))
    assert (snap.period, snap.numerator, snap.unit) == (dt.date(2019, 1, 1), 1231.0, "incidents per 1,000 residents")
    assert snap.national_value is None and snap.rank_of is None  # the only force: nothing pooled, no rank
    assert snap.ci_low < snap.value < snap.ci_high and snap.denominator > 800_000
    assert snap.areas == ["preventing-crime"] and snap.computed_at is not None and not snap.synthetic

    # More forces arrive and the catalogue is recomputed: the warehouse's answer changes ...
    con = connect(warehouse)
    ingest_police_uk(con, unpack(tmp_path / "more", "2019-01/2019-01-norfolk-street.csv"))
    compute_all(con)
    panel = next(p for p in force_panels(con, "cambridgeshire") if p.indicator.id == "asb-per-1000")
    con.close()
    # two forces now: a pooled England and Wales figure (still no rank, which needs ten)
    assert panel.assessment["national_counted"] == 2 and panel.assessment["national_value"] is not None

    # ... and the evidence still says what the inspector saw.
    kept = IndicatorSnapshot.objects.get(pk=snap.pk)
    assert state(kept) == attached
    assert (kept.rank_of, kept.national_value) == (None, None)


def test_a_chosen_month_and_the_indicators_standard_are_copied(warehouse):
    inspection = make_inspection(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    snap = snapshot_indicator(inspection, "burglary-per-1000", "2019-01", note="Read beside the force's own figures.")
    assert snap.period == dt.date(2019, 1, 1) and snap.note.startswith("Read beside")
    assert snap.standard is None and snap.meets_standard() is None
    assert snap.assessment["national_counted"] == 1


def test_asking_for_a_result_the_warehouse_does_not_have_is_a_clear_error(warehouse):
    inspection = make_inspection(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    with pytest.raises(EvidenceError, match="no results of 'charge-rate' for cambridgeshire"):
        snapshot_indicator(inspection, "charge-rate")
    with pytest.raises(EvidenceError, match="no result for 2018-12; it has: 2019-01"):
        snapshot_indicator(inspection, "asb-per-1000", "2018-12")
    with pytest.raises(EvidenceError, match="YYYY-MM"):
        snapshot_indicator(inspection, "asb-per-1000", "January")
    assert not IndicatorSnapshot.objects.exists()


def test_a_snapshot_from_outside_the_inspection_period_is_flagged_and_reported_only_as_context(warehouse):
    from openpeel.publishing.report import build_report

    inside = snapshot_indicator(make_inspection(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31)), "asb-per-1000")
    assert inside.within_period
    later = make_inspection(framework="peel-2025-27", start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))
    snap = snapshot_indicator(later, "asb-per-1000")  # January 2019, the only month in this warehouse
    assert not snap.within_period and snap.areas == ["preventing-crime"]  # an area of PEEL 2025-27 too
    report = build_report(later)
    [entry] = report.annex
    assert entry.context == (
        "Context only: January 2019 is outside the inspection period (1 April 2025 to 31 March 2026); "
        "the figure is not evidence of performance in that period."
    )
    area = next(s for s in report.sections if s.id == "preventing-crime")
    assert area.context == [entry.id] and entry.id not in area.indicators


def test_a_snapshot_names_only_areas_its_inspections_framework_has(warehouse):
    # The catalogue names PEEL 2023-25's areas; PEEL 2018/19's pillars and questions have none of those ids.
    older = make_inspection(framework="peel-2018-19", start=dt.date(2018, 4, 1), end=dt.date(2019, 3, 31))
    assert snapshot_indicator(older, "asb-per-1000").areas == []
