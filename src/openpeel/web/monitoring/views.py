"""Monitoring pages. Every view asks openpeel.inspections.access and openpeel.monitoring.access;
404 comes before any sign-in redirect."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openpeel.errors import UnknownForceError
from openpeel.forces import get_force
from openpeel.indicators.catalogue import catalogue
from openpeel.inspections import access
from openpeel.monitoring import access as monitoring_access
from openpeel.monitoring import engage, tracking
from openpeel.monitoring.errors import TrackingError
from openpeel.monitoring.models import EngagePeriod, ItemUpdate, TrackedItem
from openpeel.monitoring.progress import progress_since
from openpeel.monitoring.risk import force_risks
from openpeel.monitoring.spc_signals import Week, describe, digest, digest_text, read_signals
from openpeel.web.monitoring.forms import (
    ActionForm,
    DetailsForm,
    EngageForm,
    ExitForm,
    PccResponseForm,
    StatusForm,
    UpdateForm,
)


class _SignIn(Exception):
    pass


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise _SignIn


def _handles_sign_in(view):
    """Visitors who are not signed in are sent to sign in (after any 404 the view raised first)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _force(force_id: str):
    try:
        force = get_force(force_id)
    except UnknownForceError:
        raise Http404("No such force") from None
    if force.id != force_id:
        raise Http404("No such force")
    return force


def _item(request, pk: int) -> TrackedItem:
    item = monitoring_access.tracked_item(request.user, pk)
    _signed_in(request)
    access.require(
        monitoring_access.may_see_force_items(request.user, item.force_id),
        "These items are for the inspectorate and the force.",
    )
    return item


def _fail(form, error: Exception) -> None:
    """Show a refusal (or a model's ValidationError) as form errors, with the GOV.UK error summary."""
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, str(error.messages[0] if isinstance(error, ValidationError) else error))


# --- a force's dashboard ------------------------------------------------------------------------------------


@require_GET
@_handles_sign_in
def force_dashboard(request, force_id: str, forms: dict | None = None, status: int = 200):
    force = _force(force_id)
    _signed_in(request)
    access.require(
        monitoring_access.may_see_force_items(request.user, force.id),
        "This dashboard is for the inspectorate and the force.",
    )
    items = list(TrackedItem.objects.filter(force_id=force.id).select_related("inspection").order_by("status", "id"))
    signals = read_signals([force.id])
    today = timezone.localdate()
    rows = [
        (item, tracking.overdue(item, today), tracking.pcc_clock(item, today), signals.for_item(item)) for item in items
    ]
    titles = {i.id: i.title for i in catalogue().values()}
    linked = {i for item in items for i in item.indicator_ids}
    period = engage.current_period(force.id)
    forms = forms or {}
    context = {
        "force": force,
        "rows": rows,
        "open_count": sum(1 for i in items if i.is_open),
        "overdue_count": sum(1 for _, why, _, _ in rows if why),
        "signals": [
            (titles.get(r.indicator_id, r.indicator_id), describe(r), r)
            for r in signals.runs
            if r.indicator_id in linked
        ],
        "signal_problem": signals.problem,
        "period": period,
        "history": EngagePeriod.objects.filter(force_id=force.id).exclude(pk=getattr(period, "pk", None)),
        "progress": progress_since(force.id, signals=signals),
        "may_set_engage": monitoring_access.may_set_engage(request.user),
        "engage_form": forms.get("engage") or EngageForm(),
        "exit_form": forms.get("exit") or ExitForm(),
        "action_form": forms.get("action") or ActionForm(),
    }
    return render(request, "monitoring/force.html", context, status=status)


def _engage_post(request, force_id: str, form_class, key: str, act):
    force = _force(force_id)
    _signed_in(request)
    access.require(monitoring_access.may_set_engage(request.user), "Moderators move forces between Scan and Engage.")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(force, form.cleaned_data)
            return redirect("monitoring:force", force_id=force.id)
        except (TrackingError, ValidationError) as e:
            _fail(form, e)
    request.method = "GET"  # render the dashboard with the form's errors
    return force_dashboard(request, force_id, forms={key: form}, status=400)


@require_POST
@_handles_sign_in
def engage_enter(request, force_id: str):
    def act(force, d):
        engage.enter_engage(
            force.id, reason=d["reason"], entered_on=d["entered_on"], actions=[(d["action"], d["due_on"])]
        )

    return _engage_post(request, force_id, EngageForm, "engage", act)


@require_POST
@_handles_sign_in
def engage_exit(request, force_id: str):
    def act(force, d):
        engage.exit_engage(force.id, reason=d["reason"], exited_on=d["exited_on"])

    return _engage_post(request, force_id, ExitForm, "exit", act)


@require_POST
@_handles_sign_in
def plan_action(request, force_id: str):
    def act(force, d):
        period = engage.current_period(force.id)
        if period is None:
            raise TrackingError(f"{force.name} is in Scan: there is no improvement plan to add to.")
        engage.add_action(period, d["action"], d["due_on"])

    return _engage_post(request, force_id, ActionForm, "action", act)


