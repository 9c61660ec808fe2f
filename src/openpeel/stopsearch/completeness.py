"""How complete the police.uk stop and search files are, per force and month, and the note that goes beside
every figure made from them.

police.uk files have gaps: fields left blank, coordinates missing, every time set to midnight in some
months, rows published twice, and labels that changed over the years. A figure is only as good as the rows
behind it, so each one carries this note for its period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import duckdb

from openpeel.errors import OpenPeelError
from openpeel.stopsearch.population import NOT_STATED

# A month whose searches are mostly at exactly midnight (UK time) has no real times: police.uk's copy gave
# only the day (Cambridgeshire 2019-01). Searches do happen at midnight, so only a majority says so.
MIDNIGHT_SHARE = 0.5
LABEL_COLUMNS = (
    "legislation",
    "object_of_search",
    "self_defined_ethnicity_original",
    "officer_defined_ethnicity",
    "outcome_original",
)
LOCAL = "timezone('Europe/London', searched_at)"


class NoSearchesError(OpenPeelError):
    code = "no_stop_search_data"


@dataclass(frozen=True)
class Completeness:
    """Counts for a force and month (or, summed, for a period or several forces)."""

    searches: int
    set_aside: int  # rows repeated in the published file and kept out of the count
    vehicle_only: int  # vehicle searches: no person, so no ethnicity, by design
    self_defined_missing: int  # blank or "Not stated"
    officer_defined_missing: int
    outcome_missing: int
    link_blank: int  # "Outcome linked to object of search" left blank
    location_missing: int
    at_midnight: int
    reworded: int  # rows whose outcome or ethnicity police.uk published in older wording
    months: int = 1
    months_without_times: int = 0
    new_labels: tuple[str, ...] = ()  # labels first seen in this month for the force (vocabulary changes)

    def __add__(self, other: Completeness) -> Completeness:
        summed = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        return Completeness(**summed)

    @property
    def times_recorded(self) -> bool:
        return self.months_without_times == 0

    def note(self) -> str:
        """The completeness note shown beside a figure."""
        n = self.searches
        parts = [f"{n:,} searches in {self.months} month{'s' * (self.months != 1)}"]
        if self.set_aside:
            parts.append(f"{self.set_aside:,} repeated rows set aside")
        for count, what in (
            (self.self_defined_missing, "self-defined ethnicity not stated or blank"),
            (self.officer_defined_missing, "officer-defined ethnicity blank"),
            (self.outcome_missing, "outcome blank"),
            (self.link_blank, "outcome link to object blank"),
            (self.location_missing, "location blank"),
        ):
            if count:
                parts.append(f"{what} {count:,} ({_share(count, n)})")
        if self.vehicle_only:
            parts.append(f"{self.vehicle_only:,} vehicle-only searches (no person recorded)")
        if self.months_without_times:
            parts.append(f"times not recorded in {self.months_without_times} month(s) (all at midnight)")
        if self.reworded:
            parts.append(f"{self.reworded:,} rows in older police.uk wording, read in current wording")
        if self.new_labels and self.months == 1:
            parts.append(f"labels first used this month: {'; '.join(self.new_labels)}")
        elif self.new_labels:
            parts.append(f"{len(self.new_labels)} labels first used in these months (vocabulary changes)")
        return "Completeness: " + ", ".join(parts) + "."


def _share(count: int, of: int) -> str:
    return f"{100 * count / of:.0f}%" if of else "-"


MonthKey = tuple[str, date]


def by_month(con: duckdb.DuckDBPyConnection, force_ids: list[str] | None = None) -> dict[MonthKey, Completeness]:
    """(force id, month) -> its completeness, for the given forces (default every force with searches)."""
    scope, params = ("WHERE force_id IN (SELECT unnest(?))", [force_ids]) if force_ids is not None else ("", [])
    rows = con.execute(
        f"""
        SELECT force_id, month, count(*),
          count(*) FILTER (search_type = 'Vehicle search'),
          count(*) FILTER (self_defined_ethnicity IS NULL OR self_defined_ethnicity = '{NOT_STATED}'),
          count(*) FILTER (officer_defined_ethnicity IS NULL),
          count(*) FILTER (outcome IS NULL),
          count(*) FILTER (outcome_linked IS NULL),
          count(*) FILTER (latitude IS NULL OR longitude IS NULL),
          count(*) FILTER (strftime({LOCAL}, '%H:%M:%S') = '00:00:00'),
          count(*) FILTER (outcome_original IS DISTINCT FROM outcome
                           OR self_defined_ethnicity_original IS DISTINCT FROM self_defined_ethnicity)
        FROM stop_search {scope} GROUP BY ALL ORDER BY ALL
        """,
        params,
    ).fetchall()
    set_aside = dict(
        (
            ((f, m), n)
            for f, m, n in con.execute(
                "SELECT force_id, month, sum(repeats_set_aside) FROM source_file WHERE source LIKE '%stop_and_search%' "
                "GROUP BY ALL"
            ).fetchall()
        )
    )
    firsts = _first_seen(con, scope, params)
    out = {}
    for force, month, n, vehicle, sd, od, outcome, link, loc, midnight, reworded in rows:
        out[force, month] = Completeness(
            searches=n,
            set_aside=int(set_aside.get((force, month)) or 0),
            vehicle_only=vehicle,
            self_defined_missing=sd,
            officer_defined_missing=od,
            outcome_missing=outcome,
            link_blank=link,
            location_missing=loc,
            at_midnight=midnight,
            reworded=reworded,
            months_without_times=int(midnight > MIDNIGHT_SHARE * n),
            new_labels=tuple(firsts.get((force, month), ())),
        )
    return out


def _first_seen(con: duckdb.DuckDBPyConnection, scope: str, params: list[Any]) -> dict[tuple[str, date], list[str]]:
    """Labels a force used for the first time in a month other than its first: police.uk vocabulary changes."""
    unions = " UNION ALL ".join(
        f"SELECT force_id, month, '{c}' AS col, {c} AS label FROM stop_search {scope}" for c in LABEL_COLUMNS
    )
    rows = con.execute(
        f"""
        WITH l AS ({unions}), first AS (SELECT force_id, col, label, min(month) AS month FROM l
                                        WHERE label IS NOT NULL GROUP BY ALL),
             start AS (SELECT force_id, min(month) AS month FROM stop_search {scope} GROUP BY ALL)
        SELECT f.force_id, f.month, f.col, f.label FROM first f JOIN start s USING (force_id)
        WHERE f.month > s.month ORDER BY ALL
        """,
        params * (len(LABEL_COLUMNS) + 1),
    ).fetchall()
    out: dict[tuple[str, date], list[str]] = {}
    for force, month, col, label in rows:
        out.setdefault((force, month), []).append(f"{col.replace('_original', '').replace('_', ' ')} {label!r}")
    return out


def summed(months: dict[tuple[str, date], Completeness], keys: Iterable[tuple[str, date]]) -> Completeness:
    """The completeness of several force-months together (a year, a peer group)."""
    found = [months[k] for k in keys if k in months]
    if not found:
        raise NoSearchesError("no stop and search rows for the period asked")
    total = found[0]
    for c in found[1:]:
        total = total + c
    return total
