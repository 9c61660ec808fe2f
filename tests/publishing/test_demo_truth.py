"""The demo tells no fiction: its published Cambridgeshire 2023-25 inspection carries the grades and the cause
of concern of the published record (counted here from the bundled CSV with the csv module), every artefact it
publishes (report HTML and PDF, press release text and PDF, the web pages) is free of placeholder wording and
carries the demonstration mark; and moderation refuses template text, naming each part."""

import csv
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from openpeel.demo.examples import WORKED_EXAMPLE, example_inspection
from openpeel.frameworks import load_framework
from openpeel.inspections import workflow
from openpeel.inspections.errors import GradeRulesError
from openpeel.inspections.models import ReportText
from openpeel.inspections.placeholders import DEMONSTRATION, DRAFT, is_placeholder, notice
from openpeel.record import bundled_record_path

pytestmark = pytest.mark.django_db
CYCLE = load_framework("peel-2023-25")
# Wording that once stood in openpeel's demo where a person's words belong.
PLACEHOLDER_PHRASES = ("Example", "on the evidence.", "in their words", "Lorem ipsum", "TODO")


def _record(force: str, cycle: str, fact: str) -> list[dict]:
    with bundled_record_path().open(newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["force"] == force and r["cycle"] == cycle and r["fact"] == fact]


def _text(path) -> str:
    if path.suffix == ".pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return path.read_text(encoding="utf-8")


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_demos_published_inspection_has_the_records_grades_and_cause(demo_report):
    inspection, _ = demo_report
    expected = {
        r["area"]: CYCLE.grade(r["amended_grade"] or r["grade"]).id
        for r in _record("Cambridgeshire Constabulary", CYCLE.id, "grade")
    }
    assert expected and dict(inspection.judgments.values_list("area_id", "grade_id")) == expected
    causes = _record("Cambridgeshire Constabulary", CYCLE.id, "cause")
    assert [c.area_id for c in inspection.causes_of_concern.all()] == [c["area"] for c in causes]
    for cause, row in zip(inspection.causes_of_concern.all(), causes, strict=True):
        assert cause.text.startswith(row["cause"]) and row["source_url"].split()[0] in cause.text
    assert "sex offenders" in causes[0]["cause"]
    for afi in inspection.areas_for_improvement.all():
        assert afi.text.startswith(CYCLE.should(inspection.force))  # "The constabulary should"


@pytest.mark.parametrize("suffix", [".html", ".pdf", "-press-release.txt", "-press-release.pdf"])
def test_every_file_the_demo_publishes_is_free_of_placeholders_and_marked(demo_report, suffix):
    _, files = demo_report
    text = re.sub(r"\s+", " ", _text(files[suffix]))
    assert [p for p in PLACEHOLDER_PHRASES if p in text] == []
    assert text.index(DEMONSTRATION) < _first_claim(text), "the mark comes before anything the file says"
    if suffix == ".html":  # the inspectorate is not named as the author of what openpeel wrote
        assert '<meta name="author" content="openpeel">' in files[suffix].read_text(encoding="utf-8")


def _first_claim(text: str) -> int:
    """Where a reader meets the first grade: the report's table of judgments, or the press release's
    "graded" sentence."""
    return min(text.index(word) for word in ("Overall summary", "graded") if word in text)


def test_every_published_page_of_the_demo_is_free_of_placeholders_and_marked(demo_report, client):
    inspection, _ = demo_report
    for name in ("report", "press-release", "press-release-text"):
        page = _plain(client.get(reverse(f"publishing:{name}", kwargs={"pk": inspection.pk})).content.decode())
        assert [p for p in PLACEHOLDER_PHRASES if p in page] == [], name
        assert page.index(DEMONSTRATION) < _first_claim(page), name