# --- one item ------------------------------------------------------------------------------------------------


@require_GET
@_handles_sign_in
def item_page(request, pk: int, forms: dict | None = None, status: int = 200):
    item = _item(request, pk)
    user, forms = request.user, forms or {}
    signals = read_signals([item.force_id], item.indicator_ids)
    titles = {i.id: i.title for i in catalogue().values()}
    context = {
        "item": item,
        "log": item.log.all(),
        "updates": item.updates.all(),
        "clock": tracking.pcc_clock(item),
        "overdue": tracking.overdue(item),
        "indicators": [
            (i, titles.get(i, i), [describe(r) for r in signals.for_item(item) if r.indicator_id == i])
            for i in item.indicator_ids
        ],
        "signal_problem": signals.problem,
        "may_update": item.is_open and monitoring_access.may_update_item(user, item),
        "may_close": item.is_open and monitoring_access.may_close_item(user, item),
        "may_edit": monitoring_access.may_close_item(user, item),
        "may_respond": not item.pcc_responded_on and monitoring_access.may_respond_for_pcc(user, item),
        "update_form": forms.get("update") or UpdateForm(),
        "status_form": forms.get("status") or StatusForm(),
        "pcc_form": forms.get("pcc") or PccResponseForm(),
        "details_form": forms.get("details")
        or DetailsForm(initial={"owner": item.owner, "due_date": item.due_date, "indicator_ids": item.indicator_ids}),
    }
    return render(request, "monitoring/item.html", context, status=status)


def _item_post(request, pk: int, allowed, form, key: str, act):
    item = _item(request, pk)
    access.require(allowed(request.user, item), "You may not do this to this item.")
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
            return redirect("monitoring:item", pk=item.pk)
        except (TrackingError, ValidationError) as e:
            _fail(form, e)
    request.method = "GET"
    return item_page(request, pk, forms={key: form}, status=400)


@require_POST
@_handles_sign_in
def item_update(request, pk: int):
    def act(item, d):
        tracking.post_update(item, by=request.user, text=d["text"], document=d["document"])

    return _item_post(
        request, pk, monitoring_access.may_update_item, UpdateForm(request.POST, request.FILES), "update", act
    )


@require_POST
@_handles_sign_in
def item_status(request, pk: int):
    def act(item, d):
        tracking.move(item, d["to"], by=request.user, why=d["why"])

    return _item_post(request, pk, monitoring_access.may_close_item, StatusForm(request.POST), "status", act)


@require_POST
@_handles_sign_in
def item_pcc_response(request, pk: int):
    def act(item, d):
        tracking.record_pcc_response(item, text=d["text"], responded_on=d["responded_on"])

    return _item_post(request, pk, monitoring_access.may_respond_for_pcc, PccResponseForm(request.POST), "pcc", act)


@require_POST
@_handles_sign_in
def item_details(request, pk: int):
    def act(item, d):
        item.owner, item.due_date, item.indicator_ids = d["owner"], d["due_date"], list(d["indicator_ids"])
        item.save()

    return _item_post(request, pk, monitoring_access.may_close_item, DetailsForm(request.POST), "details", act)


@require_GET
@_handles_sign_in
def update_document(request, pk: int):
    update = get_object_or_404(ItemUpdate, pk=pk)
    _item(request, update.item_id)
    if not update.document:
        raise Http404("This update has no document")
    return FileResponse(
        update.document.open("rb"), as_attachment=True, filename=update.document.name.rsplit("/", 1)[-1]
    )


# --- across forces -------------------------------------------------------------------------------------------


def _inspectorate(request) -> None:
    _signed_in(request)
    access.require(
        monitoring_access.may_see_all_forces_monitoring(request.user),
        "This page compares forces: it is for the inspectorate.",
    )


def _week(request) -> Week:
    text = request.GET.get("week")
    return Week.parse(text) if text else Week.of(timezone.localdate())


@require_GET
@_handles_sign_in
def digest_page(request):
    _inspectorate(request)
    week = _week(request)
    context = {"week": week, "entries": digest(week), "earlier": digest(week, new=False)}
    return render(request, "monitoring/digest.html", context)


@require_GET
@_handles_sign_in
def digest_export(request):
    _inspectorate(request)
    week = _week(request)
    base = request.build_absolute_uri("/").rstrip("/")
    text = digest_text(week, digest(week), base_url=base, earlier=digest(week, new=False))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="openpeel-signals-{week}.txt"'
    return response


@require_GET
@_handles_sign_in
def risk_view(request):
    _inspectorate(request)
    signals = read_signals()
    return render(
        request, "monitoring/risk.html", {"risks": force_risks(signals.runs), "signal_problem": signals.problem}
    )


@require_GET
def engage_list(request):
    """Public: the forces in Engage and those that have left it, with dates and reasons, as published."""
    periods = list(EngagePeriod.objects.all())
    return render(
        request,
        "monitoring/engage.html",
        {"current": [p for p in periods if not p.exited_on], "past": [p for p in periods if p.exited_on]},
    )
