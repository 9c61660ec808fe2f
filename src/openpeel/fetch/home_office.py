"""`openpeel fetch home-office URL`: a Home Office table from the link the user gives (the publisher's links
change with every release) into the cache, recognised by its columns, not its name, then loaded by the Home
Office ingest (ingest/home_office.py) with its schema, quarantine and accounting.

Layouts recognised: crime outcomes open data, as CSV or as an ODS workbook (the data sheet found by its header
row, which may sit below title rows). What is not yet recognised, and what could not be checked against a real
release: docs/fetch.md.
"""

from __future__ import annotations

import csv
import fnmatch
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb
import httpx

from openpeel.config import var_dir
from openpeel.errors import FetchError
from openpeel.fetch.download import Progress, download, manifest
from openpeel.fetch.police_uk import check_zip
from openpeel.ingest.home_office import SOURCES, ingest_home_office, load_extended_schema
from openpeel.ingest.pipeline import IngestReport

HEADER_ROWS = 30  # how far down a sheet its header row may be (ODS tables put a title and notes above)
# layout -> (the ingest's source key, its --table choice, a prefix that makes a file name one the source answers to)
LAYOUTS = {"crime outcomes": ("outcomes", "outcomes", "outcomes-open-data-")}


def cache_dir() -> Path:
    return var_dir() / "cache" / "home-office"


def _normal(name: object) -> str:
    """'Financial Year', 'financial_year' and ' Financial  year ' are one column."""
    return re.sub(r"[\s_]+", "_", str(name).strip().lower())


def _columns(layout: str) -> list[str]:
    return [f.name for f in load_extended_schema(SOURCES[LAYOUTS[layout][0]].schema_path).fields]


def recognise(header: list) -> str | None:
    found = [_normal(c) for c in header if c is not None and str(c).strip() != ""]
    return next((layout for layout in LAYOUTS if found == [_normal(c) for c in _columns(layout)]), None)


def _cell(value: object) -> str:
    """A spreadsheet cell as the CSV release writes it: whole numbers without '.0', empty for no value."""
    if value is None or (isinstance(value, float) and value != value):  # NaN: an empty cell
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def ods_to_csv(path: Path, url: str, out: Path) -> str:
    """The sheet whose header row is a known layout, written as CSV with the schema's column names."""
    import pandas as pd  # only for ODS: pandas reads it through odfpy

    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="odf", dtype=object)
    except Exception as e:  # odfpy and pandas raise many kinds for a damaged workbook
        raise FetchError(f"{url}: not a readable ODS workbook ({type(e).__name__}: {e})") from None
    for frame in sheets.values():
        for i, row in enumerate(frame.head(HEADER_ROWS).itertuples(index=False)):
            layout = recognise(list(row))
            if layout is None:
                continue
            width = len(_columns(layout))
            with open(out, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(_columns(layout))
                for values in frame.iloc[i + 1 :, :width].itertuples(index=False):
                    cells = [_cell(v) for v in values]
                    if any(cells):  # rows of empty cells below a table are formatting, not records
                        writer.writerow(cells)
            return layout
    raise FetchError(f"{url}: no sheet of this workbook has the columns of a table openpeel knows ({_known()})")


def csv_layout(path: Path, url: str) -> str:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        header = next(csv.reader(f), [])
    layout = recognise(header)
    if layout is None:
        shown = ", ".join(header[:6]) + (", ..." if len(header) > 6 else "")
        raise FetchError(f"{url}: columns {shown!r} are not those of a table openpeel knows ({_known()})")
    return layout


def _known() -> str:
    return "; ".join(f"{layout}: {', '.join(_columns(layout)[:3])}, ..." for layout in LAYOUTS)


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
) -> tuple[str, IngestReport]:
    """Download (or find in the cache) the table at url, recognise it, and ingest it all or nothing."""
    name, folder = _file_name(url), cache_dir()
    cached = folder / name
    if not (cached.exists() and manifest(folder).get(name, {}).get("url") == url):
        ods = name.lower().endswith(".ods")
        download(http, url, cached, check_zip if ods else lambda _: None, on_progress(name))  # an ODS is a zip
    with tempfile.TemporaryDirectory(prefix="openpeel-fetch-") as work:
        stem = Path(name).stem
        if name.lower().endswith(".ods"):
            staged = Path(work) / "table.csv"
            layout = ods_to_csv(cached, url, staged)
        else:
            layout, staged = csv_layout(cached, url), cached
        key, table, prefix = LAYOUTS[layout]
        # the ingest knows its sources by file name: the table goes in under a name its source answers to
        named = Path(work) / f"{stem}.csv"
        if not any(fnmatch.fnmatch(named.name.lower(), p.lower()) for p in SOURCES[key].patterns):
            named = named.with_name(prefix + named.name)
        shutil.copyfile(staged, named)
        report = ingest_home_office(con, named, table, on_file=on_file, on_start=on_start)
    return layout, report
