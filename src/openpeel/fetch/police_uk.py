"""`openpeel fetch police-uk`: the monthly police.uk archives into the cache, then the months and forces asked
into the warehouse.

police.uk publishes https://data.police.uk/data/archive/YYYY-MM.zip (data.police.uk/about) and lists the
months it holds at /api/crimes-street-dates (with, per month, the forces that published stop and search).
An archive holds folders YYYY-MM/ of YYYY-MM-<force>-<kind>.csv, possibly for many months: the newest archive
asked for is fetched first, and an older one only for months it lacks. What could and could not be checked
against the real site: docs/fetch.md.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import httpx

from openpeel.config import var_dir
from openpeel.errors import FetchError, OpenPeelError
from openpeel.fetch.download import Progress, download, manifest
from openpeel.forces import get_force
from openpeel.ingest.pipeline import IngestReport
from openpeel.ingest.police_uk import ARCHIVE_FILE, ingest_police_uk

DEFAULT_URL = "https://data.police.uk"
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def base_url() -> str:
    return os.environ.get("OPENPEEL_POLICE_UK_URL", DEFAULT_URL).rstrip("/")


def cache_dir() -> Path:
    return var_dir() / "cache" / "police-uk"


@dataclass
class Plan:
    """Which archive in the cache serves which months, and what police.uk said about them."""

    archives: dict[str, Path] = field(default_factory=dict)  # month -> archive holding it
    fetched: list[str] = field(default_factory=list)  # archives downloaded by this run
    published: dict[str, list[str]] = field(default_factory=dict)  # police.uk's dates, when it was asked


def months_between(start: str, end: str) -> list[str]:
    for m in (start, end):
        if not MONTH.match(m):
            raise OpenPeelError(f"{m!r} is not a month: expected YYYY-MM, e.g. 2024-01")
    if start > end:
        raise OpenPeelError(f"--from {start} is after --to {end}")
    y, mo = map(int, start.split("-"))
    found = []
    while f"{y:04d}-{mo:02d}" <= end:
        found.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return found


def available(http: httpx.Client) -> dict[str, list[str]]:
    """police.uk's published months, each with the ids of the forces that published stop and search for it."""
    url = f"{base_url()}/api/crimes-street-dates"
    try:
        r = http.get(url)
    except httpx.TransportError as e:
        raise FetchError(f"{url}: {type(e).__name__}: {e}") from None
    if r.status_code != 200:
        raise FetchError(f"{url}: the server answered {r.status_code} {r.reason_phrase}")
    try:
        return {d["date"]: list(d.get("stop-and-search", [])) for d in r.json()}
    except (ValueError, TypeError, KeyError):
        raise FetchError(f"{url}: not the list of dates police.uk documents ([{{date, stop-and-search}}])") from None


def months_in(archive: Path) -> set[str]:
    with zipfile.ZipFile(archive) as z:
        return {m["month"] for n in z.namelist() if (m := ARCHIVE_FILE.match(Path(n).name))}


def check_zip(path: Path) -> str | None:
    """What stops the file being a whole, readable zip, or None. Every member is read and its CRC checked."""
    try:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as e:  # zlib: a member's deflate stream is broken
        return f"not a readable zip archive ({e})"
    return f"member {bad} is corrupt (its CRC does not match)" if bad is not None else None


def plan(
    http: httpx.Client, months: list[str], on_progress: Callable[[str], Progress] = lambda name: lambda d, t: None
) -> Plan:
    """Find each month in a cached archive, downloading the newest missing month's archive until all are found.
    police.uk is asked what it has only when the cache cannot serve the months (so a cached month works
    offline)."""
    result, folder = Plan(), cache_dir()
    cached = sorted((folder / name for name in manifest(folder) if (folder / name).exists()), reverse=True)
    for archive in cached:
        for m in months_in(archive) & set(months):
            result.archives.setdefault(m, archive)
    missing = [m for m in months if m not in result.archives]
    if not missing:
        return result
    published = available(http)
    for m in sorted(missing, reverse=True):
        if m in result.archives:
            continue
        if m not in published:
            newest = max(published, default="none")
            raise FetchError(f"police.uk has not published {m} (its newest month is {newest})")
        url = f"{base_url()}/data/archive/{m}.zip"
        download(http, url, folder / f"{m}.zip", check_zip, on_progress(f"{m}.zip"))
        result.fetched.append(f"{m}.zip")
        for held in months_in(folder / f"{m}.zip") & set(months):
            result.archives.setdefault(held, folder / f"{m}.zip")
        if m not in result.archives:
            raise FetchError(f"{url}: holds no files for {m}")
    result.published = published
    return result


def select(archives: dict[str, Path], forces: list[str], into: Path) -> Path:
    """The members for the months and forces asked, copied from each archive into one small zip (stored, not
    compressed), which the police.uk ingest then reads like any other: nothing else is unpacked."""
    out = into / "selected.zip"
    by_archive: dict[Path, set[str]] = {}
    for month, archive in archives.items():
        by_archive.setdefault(archive, set()).add(month)
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dest:
        for archive, months in sorted(by_archive.items()):
            with zipfile.ZipFile(archive) as src:
                for info in src.infolist():
                    m = ARCHIVE_FILE.match(Path(info.filename).name)
                    if m and m["month"] in months and m["slug"] in forces:
                        with src.open(info) as r, dest.open(f"{m['month']}/{Path(info.filename).name}", "w") as w:
                            while block := r.read(1 << 20):
                                w.write(block)
                        count += 1
    if count == 0:
        raise FetchError(f"no files for {', '.join(forces)} in {', '.join(sorted(archives))} in the archive")
    return out


def force_ids(names: list[str]) -> list[str]:
    """police.uk force ids (the registry's ids are police.uk's) for any of the names a force goes by."""
    return [get_force(n.strip()).id for n in names if n.strip()]


def fetch_police_uk(
    con: duckdb.DuckDBPyConnection,
    http: httpx.Client,
    months: list[str],
    forces: list[str],
    on_progress: Callable[[str], Progress] = lambda name: lambda d, t: None,
    on_start: Callable[[int], None] = lambda _: None,
    on_file: Callable[[str], None] = lambda _: None,
) -> tuple[Plan, IngestReport]:
    ids = force_ids(forces)
    found = plan(http, months, on_progress)
    with tempfile.TemporaryDirectory(prefix="openpeel-fetch-") as work:
        selected = select(found.archives, ids, Path(work))
        report = ingest_police_uk(con, selected, on_file=on_file, on_start=on_start)
    return found, report


def notes(found: Plan, months: list[str], ids: list[str]) -> list[str]:
    """What police.uk's list of dates says is missing: a force asked that published no stop and search."""
    return [
        f"{m}: police.uk lists no stop and search data from {force}"
        for m in months
        if m in found.published
        for force in ids
        if force not in found.published[m]
    ]
