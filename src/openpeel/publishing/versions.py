"""Published versions of a report: the first is stored when an inspection is published, a correction
stores the next. What a page shows is the latest version, or the report assembled now when the embargo has
lifted but `openpeel publish due` has not yet stored it (the two are the same inspection, frozen since
approval; only the warehouse's charts could have moved)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from openpeel.errors import OpenPeelError, WarehouseError
from openpeel.indicators.force_numbers import Figure, force_in_numbers
from openpeel.indicators.read import Panel, force_panels
from openpeel.inspections import access, workflow
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import Inspection, ReportVersion, Status
from openpeel.publishing.report import build_report
from openpeel.warehouse import connect

SCHEDULER = "openpeel publish due"  # who the audit trail says published at the embargo


class CorrectionError(OpenPeelError):
    code = "correction_refused"


def panels_for(inspection: Inspection) -> dict[str, Panel]:
    """The warehouse panels of the indicators the inspection cites (none asked if it cites none)."""
    cited = set(inspection.indicator_snapshots.values_list("indicator_id", flat=True))
    if not cited:
        return {}
    con = connect(read_only=True)
    try:
        return {p.indicator.id: p for p in force_panels(con, inspection.force_id) if p.indicator.id in cited}
    finally:
        con.close()


def numbers_for(inspection: Inspection) -> list[Figure]:
    """The force in numbers up to the end of the inspection period (none if the warehouse cannot be read:
    the report then says so rather than leaving the figures out silently)."""
    try:
        con = connect(read_only=True)
    except WarehouseError:
        return []
    try:
        return force_in_numbers(con, inspection.force_id, inspection.period_end)
    finally:
        con.close()


def assemble(inspection: Inspection) -> dict[str, Any]:
    return build_report(inspection, panels_for(inspection), numbers_for(inspection)).as_dict()


def latest_version(inspection: Inspection) -> ReportVersion | None:
    return inspection.report_versions.order_by("-number").first()


def store_first_version(
    inspection: Inspection, *, at: dt.datetime, report: dict[str, Any] | None = None
) -> ReportVersion:
    """Version 1, as published at `at`; returns the existing one if it is already stored."""
    existing: ReportVersion | None = inspection.report_versions.filter(number=1).first()
    if existing:
        return existing
    return ReportVersion.objects.create(
        inspection=inspection, number=1, created_at=at, report=report or assemble(inspection)
    )


def publish_due(now: dt.datetime | None = None) -> list[Inspection]:
    """Publish every scheduled inspection whose embargo has passed and store its first version. Running it
    twice changes nothing the second time."""
    now = now or timezone.now()
    done = []
    for inspection in Inspection.objects.filter(status=Status.SCHEDULED, embargo_at__lte=now):
        report = assemble(inspection)  # outside the transaction: it may read the warehouse
        with acting_as(SCHEDULER), transaction.atomic():
            workflow.move(inspection, Status.PUBLISHED, actor=SCHEDULER, now=now)
            # Dated at the embargo, the moment it became public, not when the command happened to run.
            store_first_version(inspection, at=inspection.embargo_at, report=report)
        done.append(inspection)
    # Published by hand (workflow.move) without a stored version: store it now.
    for inspection in Inspection.objects.filter(status=Status.PUBLISHED, report_versions__isnull=True):
        with acting_as(SCHEDULER):
            store_first_version(inspection, at=inspection.published_at or now)
    return done


def correct(
    inspection: Inspection,
    find: str,
    replace: str,
    note: str,
    *,
    actor: AbstractBaseUser | str,  # a user or a username, as acting_as() takes
    now: dt.datetime | None = None,
) -> ReportVersion:
    """A new version of a published report with every occurrence of `find` in its text replaced. `note`
    says what changed and is shown beside the "Last updated" date."""
    if not access.is_public(inspection, now):
        raise CorrectionError(f"{inspection} is not published; change the inspection itself, not its report.")
    if not note.strip():
        raise CorrectionError("Say what the correction changes (the note shown with the new version).")
    with acting_as(actor), transaction.atomic():
        latest = latest_version(inspection) or store_first_version(
            inspection,
            at=inspection.published_at or inspection.embargo_at,  # type: ignore[arg-type]  # public: set
        )
        changed, count = _replace(latest.report, find, replace)
        if not count:
            raise CorrectionError(f"{find!r} does not occur in version {latest.number} of the report.")
        return ReportVersion.objects.create(
            inspection=inspection,
            number=latest.number + 1,
            created_at=now or timezone.now(),
            note=note.strip(),
            report=changed,
        )


# Ids, grades and chart specs are not prose: a correction rewords text, it does not regrade or rename.
NOT_TEXT = frozenset({"id", "indicator_id", "force_id", "framework_id", "kind", "style", "grade", "spec", "indicators"})


def _replace(value: Any, find: str, replace: str) -> tuple[Any, int]:
    """(copy of `value` with `find` replaced in every string of prose, number of strings changed)."""
    if isinstance(value, str):
        return (value.replace(find, replace), 1) if find in value else (value, 0)
    if isinstance(value, list):
        parts: Any = [_replace(v, find, replace) for v in value]  # a list here, a dict below
        return [p for p, _ in parts], sum(n for _, n in parts)
    if isinstance(value, dict):
        parts = {k: (v, 0) if k in NOT_TEXT else _replace(v, find, replace) for k, v in value.items()}
        return {k: p for k, (p, _) in parts.items()}, sum(n for _, n in parts.values())
    return value, 0
