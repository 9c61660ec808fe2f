"""The published report, its versions and PDF, the press release and the national overview. Every page
about one inspection asks access.public_inspection first: before the embargo lifts it is 404 to everyone;
the inspectorate reads it through the preview, which asks access.workspace_inspection."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openpeel.errors import FrameworkLookupError, OpenPeelError
from openpeel.frameworks import load_framework
from openpeel.inspections import access
from openpeel.inspections.models import AreaNarrative, Inspection, ReportText
from openpeel.inspections.placeholders import DRAFT, notice
from openpeel.publishing import pdf
from openpeel.publishing.national import NoSuchChoice, overview_with_map
from openpeel.publishing.press import as_text, build_press_release
from openpeel.publishing.versions import assemble, latest_version
from openpeel.web.inspections.common import page, workspace
from openpeel.web.inspections.forms import NarrativeForm, ReportTextForm, save_part
from openpeel.web.public_cache import public_page, publication_stamp


def _published(inspection: Inspection, number: int | None = None):
    """(report dict, version or None): the latest stored version, a given one, or the report assembled now."""
    versions = inspection.report_versions.order_by("number")
    if number is not None:
        version = versions.filter(number=number).first()
        if version is None:
            raise Http404("No such version")
    else:
        version = latest_version(inspection)
    return (version.report if version else assemble(inspection)), version


def _for_web(report: dict) -> dict:
    for entry in report["annex"]:
        for chart in entry["charts"]:
            chart["json_id"] = f"spec-{chart['id']}"
    return report


def _report_page(request, inspection: Inspection, number: int | None = None, *, preview=False, may_write=False):
    report, version = _published(inspection, number) if not preview else (assemble(inspection), None)
    context = {
        "r": _for_web(report),
        "version": version,
        "versions": list(inspection.report_versions.order_by("number")),
        "preview": preview,
        "embargo_at": inspection.embargo_at,
        "may_write": may_write,
        "author": pdf.AUTHOR,
        "notice": DRAFT if preview else notice(inspection),
    }
    return render(request, "publishing/report.html", context)


def public_report_stamp(request, pk: int, *_args, **_kwargs):
    """404 until the report is public; then what its pages show."""
    return access.public_inspection(pk).pk, publication_stamp()


def report_pdf_stamp(request, pk: int, *_args, **_kwargs):
    """A stored version's PDF changes only with a new version (a correction), not with every write elsewhere:
    drawn once per version (issue 19.3). Before `publish due` stores version 1 it follows the publication."""
    inspection = access.public_inspection(pk)
    version = latest_version(inspection)
    return (pk, "version", version.pk, version.number) if version else public_report_stamp(request, pk)


@public_page(public_report_stamp)
def report(request, pk: int):
    return _report_page(request, access.public_inspection(pk))


@public_page(public_report_stamp)
def report_version(request, pk: int, number: int):
    return _report_page(request, access.public_inspection(pk), number)


@public_page(report_pdf_stamp)  # a PDF takes seconds to draw: once per version
def report_pdf(request, pk: int):
    inspection = access.public_inspection(pk)
    report, version = _published(inspection)
    return _pdf_response(pdf.report_pdf(report, version), f"{inspection.force_id}-{inspection.framework_id}.pdf")


def preview(request, pk: int):
    inspection = access.workspace_inspection(request.user, pk)
    may_write = access.may_write_report_text(request.user, inspection)
    return _report_page(request, inspection, preview=True, may_write=may_write)


def _press(inspection: Inspection):
    report, _ = _published(inspection)
    text = getattr(inspection, "report_text", None)
    return build_press_release(inspection.framework, report, embargo_at=inspection.embargo_at, text=text), report


@public_page(public_report_stamp)
def press_release(request, pk: int):
    press, _ = _press(access.public_inspection(pk))
    return render(request, "publishing/press_release.html", {"p": press, "pk": pk})


@public_page(public_report_stamp)
def press_release_text(request, pk: int):
    press, _ = _press(access.public_inspection(pk))
    return HttpResponse(as_text(press), content_type="text/plain; charset=utf-8")


@public_page(public_report_stamp)  # a PDF takes seconds to draw: once per version
def press_release_pdf(request, pk: int):
    inspection = access.public_inspection(pk)
    press, _ = _press(inspection)
    body = pdf.press_pdf(press.as_dict(), press.headline)
    return _pdf_response(body, f"{inspection.force_id}-{inspection.framework_id}-press-release.pdf")


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_page(publication_stamp)
def reports(request):
    public = Inspection.objects.filter(access.public_filter()).order_by("framework_id", "force_id", "-period_end")
    groups: dict[str, list[Inspection]] = {}
    for inspection in public:
        groups.setdefault(inspection.framework_id, []).append(inspection)
    ordered = sorted(groups.items(), key=lambda kv: -load_framework(kv[0]).start_year)
    return render(request, "publishing/reports.html", {"groups": [(load_framework(f), i) for f, i in ordered]})


@public_page(publication_stamp, query=("area", "indicator"))
def national(request, framework_id: str):
    try:
        framework = load_framework(framework_id)
    except OpenPeelError:
        raise Http404("No such framework") from None
    try:
        page = overview_with_map(framework, area_id=request.GET.get("area"), indicator_id=request.GET.get("indicator"))
    except NoSuchChoice:
        raise Http404("No such area or indicator") from None
    return render(request, "publishing/national.html", page)


def _writable(request, pk: int) -> Inspection:
    inspection = workspace(request, pk)
    access.require(
        access.may_write_report_text(request.user, inspection),
        f"{inspection} is {inspection.get_status_display().lower()}: you cannot change its report text now.",
    )
    return inspection


@require_http_methods(["GET", "POST"])
def report_text(request, pk: int):
    """HM Inspector's summary and the press-release quote, written by a person (audited like any part), and
    the list of areas whose narrative the inspectors write. "Preview" shows the summary as it will read."""
    inspection = _writable(request, pk)
    text = getattr(inspection, "report_text", None) or ReportText(inspection=inspection)
    form = ReportTextForm(request.POST or None, inspection=inspection, instance=text)
    previewing = request.method == "POST" and "preview" in request.POST
    if request.method == "POST" and form.is_valid() and not previewing and save_part(form, text):
        messages.success(request, "Report text saved.")
        return redirect("publishing:preview", pk=inspection.pk)
    written = set(inspection.narratives.values_list("area_id", flat=True))
    areas = [(node, parent, node.id in written) for node, parent in inspection.framework.walk()
             if node.kind != "characteristic"]  # fmt: skip
    preview_text = form.cleaned_data.get("summary", "") if previewing and form.is_valid() else None
    return page(request, "publishing/report_text.html", inspection, form=form, areas=areas, preview_text=preview_text)


@require_http_methods(["GET", "POST"])
def narrative(request, pk: int, area_id: str):
    """One area's main findings in the inspectors' words (Markdown), with a preview before saving."""
    inspection = _writable(request, pk)
    try:
        area = inspection.framework.node(area_id)
    except FrameworkLookupError:
        raise Http404("No such area") from None
    if area.kind == "characteristic":
        raise Http404("Narrative is written for areas, pillars and questions")
    text = inspection.narratives.filter(area_id=area.id).first() or AreaNarrative(
        inspection=inspection, area_id=area.id
    )
    form = NarrativeForm(request.POST or None, inspection=inspection, instance=text)
    previewing = request.method == "POST" and "preview" in request.POST
    if request.method == "POST" and form.is_valid() and not previewing and save_part(form, text):
        messages.success(request, f"Narrative of {area.title} saved.")
        return redirect("publishing:report-text", pk=inspection.pk)
    evidence = [(f"{s.indicator_id}-{s.period:%Y-%m}", f"{s.title}, {s.period:%B %Y}")
                for s in inspection.indicator_snapshots.all() if area.id in s.areas]  # fmt: skip
    preview_text = form.cleaned_data.get("text", "") if previewing and form.is_valid() else None
    return page(request, "publishing/narrative.html", inspection, form=form, area=area, evidence=evidence,
                preview_text=preview_text)  # fmt: skip
