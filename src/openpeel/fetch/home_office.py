"""`openpeel fetch home-office URL`: a Home Office table from the link the user gives (the publisher's links
change with every release) into the cache, recognised by its columns, not its name, then loaded by the Home
Office ingest (ingest/home_office.py) with its schema, quarantine and accounting.

Layouts recognised (LAYOUTS): crime outcomes, stop and search open data, stop and search totals by force (SS_20,
as transcribed), police recorded crime by force area, 999 call answer times; as CSV or as an ODS workbook (the
sheets found by their header row, which may sit below title rows). Which layouts were seen in a real release, and
what could not be checked: docs/fetch.md and docs/home-office-data.md.
"""

from __future__ import annotations

import csv
import fnmatch
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb
import httpx

from openpeel.config import var_dir
from openpeel.errors import FetchError
from openpeel.fetch.download import Progress, download, manifest
from openpeel.fetch.police_uk import check_zip
from openpeel.ingest.home_office import SOURCES, ingest_home_office
from openpeel.ingest.home_office_common import load_extended_schema
from openpeel.ingest.pipeline import IngestReport

HEADER_ROWS = 30  # how far down a sheet its header row may be (ODS tables put a title and notes above)
# layout -> (the ingest's source key, its --table choice, a prefix that makes a file name one the source answers to).
# A layout's columns are its schema's fields: a new layout is a schema, a source and a line here.
LAYOUTS = {
    "crime outcomes": ("outcomes", "outcomes", "outcomes-open-data-"),
    "stop and search open data": ("stop-search", "stop-search", "stop-search-open-data-"),
    "stop and search totals by force (SS_20, as transcribed)": (
        "stop-search-totals",
        "stop-search-totals",
        "stop-search-totals-",
    ),
    "police recorded crime by force area": ("recorded-crime", "recorded-crime", "recorded-crime-pfa-"),
    "999 call answer times by force": ("999-calls", "999-calls", "999-answer-times-"),
}


def cache_dir() -> Path:
    return var_dir() / "cache" / "home-office"


def _normal(name: object) -> str:
    """'Financial Year', 'financial_year' and ' Financial  year ' are one column."""
    return re.sub(r"[\s_]+", "_", str(name).strip().lower())


def _columns(layout: str) -> list[str]:
    """The layout's header as published: the schema's field names, or its openpeel:publishedHeader where a
    published name cannot be a field name (the ingest reads that header under the field names)."""
    schema = load_extended_schema(SOURCES[LAYOUTS[layout][0]].schema_path)
    return list(schema.published_header or schema.header)


@dataclass(frozen=True)
class Match:
    """A header recognised: its layout, where each of the schema's columns is in it, and what it has besides."""

    layout: str
    positions: tuple[int, ...]  # the header's index of each schema column, in the schema's order
    extra: tuple[str, ...]  # published columns the layout does not load
    exact: bool = False  # the header is the schema's field names, in order, and nothing else

    @property
    def in_order(self) -> bool:
        return self.exact and not self.extra


def recognise(header: list) -> Match | None:
    """The layout whose every column the header has, in any order (the publisher reorders and adds columns
    between releases; a column it drops or renames makes the table unknown, never silently empty). Where two
    layouts fit, the one with more columns wins."""
    found = {_normal(c): i for i, c in enumerate(header) if c is not None and str(c).strip() != ""}
    fits = []
    for layout in LAYOUTS:
        wanted = [_normal(c) for c in _columns(layout)]
        if all(c in found for c in wanted):
            extra = tuple(str(header[i]) for c, i in found.items() if c not in wanted)
            positions = tuple(found[c] for c in wanted)
            exact = [str(h) for h in header] == _columns(layout)
            fits.append(Match(layout, positions, extra, exact))
    return max(fits, key=lambda m: len(m.positions), default=None)


def _cell(value: object) -> str:
    """A spreadsheet cell as the CSV release writes it: whole numbers without '.0', empty for no value."""
    if value is None or (isinstance(value, float) and value != value):  # NaN: an empty cell
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def ods_to_csv(path: Path, url: str, out: Path) -> Match:
    """Every sheet whose header row is one known layout (recorded crime has one sheet per year), written as one
    CSV with the schema's columns in the schema's order."""
    import pandas as pd  # only for ODS: pandas reads it through odfpy

    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="odf", dtype=object)
    except Exception as e:  # odfpy and pandas raise many kinds for a damaged workbook
        raise FetchError(f"{url}: not a readable ODS workbook ({type(e).__name__}: {e})") from None
    first: Match | None = None
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for frame in sheets.values():
            for i, row in enumerate(frame.head(HEADER_ROWS).itertuples(index=False)):
                match = recognise(list(row))
                if match is None or (first is not None and match.layout != first.layout):
                    continue
                if first is None:
                    first = match
                    writer.writerow(_columns(match.layout))
                for values in frame.iloc[i + 1 :].itertuples(index=False):
                    cells = [_cell(values[p]) for p in match.positions]
                    if any(cells):  # rows of empty cells below a table are formatting, not records
                        writer.writerow(cells)
                break
    if first is None:
        raise FetchError(f"{url}: no sheet of this workbook has the columns of a table openpeel knows ({_known()})")
    return first


