"""Getting a source file to clean UTF-8 before DuckDB reads it, saying what was done.

A gzip-compressed file (known by its first two bytes) is read through gzip here; when it is clean UTF-8
and named *.gz, DuckDB is given it as it is (read_csv decompresses .gz itself). Plain files are read
exactly as before.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import tempfile
from pathlib import Path
from typing import IO

from openpeel.errors import IngestError

CHUNK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == GZIP_MAGIC


def _open_bytes(path: Path) -> gzip.GzipFile | io.BufferedReader:
    return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")


def _open_text(path: Path, encoding: str) -> IO[str]:
    if is_gzip(path):
        return gzip.open(path, "rt", encoding=encoding, newline="")
    return open(path, encoding=encoding, newline="")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _is_utf8(path: Path) -> tuple[bool, int]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with _open_bytes(path) as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            if chunk.isascii() and not decoder.getstate()[0]:  # most files: no need to decode (10x slower)
                offset += len(chunk)
                continue
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
    gz = is_gzip(path)
    try:
        with _open_bytes(path) as f:
            start = f.read(4)
        utf16 = start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        ok, offset = (False, -1) if utf16 else _is_utf8(path)
    except (OSError, EOFError) as e:  # gzip.BadGzipFile is an OSError
        if not gz:
            raise
        raise IngestError(f"{path}: not a readable gzip file ({e})") from None
    if utf16:
        encoding, note = "utf-16", "converted from UTF-16"
    elif ok and gz and not path.name.lower().endswith(".gz"):
        encoding, note = "utf-8", "decompressed (gzip, but not named .gz, which DuckDB needs)"
    else:
        if ok:
            return path, None
        encoding, note = "cp1252", f"read as Windows-1252 (not UTF-8 from byte {offset})"
    target = Path(tempfile.mkdtemp(dir=workdir)) / (path.name + ".utf8")  # files of a batch may share a name
    try:
        with (
            _open_text(path, encoding) as src,
            open(target, "w", encoding="utf-8", newline="") as out,
        ):
            for chunk in iter(lambda: src.read(CHUNK), ""):
                out.write(chunk)
    except UnicodeDecodeError as e:
        raise IngestError(f"{path}: neither UTF-8 nor {encoding} text (byte {e.object[e.start : e.end]!r})") from None
    return target, note


def check_header(path: Path, shown_as: Path, expected: list[str]) -> None:
    """A header that differs from the schema fails the whole file, naming what is missing or extra."""
    with _open_text(path, "utf-8-sig") as f:
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
