"""PDFs of the report and press release with WeasyPrint: the same templates as the web page, charts drawn
offline as SVG images with their descriptions as alt text, tagged as PDF/UA for screen readers."""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from openpeel.publishing.charts import to_svg

if TYPE_CHECKING:  # for the annotation only
    from openpeel.inspections.models import ReportVersion

CSS = Path(__file__).with_name("pdf.css")
PDF_VARIANT = "pdf/ua-1"  # tagged structure, document language and title, alt text on every image


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

    return weasyprint.HTML(string=html).write_pdf(  # type: ignore[no-any-return]  # weasyprint has no types
        stylesheets=[weasyprint.CSS(filename=str(CSS))], pdf_variant=PDF_VARIANT
    )


def report_html(report: dict[str, Any], version: ReportVersion | None = None) -> str:
    """The standalone HTML the PDF is made from (the web page's body, charts as images)."""
    context = {"r": with_charts_drawn(report), "version": version, "pdf": True}
    return render_to_string(
        "publishing/document.html", context | {"title": report["title"], "author": report_author(report)}
    )


def report_pdf(report: dict[str, Any], version: ReportVersion | None = None) -> bytes:
    return html_to_pdf(report_html(report, version))


def press_pdf(press: dict[str, Any], title: str, author: str) -> bytes:
    html = render_to_string("publishing/document.html", {"p": press, "press": True, "title": title, "author": author})
    return html_to_pdf(html)


def report_author(report: dict[str, Any]) -> str:
    from openpeel.frameworks import load_framework

    publishing = load_framework(report["framework_id"]).publishing
    return publishing.inspectorate if publishing else "openpeel"
