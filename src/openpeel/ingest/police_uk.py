"""police.uk archive downloads: a folder or zip laid out as YYYY-MM/YYYY-MM-<force>-<kind>.csv."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpeel.errors import IngestError

ARCHIVE_FILE = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<slug>[a-z0-9-]+?)-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)


@dataclass(frozen=True)
class ArchiveFile:
    path: Path
    month: date
    slug: str  # the police.uk force id, e.g. "cambridgeshire"
    kind: str  # street | outcomes | stop-and-search


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
