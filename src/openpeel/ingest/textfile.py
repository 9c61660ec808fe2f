"""Getting a source file to clean UTF-8 before DuckDB reads it, saying what was done."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from pathlib import Path

from openpeel.errors import IngestError

CHUNK = 1 << 20


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _is_utf8(path: Path) -> tuple[bool, int]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                return False, offset + e.start
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, offset  # the file ends inside a multi-byte character
    return True, -1


def as_utf8(path: Path, workdir: Path) -> tuple[Path, str | None]:
    """The file itself when it is UTF-8 (a byte-order mark is fine), else a UTF-8 copy and a note.

    UTF-16 is recognised by its byte-order mark; other non-UTF-8 text is read as Windows-1252, the
    encoding spreadsheet exports on Windows produce. Bytes that are not text in either fail clearly.
    """
    with open(path, "rb") as f:
        start = f.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, note = "utf-16", "converted from UTF-16"
    else:
        ok, offset = _is_utf8(path)
        if ok:
            return path, None
        encoding, note = "cp1252", f"read as Windows-1252 (not UTF-8 from byte {offset})"
    target = workdir / (path.name + ".utf8")
    try:
        with (
            open(path, encoding=encoding, newline="") as src,
            open(target, "w", encoding="utf-8", newline="") as out,
        ):
            for chunk in iter(lambda: src.read(CHUNK), ""):
                out.write(chunk)
    except UnicodeDecodeError as e:
        raise IngestError(f"{path}: neither UTF-8 nor {encoding} text (byte {e.object[e.start : e.end]!r})") from None
    return target, note


def check_header(path: Path, shown_as: Path, expected: list[str]) -> None:
    """A header that differs from the schema fails the whole file, naming what is missing or extra."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        first = f.readline()
    header = next(csv.reader(io.StringIO(first)), [])
    if header == expected:
        return
    if not first.strip():
        raise IngestError(f"{shown_as}, line 1: the file is empty; expected the header {', '.join(expected)}")
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    detail = (
        f"missing columns: {missing or 'none'}; unexpected columns: {extra or 'none'}"
        if missing or extra
        else f"columns out of order: expected {expected}"
    )
    raise IngestError(f"{shown_as}, line 1: the header does not match the schema ({detail})")
