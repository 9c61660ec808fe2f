"""What a force's data return says about one investigation: read from the warehouse for case file review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb


@dataclass(frozen=True)
class FileFacts:
    """What the force's return says about one investigation, shown beside the checklist."""

    investigation: dict[str, Any] | None
    reviews: list[dict[str, Any]]
    victim_contacts: list[dict[str, Any]]


def file_facts(con: duckdb.DuckDBPyConnection, force: str, ref: str) -> FileFacts:
    """One investigation in the force's return, its supervisory reviews and its victim contacts."""
    investigation = _rows(
        con,
        "SELECT offence_code, recorded_at, domestic_abuse, allocated_at, allocated_unit, review_interval_days, "
        "outcome_type, outcome_date FROM return_investigation WHERE force_id = ? AND crime_reference = ?",
        [force, ref],
    )
    reviews = _rows(
        con,
        "SELECT review_seq, reviewed_at, reviewer_rank, review_type FROM return_supervisory_review "
        "WHERE force_id = ? AND crime_reference = ? ORDER BY review_seq",
        [force, ref],
    )
    contacts = _rows(
        con,
        "SELECT contact_seq, contacted_at, contact_type, code_compliant FROM return_victim_contact "
        "WHERE force_id = ? AND crime_reference = ? ORDER BY contact_seq",
        [force, ref],
    )
    return FileFacts(investigation[0] if investigation else None, reviews, contacts)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[str]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
