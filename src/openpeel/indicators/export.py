"""Indicator results as a published table: CSV, Excel or Parquet, with suppression applied.

Every row carries the figure's definition link (indicator id and title), period, source, interval and how it
compares; counts under 10 are blanked and marked suppressed, never shown as 0. Text cells that a
spreadsheet would run as a formula (starting =, +, - or @) are prefixed with an apostrophe.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openpeel.forces import all_forces
from openpeel.indicators.catalogue import SUPPRESSIBLE_KINDS, Indicator, catalogue
from openpeel.indicators.stats import SUPPRESS_BELOW
from openpeel.warehouse.sql import FORMULA_START

FORMATS = ("csv", "xlsx", "parquet")


def published_table(con: duckdb.DuckDBPyConnection) -> pa.Table:
    # One row per indicator and span of periods with the same census (a rate's title and sources name it).
    spans = [(i, since, until) for i in catalogue().values() for since, until in _census_spans(i)]
    meta = pa.table(
        {
            "indicator_id": [i.id for i, _, _ in spans],
            "since": pa.array([since for _, since, _ in spans], pa.date32()),
            "until": pa.array([until for _, _, until in spans], pa.date32()),
            "title": [i.title_for(since) for i, since, _ in spans],
            "unit": [i.unit for i, _, _ in spans],
            "kind": [i.kind for i, _, _ in spans],
            "sources": ["; ".join(i.sources_for(since)) for i, since, _ in spans],
        }
    )
    forces = pa.table({"force_id": [f.id for f in all_forces()], "force": [f.name for f in all_forces()]})
    con.register("_meta", meta)
    con.register("_forces", forces)
    try:
        return (
            con.execute(f"""
            SELECT r.indicator_id, m.title, r.force_id, f.force, r.period, m.unit,
                   s.suppress AS suppressed,
                   CASE WHEN s.suppress THEN NULL ELSE r.numerator END AS numerator,
                   r.denominator,
                   CASE WHEN s.suppress THEN NULL ELSE r.value END AS value,
                   CASE WHEN s.suppress THEN NULL ELSE r.ci_low END AS ci_low,
                   CASE WHEN s.suppress THEN NULL ELSE r.ci_high END AS ci_high,
                   a.peer_value, a.national_value, a.rank, a.rank_of, a.vs_national, a.vs_national_p,
                   a.vs_peers, a.vs_peers_p, a.spc_mean, a.spc_lower, a.spc_upper,
                   array_to_string(a.spc_signals, '; ') AS spc_signals,
                   a.spc_note,
                   array_to_string(a.statements, ' ') AS statements, m.sources
            FROM indicator_result r
            JOIN _meta m USING (indicator_id)
            JOIN _forces f USING (force_id)
            CROSS JOIN LATERAL (
                SELECT m.kind IN {SUPPRESSIBLE_KINDS} AND r.numerator < {SUPPRESS_BELOW} AS suppress) s
            LEFT JOIN indicator_assessment a USING (indicator_id, force_id, period)
            WHERE r.period >= m.since AND r.period < m.until
            ORDER BY r.indicator_id, r.period, r.force_id""")
            .arrow()
            .read_all()
        )
    finally:
        con.unregister("_meta")
        con.unregister("_forces")


def _census_spans(indicator: Indicator) -> list[tuple[date, date]]:
    """The spans of periods [since, until) within which the indicator divides by one census (one for the rest)."""
    starts = [r.since or date.min for r in indicator.residents] or [date.min]
    return list(zip(starts, [*starts[1:], date.max], strict=True))


def neutralise(table: pa.Table) -> pa.Table:
    """Defuse spreadsheet formulas in text cells (CSV and Excel injection)."""
    columns = []
    for name in table.column_names:
        column = table[name]
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pa.array(
                [("'" + v) if v and v.startswith(FORMULA_START) else v for v in column.to_pylist()], pa.string()
            )
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def export(con: duckdb.DuckDBPyConnection, path: Path, fmt: str) -> int:
    table = published_table(con)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        pq.write_table(table, path)
    elif fmt == "csv":
        pacsv.write_csv(neutralise(table), path)
    else:
        _write_xlsx(neutralise(table), path)
    return int(table.num_rows)  # pyarrow has no types


def _write_xlsx(table: pa.Table, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("indicators")
    sheet.append(table.column_names)
    for row in table.to_pylist():
        sheet.append([v for v in row.values()])
    book.save(path)
