"""Public pages are cached under a stamp of what they show: the force page under the warehouse's stamp, the same
page until the warehouse changes and a fresh one as soon as it does (the figures on a public page are never
stale). Visitors who are not signed in get the stored page, gzipped if they ask; signed-in users never do."""

from __future__ import annotations

import gzip
import io
import os
import re
import threading
import time

import pytest
from django.http import HttpResponse

from openpeel.warehouse import connect, stamp
from openpeel.web.public_cache import pages, public_page

# The force page and the error pages read the workflow database (the force's published reports).
pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(demo_warehouse, copy_of, monkeypatch):
    path = copy_of(demo_warehouse)
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(path))
    pages.clear()
    return path


def shown_asb_figure(html: str) -> str:
    """The force's own figure in the anti-social behaviour row of the force page's indicator table."""
    row = re.search(r'<th scope="row" class="govuk-table__header"><a [^>]*/asb-per-1000/">.*?</tr>', html, re.S)
    assert row, "the page has an anti-social behaviour row"
    return re.findall(r'govuk-table__cell--numeric">([^<]*)</td>', row.group(0))[0]


def test_the_page_is_rendered_afresh_after_the_warehouse_changes(client, warehouse):
    first = client.get("/forces/cambridgeshire/").content.decode()
    assert shown_asb_figure(first) not in ("", "123.45")
    assert client.get("/forces/cambridgeshire/").content.decode() == first  # served from the cache

    before = stamp(warehouse)
    con = connect(warehouse)
    con.execute(  # every month, whichever the page shows
        "UPDATE indicator_result SET value = 123.45 WHERE indicator_id = 'asb-per-1000' AND force_id = 'cambridgeshire'"
    )
    con.close()
    assert stamp(warehouse) != before
    assert shown_asb_figure(client.get("/forces/cambridgeshire/").content.decode()) == "123.45"


def test_each_force_and_each_warehouse_has_its_own_page(client, warehouse, demo_warehouse):
    cambridgeshire = client.get("/forces/cambridgeshire/").content.decode()
    assert "Cambridgeshire Constabulary" in cambridgeshire
    norfolk = client.get("/forces/norfolk/").content.decode()
    assert "Norfolk Constabulary" in norfolk and "Cambridgeshire Constabulary</h1>" not in norfolk
    assert stamp(warehouse) != stamp(demo_warehouse)


def test_a_visitor_who_asks_gets_the_stored_page_gzipped_and_it_is_the_same_page(client, warehouse):
    plain = client.get("/forces/cambridgeshire/", headers={"Accept-Encoding": "identity"})
    packed = client.get("/forces/cambridgeshire/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 5
    assert int(packed["Content-Length"]) == len(packed.content)
    for response in (plain, packed):  # shared caches must keep the two apart, and signed-in pages apart
        assert {"Accept-Encoding", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
        assert "default-src 'self'" in response["Content-Security-Policy"]  # headers still added per response


def test_signed_in_users_get_their_own_page_not_the_stored_one(client, warehouse, django_user_model):
    anonymous = client.get("/forces/cambridgeshire/").content.decode()
    assert "Signed in as" not in anonymous
    client.force_login(django_user_model.objects.create_user("analyst-1", password="a long enough password"))
    mine = client.get("/forces/cambridgeshire/").content.decode()
    assert "Signed in as analyst-1" in mine


def test_a_page_that_asks_for_a_csrf_token_fails_or_streams_is_never_stored(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import FileResponse, HttpResponse
    from django.middleware.csrf import get_token

    calls = []

    @public_page(lambda request: "same")
    def with_form(request):
        calls.append(request.path)
        return HttpResponse(get_token(request))  # a token belongs to one visitor

    @public_page(lambda request: "same")
    def failing(request):
        calls.append(request.path)
        return HttpResponse("gone", status=410)

    @public_page(lambda request: "same")
    def streamed(request):
        calls.append(request.path)
        return FileResponse(io.BytesIO(b"a document"), as_attachment=True, filename="a.txt")

    for view, path in ((with_form, "/form/"), (failing, "/gone/"), (streamed, "/file/")):
        for _ in range(2):
            request = rf.get(path)
            request.user = AnonymousUser()
            view(request)
    assert calls == ["/form/", "/form/", "/gone/", "/gone/", "/file/", "/file/"]


def anonymous(rf, path):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get(path)
    request.user = AnonymousUser()
    return request


def test_query_parameters_a_page_does_not_read_do_not_make_new_pages(rf):
    """Issue 19.3: 300 `?flood=N` rendered the page 300 times and kept 300 copies."""
    pages.clear()
    calls = []

    @public_page(lambda request: "same")
    def force_page(request):
        calls.append(request.get_full_path())
        return HttpResponse(b"a force page " * 1000)

    @public_page(lambda request: "same", query=("area",))
    def overview(request):
        calls.append(request.get_full_path())
        return HttpResponse(f"area {request.GET.get('area')}")

    bodies = {force_page(anonymous(rf, f"/forces/x/?flood={n}")).content for n in range(300)}
    assert len(calls) == 1 and len(bodies) == 1 and len(pages) == 1
    for n in range(3):
        for area in ("a", "b"):
            assert overview(anonymous(rf, f"/overview/?area={area}&flood={n}")).content == f"area {area}".encode()
    assert len(calls) == 3 and len(pages) == 3  # one render per area it reads, whatever else is asked


def test_the_stored_pages_are_bounded_in_bytes(rf, monkeypatch):
    """However many different pages are asked for, what is stored stays within the limit (least recent out)."""
    pages.clear()
    monkeypatch.setattr(pages, "limit", 2 << 20)

    @public_page(lambda request: "same")
    def page(request):
        return HttpResponse(os.urandom(100_000))  # incompressible: stored twice over, plain and gzipped

    for n in range(100):
        page(anonymous(rf, f"/page/{n}/"))
    stored = sum(len(plain) + len(gzipped) for _, plain, gzipped in pages._pages.values())
    assert 0 < stored <= 2 << 20 and pages.size <= 2 << 20
    assert 5 <= len(pages) <= 10  # about 200 kB each: the most recent ten at most
    pages.clear()


def test_visitors_missing_the_same_page_at_once_render_it_once(rf):
    """Eight visitors asking for a slow page (a PDF) at once, each with another query string: one render."""
    pages.clear()
    calls = []

    @public_page(lambda request: "same")
    def slow_pdf(request):
        calls.append(1)
        time.sleep(0.5)
        return HttpResponse(b"%PDF-1.7 ...", content_type="application/pdf")

    bodies = []
    threads = [
        threading.Thread(
            target=lambda n=n: bodies.append(slow_pdf(anonymous(rf, f"/reports/2/report.pdf?x={n}")).content)
        )
        for n in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and bodies == [b"%PDF-1.7 ..."] * 8
