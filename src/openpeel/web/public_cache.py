"""Whole public pages kept in memory, for visitors who are not signed in.

A public page's content depends only on what it shows: the warehouse, and the published inspections. The view
names a stamp that changes whenever that content can (`warehouse_stamp`, `publication_stamp`); the page is
rendered once per stamp and then served as stored bytes, gzip-compressed once for the clients that accept it.
This is what keeps the public pages fast under load and their time independent of the warehouse's size
(bench/bench_load.py).

What is never cached: signed-in users' pages (they carry the user's name and a CSRF token), visitors who carry
a session or a message, responses other than 200, files streamed in chunks, and any page that asked for a
CSRF token or set a cookie.
A stamp function runs before the cache is read, so it is where the access check goes: a report whose embargo
has not passed is 404 whatever the cache holds.

The key holds only the query parameters the page reads (`query`), so `?x=1`, `?x=2`, ... are one page, not a
new render and a new copy each (issue 19.3); the pages are held in a store bounded in bytes
(PUBLIC_PAGE_CACHE_BYTES), the least recently used going first; and requests that miss the same page at once
wait for one render (a PDF takes seconds to draw: it is drawn once per version, however many ask).
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from openpeel.errors import WarehouseError
from openpeel.inspections import access
from openpeel.inspections.models import AuditHead, Inspection
from openpeel.warehouse import stamp as warehouse_file_stamp

ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class PageStore:
    """Stored pages, least recently used first out, never more than `limit` bytes of content in all."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self._pages: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()
        self._rendering: dict[str, threading.Lock] = {}

    @staticmethod
    def _bytes(stored: tuple) -> int:
        headers, plain, gzipped = stored
        return len(plain) + len(gzipped) + sum(len(k) + len(v) for k, v in headers) + 200

    def get(self, key: str):
        with self._lock:
            stored = self._pages.get(key)
            if stored is not None:
                self._pages.move_to_end(key)
            return stored

    def set(self, key: str, stored: tuple) -> None:
        size = self._bytes(stored)
        if size > self.limit // 4:  # one page may not push out most of the others
            return
        with self._lock:
            if key in self._pages:
                self.size -= self._bytes(self._pages.pop(key))
            self._pages[key] = stored
            self.size += size
            while self.size > self.limit:
                _, dropped = self._pages.popitem(last=False)
                self.size -= self._bytes(dropped)

    def rendering(self, key: str) -> threading.Lock:
        """One lock per page being rendered, so simultaneous misses render it once."""
        with self._lock:
            return self._rendering.setdefault(key, threading.Lock())

    def done_rendering(self, key: str) -> None:
        with self._lock:
            self._rendering.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._pages)


pages = PageStore(getattr(settings, "PUBLIC_PAGE_CACHE_BYTES", 64 << 20))


def registry_stamp(*_args, **_kwargs) -> Hashable:
    """Pages built from the project's data files alone (the force registry): the same for the server's life."""
    return "registry"


def warehouse_stamp(*_args, **_kwargs) -> Hashable:
    """The warehouse file's size and modification time: changes with every write to it."""
    return warehouse_file_stamp()


def publication_stamp(*_args, **_kwargs) -> Hashable:
    """The warehouse, the audit trail's head hash (every change to an inspection, its judgments and its report
    versions is appended there) and which inspections are public now (an embargo passes without a write)."""
    head = AuditHead.objects.values_list("hash", flat=True).first()
    public = tuple(Inspection.objects.filter(access.public_filter()).order_by("pk").values_list("pk", flat=True))
    try:
        warehouse = warehouse_file_stamp()
    except WarehouseError:  # the workflow pages work without a warehouse
        warehouse = None
    return warehouse, head, public


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _storable(request, response) -> bool:
    return not (
        response.status_code != 200
        or response.streaming  # a file sent in chunks: passed through, never held in memory
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _read_query(request, query: Iterable[str] | None) -> tuple:
    """The query parameters the page reads, in a fixed order: all of them only when `query` is None."""
    names = sorted(request.GET) if query is None else sorted(query)
    return tuple((name, tuple(request.GET.getlist(name))) for name in names if name in request.GET)


def public_page(stamp: Callable[..., Hashable], query: Iterable[str] | None = ()):
    """Cache the view's page for anonymous visitors under `stamp(request, *args, **kwargs)`. `query` names the
    query parameters the page reads (none by default; None for every one, as the API's declared filters)."""

    def decorate(view):
        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            content_stamp = stamp(request, *args, **kwargs)  # may raise Http404: before the cache is read
            page = (request.path, _read_query(request, query), view.__module__, view.__name__, content_stamp)
            key = "public-page:" + hashlib.sha256(repr(page).encode()).hexdigest()
            stored = pages.get(key)
            if stored is None:
                try:
                    with pages.rendering(key):
                        stored = pages.get(key)  # rendered while this request waited
                        if stored is None:
                            response = view(request, *args, **kwargs)
                            if not _storable(request, response):
                                return response
                            headers = [
                                (k, v) for k, v in response.items() if k.lower() not in ("content-length", "vary")
                            ]
                            stored = (headers, response.content, compress_string(response.content))
                            pages.set(key, stored)
                finally:
                    pages.done_rendering(key)
            return _response(request, *stored)

        return serve

    return decorate


def _response(request, headers: list[tuple[str, str]], plain: bytes, gzipped: bytes) -> HttpResponse:
    gzip = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", ""))
    response = HttpResponse(gzipped if gzip else plain, headers=dict(headers))
    if gzip:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    return response
