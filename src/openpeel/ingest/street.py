"""police.uk street-level crime files (-street.csv): one row per crime or anti-social behaviour incident."""

from __future__ import annotations

from openpeel.ingest.csvfile import Violation

SOURCE = "police_uk_street"
HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
TABLE = "street_crime"
COLUMNS = [
    "crime_id",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crime_type",
    "last_outcome",
    "context",
]

# police.uk's crime categories since 2013 (data.police.uk/docs/method/crime-categories).
CRIME_TYPES = frozenset(
    {
        "Anti-social behaviour",
        "Bicycle theft",
        "Burglary",
        "Criminal damage and arson",
        "Drugs",
        "Other crime",
        "Other theft",
        "Possession of weapons",
        "Public order",
        "Robbery",
        "Shoplifting",
        "Theft from the person",
        "Vehicle crime",
        "Violence and sexual offences",
    }
)


def _coordinate(text: str, column: str, line: int, low: float, high: float):
    if text == "":
        return None, None  # "No Location" rows are real crimes without a place: kept, not rejected
    try:
        v = float(text)
    except ValueError:
        return None, Violation(line, column, text, "must be a decimal number or empty")
    if not low <= v <= high:
        return None, Violation(line, column, text, f"must lie between {low} and {high}")
    return v, None


def parse(line: int, f: list[str], month: str, falls_within: str) -> tuple | list[Violation]:
    """One CSV record to a typed row, or the rules it breaks. `month` is the file's, as YYYY-MM."""
    if len(f) != len(HEADER):
        return [Violation(line, "(row)", None, f"has {len(f)} fields; the header has {len(HEADER)}")]
    errors = []
    if f[1] != month:
        errors.append(Violation(line, "Month", f[1], f"must be the file's month {month}"))
    if f[3] != falls_within:
        errors.append(Violation(line, "Falls within", f[3], f"must be the file's force, {falls_within!r}"))
    if f[9] not in CRIME_TYPES:
        errors.append(Violation(line, "Crime type", f[9], "must be a police.uk crime category"))
    lon, e1 = _coordinate(f[4], "Longitude", line, -9.0, 3.0)
    lat, e2 = _coordinate(f[5], "Latitude", line, 49.0, 61.0)
    errors += [e for e in (e1, e2) if e]
    if errors:
        return errors
    blank = lambda s: s or None  # noqa: E731  police.uk writes missing values as empty strings
    return (
        blank(f[0]),
        f[2],
        f[3],
        lon,
        lat,
        blank(f[6]),
        blank(f[7]),
        blank(f[8]),
        f[9],
        blank(f[10]),
        blank(f[11]),
    )
