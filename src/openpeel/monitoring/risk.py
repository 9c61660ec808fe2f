"""The force risk view, for intelligence-led monitoring: forces ranked by open causes of concern, then
overdue items, then current deteriorating signals (in that order: a cause of concern is the inspectorate's
own finding, a missed date is a fact, a signal is a prompt to look). Each reason is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from openpeel.forces import all_forces
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.read import SignalRun
from openpeel.monitoring.models import EngagePeriod, TrackedItem
from openpeel.monitoring.spc_signals import chart_url, describe
from openpeel.monitoring.tracking import overdue


@dataclass
class Reason:
    text: str
    url: str = ""


@dataclass
class ForceRisk:
    force_id: str
    force_name: str
    causes_of_concern: list[Reason] = field(default_factory=list)
    overdue: list[Reason] = field(default_factory=list)
    deteriorating: list[Reason] = field(default_factory=list)
    engage: EngagePeriod | None = None

    @property
    def rank_key(self) -> tuple[int, int, int]:
        return len(self.causes_of_concern), len(self.overdue), len(self.deteriorating)

    @property
    def has_reasons(self) -> bool:
        return any(self.rank_key)


def force_risks(runs: list[SignalRun], today: dt.date | None = None) -> list[ForceRisk]:
    """Every territorial force with at least one reason, highest risk first (ties by name)."""
    today = today or timezone.localdate()
    risks = {f.id: ForceRisk(f.id, f.name) for f in all_forces() if f.territorial}
    items = TrackedItem.objects.select_related("inspection", "recommendation__cause")
    causes_seen: set[int] = set()
    for item in items:
        risk = risks.get(item.force_id)
        if risk is None:
            continue
        url = reverse("monitoring:item", args=[item.pk])
        if item.is_recommendation and item.is_open and item.recommendation.cause_id not in causes_seen:
            causes_seen.add(item.recommendation.cause_id)
            risk.causes_of_concern.append(
                Reason(f"Cause of concern not yet resolved: {item.recommendation.cause.text}", url)
            )
        for why in overdue(item, today):
            risk.overdue.append(Reason(f"{item.get_kind_display()} “{item.text}”: {why}", url))
    titles = {i.id: i.title for i in catalogue().values()}
    for run in runs:
        if run.force_id in risks and run.direction == "deterioration" and run.current:
            title = titles.get(run.indicator_id, run.indicator_id)
            risks[run.force_id].deteriorating.append(
                Reason(f"{title}: {describe(run)}", chart_url(run.force_id, run.indicator_id))
            )
    for period in EngagePeriod.objects.filter(exited_on__isnull=True, force_id__in=risks):
        risks[period.force_id].engage = period
    ranked = [r for r in risks.values() if r.has_reasons]
    return sorted(ranked, key=lambda r: (tuple(-n for n in r.rank_key), r.force_name))
