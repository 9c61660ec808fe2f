"""Attach an indicator result to an inspection as a snapshot: the figures are copied from the warehouse at
attach time, so recomputing the warehouse later never changes what the evidence says."""

from __future__ import annotations

import datetime as dt
import math

import duckdb

from openpeel.indicators.read import assessment_row, force_panels, result_row
from openpeel.inspections.errors import EvidenceError
from openpeel.inspections.models import IndicatorSnapshot, Inspection
from openpeel.warehouse import connect


def snapshot_indicator(
    inspection: Inspection,
    indicator_id: str,
    period: dt.date | str | None = None,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    note: str = "",
) -> IndicatorSnapshot:
    """Copy the force's result for `indicator_id` (its headline period, or `period`: a date or 'YYYY-MM')
    into the inspection. Opens the configured warehouse read-only unless a connection is given."""
    own = con is None
    con = con or connect(read_only=True)
    try:
        panel = next((p for p in force_panels(con, inspection.force_id) if p.indicator.id == indicator_id), None)
        if panel is None:
            raise EvidenceError(f"The warehouse has no results of {indicator_id!r} for {inspection.force_id}.")
        wanted = _month(period) if period is not None else panel.period
        point = next((p for p in panel.series if p.period == wanted), None)
        if point is None:
            have = ", ".join(f"{p.period:%Y-%m}" for p in panel.series)
            raise EvidenceError(f"{indicator_id} has no result for {wanted:%Y-%m}; it has: {have}.")
        assessment = (
            panel.assessment
            if wanted == panel.period
            else assessment_row(con, panel.indicator.id, inspection.force_id, wanted)
        )
        denominator, computed_at = result_row(con, indicator_id, inspection.force_id, wanted)
    finally:
        if own:
            con.close()
    indicator = panel.indicator
    # The catalogue names the areas an indicator informs by PEEL 2023-25's ids; the snapshot keeps those the
    # inspection's own framework has (PEEL 2025-27 has no service for victims of crime, for one).
    nodes = {node.id for node, _ in inspection.framework.walk()}
    standard = (
        {**indicator.standard.model_dump(), "better": indicator.better} if indicator.standard is not None else None
    )
    return IndicatorSnapshot.objects.create(
        inspection=inspection,
        indicator_id=indicator.id,
        title=indicator.title_for(wanted),
        unit=indicator.unit,
        areas=[a for a in indicator.areas if a in nodes],
        period=wanted,
        value=point.value,
        ci_low=_finite(point.low),
        ci_high=_finite(point.high),
        numerator=point.numerator,
        denominator=denominator,
        suppressed=point.suppressed,
        peer_value=_finite(assessment.get("peer_value")),
        peer_low=_finite(assessment.get("peer_low")),
        peer_high=_finite(assessment.get("peer_high")),
        national_value=_finite(assessment.get("national_value")),
        national_low=_finite(assessment.get("national_low")),
        national_high=_finite(assessment.get("national_high")),
        rank=assessment.get("rank"),
        rank_of=assessment.get("rank_of"),
        vs_national=assessment.get("vs_national") or "",
        vs_peers=assessment.get("vs_peers") or "",
        spc_signals=list(point.signals),
        statements=list(assessment.get("statements") or []),
        standard=standard,
        synthetic=panel.synthetic,
        assessment=_plain(assessment),
        computed_at=computed_at,
        note=note,
    )


def _month(period: dt.date | str) -> dt.date:
    if isinstance(period, dt.date):
        return period.replace(day=1)
    try:
        return dt.datetime.strptime(period, "%Y-%m").date()
    except ValueError:
        raise EvidenceError(f"A period is a month written YYYY-MM, not {period!r}.") from None


def _finite(x):
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else x


def _plain(row: dict) -> dict:
    """The assessment row as JSON values (dates as ISO text, no NaN), for the snapshot's full copy."""
    out = {}
    for key, value in row.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, float):
            value = _finite(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out