def csv_layout(path: Path, url: str) -> Match:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        header = next(csv.reader(f), [])
    match = recognise(header)
    if match is None:
        shown = ", ".join(header[:6]) + (", ..." if len(header) > 6 else "")
        raise FetchError(
            f"{url}: columns {shown!r} are not those of a table openpeel knows{_nearest(header)} ({_known()})"
        )
    return match


def _nearest(header: list[str]) -> str:
    """What the closest layout lacks: a release that renamed one column is told which, not left to compare lists."""
    found = {_normal(c) for c in header}
    lacking = {layout: [c for c in _columns(layout) if _normal(c) not in found] for layout in LAYOUTS}
    layout = min(lacking, key=lambda name: len(lacking[name]))
    if len(lacking[layout]) * 2 > len(_columns(layout)):
        return ""  # less than half in common with any layout: naming one would mislead
    return f"; the nearest, {layout}, lacks {', '.join(lacking[layout])}"


def reorder_csv(path: Path, match: Match, out: Path) -> None:
    """A CSV whose columns are in another order, or has more, rewritten record by record with the schema's
    columns: record n stays record n, so a quarantined row's line still finds it in the published file."""
    with (
        open(path, encoding="utf-8-sig", errors="replace", newline="") as src,
        open(out, "w", encoding="utf-8", newline="") as f,
    ):
        rows, writer = csv.reader(src), csv.writer(f, lineterminator="\n")
        width = len(next(rows, []))
        writer.writerow(_columns(match.layout))
        for row in rows:
            if len(row) == width:
                writer.writerow([row[p] for p in match.positions])
            else:  # a record of the wrong length is not padded or cut into shape: passed on with a length the
                # ingest refuses, so it is quarantined at its line like any malformed record
                writer.writerow(row + [""] * (len(row) == len(match.positions)))


def _known() -> str:
    """Every layout with all its columns: the message says what a table needs to be recognised."""
    return "; ".join(f"{layout}: {', '.join(_columns(layout))}" for layout in LAYOUTS)


def _file_name(url: str) -> str:
    name = Path(unquote(urlparse(url).path)).name
    if not re.fullmatch(r"[\w.\-]+\.(csv|ods)", name, re.IGNORECASE):
        raise FetchError(f"{url}: expected a link to a .csv or .ods file")
    return name


def fetch_home_office(
    con: duckdb.DuckDBPyConnection,
    http: httpx.Client,
    url: str,
    on_progress: Callable[[str], Progress] = lambda name: lambda d, t: None,
    on_start: Callable[[int], None] = lambda _: None,
    on_file: Callable[[str], None] = lambda _: None,
) -> tuple[Match, IngestReport]:
    """Download (or find in the cache) the table at url, recognise it, and ingest it all or nothing."""
    name, folder = _file_name(url), cache_dir()
    cached = folder / name
    if not (cached.exists() and manifest(folder).get(name, {}).get("url") == url):
        ods = name.lower().endswith(".ods")
        download(http, url, cached, check_zip if ods else lambda _: None, on_progress(name))  # an ODS is a zip
    with tempfile.TemporaryDirectory(prefix="openpeel-fetch-") as work:
        stem = Path(name).stem
        staged = Path(work) / "table.csv"
        if name.lower().endswith(".ods"):
            match = ods_to_csv(cached, url, staged)
        else:
            match = csv_layout(cached, url)
            if match.in_order:
                staged = cached
            else:
                reorder_csv(cached, match, staged)
        key, table, prefix = LAYOUTS[match.layout]
        # the ingest knows its sources by file name: the table goes in under a name its source answers to
        named = Path(work) / f"{stem}.csv"
        if not any(fnmatch.fnmatch(named.name.lower(), p.lower()) for p in SOURCES[key].patterns):
            named = named.with_name(prefix + named.name)
        shutil.copyfile(staged, named)
        report = ingest_home_office(con, named, table, on_file=on_file, on_start=on_start)
    return match, report
