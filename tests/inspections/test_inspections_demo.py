"""The demo's worked example: drafted from the warehouse built from the bundled data, honest about it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from openpeel.demo.inspection import DEMO_USERS, seed, shows
from openpeel.inspections import rules
from openpeel.inspections.audit import verify_chain
from openpeel.inspections.models import Membership, Role, Status
from openpeel.inspections.suggest import suggest_grade

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_cambridgeshire_inspection_of_the_current_cycle_in_moderation(demo_warehouse):
    seeded = seed(demo_warehouse)
    inspection = seeded.inspection
    assert seeded.created and inspection.status == Status.IN_MODERATION
    assert (inspection.force_id, inspection.framework_id, inspection.year) == ("cambridgeshire", "peel-2025-27", 2026)
    assert inspection.framework.current

    # Users of each working role, Cambridgeshire's for the force roles, each with a password to print once.
    roles = {m.user.username: (m.role, m.force_id) for m in Membership.objects.select_related("user")}
    assert roles == {
        "demo-inspector": (Role.INSPECTOR, ""),
        "demo-moderator": (Role.MODERATOR, ""),
        "demo-cambs-liaison": (Role.FORCE_LIAISON, "cambridgeshire"),
        "demo-cambs-pcc": (Role.PCC_OFFICE, "cambridgeshire"),
    }
    for name, password in seeded.passwords.items():
        assert get_user_model().objects.get(username=name).check_password(password)
    assert list(inspection.inspectors.values_list("username", flat=True)) == ["demo-inspector"]

    # Evidence of real computed results: the charge rate, ASB rate and stop and search among them.
    snaps = {s.indicator_id: s for s in inspection.indicator_snapshots.all()}
    assert {"charge-rate", "asb-per-1000", "stop-search-per-1000"} <= set(snaps)
    # Each finding says what one attached snapshot shows, in that snapshot's own figures.
    sentences = {shows(s) for s in snaps.values()}
    findings = list(inspection.findings.all())
    assert findings and all(f.text in sentences for f in findings)
    # Every area named is one of PEEL 2025-27's, and a characteristic only where the framework lists them.
    areas = {a.id: a for a in inspection.framework.areas}
    assert all(set(s.areas) <= set(areas) and s.areas for s in snaps.values())
    for f in findings:
        assert set(f.characteristic_ids) <= {c.id for c in areas[f.area_id].characteristics}
    weak = [f for f in findings if f.kind == "weakness"]
    assert inspection.areas_for_improvement.count() == len(weak) > 0
    cause = inspection.causes_of_concern.get()
    assert cause.recommendations.count() == 1 and "The evidence attached shows" in cause.text

    # Grades consistent with the rules, each the one the evidence suggests; ungraded where none is suggested.
    assert rules.check(inspection, for_sign_off=False) == []
    judgments = list(inspection.judgments.all())
    assert judgments
    for j in judgments:
        assert j.grade == suggest_grade(inspection, j.area_id).grade
    assert verify_chain().ok


def test_seeding_again_keeps_the_inspection_and_gives_fresh_passwords(demo_warehouse):
    first = seed(demo_warehouse)
    counts = (first.inspection.findings.count(), first.inspection.indicator_snapshots.count())
    again = seed(demo_warehouse)
    assert not again.created and again.inspection.pk == first.inspection.pk
    assert (again.inspection.findings.count(), again.inspection.indicator_snapshots.count()) == counts
    assert set(again.passwords) == set(DEMO_USERS.values())
    assert all(again.passwords[n] != first.passwords[n] for n in again.passwords)


def test_each_demo_finding_quotes_the_warehouses_own_figure_read_here_with_sql(demo_warehouse):
    """Not through the snapshot or shows(): each finding names an indicator's title and a month, and its figure
    is Cambridgeshire's value in that indicator's row of indicator_result for that month, read here."""
    import duckdb

    from openpeel.indicators.catalogue import catalogue

    inspection = seed(demo_warehouse).inspection
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator_id, period, value FROM indicator_result WHERE force_id = 'cambridgeshire'"
        ).fetchall()
    finally:
        con.close()
    indicators = catalogue()
    findings = list(inspection.findings.all())
    # Since issue 17 a finding needs the force outside the overdispersed funnel, or its interval clear of a
    # standard: the bundled data supports few (one on 2026-12-07), and each must quote its figure.
    assert findings
    for f in findings:
        quoted = [
            (indicator, period, value)
            for indicator, period, value in rows
            # a finding quotes the title for its period: a rate's names its census
            if f.text.startswith(f"{indicators[indicator].title_for(period)} was {value:,.1f}")
            and f" in {period:%B %Y}, " in f.text
        ]
        assert quoted, f.text


def test_the_demos_draft_and_its_published_inspection_are_of_two_cycles(demo_warehouse):
    """`openpeel demo` seeds both for Cambridgeshire: a force has one inspection per cycle, so the draft is of the
    current cycle and the published one of 2023-25."""
    from openpeel.demo.monitoring import seed_monitoring
    from openpeel.inspections.models import Inspection
    from openpeel.warehouse import connect

    seed(demo_warehouse)
    con = connect(demo_warehouse, read_only=True)
    try:
        seed_monitoring(con=con)
    finally:
        con.close()
    assert set(Inspection.objects.filter(force_id="cambridgeshire").values_list("framework_id", "status")) == {
        ("peel-2025-27", Status.IN_MODERATION),
        ("peel-2023-25", Status.PUBLISHED),
    }
