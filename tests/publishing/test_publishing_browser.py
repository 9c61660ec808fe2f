"""The worked example in a real browser (Chromium under the site's CSP) and as PDF pages turned into PNGs."""

import io
import re

import pypdfium2
import pytest
from django.utils import timezone
from pypdf import PdfReader

from openpeel.publishing.pdf import report_pdf
from openpeel.publishing.versions import assemble

from .conftest import EMBARGO


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_page_draws_every_chart_under_the_csp(browser, live_server, worked_example, monkeypatch, tmp_path):
    monkeypatch.setattr(timezone, "now", lambda: EMBARGO)
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    assert page.goto(f"{live_server.url}/reports/{worked_example.pk}/").status == 200
    charts = page.locator("[data-vega-spec]")
    expected = sum(len(a["charts"]) for a in assemble(worked_example)["annex"])
    assert expected and charts.count() == expected
    page.wait_for_function(f"document.querySelectorAll('[data-vega-spec] svg').length === {expected}")
    marks = page.locator("[data-vega-spec] svg .mark-rect path, [data-vega-spec] svg .mark-line path")
    assert marks.count() >= expected  # bars and lines were drawn, not just axes
    assert not problems, problems  # no CSP refusal (eval, inline style) and no script error
    assert page.get_by_role("heading", name="Overall summary").is_visible()
    assert page.get_by_role("heading", name="About the data").is_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.close()


@pytest.mark.django_db
def test_pdf_pages_show_the_grade_table_every_area_and_the_annex(worked_example, tmp_path):
    body = report_pdf(assemble(worked_example))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages]
    assert "Our judgments" in pages[0] and "Leadership and force management Inadequate" in pages[0]
    for area in worked_example.framework.areas:
        assert any(re.search(rf"^.*{re.escape(area.title)}", p) for p in pages[1:]), area.title
    assert any("About the data" in p for p in pages)
    document = pypdfium2.PdfDocument(body)
    for i in range(len(document)):
        image = document[i].render(scale=1).to_pil()
        image.save(tmp_path / f"page-{i + 1}.png")
        assert image.getextrema() != ((255, 255),) * 3  # every page has ink on it
    document.close()
