"""Progress since the previous inspection: what became of each of its areas for improvement and
recommendations, and the indicators behind them. Plain data, for the next report's "progress since"
section and for the force dashboard.

    from openpeel.monitoring.progress import progress_since
    summary = progress_since(inspection.force_id, before=inspection.period_start)
    summary.sentence, [i.sentence for i in summary.items], summary.as_dict()
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone

from openpeel.forces import get_force
from openpeel.frameworks import load_framework
from openpeel.indicators.catalogue import catalogue
from openpeel.inspections.access import public_filter
from openpeel.inspections.models import Inspection
from openpeel.monitoring.models import ItemStatus, TrackedItem
from openpeel.monitoring.spc_signals import Signals, describe, read_signals


@dataclass(frozen=True)
class IndicatorBehind:
    indicator_id: str
    title: str
    source: str  # "linked" (by the inspectorate, to follow) or "evidence" (a snapshot in the same area)
    signals: list[str] = field(default_factory=list)  # current signals in the warehouse, in words
    evidence: str = ""  # for a snapshot: the figure as the report saw it


@dataclass(frozen=True)
class ItemProgress:
    kind: str  # "recommendation" or "area_for_improvement"
    area_id: str
    area_title: str
    text: str
    status: str  # an ItemStatus value, or "not_tracked"
    status_label: str
    closed_on: dt.date | None
    closing_statement: str
    latest_update: str
    latest_update_on: dt.date | None
    indicators: list[IndicatorBehind]

    @property
    def sentence(self) -> str:
        what = f"{self.text} ({self.area_title})"
        if self.status == ItemStatus.COMPLETE:
            return f"{what}: complete, closed on {self.closed_on:%d %B %Y}. {self.closing_statement}".strip()
        if self.status == ItemStatus.SUPERSEDED:
            return f"{what}: superseded on {self.closed_on:%d %B %Y}. {self.closing_statement}".strip()
        return f"{what}: {self.status_label.lower()}."


@dataclass(frozen=True)
class ProgressSummary:
    force_id: str
    force_name: str
    inspection_id: int
    framework_id: str
    period_start: dt.date
    period_end: dt.date
    items: list[ItemProgress]

    @property
    def years(self) -> str:
        start, end = self.period_start.year, self.period_end.year
        return str(end) if start == end else f"{start} to {end}"

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for item in self.items:
            out.setdefault(item.kind, {}).setdefault(item.status_label.lower(), 0)
            out[item.kind][item.status_label.lower()] += 1
        return out

    @property
    def sentence(self) -> str:
        """'Of the 3 areas for improvement from the 2024 inspection, 1 is complete and 2 are being progressed.'"""
        parts = []
        for kind, noun in (("area_for_improvement", "area for improvement"), ("recommendation", "recommendation")):
            counts = self.counts.get(kind)
            if not counts:
                continue
            total = sum(counts.values())
            plural = noun.replace("area for", "areas for") if "area" in noun else noun + "s"
            states = [f"{n} {'is' if n == 1 else 'are'} {label}" for label, n in sorted(counts.items())]
            states = states[:-2] + [" and ".join(states[-2:])] if len(states) > 1 else states
            parts.append(f"Of the {total} {noun if total == 1 else plural} from the {self.years} "
                         f"inspection, {', '.join(states)}.")  # fmt: skip
        return " ".join(parts) or f"The {self.years} inspection made no recommendations or areas for improvement."

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sentence"] = self.sentence
        for item, out in zip(self.items, data["items"], strict=True):
            out["sentence"] = item.sentence
        return data


def previous_inspection(force_id: str, before: dt.date | None = None) -> Inspection | None:
    """The force's latest public inspection ending before `before` (or its latest public one)."""
    found = Inspection.objects.filter(public_filter(), force_id=get_force(force_id).id)
    if before:
        found = found.filter(period_end__lt=before)
    return found.order_by("-period_end", "-id").first()


def progress_since(
    force_id: str, before: dt.date | None = None, signals: Signals | None = None
) -> ProgressSummary | None:
    """What became of the previous inspection's areas for improvement and recommendations (None when the
    force has no earlier public inspection). `signals` defaults to the configured warehouse's."""
    inspection = previous_inspection(force_id, before)
    return progress_of(inspection, signals) if inspection is not None else None


def progress_of(inspection: Inspection, signals: Signals | None = None) -> ProgressSummary:
    """What became of this inspection's areas for improvement and recommendations since (status "not_tracked"
    where the inspection was never public, so never tracked)."""
    signals = signals if signals is not None else read_signals([inspection.force_id])
    framework = load_framework(inspection.framework_id)
    titles = {i.id: i.title for i in catalogue().values()}
    snapshots = list(inspection.indicator_snapshots.all())
    tracked = {
        (i.kind, i.recommendation_id or i.area_for_improvement_id): i
        for i in TrackedItem.objects.filter(inspection=inspection).prefetch_related("log", "updates")
    }
    findings = [("area_for_improvement", a.pk, a.area_id, a.text) for a in inspection.areas_for_improvement.all()]
    for cause in inspection.causes_of_concern.all():
        findings += [("recommendation", r.pk, cause.area_id, r.text) for r in cause.recommendations.all()]
    items = []
    for kind, pk, area_id, text in findings:
        item = tracked.get((kind, pk))
        behind = []
        for indicator_id in item.indicator_ids if item else []:
            words = [
                describe(r)
                for r in signals.runs
                if r.indicator_id == indicator_id and r.force_id == inspection.force_id
            ]
            behind.append(IndicatorBehind(indicator_id, titles.get(indicator_id, indicator_id), "linked", words))
        for snap in snapshots:
            if area_id in snap.areas:
                seen = "suppressed" if snap.suppressed else f"{snap.value:,.2f} {snap.unit}"
                behind.append(
                    IndicatorBehind(snap.indicator_id, snap.title, "evidence", evidence=f"{seen}, {snap.period:%B %Y}")
                )
        closing = item.log.all().last() if item and not item.is_open else None
        update = item.updates.all().last() if item else None
        items.append(
            ItemProgress(
                kind=kind,
                area_id=area_id,
                area_title=framework.node(area_id).title,
                text=text,
                status=item.status if item else "not_tracked",
                status_label=item.get_status_display() if item else "Not tracked",
                closed_on=timezone.localdate(closing.at) if closing else None,
                closing_statement=closing.why if closing else "",
                latest_update=update.text if update else "",
                latest_update_on=timezone.localdate(update.posted_at) if update else None,
                indicators=behind,
            )
        )
    return ProgressSummary(
        inspection.force_id, inspection.force.name, inspection.pk, inspection.framework_id,
        inspection.period_start, inspection.period_end, items,
    )  # fmt: skip
