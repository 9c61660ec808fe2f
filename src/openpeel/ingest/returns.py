"""Force data returns: what the inspectorate asks of a force (docs/force-returns.md), as CSV or Parquet.

A return is a folder holding one file per table, named after the table's schema (contact.csv,
incidents.parquet, ...). With no force given, each subfolder named after a force is that force's return
(the layout `openpeel synth run` writes). A re-sent file replaces the earlier load of the file at the same
place in the return (its file key is source / force / path within the return folder).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import duckdb

from openpeel.errors import IngestError, UnknownForceError
from openpeel.forces import Force, get_force
from openpeel.ingest.pipeline import FileReport, IngestReport, SourceFile, load_all
from openpeel.ingest.source import FileContext, Source

SCHEMAS = Path(str(files("openpeel.ingest").joinpath("schemas", "returns")))
TABLES = {
    "contact": "return_contact",
    "incidents": "return_incident",
    "investigations": "return_investigation",
    "supervisory_reviews": "return_supervisory_review",
    "victim_contacts": "return_victim_contact",
    "sex_offenders": "return_sex_offender",
    "workforce": "return_workforce",
}
SOURCES = {name: Source(f"return_{name}", table, SCHEMAS / f"{name}.schema.json") for name, table in TABLES.items()}
SUFFIXES = (".csv", ".parquet")
SYNTHETIC_MARKER = "synthetic.json"
SYNTHETIC_NOTE = "SYNTHETIC data, not a real force return"


def ingest_returns(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    force: str | None = None,
    on_file: Callable[[str], None] = lambda _: None,
) -> IngestReport:
    """Load one force's return (or, with no force, every force's subfolder), all or nothing."""
    root = Path(path)
    if not root.is_dir():
        raise IngestError(f"{root}: expected a folder holding a force data return (contact.csv, incidents.csv, ...)")
    returns = [(get_force(force), root)] if force else _force_folders(root)
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="openpeel-") as work:
        batches = []
        for name, source in SOURCES.items():
            batch = []
            for f, folder in returns:
                for file in (folder / f"{name}{suffix}" for suffix in SUFFIXES):
                    if file.exists():
                        key = f"{source.name}/{f.id}/{file.relative_to(root).as_posix()}"
                        batch.append(SourceFile(file, FileContext(force_id=f.id), key, note=synthetic_note(folder)))
            for suffix in SUFFIXES:  # one scan per format: CSV and Parquet are read differently
                same = [item for item in batch if item.path.suffix == suffix]
                if same:
                    batches.append((same, source))
        report.files += load_all(con, batches, Path(work), on_file)
        known = {f"{n}{s}" for n in SOURCES for s in SUFFIXES} | {SYNTHETIC_MARKER}
        for f, folder in returns:
            for other in sorted(p for p in folder.iterdir() if p.is_file() and p.name not in known):
                report.files.append(
                    FileReport(
                        other.name, f.id, "skipped", note="not a return table: expected " + ", ".join(sorted(SOURCES))
                    )
                )
    if not any(r.status != "skipped" for r in report.files):
        raise IngestError(f"{root}: no return files found (expected {', '.join(f'{n}.csv' for n in SOURCES)})")
    return report


def synthetic_note(folder: Path) -> str | None:
    """Returns written by `openpeel synth` carry a marker: their rows are recorded as synthetic."""
    marker = folder / SYNTHETIC_MARKER
    if not marker.exists():
        return None
    about = json.loads(marker.read_text())
    return f"{SYNTHETIC_NOTE} (openpeel synth, seed {about.get('seed')}, {about.get('from')} to {about.get('to')})"


def _force_folders(root: Path) -> list[tuple[Force, Path]]:
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            found.append((get_force(folder.name), folder))
        except UnknownForceError as e:
            raise IngestError(f"{folder}: a subfolder must be named after a force, or give --force. {e}") from None
    if not found:
        raise IngestError(f"{root}: give --force NAME, or subfolders named after forces")
    return found
