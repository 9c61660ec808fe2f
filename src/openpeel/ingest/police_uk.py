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
# A member of a zip: a police.uk file name, at the top or in its month's folder. Nothing else is unpacked.
ZIP_MEMBER = re.compile(r"^(?:\d{4}-\d{2}/)?" + ARCHIVE_FILE.pattern.lstrip("^"))


@dataclass(frozen=True)
class ZipLimits:
    """What a police.uk zip may unpack to. The largest real file (the Met's street crimes for a month) is
    about 20 MB, and CSV deflates about 5 to 10 to 1; a zip bomb deflates 1,000 to 1 and more."""

    member_bytes: int = 1 << 30
    total_bytes: int = 16 << 30
    ratio: int = 100
    ratio_from_bytes: int = 1 << 20  # a small file (a header only) may deflate far better: not held to the ratio


ZIP_LIMITS = ZipLimits()


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
def opened_archive(path: Path, limits: ZipLimits = ZIP_LIMITS) -> Iterator[list[ArchiveFile]]:
    """List the archive's files; a zip's police.uk files are unpacked to a temporary folder for the duration,
    one member at a time and within `limits`."""
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    if path.is_dir():
        yield _listing(path)
    elif zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="openpeel-") as tmp:
            unpack_zip(path, Path(tmp), limits)
            yield _listing(Path(tmp))
    else:
        raise IngestError(f"{path}: expected a folder or a .zip in the police.uk archive layout")


def unpack_zip(path: Path, target: Path, limits: ZipLimits = ZIP_LIMITS) -> None:
    """Unpack the police.uk files of the zip at `path` into `target`, member by member. Each member's size and
    compression ratio are checked from its header before it is opened, and its bytes are counted as they are
    written (a header can lie): nothing is written beyond a limit, and the error names the member."""
    total = 0
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.is_dir() or not ZIP_MEMBER.fullmatch(info.filename):
                    continue  # only police.uk file names: no other name, no "..", no absolute path
                where = f"{path}: member {info.filename}"
                _check_member(where, info.file_size, info.compress_size, total, limits)
                out = target / info.filename
                out.parent.mkdir(exist_ok=True)
                written = 0
                with z.open(info) as member, open(out, "wb") as f:
                    while chunk := member.read(1 << 20):
                        written += len(chunk)
                        if written > info.file_size:
                            raise IngestError(f"{where}: holds more than the {info.file_size:,} bytes it declares")
                        _check_member(where, written, info.compress_size, total, limits)
                        f.write(chunk)
                total += written
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError) as e:
        # a damaged member (CRC, truncated), an encrypted one (RuntimeError), or a damaged directory
        raise IngestError(f"{path}: not a readable zip archive ({e})") from None


def _check_member(where: str, size: int, compressed: int, total: int, limits: ZipLimits) -> None:
    if size > limits.member_bytes:
        raise IngestError(f"{where}: unpacks to more than {limits.member_bytes:,} bytes, the limit for one file")
    if total + size > limits.total_bytes:
        raise IngestError(f"{where}: the archive unpacks to more than {limits.total_bytes:,} bytes, the limit")
    if size > limits.ratio_from_bytes and size > limits.ratio * max(compressed, 1):
        raise IngestError(
            f"{where}: compressed {size // max(compressed, 1):,} to 1 ({compressed:,} bytes unpack to {size:,} "
            f"or more), beyond the {limits.ratio} to 1 a police.uk file reaches: refused as a zip bomb"
        )


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
