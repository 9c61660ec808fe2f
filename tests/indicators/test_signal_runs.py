"""Signals read back from indicator_assessment: the stored label "rule: direction (caveat)" gives the direction
as a word and the caveat as a flag. Found by running the Django-backed tests on PostgreSQL: a provisional
signal's whole "improvement (provisional limits, 5 points)" was stored as its direction, longer than the
sighting's 20-character column (SQLite let it through), and the risk view never counted it as a deterioration."""

from __future__ import annotations

import datetime as dt

from openpeel.indicators.read import signal_runs
from openpeel.monitoring.models import SignalSighting
from openpeel.warehouse import connect


def test_a_provisional_signal_reads_as_its_direction_with_a_flag():
    con = connect(":memory:")
    rows = [
        ("2019-01-01", []),
        ("2019-02-01", ["beyond_limit: deterioration (provisional limits, 5 points)"]),
        ("2019-03-01", ["beyond_limit: deterioration (provisional limits, 5 points)"]),
        ("2019-04-01", ["two_of_three: improvement"]),
    ]
    for period, signals in rows:
        con.execute(
            "INSERT INTO indicator_assessment (indicator_id, force_id, period, suppressed, spc_signals, computed_at) "
            "VALUES ('asb-per-1000', 'cambridgeshire', ?, false, ?, now())",
            [period, signals],
        )
    runs = {(r.rule, r.direction, r.provisional, r.start, r.end) for r in signal_runs(con)}
    assert runs == {
        ("beyond_limit", "deterioration", True, dt.date(2019, 2, 1), dt.date(2019, 3, 1)),
        ("two_of_three", "improvement", False, dt.date(2019, 4, 1), dt.date(2019, 4, 1)),
    }
    widest = {f.name: f.max_length for f in SignalSighting._meta.fields if f.name in ("rule", "direction")}
    assert all(len(r.rule) <= widest["rule"] and len(r.direction) <= widest["direction"] for r in signal_runs(con))
