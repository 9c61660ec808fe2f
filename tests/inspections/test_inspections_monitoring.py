"""Monitoring's rules: tracking a public report's items, the status log's moves, the PCC's 56-day clock,
force isolation, Scan and Engage, signals on a hand-worked series, the weekly digest and the risk ranking."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from openpeel.demo.factories import grade_area, make_inspection, write_summary
from openpeel.demo.monitoring import publish
from openpeel.indicators.assess import assess
from openpeel.indicators.catalogue import get_indicator
from openpeel.indicators.read import SignalRun, signal_runs
from openpeel.inspections.audit import history
from openpeel.inspections.models import AreaForImprovement, Membership, Role
from openpeel.monitoring import access as monitoring_access
from openpeel.monitoring import engage, tracking
from openpeel.monitoring.errors import DigestWeekError, TrackingError
from openpeel.monitoring.models import ItemStatus, StatusChange, TrackedItem
from openpeel.monitoring.progress import progress_since
from openpeel.monitoring.risk import force_risks
from openpeel.monitoring.spc_signals import Week, digest, record_sightings
from openpeel.warehouse import connect

pytestmark = pytest.mark.django_db
GRADES = {"investigating": "INADEQUATE", "protecting-vulnerable": "ADEQUATE"}


def published(force="cambridgeshire", at=None, year=2024):
    """A public inspection with one cause of concern (and its recommendation) and one area for improvement."""
    inspection = make_inspection(force, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    for node, _ in inspection.framework.walk():
        if node.kind != "characteristic" and node.graded:
            grade_area(inspection, node.id, GRADES.get(node.id, "GOOD"))
    write_summary(inspection)
    return publish(inspection, actor="test-moderator", at=at or timezone.now())


def user(name, role=None, force=""):
    u = get_user_model().objects.create_user(name)
    if role:
        Membership(user=u, role=role, force_id=force).save()
    return u


# --- tracking ---------------------------------------------------------------------------------------------


def test_publishing_tracks_every_recommendation_and_area_for_improvement_once():
    inspection = published()
    items = TrackedItem.objects.filter(inspection=inspection)
    assert sorted(items.values_list("kind", flat=True)) == ["area_for_improvement", "recommendation"]
    assert all(i.status == ItemStatus.AWAITING_REVIEW and i.log.count() == 1 for i in items)
    assert tracking.track(inspection) == []  # idempotent
    assert tracking.track_public() == {inspection: 0}
    assert [e.action for e in history(items[0])] == ["create"]  # audited


def test_a_report_not_yet_public_is_not_tracked():
    inspection = make_inspection()
    AreaForImprovement.objects.create(inspection=inspection, area_id="responding", text="The force should answer.")
    with pytest.raises(TrackingError, match="not public"):
        tracking.track(inspection)
    assert not TrackedItem.objects.exists()


# --- the status log ---------------------------------------------------------------------------------------

ALLOWED = {(m.source, m.target) for m in tracking.MOVES}
ALL_PAIRS = list(itertools.product(ItemStatus.values, repeat=2))


def item_at(status: str) -> TrackedItem:
    """An item brought to `status` through allowed moves."""
    item = TrackedItem.objects.get(inspection=published(), kind="recommendation")
    path = {
        ItemStatus.AWAITING_REVIEW: [],
        ItemStatus.BEING_PROGRESSED: [ItemStatus.BEING_PROGRESSED],
        ItemStatus.COMPLETE: [ItemStatus.COMPLETE],
        ItemStatus.SUPERSEDED: [ItemStatus.SUPERSEDED],
    }[status]
    for to in path:
        tracking.move(item, to, by="test-inspector", why="getting there")
    return item


@pytest.mark.parametrize("source,target", sorted(ALLOWED))
def test_allowed_moves_write_a_dated_log_line_with_who_and_why(source, target):
    item = item_at(source)
    tracking.move(item, target, by="test-inspector", why="Reviewed the evidence.")
    last = item.log.last()
    assert (item.status, last.from_status, last.to_status, last.by, last.why) == (
        target, source, target, "test-inspector", "Reviewed the evidence.",
    )  # fmt: skip


@pytest.mark.parametrize("source,target", sorted(set(ALL_PAIRS) - ALLOWED))
def test_every_other_move_is_refused_and_changes_nothing(source, target):
    item = item_at(source)
    lines = item.log.count()
    with pytest.raises(TrackingError, match="cannot move"):
        tracking.move(item, target, by="test-inspector", why="Try it.")
    item.refresh_from_db()
    assert (item.status, item.log.count()) == (source, lines)


def test_a_move_needs_a_reason_and_the_status_moves_only_with_its_log_line():
    item = item_at(ItemStatus.AWAITING_REVIEW)
    with pytest.raises(TrackingError, match="says why"):
        tracking.move(item, ItemStatus.COMPLETE, by="test-inspector", why="  ")
    item.status = ItemStatus.COMPLETE
    with pytest.raises(TrackingError, match="status"):
        item.save()


def test_the_log_is_append_only_and_items_are_never_deleted():
    item = item_at(ItemStatus.BEING_PROGRESSED)
    line = item.log.last()
    line.why = "rewritten"
    with pytest.raises(TrackingError, match="cannot change"):
        line.save()
    with pytest.raises(TrackingError, match="cannot be deleted"):
        StatusChange.objects.filter(pk=line.pk).delete()
    with pytest.raises(TrackingError, match="supersede it"):
        item.delete()


def test_a_force_update_sends_an_item_being_progressed_back_for_review_and_closed_items_take_none():
    item = item_at(ItemStatus.BEING_PROGRESSED)
    tracking.post_update(item, by="liaison", text="Done more.")
    item.refresh_from_db()
    assert item.status == ItemStatus.AWAITING_REVIEW and item.log.last().by == "liaison"
    tracking.move(item, ItemStatus.COMPLETE, by="test-inspector", why="I am satisfied the terms are addressed.")
    with pytest.raises(TrackingError, match="no more updates"):
        tracking.post_update(item, by="liaison", text="And more.")


# --- the 56-day clock ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "published_on,deadline",
    [
        (dt.date(2024, 1, 5), dt.date(2024, 3, 1)),  # leap year: 29 February counts
        (dt.date(2023, 1, 5), dt.date(2023, 3, 2)),  # not a leap year
        (dt.date(2023, 12, 31), dt.date(2024, 2, 25)),  # across the year end
        (dt.date(2024, 1, 31), dt.date(2024, 3, 27)),  # from a month's last day
        (dt.date(2100, 1, 5), dt.date(2100, 3, 2)),  # 2100 is not a leap year
    ],
)
def test_the_pcc_deadline_is_56_days_after_publication(published_on, deadline):
    assert tracking.pcc_deadline(published_on) == deadline


def test_the_response_is_overdue_from_day_57_not_on_day_56():
    london = timezone.get_current_timezone()
    inspection = published(at=dt.datetime(2024, 1, 5, 9, 30, tzinfo=london))
    item = TrackedItem.objects.get(inspection=inspection, kind="recommendation")
    assert not tracking.pcc_clock(item, dt.date(2024, 3, 1)).overdue
    assert tracking.pcc_clock(item, dt.date(2024, 3, 2)).overdue
    assert tracking.overdue(item, dt.date(2024, 3, 2)) == ["PCC response overdue by 1 days (was due by 01 March 2024)"]
    tracking.record_pcc_response(item, text="Our plan.", responded_on=dt.date(2024, 3, 4))
    clock = tracking.pcc_clock(item, dt.date(2024, 4, 1))
    assert (clock.overdue, clock.late) == (False, True)
    with pytest.raises(TrackingError, match="already responded"):
        tracking.record_pcc_response(item, text="Again.", responded_on=dt.date(2024, 3, 5))
    afi = TrackedItem.objects.get(inspection=inspection, kind="area_for_improvement")
    assert tracking.pcc_clock(afi) is None


def test_the_clock_starts_on_the_uk_day_of_publication():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the report came out on 1 July.
    inspection = published(at=dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.UTC))
    assert tracking.publication_date(inspection) == dt.date(2024, 7, 1)
    assert tracking.pcc_deadline(tracking.publication_date(inspection)) == dt.date(2024, 8, 26)


# --- force isolation ----------------------------------------------------------------------------------------


def test_force_staff_see_and_update_only_their_own_forces_items():
    item = TrackedItem.objects.get(inspection=published(), kind="recommendation")
    liaison = user("cambs-liaison", Role.FORCE_LIAISON, "cambridgeshire")
    norfolk = user("norfolk-liaison", Role.FORCE_LIAISON, "norfolk")
    pcc = user("cambs-pcc", Role.PCC_OFFICE, "cambridgeshire")
    inspector = user("any-inspector", Role.INSPECTOR)
    public = user("someone")
    everyone = (liaison, norfolk, pcc, inspector, public)
    assert [monitoring_access.may_see_force_items(u, "cambridgeshire") for u in everyone] == [
        True, False, True, True, False,
    ]  # fmt: skip
    assert [monitoring_access.may_update_item(u, item) for u in (liaison, norfolk, pcc, inspector)] == [
        True,
        False,
        False,
        False,
    ]
    assert [monitoring_access.may_respond_for_pcc(u, item) for u in (liaison, pcc)] == [False, True]
    assert [monitoring_access.may_close_item(u, item) for u in (liaison, pcc, inspector)] == [False, False, True]


# --- Scan and Engage ----------------------------------------------------------------------------------------


def test_engage_needs_a_reason_and_a_plan_and_a_force_is_in_it_once():
    with pytest.raises(TrackingError, match="needs a reason"):
        engage.enter_engage(
            "norfolk", reason=" ", entered_on=dt.date(2024, 1, 8), actions=[("Plan", dt.date(2024, 3, 1))]
        )
    with pytest.raises(TrackingError, match="improvement plan"):
        engage.enter_engage("norfolk", reason="Not responding.", entered_on=dt.date(2024, 1, 8), actions=[])
    assert engage.status("norfolk") == engage.SCAN
    period = engage.enter_engage(
        "Norfolk Constabulary", reason="Not responding.", entered_on=dt.date(2024, 1, 8),
        actions=[("Publish a plan.", dt.date(2024, 3, 1))],
    )  # fmt: skip
    assert engage.status("norfolk") == engage.ENGAGE and period.actions.count() == 1
    with pytest.raises(TrackingError, match="already in Engage"):
        engage.enter_engage(
            "norfolk", reason="Again.", entered_on=dt.date(2024, 2, 1), actions=[("x", dt.date(2024, 3, 1))]
        )
    with pytest.raises(TrackingError, match="before it entered"):
        engage.exit_engage("norfolk", reason="Done.", exited_on=dt.date(2023, 12, 1))
    engage.exit_engage("norfolk", reason="The plan is delivered.", exited_on=dt.date(2024, 9, 30))
    assert engage.status("norfolk") == engage.SCAN
    period.refresh_from_db()
    period.entry_reason = "rewritten"
    with pytest.raises(TrackingError, match="cannot change"):
        period.save()


# --- signals ------------------------------------------------------------------------------------------------


def test_signals_are_found_on_a_hand_worked_series():
    """Twelve months alternating 30% and 31%, then 40%. The mean is 406/13 = 31.23%; the moving ranges are
    eleven 1s and a 9, which is screened (above 3.267 × 20/12), so the average moving range is 1 and the
    limits 31.23 ± 2.66: 40% lies above the upper limit (an improvement: higher is better) and the twelve
    earlier months all lie below the mean (a run, a deterioration), which no single month showed alone."""
    con = connect(":memory:")
    months = [dt.date(2019 + (m // 12), m % 12 + 1, 1) for m in range(13)]
    values = [30, 31] * 6 + [40]
    for month, v in zip(months, values, strict=True):
        con.execute(
            "INSERT INTO indicator_result (indicator_id, force_id, period, numerator, denominator, value, computed_at) "
            "VALUES ('police-uk-charged-share', 'cambridgeshire', ?, ?, 1000, ?, now())",
            [month, v * 10, v],
        )
    assess(con, [get_indicator("police-uk-charged-share")])
    runs = signal_runs(con, ["cambridgeshire"])
    assert [(r.rule, r.direction, r.start, r.end, r.current) for r in runs] == [
        ("run", "deterioration", months[0], months[11], False),
        ("beyond_limit", "improvement", months[12], months[12], True),
    ]


def test_a_signal_is_new_in_the_week_it_is_first_seen_and_not_again_as_it_grows():
    first = timezone.make_aware(dt.datetime(2025, 2, 12, 9))  # Wednesday of 2025-W07
    run = SignalRun("cambridgeshire", "police-uk-charged-share", "run", "deterioration",
                    (dt.date(2024, 12, 1),), dt.date(2024, 12, 1))  # fmt: skip
    assert len(record_sightings([run], now=first)) == 1
    grown = SignalRun(run.force_id, run.indicator_id, run.rule, run.direction,
                      (dt.date(2024, 12, 1), dt.date(2025, 1, 1)), dt.date(2025, 1, 1))  # fmt: skip
    assert record_sightings([grown], now=first + dt.timedelta(days=7)) == []
    assert [e.words for e in digest(Week.parse("2025-W07"))] == [
        "Getting worse: 7 or more months in a row on the same side of the average, December 2024 to January 2025"
    ]
    assert digest(Week.parse("2025-W08")) == []
    with pytest.raises(DigestWeekError, match="2025-W07"):
        Week.parse("last week")


def test_a_signal_that_ended_before_the_latest_period_is_recorded_but_never_new():
    first = timezone.make_aware(dt.datetime(2025, 2, 12, 9))  # Wednesday of 2025-W07
    old = SignalRun("cambridgeshire", "police-uk-charged-share", "run", "deterioration",
                    (dt.date(2019, 3, 1), dt.date(2019, 12, 1)), dt.date(2020, 6, 1))  # fmt: skip
    assert not old.current
    [sighting] = record_sightings([old], now=first)
    assert sighting.new_in_data is False
    # current, but its latest period (June 2020) is years before it was first seen: old data loaded late
    late = SignalRun("cambridgeshire", "asb-per-1000", "beyond_limit", "higher", (dt.date(2020, 6, 1),),
                     dt.date(2020, 6, 1))  # fmt: skip
    assert late.current and record_sightings([late], now=first)[0].new_in_data is False
    assert digest(Week.parse("2025-W07")) == []
    assert [e.words for e in digest(Week.parse("2025-W07"), new=False)] == [
        "Getting worse: 7 or more months in a row on the same side of the average, March 2019 to December 2019",
        "Higher: a month outside normal month-to-month variation, June 2020",
    ]


# --- risk and progress --------------------------------------------------------------------------------------


def test_forces_rank_by_open_causes_of_concern_then_overdue_items_then_deteriorating_signals():
    now = timezone.now()
    published("norfolk", at=now)  # an open cause of concern
    old = published("suffolk", at=now - dt.timedelta(days=80))  # a cause of concern, and a PCC response overdue
    for item in TrackedItem.objects.filter(inspection__force_id="norfolk"):
        tracking.move(item, ItemStatus.SUPERSEDED, by="test-inspector", why="Replaced by a national recommendation.")
    today = timezone.localdate()
    late = TrackedItem.objects.get(inspection=published("essex", at=now), kind="area_for_improvement")
    late.due_date = today - dt.timedelta(days=1)
    late.save()
    bad = SignalRun("kent", "charge-rate", "run", "deterioration", (dt.date(2020, 1, 1),), dt.date(2020, 1, 1))
    passed = SignalRun(
        "bedfordshire", "charge-rate", "run", "deterioration", (dt.date(2019, 1, 1),), dt.date(2020, 1, 1)
    )
    ranked = force_risks([bad, passed], today)
    assert [(r.force_id, r.rank_key) for r in ranked] == [
        ("essex", (1, 1, 0)),
        ("suffolk", (1, 1, 0)),
        ("kent", (0, 0, 1)),
    ]
    assert "overdue" in ranked[1].overdue[0].text and old.force.name == ranked[1].force_name


def test_progress_since_says_what_became_of_each_item():
    first = published(year=2022)
    items = TrackedItem.objects.filter(inspection=first)
    rec, afi = items.get(kind="recommendation"), items.get(kind="area_for_improvement")
    tracking.move(afi, ItemStatus.COMPLETE, by="test-inspector", why="I am satisfied it is addressed.")
    rec.indicator_ids = ["police-uk-charged-share"]
    rec.save()
    from openpeel.monitoring.spc_signals import Signals

    signal = SignalRun(
        "cambridgeshire", "police-uk-charged-share", "trend", "improvement", (dt.date(2020, 1, 1),), dt.date(2020, 1, 1)
    )
    summary = progress_since("cambridgeshire", before=dt.date(2024, 1, 1), signals=Signals([signal]))
    assert summary.sentence == (
        "Of the 1 area for improvement from the 2022 inspection, 1 is complete. "
        "Of the 1 recommendation from the 2022 inspection, 1 is awaiting review."
    )
    done = next(i for i in summary.items if i.kind == "area_for_improvement")
    assert done.sentence.endswith(
        "complete, closed on " + f"{timezone.localdate():%d %B %Y}. I am satisfied it is addressed."
    )
    linked = next(i for i in summary.items if i.kind == "recommendation").indicators
    assert [(b.indicator_id, b.signals) for b in linked] == [
        ("police-uk-charged-share", ["Getting better: 7 or more months in a row rising or falling, January 2020"])
    ]
    assert summary.as_dict()["items"][0]["sentence"]
    assert progress_since("cambridgeshire", before=dt.date(2022, 1, 1)) is None
