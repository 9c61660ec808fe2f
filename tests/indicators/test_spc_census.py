"""SPC on a rate whose residents change census in April 2021: the denominator steps there (Cambridgeshire's
residents rise by a tenth), so one chart across it would call the step a change in the process. The series is
split at April 2021 as at a gap. Residents are summed by hand from the bundled ONS files (residents_by_hand.py);
means are worked out here."""

from __future__ import annotations

from datetime import date

import pytest

from openpeel.indicators.assess import assess
from openpeel.indicators.backends import duckdb_engine
from openpeel.indicators.catalogue import get_indicator
from openpeel.indicators.engine import compute_catalogue, store
from openpeel.indicators.spc import xmr

from .residents_by_hand import CAMBS_PFA, census_2011, census_2021, local_authorities
from .test_indicator_catalogue import CAMBS, warehouse

# October 2020 to September 2021: the same searches each half year, either side of April 2021
MONTHS = [date(2020, m, 1) for m in range(10, 13)] + [date(2021, m, 1) for m in range(1, 10)]
COUNTS = [100, 102, 99, 101, 100, 98] * 2


@pytest.fixture(scope="module")
def assessed():
    rows = [{"month": m} for m, n in zip(MONTHS, COUNTS, strict=True) for _ in range(n)]
    con = warehouse(stop_search=rows)
    indicator = get_indicator("stop-search-per-1000")
    store(con, compute_catalogue(duckdb_engine(con), [indicator]))
    assess(con, [indicator])
    got = {
        period: (mean, signals, note)
        for period, mean, signals, note in con.execute(
            "SELECT period, spc_mean, spc_signals, spc_note FROM indicator_assessment "
            "WHERE indicator_id = 'stop-search-per-1000' AND force_id = ? ORDER BY period",
            [CAMBS],
        ).fetchall()
    }
    values = [v for (v,) in con.execute(
        "SELECT value FROM indicator_result WHERE indicator_id = 'stop-search-per-1000' ORDER BY period"
    ).fetchall()]  # fmt: skip
    con.close()
    return got, values


def test_the_series_is_split_at_april_2021_and_each_half_has_its_own_mean(assessed):
    got, _ = assessed
    before, after = census_2011("Cambridgeshire"), census_2021(set(local_authorities(CAMBS_PFA)))
    half = sum(COUNTS[:6]) / 6
    assert got[date(2021, 3, 1)][0] == pytest.approx(half * 1000 / before)
    assert got[date(2021, 4, 1)][0] == pytest.approx(half * 1000 / after)
    assert all(signals == [] for _, signals, _ in got.values())
    assert "the series is split at April 2021, where its residents change census" in got[date(2021, 9, 1)][2]
    assert "limits from 6 points, April 2021 to September 2021" in got[date(2021, 9, 1)][2]


def test_one_chart_across_the_change_of_census_would_have_invented_signals(assessed):
    """The fault the split removes: the step in the denominator puts points beyond one chart's limits."""
    _, values = assessed
    whole = xmr(list(zip(MONTHS, values, strict=True)))
    assert any(s.rule == "beyond_limit" for s in whole.signals)
