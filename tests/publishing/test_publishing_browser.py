"""The worked example in a real browser (Chromium under the site's CSP) and as PDF pages turned into PNGs."""

import io
import re

import PIL.Image
import pypdfium2
import pytest
from pypdf import PdfReader

from openpeel.demo.monitoring import LINKED_INDICATOR
from openpeel.publishing.versions import assemble


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_page_draws_every_chart_under_the_csp(browser, live_server, demo_report, tmp_path):
    inspection, _ = demo_report
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    assert page.goto(f"{live_server.url}/reports/{inspection.pk}/").status == 200
    charts = page.locator("[data-vega-spec]")
    expected = sum(len(a["charts"]) for a in assemble(inspection)["annex"])
    assert expected and charts.count() == expected
    page.wait_for_function(f"document.querySelectorAll('[data-vega-spec] svg').length === {expected}")
    marks = page.locator("[data-vega-spec] svg .mark-rect path, [data-vega-spec] svg .mark-line path")
    assert marks.count() >= expected  # bars and lines were drawn, not just axes
    assert not problems, problems  # no CSP refusal (eval, inline style) and no script error
    shows_the_whole_report(page, inspection)
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_demos_built_html_file_shows_the_whole_report(browser, demo_report, tmp_path):
    inspection, files = demo_report
    page = browser.new_page()
    page.goto(files[".html"].as_uri())
    shows_the_whole_report(page, inspection)
    shot = page.screenshot(full_page=True)
    image = PIL.Image.open(io.BytesIO(shot))
    assert image.height > 3 * image.width  # the whole long report, not one screen
    page.close()


def shows_the_whole_report(page, inspection) -> None:
    """The grade table with every graded area, a section per area, and the annex, each visible."""
    table = page.get_by_role("table").filter(has_text="Our judgments").first
    for area in inspection.framework.graded_areas():
        row = table.get_by_role("row").filter(has_text=area.title)
        assert row.count() and row.first.is_visible(), area.title
    for area in inspection.framework.areas:
        if area.optional and not inspection.judgments.filter(area_id=area.id).exists():
            continue  # an optional area (2023-25's recording data) has a section only where it was graded
        assert page.get_by_role("heading", name=area.title, exact=True).first.is_visible(), area.title
    assert page.get_by_role("heading", name="About the data").is_visible()


@pytest.mark.django_db
def test_pdf_pages_show_the_grade_table_every_area_and_the_annex(demo_report, tmp_path):
    inspection, files = demo_report
    body = files[".pdf"].read_bytes()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages]
    assert "Contents" in pages[0]  # the cover and the contents share the first page; the grades follow
    judgments = next(p for p in pages if "Our judgments" in p)
    for j in inspection.judgments.exclude(grade_id=""):  # the grades as the record holds them
        assert (
            f"{inspection.framework.node(j.area_id).title} {inspection.framework.grade(j.grade_id).label.capitalize()}"
            in judgments
        )
    for area in inspection.framework.areas:
        if area.optional and not inspection.judgments.filter(area_id=area.id).exists():
            continue
        assert any(re.search(rf"^.*{re.escape(area.title)}", p) for p in pages[1:]), area.title
    annex = " ".join(pages[next(i for i, p in enumerate(pages) if "About the data" in p) :])
    for snap in inspection.indicator_snapshots.all():  # the demo's linked indicator among them
        assert snap.title in annex, snap.title
    assert LINKED_INDICATOR in inspection.indicator_snapshots.values_list("indicator_id", flat=True)
    document = pypdfium2.PdfDocument(body)
    for i in range(len(document)):
        image = document[i].render(scale=1).to_pil()
        image.save(tmp_path / f"page-{i + 1}.png")
        assert image.getextrema() != ((255, 255),) * 3  # every page has ink on it
    document.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_national_map_draws_every_force_area_under_the_csp(browser, live_server, demo_report):
    inspection, _ = demo_report
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    url = f"{live_server.url}/reports/national/{inspection.framework_id}/?area=investigating"
    assert page.goto(url).status == 200
    page.wait_for_function("document.querySelectorAll('[data-vega-spec] svg').length === 1")
    assert page.locator("[data-vega-spec] svg path[aria-roledescription='geoshape']").count() == 43
    assert not problems, problems
    assert page.get_by_text("Contains OS data © Crown copyright").is_visible()
    page.close()
