"""Publication at the embargo, corrections as versions, and the PDF saying what the web page says."""

import datetime as dt
import html as html_text
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from openpeel.inspections.models import AuditEntry, ReportVersion, Status
from openpeel.publishing import versions
from openpeel.publishing.charts import series_chart, ski_slope_chart
from openpeel.publishing.versions import CorrectionError, correct, publish_due

from .conftest import EMBARGO

pytestmark = pytest.mark.django_db
ONE_SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def clock(monkeypatch):
    """Set the time every access check and command reads."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


PUBLIC_PAGES = ("report", "report-pdf", "press-release", "press-release-text", "press-release-pdf")


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_embargo_boundary_one_second_before_404_at_the_moment_200(page, worked_example, client, clock):
    url = reverse(f"publishing:{page}", kwargs={"pk": worked_example.pk})
    clock(EMBARGO - ONE_SECOND)
    assert client.get(url).status_code == 404
    clock(EMBARGO)
    assert client.get(url).status_code == 200


def test_the_national_overview_lists_a_report_the_moment_its_embargo_passes(worked_example, client, clock):
    url = reverse("publishing:national", kwargs={"framework_id": worked_example.framework_id})
    report = reverse("publishing:report", kwargs={"pk": worked_example.pk})
    clock(EMBARGO - ONE_SECOND)
    assert report not in client.get(url).content.decode()
    assert report not in client.get(url).content.decode()  # the stored page, still before the embargo
    clock(EMBARGO)
    assert report in client.get(url).content.decode()  # no write happened: the public set is in the stamp


def test_publish_due_publishes_at_the_embargo_once(worked_example, clock):
    clock(EMBARGO - ONE_SECOND)
    assert publish_due() == []
    clock(EMBARGO + dt.timedelta(minutes=5))
    assert publish_due() == [worked_example]
    worked_example.refresh_from_db()
    assert worked_example.status == Status.PUBLISHED
    version = worked_example.report_versions.get()
    assert (version.number, version.created_at) == (1, EMBARGO)  # dated at the embargo, not the command's run
    assert AuditEntry.objects.filter(actor=versions.SCHEDULER, object_type="inspections.inspection").exists()
    assert publish_due() == [] and ReportVersion.objects.count() == 1


def test_a_correction_is_a_new_version_and_the_first_stays_readable(worked_example, client, clock):
    clock(EMBARGO)
    publish_due()
    clock(EMBARGO + dt.timedelta(days=3))
    second = correct(worked_example, "openpeel generated this report", "openpeel wrote this report", "Wording fixed.",
                     actor="test-moderator")  # fmt: skip
    assert second.number == 2
    page = client.get(reverse("publishing:report", kwargs={"pk": worked_example.pk})).content.decode()
    assert "Last updated with openpeel on 15 March 2025 (version 2): Wording fixed." in page
    assert "openpeel wrote this report" in page and "openpeel generated this report" not in page
    first = client.get(reverse("publishing:report-version", kwargs={"pk": worked_example.pk, "number": 1}))
    assert "openpeel generated this report" in first.content.decode()
    assert "Published with openpeel on 12 March 2025." in first.content.decode()
    with pytest.raises(CorrectionError, match="does not occur"):
        correct(worked_example, "no such words", "x", "note", actor="test-moderator")
    with pytest.raises(Exception, match="cannot change"):
        second.note = "rewritten"
        second.save()


@pytest.fixture
def pdf_counted(worked_example, clock, monkeypatch) -> tuple[str, list]:
    """The published worked example's PDF address, and a list that grows each time a report PDF is drawn."""
    from openpeel.publishing import pdf
    from openpeel.web.public_cache import pages

    pages.clear()  # another test's database may have had a report with the same ids in this process
    drawn, draw = [], pdf.report_pdf
    monkeypatch.setattr(pdf, "report_pdf", lambda *args: drawn.append(args) or draw(*args))
    clock(EMBARGO)
    publish_due()
    return reverse("publishing:report-pdf", kwargs={"pk": worked_example.pk}), drawn


def test_the_public_pdf_is_drawn_once_per_version(pdf_counted, client):
    url, drawn = pdf_counted
    first = client.get(url)
    assert first["Content-Type"] == "application/pdf" and first.content.startswith(b"%PDF")
    assert client.get(url).content == first.content and len(drawn) == 1  # the second visitor gets the stored one


def test_the_pdf_says_what_the_web_page_says(worked_example, client, clock):
    clock(EMBARGO)
    html = client.get(reverse("publishing:report", kwargs={"pk": worked_example.pk})).content.decode()
    body = client.get(reverse("publishing:report-pdf", kwargs={"pk": worked_example.pk})).content
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    main = html[html.index('<article class="op-report">') : html.index("</article>")]
    paras = re.findall(r"<(?:p|li|h[1-4]|th|td|dd)[^>]*>([^<]{12,})</", main)
    assert len(paras) > 50  # grade table, every area section, the annex and its chart tables
    # Compared without spaces: the PDF's text breaks lines after a "/" or "-" and reads the break as a space.
    squeezed = "".join(text.split())
    for para in paras:
        words = " ".join(html_text.unescape(para).split())
        assert "".join(words.split()) in squeezed, f"PDF lacks: {words}"
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    assert root["/Lang"] == "en-GB" and reader.metadata.title.startswith("PEEL 2023–25: an inspection of")
    assert 'alt="' in versions_html(worked_example)


def versions_html(inspection):
    from openpeel.publishing.pdf import report_html

    return report_html(versions.assemble(inspection))


def test_chart_specs_come_from_the_computed_results(warehouse):
    from openpeel.indicators.read import force_panels

    panel = next(p for p in force_panels(warehouse, "cambridgeshire") if p.assessment.get("spc_mean") is not None)
    series = series_chart(panel, "Cambridgeshire Constabulary")
    drawn = [p for p in panel.series if not p.suppressed]
    assert [v["value"] for v in series.spec["data"]["values"]] == [p.value for p in drawn]
    limits = {d["line"]: d["y"] for d in series.spec["layer"][2]["data"]["values"]}
    a = panel.assessment
    assert limits == {"Average": a["spc_mean"], "Lower limit": a["spc_lower"], "Upper limit": a["spc_upper"]}
    assert len(series.table.rows) == len(panel.series)
    slope = ski_slope_chart(panel, "Cambridgeshire Constabulary")
    groups = {v["force"]: v["group"] for v in slope.spec["data"]["values"]}
    assert groups["Cambridgeshire Constabulary"] == "This force"
    assert {f for f, g in groups.items() if g == "Peer group"} == {b.force for b in panel.ski_slope if b.peer}
    assert "Cambridgeshire Constabulary is" in slope.description


def test_the_public_pdf_is_drawn_once_per_version_whatever_the_url(pdf_counted, client):
    """Issue 19.3: `?x=N` redrew the PDF each time, and so did any write elsewhere (the audit head moved)."""
    from openpeel.demo.factories import make_inspection
    from openpeel.inspections.audit import acting_as

    url, drawn = pdf_counted
    first = client.get(url).content
    for n in range(3):
        assert client.get(f"{url}?x={n}").content == first
    with acting_as("someone"):
        make_inspection("norfolk", start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))  # a write elsewhere
    assert client.get(f"{url}?x=new").content == first
    assert len(drawn) == 1
