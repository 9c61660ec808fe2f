"""The public stop and search page of a force, on the bundled police.uk files."""

from __future__ import annotations

import re

import duckdb
import pytest
from django.utils.html import escape

from openpeel.stopsearch.disproportionality import disproportionality
from openpeel.stopsearch.hit_rate import WEAKNESS
from openpeel.web.templatetags.openpeel import months_in_words


@pytest.fixture
def warehouse_env(demo_warehouse, monkeypatch, db):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


def test_force_page_links_to_its_stop_and_search_page(client, warehouse_env):
    assert "/forces/greater-manchester/stop-and-search/" in client.get("/forces/greater-manchester/").content.decode()


def test_greater_manchester_page_shows_rates_ratios_notes_and_the_refused_veil_test(client, warehouse_env):
    con = duckdb.connect(str(warehouse_env), read_only=True)
    [force, *_] = disproportionality(con, "greater-manchester")
    con.close()
    page = client.get("/forces/greater-manchester/stop-and-search/").content.decode()
    black = next(g for g in force.self_defined if g.group == "Black")
    assert f"{black.rate:,.3f} ({black.low:,.3f} to {black.high:,.3f})" in page
    assert f"{black.ratio:,.2f} ({black.ratio_low:,.2f} to {black.ratio_high:,.2f})" in page
    assert escape(months_in_words(force.completeness.note())) in page
    assert escape(WEAKNESS) in page and "Section 23 Misuse of Drugs Act, June 2019" in page
    assert "Not tested: too few searches" in page and "veil of darkness, greater-manchester" not in page
    text = re.sub(r"<[^>]+>", " ", page[page.index("<main") :])  # what people read, not addresses
    assert not re.search(r"\b20\d\d-\d\d\b", text), "months are written as people write them"
    paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", page, re.S)
    assert len(paragraphs) == len(set(paragraphs)), "no paragraph is repeated"
    assert page.count("<caption") >= 3  # every table says what it shows


def test_a_force_without_searches_says_so(client, warehouse_env):
    page = client.get("/forces/norfolk/stop-and-search/").content.decode()
    assert "no police.uk stop and search files for Norfolk Constabulary" in page


def test_unknown_force_is_404(client, warehouse_env):
    assert client.get("/forces/atlantis/stop-and-search/").status_code == 404
