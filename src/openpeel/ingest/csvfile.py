"""Reading source CSV files row by row with their line numbers, so every error can name its line."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpeel.errors import IngestError


@dataclass(frozen=True)
class Violation:
    """One broken rule on one row: enough to find the cell and fix it."""

    line: int
    column: str
    value: str | None
    rule: str


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_rows(path: Path, expected_header: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, fields) after checking the header. A wrong header fails the whole file."""
    try:
        f = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        raise IngestError(f"{path}: cannot read: {e.strerror}") from e
    with f:
        reader = csv.reader(f)
        try:
            header = next(reader, None)
            if header != expected_header:
                missing = [c for c in expected_header if c not in (header or [])]
                extra = [c for c in (header or []) if c not in expected_header]
                raise IngestError(
                    f"{path}, line 1: the header is not the police.uk layout "
                    f"(missing columns: {missing or 'none'}; unexpected columns: {extra or 'none'})"
                )
            for fields in reader:
                # line_num is the line the record ended on, right for one-line records (all police.uk rows).
                yield reader.line_num, fields
        except UnicodeDecodeError as e:
            raise IngestError(f"{path}: not UTF-8 text near byte {e.start}: {e.reason}") from e
        except csv.Error as e:
            raise IngestError(f"{path}, line {reader.line_num}: malformed CSV: {e}") from e