def test_every_list_linking_to_an_openpeel_report_says_it_is_a_demonstration(demo_report, client):
    inspection, _ = demo_report
    link = f'href="{reverse("publishing:report", kwargs={"pk": inspection.pk})}"'
    for url in (reverse("publishing:reports"), reverse("force", kwargs={"force_id": "cambridgeshire"})):
        page = client.get(url).content.decode()
        assert link in page, url
        assert "not judgments of HM Inspectorate" in page[: page.index(link)], url


def test_the_force_page_shows_the_records_history_with_sources(demo_report, client):
    page = client.get(reverse("force", kwargs={"force_id": "cambridgeshire"})).content.decode()
    text = _plain(page)
    for row in _record("Cambridgeshire Constabulary", CYCLE.id, "grade"):
        area = CYCLE.node(row["area"]).title
        assert f"{area} {CYCLE.grade(row['grade']).label.capitalize()}" in text
        assert row["source_url"].split()[0].replace("&", "&amp;") in page
    for report in _record("Cambridgeshire Constabulary", "peel-2018-19", "report"):
        assert report["report_url"] in page
    assert "cannot be compared" in text and "management of registered sex offenders" in text


def test_moderation_refuses_template_text_naming_each_part(warehouse):
    inspection = example_inspection("cambridgeshire", WORKED_EXAMPLE, con=warehouse)
    judgment = inspection.judgments.get(area_id="leadership")
    judgment.rationale = "Graded inadequate on the evidence."
    judgment.save()
    text = ReportText.objects.get(inspection=inspection)
    text.summary = "Example summary by HM Inspector."
    text.save()
    workflow.move(inspection, "in_moderation", actor="test-moderator")
    with pytest.raises(GradeRulesError) as refused:
        workflow.move(inspection, "approved", actor="test-moderator")
    message = str(refused.value)
    assert "HM Inspector's summary" in message and "Leadership" in message and "template text" in message
    judgment.rationale = "Leadership: inadequate, as the cause of concern recorded in the area supports."
    judgment.save()
    text.summary = "Lorem ipsum dolor sit amet."
    text.save()
    with pytest.raises(GradeRulesError, match="HM Inspector's summary") as refused:
        workflow.move(inspection, "approved", actor="test-moderator")
    assert "Leadership" not in str(refused.value)


@pytest.mark.parametrize(
    "text, placeholder",
    [("", True), ("  ", True), ("Example finding for x.", True), ("Graded good on the evidence.", True),
     ("TODO: write", True), ("The constabulary answers 999 calls quickly, for example at night.", False)],
)  # fmt: skip
def test_what_counts_as_template_text(text, placeholder):
    assert is_placeholder(text) is placeholder


def test_the_api_marks_an_inspection_as_draft_then_demonstration(demo_report, warehouse, client):
    inspection, _ = demo_report
    assert client.get(f"/api/inspections/{inspection.pk}").json()["notice"] == DEMONSTRATION
    draft = example_inspection("norfolk", {}, con=warehouse)
    assert notice(draft) == DRAFT  # a draft is not readable by the public; what the API gives its readers


def test_the_reports_stop_and_search_rate_of_january_2024_names_census_2021_in_title_definition_and_source(
    demo_report,
):
    html = _plain(demo_report[1][".html"].read_text(encoding="utf-8"))
    assert "of 2011" not in html
    assert "Stop and searches on police.uk per 1,000 residents (Census 2021), January 2024" in html
    annex = html[html.index("Stop and searches on police.uk per 1,000 residents (Census 2021), January 2024 Value") :]
    assert "Residents for January 2024: Census 2021" in annex[:3000]
    source = annex[annex.index("Source") : annex.index("Source") + 400]
    assert "Census 2021, usual residents (TS021)" in source and "2011" not in source


def test_the_report_pdf_names_census_2021_for_january_2024_and_never_residents_of_2011(demo_report):
    text = re.sub(r"\s+", " ", _text(demo_report[1][".pdf"]))
    assert "of 2011" not in text
    assert "per 1,000 residents (Census 2021), January 2024" in text
