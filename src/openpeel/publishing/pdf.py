"""The report and press release as standalone HTML and as PDFs with WeasyPrint: the same templates and the
same stylesheet as the web page (web/static/publishing/report.css, inlined so the file stands alone), charts
drawn offline as SVG images with their descriptions as alt text, tagged as PDF/UA for screen readers."""

from __future__ import annotations

import base64
import copy
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from openpeel.inspections.placeholders import DEMONSTRATION
from openpeel.publishing.charts import to_svg

if TYPE_CHECKING:  # for the annotation only
    from openpeel.inspections.models import ReportVersion

# openpeel, never the inspectorate: what openpeel publishes is a demonstration (placeholders.notice), so neither
# the cover nor the PDF's metadata may name HM Inspectorate as its author.
AUTHOR = "openpeel"
STYLESHEET = "publishing/report.css"  # a static file: the web page links to it, the file and PDF inline it
PDF_VARIANT = "pdf/ua-1"  # tagged structure, document language and title, alt text on every image


@cache
def stylesheet() -> str:
    found = finders.find(STYLESHEET)
    assert isinstance(found, str), f"the static file {STYLESHEET} is missing"
    return Path(found).read_text(encoding="utf-8")


def with_charts_drawn(report: dict[str, Any]) -> dict[str, Any]:
    """A copy of the report whose charts carry their SVG (as a data URI) for the PDF."""
    report = copy.deepcopy(report)
    for entry in report["annex"]:
        for chart in entry["charts"]:
            svg = to_svg(chart["spec"]).encode()
            chart["svg"] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return report


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only PDF work needs

    return weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)  # type: ignore[no-any-return]


def document(context: dict[str, Any]) -> str:
    """The standalone HTML page (report or press release) with the stylesheet inside it."""
    return render_to_string("publishing/document.html", context | {"stylesheet": stylesheet()})


def report_html(
    report: dict[str, Any], version: ReportVersion | None = None, *, drawn: dict[str, Any] | None = None
) -> str:
    """The standalone HTML the PDF is made from (the web page's body, charts as images). `drawn` is the
    report with its charts already drawn (with_charts_drawn), to draw them once for several outputs."""
    r = drawn or with_charts_drawn(report)
    return document(
        {
            "r": r,
            "version": version,
            "pdf": True,
            "title": report["title"],
            "author": AUTHOR,
            "notice": DEMONSTRATION,  # drawn only for public reports: never the inspectorate's publication
        }
    )


def report_pdf(report: dict[str, Any], version: ReportVersion | None = None) -> bytes:
    return html_to_pdf(report_html(report, version))


def press_pdf(press: dict[str, Any], title: str) -> bytes:
    return html_to_pdf(document({"p": press, "press": True, "title": title, "author": AUTHOR}))
