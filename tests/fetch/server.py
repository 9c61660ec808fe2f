"""A loopback HTTP server standing in for data.police.uk and the Home Office: real sockets, real Range
requests, and the ways a real server goes wrong, one mode per path."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Modes, set per path (a mode applies to the next `times` requests, then the path is served normally):
#   truncate      send half the body with the full Content-Length, then close the connection
#   stall         send half the body, then stop sending (the client's read times out)
#   wrong-length  declare 1000 bytes more than the body, send the body, close
#   html          answer 200 with a text/html error page
#   html-as-file  answer 200 with an HTML page but the file's own content type
#   no-range      ignore Range: always 200 with the whole file
MODES = ("truncate", "stall", "wrong-length", "html", "html-as-file", "no-range")
PAGE = b"<!DOCTYPE html><html><body><h1>Service unavailable</h1></body></html>"


@dataclass
class Served:
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (body, content type)
    modes: dict[str, list] = field(default_factory=dict)  # path -> [mode, times left]
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, Range header)
    url: str = ""

    def put(self, path: str, body: bytes, content_type: str = "application/zip") -> None:
        self.files[path] = (body, content_type)

    def mode(self, path: str, mode: str, times: int = 1) -> None:
        assert mode in MODES
        self.modes[path] = [mode, times]


def handler_for(served: Served):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet test output
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            served.requests.append((path, self.headers.get("Range")))
            if path not in served.files:
                return self._send(404, b"Not Found", "text/plain")
            body, kind = served.files[path]
            mode = None
            if path in served.modes:
                mode, left = served.modes[path]
                served.modes[path][1] -= 1
                if left <= 1:
                    del served.modes[path]
            if mode == "html":
                return self._send(200, PAGE, "text/html; charset=utf-8")
            if mode == "html-as-file":
                return self._send(200, PAGE, kind)
            start = 0
            asked = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
            if asked and mode != "no-range":
                start = int(asked[1])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            part = body[start:]
            declared = len(part) + (1000 if mode == "wrong-length" else 0)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(declared))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            if mode in ("truncate", "stall"):
                self.wfile.write(part[: len(part) // 2])
                self.wfile.flush()
                if mode == "stall":
                    time.sleep(3)
                self.close_connection = True
                return
            self.wfile.write(part)
            if mode == "wrong-length":
                self.close_connection = True

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def start(served: Served) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(served))
    server.daemon_threads = True
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def serving(served: Served, monkeypatch, tmp_path: Path) -> Iterator[Served]:
    """The stand-in server started for one test, with a fresh OPENPEEL_VAR and warehouse and a short timeout."""
    server = start(served)
    monkeypatch.setenv("OPENPEEL_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(tmp_path / "var" / "warehouse.duckdb"))
    monkeypatch.setenv("OPENPEEL_FETCH_TIMEOUT", "1")
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
