"""Case file samples in an inspection: drawn from the warehouse, reviewed one row per file, audited, frozen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from openpeel.casefiles.checklist import checklist
from openpeel.casefiles.sampling import SamplingError, sample_size
from openpeel.demo.factories import grade_every_area, make_inspection
from openpeel.inspections import workflow
from openpeel.inspections.audit import acting_as, verify_chain
from openpeel.inspections.casefiles import attach_results, draw_sample, progress, results, review_file
from openpeel.inspections.errors import EvidenceError, InspectionLockedError
from openpeel.inspections.models import AuditEntry, CaseFileReview
from openpeel.warehouse import connect

pytestmark = pytest.mark.django_db
JAN, FEB = dt.date(2019, 1, 1), dt.date(2019, 2, 1)


@pytest.fixture
def user():
    return get_user_model().objects.create_user("reviewer")


def drawn(inspection, user, warehouse, seed=7, margin=0.2, theme="domestic-abuse"):
    return draw_sample(
        inspection, theme=theme, margin=margin, confidence=0.95, seed=seed, first_month=JAN, last_month=FEB,
        drawn_by=user, con=connect(warehouse, read_only=True),
    )  # fmt: skip


def test_a_sample_is_stored_with_its_strata_and_the_same_seed_draws_it_again(inspection, user, demo_warehouse):
    sample = drawn(inspection, user, demo_warehouse)
    con = connect(demo_warehouse, read_only=True)
    domestic = con.execute(
        "SELECT count(*) FROM return_investigation WHERE force_id = 'cambridgeshire' AND domestic_abuse"
    ).fetchone()[0]
    assert sample.population_size == domestic
    assert sample.items.count() == sample_size(domestic, 0.2, 0.95)
    assert sum(s["allocated"] for s in sample.strata) == sample.items.count()
    assert sum(s["population"] for s in sample.strata) == domestic
    again = drawn(inspection, user, demo_warehouse)
    assert list(again.items.values_list("crime_reference", flat=True)) == list(
        sample.items.values_list("crime_reference", flat=True)
    )
    assert again.population_sha256 == sample.population_sha256
    # Each item is an audited row of the inspection.
    assert AuditEntry.objects.filter(object_type="inspections.casefilesampleitem").count() == 2 * sample.items.count()
    assert verify_chain().ok


def test_an_empty_population_or_another_framework_is_refused(user, demo_warehouse):
    norfolk = make_inspection(force="norfolk")
    with pytest.raises(SamplingError, match="nothing to sample"):
        drawn(norfolk, user, demo_warehouse)
    older = make_inspection(framework="peel-2021-22")
    with pytest.raises(SamplingError, match="written for peel-2023-25"):
        drawn(older, user, demo_warehouse)


def answers(theme: str, **given: str) -> dict:
    return {q.id: given.get(q.id.replace("-", "_"), "yes") for q in checklist().questions_for(theme)}


def test_a_review_answers_every_question_and_its_result_follows(inspection, user, demo_warehouse):
    sample = drawn(inspection, user, demo_warehouse)
    first, second = sample.items.all()[:2]
    review = review_file(first, answers("domestic-abuse", victim_updated="no", victim_views_recorded="na"))
    assert review.result == CaseFileReview.Result.PARTLY_MET and review.area_id == "protecting-vulnerable"
    assert review_file(first, answers("domestic-abuse")).pk == review.pk  # one row per file, changed in place
    assert CaseFileReview.objects.get(pk=review.pk).result == CaseFileReview.Result.MET
    with pytest.raises(ValidationError, match="unanswered"):
        review_file(second, {"plan-recorded": "yes"})
    with pytest.raises(ValidationError, match="not an answer"):
        review_file(second, {**answers("domestic-abuse"), "plan-recorded": "maybe"})
    assert progress(sample).reviewed == 1


def test_results_are_attached_as_a_copy_and_frozen_after_approval(user, demo_warehouse):
    inspection = make_inspection(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    grade_every_area(inspection)
    sample = drawn(inspection, user, demo_warehouse, margin=0.25, theme="investigations")
    items = list(sample.items.all())
    for i, item in enumerate(items):
        review_file(item, answers("investigations", plan_recorded="no" if i % 4 == 0 else "yes"))
    rows = {r.question_id: r for r in results(sample)}
    plan = rows["plan-recorded"]
    assert (plan.yes, plan.no) == (
        sum(i % 4 != 0 for i in range(len(items))),
        sum(i % 4 == 0 for i in range(len(items))),
    )
    assert not plan.weighted and plan.value == pytest.approx(plan.yes / len(items))
    with pytest.raises(EvidenceError, match="record of a draw"):
        sample.seed = 8
        sample.save()
    sample.refresh_from_db()
    attach_results(sample)
    attached = sample.results
    assert attached["reviewed"] == len(items) and attached["questions"][0]["question_id"] == "plan-recorded"
    review_file(items[1], answers("investigations", plan_recorded="no"))  # a later change ...
    sample.refresh_from_db()
    assert sample.results == attached  # ... leaves the attached evidence as it was
    moderator = get_user_model().objects.create_user("moderator")
    with acting_as(moderator):
        workflow.move(inspection, "in_moderation", actor=moderator)
        workflow.move(inspection, "approved", actor=moderator)
    with pytest.raises(InspectionLockedError):
        review_file(items[2], answers("investigations"))
    with pytest.raises(InspectionLockedError):
        attach_results(sample)
