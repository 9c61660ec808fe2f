"""The demo's worked example: users of each working role and Cambridgeshire's inspection of the current cycle
(PEEL 2025-27) in moderation, drafted from the warehouse built from the bundled data.

Every sentence is generated from an attached snapshot's own figures: what the evidence shows, nothing
about the real force beyond it. A finding is recorded only where the figure supports it: the force outside
the funnel of England and Wales (variation between forces allowed for) on an indicator with an agreed
direction, or its whole 95% interval on one side of a published standard; a weakness gives an area for
improvement; the area with most weaknesses gets a cause of concern with a recommendation. Each
area is then graded as suggest.py suggests from that evidence, and left ungraded where nothing is suggested
(the moderation page then shows what sign-off still needs).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.contrib.auth.models import User
from django.utils import timezone

from openpeel.indicators.catalogue import catalogue
from openpeel.inspections import workflow
from openpeel.inspections.audit import acting_as
from openpeel.inspections.errors import EvidenceError
from openpeel.inspections.models import (
    AreaForImprovement,
    CauseOfConcern,
    Finding,
    IndicatorSnapshot,
    Inspection,
    Judgment,
    Recommendation,
    Role,
    Status,
)
from openpeel.inspections.rules import GradeRuleWarning
from openpeel.inspections.snapshots import snapshot_indicator
from openpeel.inspections.suggest import suggest_grade
from openpeel.warehouse import connect

# The current cycle: the published 2023-25 inspection (demo.monitoring) is the force's one of that cycle.
FORCE, FRAMEWORK = "cambridgeshire", "peel-2025-27"
PERIOD = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
DEMO_USERS: dict[str, str] = {  # role -> username (a Role is a str)
    Role.INSPECTOR: "demo-inspector",
    Role.MODERATOR: "demo-moderator",
    Role.FORCE_LIAISON: "demo-cambs-liaison",
    Role.PCC_OFFICE: "demo-cambs-pcc",
}
# The indicators attached as evidence, each with the PEEL 2025-27 area it speaks to and the characteristic of
# good performance, where the framework file lists that area's characteristics (so far only leadership's: a
# finding in any other area is linked to the area alone). Left out: victim-contact-code-compliant, which
# spoke to 2023-25's service for victims of crime, an area PEEL 2025-27 (as the framework file holds it)
# does not have.
EVIDENCE: tuple[tuple[str, str, str | None], ...] = (
    ("charge-rate", "investigating", None),
    ("investigations-reviewed-within-interval", "investigating", None),
    ("asb-per-1000", "preventing-crime", None),
    ("violence-per-1000", "preventing-crime", None),
    ("burglary-per-1000", "preventing-crime", None),
    ("stop-search-per-1000", "police-powers", None),
    ("stop-search-outcome-linked-share", "police-powers", None),
    ("calls-999-answered-within-10s", "responding", None),
    ("emergency-attended-within-target", "responding", None),
    ("domestic-abuse-priority-attended-within-hour", "protecting-vulnerable", None),
    ("rso-risk-assessment-overdue", "managing-offenders", None),
)


@dataclass(frozen=True)
class Seeded:
    inspection: Inspection
    passwords: dict[str, str]  # username -> new password, to print once
    created: bool  # False when the inspection was already there (a re-run)


def seed(warehouse: duckdb.DuckDBPyConnection | str | Path, users: dict[str, str] | None = None) -> Seeded:
    """Create (or give fresh passwords to) the demo users and, once, the demo inspection."""
    from openpeel.inspections.users import set_user  # the one place users and their roles are made

    users = users or DEMO_USERS
    passwords = {
        name: set_user(name, role, FORCE if role in (Role.FORCE_LIAISON, Role.PCC_OFFICE) else None)
        for role, name in users.items()
    }
    existing = Inspection.objects.filter(
        force_id=FORCE, framework_id=FRAMEWORK, period_start=PERIOD[0], period_end=PERIOD[1]
    ).first()
    if existing is not None:
        return Seeded(existing, passwords, created=False)
    from django.contrib.auth import get_user_model

    inspector = get_user_model().objects.get(username=users[Role.INSPECTOR])
    own = not isinstance(warehouse, duckdb.DuckDBPyConnection)
    con = warehouse if isinstance(warehouse, duckdb.DuckDBPyConnection) else connect(Path(warehouse), read_only=True)
    try:
        with acting_as(inspector), warnings.catch_warnings():
            warnings.simplefilter("ignore", GradeRuleWarning)
            inspection = Inspection.objects.create(
                force_id=FORCE, framework_id=FRAMEWORK, period_start=PERIOD[0], period_end=PERIOD[1]
            )
            inspection.inspectors.add(inspector)
            draft(inspection, con)
            workflow.move(inspection, Status.IN_MODERATION, actor=inspector)
    finally:
        if own:
            con.close()
    return Seeded(inspection, passwords, created=True)


def draft(inspection: Inspection, con: duckdb.DuckDBPyConnection) -> None:
    """Evidence, findings, areas for improvement, a cause of concern and grades, from the warehouse."""
    weaknesses: dict[str, list[IndicatorSnapshot]] = {}
    for indicator_id, area_id, characteristic in EVIDENCE:
        try:
            snap = snapshot_indicator(inspection, indicator_id, con=con)
        except EvidenceError:
            continue  # a warehouse without this indicator for the force: attach what there is
        kind = _kind(snap)
        if kind is None:
            continue
        Finding.objects.create(
            inspection=inspection,
            area_id=area_id,
            characteristic_ids=[characteristic] if characteristic else [],
            kind=kind,
            text=shows(snap),
        )
        if kind == Finding.Kind.WEAKNESS:
            weaknesses.setdefault(area_id, []).append(snap)
            AreaForImprovement.objects.create(
                inspection=inspection,
                area_id=area_id,
                text=f"The force should find out why {_in_sentence(snap.title)} was {_gap(snap)} in "
                f"{snap.period:%B %Y}, and act on what it finds.",
            )
    if weaknesses:
        area_id, snaps = max(weaknesses.items(), key=lambda kv: len(kv[1]))
        cause = CauseOfConcern.objects.create(
            inspection=inspection,
            area_id=area_id,
            text="The evidence attached shows the force falling short: "
            + "; ".join(shows(s).rstrip(".") for s in snaps)
            + ".",
        )
        Recommendation.objects.create(
            cause=cause,
            text="Within six months, the force should establish why "
            + " and ".join(_in_sentence(s.title) for s in snaps)
            + " fall short, and put in place a plan to improve them.",
        )
    for area in inspection.framework.graded_areas():
        suggestion = suggest_grade(inspection, area.id)
        if suggestion.grade is None:
            continue
        Judgment.objects.create(
            inspection=inspection,
            area_id=area.id,
            grade_id=suggestion.grade.id,
            rationale="Demo judgment, taken from the grade suggested by the attached evidence: "
            + " ".join(suggestion.reasons),
        )


def _kind(snap: IndicatorSnapshot) -> str | None:
    """Strength or weakness where the figure supports one: the force significantly different from England and
    Wales (outside the overdispersed funnel) in a direction the catalogue agrees is better or worse, or its
    whole interval beyond or short of a published standard. None otherwise."""
    better = catalogue()[snap.indicator_id].better
    if snap.suppressed or better not in ("higher", "lower"):
        return None
    if snap.vs_national.startswith("significantly "):
        direction = snap.vs_national.removeprefix("significantly ")
        return Finding.Kind.STRENGTH if direction == better else Finding.Kind.WEAKNESS
    side = _against_standard(snap)
    if side is None:
        return None
    return Finding.Kind.STRENGTH if side == better else Finding.Kind.WEAKNESS


def _against_standard(snap: IndicatorSnapshot) -> str | None:
    """ "higher" or "lower" where the whole 95% interval lies above or below the published standard."""
    if not snap.standard or snap.ci_low is None or snap.ci_high is None:
        return None
    target = snap.standard["target"]
    return "higher" if snap.ci_low > target else "lower" if snap.ci_high < target else None


def _gap(snap: IndicatorSnapshot) -> str:
    """What the finding rests on, in words: the comparison with England and Wales, or with the standard."""
    if snap.vs_national.startswith("significantly "):
        return f"{snap.vs_national} than England and Wales as a whole"
    side = _against_standard(snap)
    assert snap.standard is not None  # _against_standard found one
    return f"{'above' if side == 'higher' else 'below'} the standard ({snap.standard['description']})"


def shows(snap: IndicatorSnapshot) -> str:
    """One sentence of what a snapshot shows, from its own figures."""
    interval = f" (95% interval {snap.ci_low:,.1f} to {snap.ci_high:,.1f})" if snap.ci_low is not None else ""
    gap = "" if snap.unit.startswith("%") else " "  # "50.2% of investigations", "1.9 crimes per 1,000"
    source = ", from synthetic force returns" if snap.synthetic else ""
    if not snap.within_period:
        source += " (context from outside the inspection period, not evidence of performance in it)"
    head = f"{snap.title} was {snap.value:,.1f}{gap}{snap.unit}{interval} in {snap.period:%B %Y}"
    if not snap.vs_national.startswith("significantly ") and _against_standard(snap):
        return f"{head}, {_gap(snap)}{source}."
    national = f"{snap.national_value:,.1f}{gap}{snap.unit}" if snap.national_value is not None else "not available"
    verdict = snap.vs_national or "not compared with"
    verdict += " from" if verdict == "not significantly different" else "" if verdict.endswith("with") else " than"
    return f"{head}, {verdict} England and Wales as a whole ({national}){source}."


def grade_the_rest(inspection: Inspection, moderator: User) -> None:
    """Grade the areas the demo leaves to moderation (Adequate), record what each grade needs where the
    evidence gave none, and write the summary and narratives (the factories' wording, never template text),
    so that it may be approved: for the load bench and the fault tests. Not part of `openpeel demo`."""
    from openpeel.demo.factories import grade_area, support_grade, write_report

    needs = {"INADEQUATE": "causes_of_concern", "REQUIRES_IMPROVEMENT": "areas_for_improvement"}
    needs["ADEQUATE"] = needs["REQUIRES_IMPROVEMENT"]
    with acting_as(moderator):
        for judgment in inspection.judgments.all():
            parts = needs.get(judgment.grade_id)
            if parts and not getattr(inspection, parts).filter(area_id=judgment.area_id).exists():
                support_grade(inspection, judgment.area_id, judgment.grade_id)
        graded = set(inspection.judgments.values_list("area_id", flat=True))
        for node, _ in inspection.framework.walk():
            if node.kind != "characteristic" and node.graded and node.id not in graded:
                grade_area(inspection, node.id, "ADEQUATE")
        write_report(inspection)  # the summary and each graded area's narrative, which approval needs


def publish(inspection: Inspection, moderator: User) -> None:
    """Grade the rest, approve and publish now: a published report to read and build."""
    grade_the_rest(inspection, moderator)
    embargo = timezone.now() + dt.timedelta(minutes=1)
    workflow.move(inspection, Status.APPROVED, actor=moderator)
    workflow.move(inspection, Status.SCHEDULED, actor=moderator, embargo_at=embargo)
    workflow.move(inspection, Status.PUBLISHED, actor=moderator, now=embargo)


def _in_sentence(title: str) -> str:
    """A title inside a sentence: its first letter in lower case, names such as "Census 2021" kept."""
    return title[:1].lower() + title[1:]
