"""One file from a URL into the cache, or an error and the cache as it was.

The bytes go to `<name>.part`; only once the transfer is complete, the size is the one the server declared and
the caller's check passes (a zip opens and every member's CRC holds) is it renamed to `<name>` and recorded in
the cache's manifest.json with its size and SHA-256. A transfer cut short or stalled keeps its `.part`, and the
next run asks for the rest with `Range: bytes=N-`; a server that ignores Range (200 instead of 206) is
answered by starting again from nothing. A `.part` that is not worth continuing (an HTML page, a corrupt
archive) is deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from openpeel.errors import FetchError

TIMEOUT = httpx.Timeout(30.0, connect=15.0)  # a read that waits longer than this is a stalled server
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


@dataclass(frozen=True)
class Downloaded:
    url: str
    file: str
    size: int
    sha256: str
    fetched_at: str


def client(timeout: httpx.Timeout | float | None = None) -> httpx.Client:
    """$OPENPEEL_FETCH_TIMEOUT (seconds) overrides how long a read may wait before the server counts as stalled."""
    if timeout is None:
        seconds = os.environ.get("OPENPEEL_FETCH_TIMEOUT")
        timeout = httpx.Timeout(float(seconds)) if seconds else TIMEOUT
    return httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": "openpeel", "Accept-Encoding": "identity"}
    )


def download(
    http: httpx.Client,
    url: str,
    dest: Path,
    check: Callable[[Path], str | None] = lambda _: None,
    on_progress: Progress = lambda done, total: None,
) -> Downloaded:
    """Fetch url to dest (resuming a `.part` left by an earlier run), check it, then put it in place.
    `check` returns what is wrong with the downloaded file, or None."""
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    _transfer(http, url, part, on_progress)
    problem = _web_page(part) or check(part)
    if problem:
        part.unlink()  # not the file asked for: starting again is the only way on
        raise FetchError(f"{url}: {problem}")
    digest = sha256(part)
    part.replace(dest)
    entry = Downloaded(url, dest.name, dest.stat().st_size, digest, datetime.now(UTC).isoformat(timespec="seconds"))
    record(dest.parent, entry)
    return entry


def _transfer(http: httpx.Client, url: str, part: Path, on_progress: Progress) -> None:
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    total = None
    try:
        with http.stream("GET", url, headers=headers) as r:
            if r.status_code == 416 and have:  # the .part is already whole (or the file shrank): start afresh
                part.unlink()
                return _transfer(http, url, part, on_progress)
            if r.status_code == 404:
                raise FetchError(f"{url}: not published (the server answered 404 Not Found)")
            if r.status_code not in (200, 206):
                raise FetchError(f"{url}: the server answered {r.status_code} {r.reason_phrase}")
            if "text/html" in r.headers.get("content-type", ""):
                raise FetchError(f"{url}: the server sent a web page (text/html), not the file")
            if r.status_code == 206:
                total = _resumed_total(url, r, have)
                mode = "ab"
            else:  # 200: the whole file, whether or not we asked for a part of it
                have, mode = 0, "wb"
                length = r.headers.get("content-length")
                total = int(length) if length is not None else None
            with open(part, mode) as f:
                on_progress(have, total)
                # raw: the bytes as sent (Range counts those), written as they come, so a cut leaves them all
                for chunk in r.iter_raw():
                    f.write(chunk)
                    have += len(chunk)
                    on_progress(have, total)
    except httpx.TimeoutException as e:
        raise FetchError(
            f"{url}: the server stopped sending ({type(e).__name__}) after {_size(part):,} bytes; "
            "run again to continue the download"
        ) from None
    except httpx.RemoteProtocolError:  # h11: the connection closed before Content-Length bytes came
        of = f" of {total:,}" if total is not None else ""
        raise FetchError(
            f"{url}: the transfer was cut short after {_size(part):,}{of} bytes; run again to continue the download"
        ) from None
    except httpx.TransportError as e:
        raise FetchError(f"{url}: {type(e).__name__}: {e}") from None
    if total is not None and have != total:
        raise FetchError(f"{url}: received {have} bytes, the server declared {total}; run again to continue")


def _resumed_total(url: str, r: httpx.Response, have: int) -> int | None:
    m = CONTENT_RANGE.fullmatch(r.headers.get("content-range", ""))
    if m is None or int(m[1]) != have:
        raise FetchError(f"{url}: asked for bytes from {have}, the server sent {r.headers.get('content-range')!r}")
    return None if m[3] == "*" else int(m[3])


def _web_page(part: Path) -> str | None:
    """Some servers send their error page with status 200 and a file's content type."""
    with open(part, "rb") as f:
        head = f.read(512).lstrip().lower()
    return "the server sent a web page, not the file" if head.startswith((b"<!doctype html", b"<html")) else None


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def manifest(folder: Path) -> dict[str, dict]:
    """What the cache holds: file name -> url, size, sha256, fetched_at."""
    path = folder / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def record(folder: Path, entry: Downloaded) -> None:
    entries = manifest(folder) | {entry.file: asdict(entry)}
    tmp = folder / "manifest.json.part"
    tmp.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(folder / "manifest.json")  # a reader never sees half a manifest
