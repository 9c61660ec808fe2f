"""The demo's report as a reader gets it (the web page, the standalone HTML that `publish build` writes and
the PDF): designed from one stylesheet, with a cover, contents, the force in numbers and a narrative for each
graded area, in plain English, and with no page of the PDF left nearly blank."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from openpeel.inspections.placeholders import DEMONSTRATION
from openpeel.publishing import pdf

STYLESHEET = Path(pdf.__file__).parents[1] / "web" / "static" / "publishing" / "report.css"

# Internal ids and codes that must never reach a reader: an indicator-and-month id, a month as "2018-11", a
# "#3" number, a grading rule's id, SPC rule names and terms.
RAW = {
    "indicator id with its month": r"[a-z]+-[a-z-]+-\d{4}-\d{2}",
    "month written 2018-11": r"\b\d{4}-\d{2}\b",
    "number written #3": r"#\d+",
    "grading rule id": r"\[rule ",
    "SPC term or rule name": r"XmR|process limit|beyond_limit|two_of_three|\brun: |\bsignals?\b",
    "framework node id": r"\([a-z]+-[a-z-]*\.[a-z-]+\)",
}
MOST_PAGES = 14  # 15 before the design, with 8 of them mostly blank
NEAR_BLANK = 0.2  # a page with ink on under a fifth of its height


class Text(HTMLParser):
    """What a reader sees of an HTML page: its text, without scripts and styles."""

    def __init__(self, html: str):
        super().__init__()
        self.parts, self.hidden = [], 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def __str__(self):
        return " ".join(" ".join(self.parts).split())


_BUILT: dict = {}


@pytest.fixture
def demo(request, db):
    """The demo report's outputs, built once for this module (building draws every chart and two PDFs)."""
    if not _BUILT:
        inspection, files = request.getfixturevalue("demo_report")
        page = Client().get(reverse("publishing:report", kwargs={"pk": inspection.pk}))
        assert page.status_code == 200
        graded = list(inspection.judgments.values_list("area_id", flat=True))  # the areas this report graded
        _BUILT.update(
            page=page.content.decode(),
            html=files[".html"].read_text(),
            pdf=files[".pdf"].read_bytes(),
            press=files["-press-release.txt"].read_text(),
            press_pdf=files["-press-release.pdf"].read_bytes(),
            graded=graded,
        )
    return _BUILT


def pdf_text(body: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(body)).pages).split())


def test_the_standalone_html_carries_the_stylesheet_the_web_page_links_to(demo):
    css = STYLESHEET.read_text()
    assert f"<style>{css}</style>" in demo["html"]
    assert 'href="/assets/publishing/report.css"' in demo["page"]
    assert "@page" in css and ".op-cover" in css and "break-after: avoid" in css


def test_page_file_and_pdf_have_a_cover_contents_the_force_in_numbers_and_a_narrative_for_each_graded_area(demo):
    for name, text in (
        ("page", str(Text(demo["page"]))),
        ("file", str(Text(demo["html"]))),
        ("pdf", pdf_text(demo["pdf"])),
    ):
        assert "PEEL 2023–25: an inspection of Cambridgeshire Constabulary" in text, name
        assert "Contents" in text and "The force in numbers" in text, name
        for label in ("Population", "Police officers (full-time equivalent)", "Crimes recorded"):
            assert label in text, (name, label)
        assert "999 calls answered within 10 seconds" in text and "Source:" in text, name
        # A narrative for each area the report graded, and a summary, all marked as the demonstration's own.
        assert text.count("Demonstration text, not the inspectorate's words.") == len(demo["graded"]), name
        assert f"{DEMONSTRATION}. In its report published" in text, name
    assert 'class="op-cover' in demo["html"] and 'class="op-contents' in demo["html"]


@pytest.mark.parametrize("output", ["page", "file", "pdf", "press release", "press release pdf"])
def test_no_internal_id_code_or_spc_term_reaches_a_reader(demo, output):
    text = {
        "page": lambda: str(Text(demo["page"])),
        "file": lambda: str(Text(demo["html"])),
        "pdf": lambda: pdf_text(demo["pdf"]),
        "press release": lambda: demo["press"],
        "press release pdf": lambda: pdf_text(demo["press_pdf"]),
    }[output]()
    text = re.sub(r"https?://\S+", "", text)  # a source's address is cited as it is, not an internal id
    found = {what: re.findall(pattern, text) for what, pattern in RAW.items()}
    assert not {what: hits for what, hits in found.items() if hits}


def test_the_pdf_is_tagged_short_and_no_page_of_it_is_nearly_blank(demo):
    reader = pypdf.PdfReader(io.BytesIO(demo["pdf"]))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and 1 < len(reader.pages) <= MOST_PAGES
    document = pypdfium2.PdfDocument(demo["pdf"])
    inked = []
    for page in document:
        grey = page.render(scale=50 / 72).to_pil().convert("L")
        width, height = grey.size
        pixels = grey.load()
        rows = sum(any(pixels[x, y] < 200 for x in range(0, width, 2)) for y in range(height))
        inked.append(round(rows / height, 2))
    document.close()
    assert all(share >= NEAR_BLANK for share in inked), inked
