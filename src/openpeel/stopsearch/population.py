"""Residents of each police force area by ethnic group (2011 Census, table QS201EW), and the broad group each
police.uk self-defined ethnicity label belongs to.

The census file is the one the force registry and peer groups already use (forces/data/sources, with its
origin in ATTRIBUTION.md there): QS201EW summed from local authorities to police force areas.
"""

from __future__ import annotations

import csv
from functools import cache

from openpeel.errors import DataFileError, UnknownForceError
from openpeel.forces import get_force
from openpeel.forces.peer_groups import DEMOGRAPHICS

SOURCE = "ONS 2011 Census, usual residents by ethnic group (QS201EW), summed to police force areas"
YEAR = 2011

# The five broad groups of the 2011 Census ethnic group question, in the order tables show them. police.uk's
# self-defined labels are "<group> - <detail>" with the census group names; officer-defined ethnicity uses
# the short names (and has no Mixed).
GROUPS = ("White", "Mixed", "Asian", "Black", "Other")
LABEL_PREFIX = {
    "White": "White",
    "Mixed/Multiple ethnic groups": "Mixed",
    "Asian/Asian British": "Asian",
    "Black/African/Caribbean/Black British": "Black",
    "Other ethnic group": "Other",
}
NOT_STATED = "Other ethnic group - Not stated"
MISSING = "Not stated or blank"  # shown as a group of its own: never dropped
REFERENCE = "White"  # ratios compare each group with White residents, as the Home Office does
_COLUMN = "Ethnic Group: {}; measures: Value"
_TOTAL = _COLUMN.format("All categories: Ethnic group")


def group_sql(column: str) -> str:
    """SQL: the broad group of a self-defined ethnicity label (already in current wording), or MISSING."""
    whens = " ".join(f"WHEN {column} LIKE '{prefix} - %' THEN '{g}'" for prefix, g in LABEL_PREFIX.items())
    return f"CASE WHEN {column} IS NULL OR {column} = '{NOT_STATED}' THEN '{MISSING}' {whens} ELSE '{MISSING}' END"


@cache
def residents_by_group() -> dict[str, dict[str, int]]:
    """Force id -> {broad group: usual residents, "All": total}."""
    out = {}
    with DEMOGRAPHICS.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                counts = {g: int(row[_COLUMN.format(g)]) for g in GROUPS}
                counts["All"] = int(row[_TOTAL])
                out[get_force(row["PFA16NM"]).id] = counts
            except (KeyError, ValueError, UnknownForceError) as e:
                raise DataFileError(DEMOGRAPHICS, f"unreadable row: {e}", line=line) from None
            if sum(counts[g] for g in GROUPS) != counts["All"]:
                raise DataFileError(DEMOGRAPHICS, "the five groups do not add up to all residents", line=line)
    return out


def residents(force_id: str, group: str) -> int:
    try:
        return residents_by_group()[force_id][group]
    except KeyError:
        raise DataFileError(DEMOGRAPHICS, f"no 2011 residents for force {force_id!r}, group {group!r}") from None
