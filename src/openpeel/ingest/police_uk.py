"""police.uk archive downloads: a folder or zip laid out as YYYY-MM/YYYY-MM-<force>-<kind>.csv, holding
street-level crime, outcomes and stop and search files for any forces and months."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import duckdb

from openpeel.errors import IngestError, UnknownForceError
from openpeel.forces import get_force
from openpeel.ingest.pipeline import FileReport, IngestReport, SourceFile, load_all
from openpeel.ingest.schema import Check
from openpeel.ingest.source import FileContext, Source
from openpeel.ingest.vocabulary import normalised

ARCHIVE_FILE = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<slug>[a-z0-9-]+?)-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)
SCHEMAS = Path(str(files("openpeel.ingest").joinpath("schemas", "police_uk")))


def _month_and_force(ctx: FileContext) -> list[Check]:
    # ctx_* are the file's own values (from its name), beside each of its rows in staging
    return [
        Check("Month", '"Month" = ctx_month', "must be the month in the file's name"),
        Check(
            "Falls within",
            '"Falls within" = ctx_falls_within',
            "must be the police.uk name of the file's force",
        ),
    ]


SOURCES = {
    "street": Source(
        "police_uk_street",
        "street_crime",
        SCHEMAS / "street.schema.json",
        derived=lambda ctx: [normalised("Last outcome category", "crime_outcome", "last_outcome")],
        extra_checks=_month_and_force,
    ),
    "outcomes": Source(
        "police_uk_outcomes",
        "crime_outcome",
        SCHEMAS / "outcomes.schema.json",
        derived=lambda ctx: [normalised("Outcome type", "crime_outcome", "outcome")],
        extra_checks=_month_and_force,
    ),
    "stop-and-search": Source(
        "police_uk_stop_and_search",
        "stop_search",
        SCHEMAS / "stop-and-search.schema.json",
        repeats="halve_if_doubled",
        derived=lambda ctx: [
            normalised("Self-defined ethnicity", "self_defined_ethnicity", "self_defined_ethnicity"),
            normalised("Outcome", "stop_search_outcome", "outcome"),
            "CAST(f.ctx_month || '-01' AS DATE) AS month",
        ],
    ),
}


@dataclass(frozen=True)
class ArchiveFile:
    path: Path
    month: date
    slug: str  # the police.uk force id, e.g. "cambridgeshire"
    kind: str  # street | outcomes | stop-and-search


def ingest_police_uk(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    on_file: Callable[[str], None] = lambda _: None,
    on_start: Callable[[int], None] = lambda _: None,
) -> IngestReport:
    """Ingest every file of the archive in one transaction: a failure leaves the warehouse unchanged."""
    report = IngestReport()
    with opened_archive(path) as archive, tempfile.TemporaryDirectory(prefix="openpeel-") as work:
        on_start(len(archive))
        batches = []
        for kind, source in SOURCES.items():
            batch = []
            for af in (af for af in archive if af.kind == kind):
                try:
                    force = get_force(af.slug)
                except UnknownForceError:
                    report.files.append(
                        _skipped(af, f"{af.slug!r} is not one of the forces of England and Wales in the registry")
                    )
                    on_file(af.path.name)
                    continue
                month = f"{af.month:%Y-%m}"
                ctx = FileContext(force.id, month, {"month": month, "falls_within": force.police_uk_name})
                batch.append(SourceFile(af.path, ctx, f"{source.name}/{force.id}/{month}", af.month))
            if batch:
                batches.append((batch, source))
        report.files += load_all(con, batches, Path(work), on_file)
    return report


def _skipped(af: ArchiveFile, why: str) -> FileReport:
    """A file left out is counted and said, never dropped silently."""
    with open(af.path, "rb") as f:
        rows = max(sum(1 for _ in f) - 1, 0)
    return FileReport(af.path.name, None, "skipped", rows_read=rows, note=f"{rows:,} rows not loaded: {why}")


@contextmanager
def opened_archive(path: Path) -> Iterator[list[ArchiveFile]]:
    """List the archive's files; a zip is unpacked to a temporary folder for the duration."""
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    if path.is_dir():
        yield _listing(path)
    elif zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="openpeel-") as tmp, zipfile.ZipFile(path) as z:
            z.extractall(tmp)  # extractall drops absolute paths and ".." so nothing lands outside tmp
            yield _listing(Path(tmp))
    else:
        raise IngestError(f"{path}: expected a folder or a .zip in the police.uk archive layout")


def _listing(root: Path) -> list[ArchiveFile]:
    found = []
    for p in sorted(root.rglob("*.csv")):
        m = ARCHIVE_FILE.match(p.name)
        if m is None:
            continue
        year, month = map(int, m["month"].split("-"))
        found.append(ArchiveFile(p, date(year, month, 1), m["slug"], m["kind"]))
    if not found:
        raise IngestError(f"{root}: no police.uk files (YYYY-MM-<force>-street.csv and the like) found")
    return found
