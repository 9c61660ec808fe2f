"""A published report and its press release written to files: HTML, PDF and plain text."""

from __future__ import annotations

from pathlib import Path

from openpeel.inspections.models import Inspection
from openpeel.publishing import pdf
from openpeel.publishing.press import as_text, build_press_release
from openpeel.publishing.versions import assemble, latest_version


def write_report_files(inspection: Inspection, folder: Path) -> list[Path]:
    version = latest_version(inspection)
    report = version.report if version else assemble(inspection)
    press = build_press_release(
        inspection.framework, report, embargo_at=inspection.embargo_at, text=getattr(inspection, "report_text", None)
    )
    stem = folder / f"{inspection.force_id}-{inspection.framework_id}"
    # Charts drawn once, for both the HTML file and the PDF.
    html = pdf.report_html(report, version, drawn=pdf.with_charts_drawn(report))
    files = {
        stem.with_suffix(".html"): html.encode(),
        stem.with_suffix(".pdf"): pdf.html_to_pdf(html),
        Path(f"{stem}-press-release.txt"): as_text(press).encode(),
        Path(f"{stem}-press-release.pdf"): pdf.press_pdf(press.as_dict(), press.headline),
    }
    for path, body in files.items():
        part = path.with_name(path.name + ".part")
        part.write_bytes(body)
        part.replace(path)  # a build killed mid-write leaves the old file or the new one, never half of one
    return list(files)
