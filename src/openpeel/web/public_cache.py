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
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Hashable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from openpeel.errors import WarehouseError
from openpeel.inspections import access
from openpeel.inspections.models import AuditHead, Inspection
from openpeel.warehouse import stamp as warehouse_file_stamp

ACCEPTS_GZIP = re.compile(r"\bgzip\b")


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


def public_page(stamp: Callable[..., Hashable]):
    """Cache the view's page for anonymous visitors under `stamp(request, *args, **kwargs)`."""

    def decorate(view):
        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            content_stamp = stamp(request, *args, **kwargs)  # may raise Http404: before the cache is read
            page = (request.get_full_path(), view.__module__, view.__name__, content_stamp)
            key = "public-page:" + hashlib.sha256(repr(page).encode()).hexdigest()
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if (
                    response.status_code != 200
                    or response.streaming  # a file sent in chunks: passed through, never held in memory
                    or response.cookies
                    or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                ):
                    return response
                headers = [(k, v) for k, v in response.items() if k.lower() not in ("content-length", "vary")]
                stored = (headers, response.content, compress_string(response.content))
                cache.set(key, stored, timeout=None)
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
