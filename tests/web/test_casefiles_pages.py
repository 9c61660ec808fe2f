"""The case file pages as an inspector uses them: draw, review file by file, read and attach the results."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openpeel.casefiles.checklist import checklist
from openpeel.casefiles.sampling import sample_size
from openpeel.inspections.models import CaseFileReview, CaseFileSample
from openpeel.warehouse import connect
from openpeel.web.inspections.tasks import COMPLETED, IN_PROGRESS, NOT_STARTED, tasks

DRAW = {"theme": "investigations", "first_month": "2019-01", "last_month": "2019-02", "margin": "25",
        "confidence": "95", "seed": "42"}  # fmt: skip
QUESTIONS = [q.id for q in checklist().questions_for("investigations")]


@pytest.fixture
def inspector(client, world, demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    client.force_login(world.users["inspector"])
    return client


def task_status(inspection) -> str:
    return next(t.status for t in tasks(inspection) if t.slug == "case-files")


def draw(client, world, **changes):
    return client.post(reverse("casefiles:draw", kwargs={"pk": world.draft.pk}), {**DRAW, **changes})


def test_drawing_reviewing_and_attaching_a_sample(inspector, world, demo_warehouse):
    page = inspector.get(reverse("casefiles:draw", kwargs={"pk": world.draft.pk}))
    assert b"Draw a case file sample" in page.content and b'value="2024-01"' in page.content  # the inspection's period
    assert task_status(world.draft) == NOT_STARTED
    response = draw(inspector, world)
    assert response.status_code == 302
    sample = CaseFileSample.objects.get(inspection=world.draft)
    assert task_status(world.draft) == IN_PROGRESS
    con = connect(demo_warehouse, read_only=True)
    [(population,)] = con.execute(
        "SELECT count(*) FROM return_investigation WHERE force_id = 'cambridgeshire'"
    ).fetchall()
    con.close()
    assert sample.population_size == population and sample.items.count() == sample_size(population, 0.25, 0.95)
    listing = inspector.get(response.url)
    assert f"{sample.items.count()} files, for ±25 percentage points at 95% confidence".encode() in listing.content

    items = list(sample.items.all())
    first = inspector.get(reverse("casefiles:review", kwargs={"pk": world.draft.pk, "sample_pk": sample.pk,
                                                              "item_pk": items[0].pk}))  # fmt: skip
    assert b"What the force's return says" in first.content and b"Review interval" in first.content
    for i, item in enumerate(items):
        answers = {q: "yes" for q in QUESTIONS} | {"victim-updated": "no" if i % 3 == 0 else "yes"}
        url = reverse("casefiles:review", kwargs={"pk": world.draft.pk, "sample_pk": sample.pk, "item_pk": item.pk})
        after = inspector.post(url, answers)
        assert after.status_code == 302
    assert after.url == reverse("casefiles:sample", kwargs={"pk": world.draft.pk, "sample_pk": sample.pk})
    assert task_status(world.draft) == COMPLETED
    tasks_page = inspector.get(reverse("inspections:tasks", kwargs={"pk": world.draft.pk})).content.decode()
    assert reverse("casefiles:samples", kwargs={"pk": world.draft.pk}) in tasks_page

    results = inspector.get(reverse("casefiles:results", kwargs={"pk": world.draft.pk, "sample_pk": sample.pk}))
    text = results.content.decode()
    n, no = len(items), sum(i % 3 == 0 for i in range(len(items)))
    assert f"{n - no} / {n}" in text  # victim updated: every file answered, a third "no"
    assert "Every file has been reviewed" in text
    inspector.post(reverse("casefiles:attach", kwargs={"pk": world.draft.pk, "sample_pk": sample.pk}))
    sample.refresh_from_db()
    updated = next(q for q in sample.results["questions"] if q["question_id"] == "victim-updated")
    assert (updated["yes"], updated["no"]) == (n - no, no)
    overview = inspector.get(reverse("casefiles:samples", kwargs={"pk": world.draft.pk})).content.decode()
    assert "Evidence: crime investigations compliance" in overview
    assert f"{updated['value'] * 100:.1f}%" in overview or updated["suppressed"]


def test_the_same_seed_draws_the_same_files_through_the_page(inspector, world):
    draw(inspector, world)
    draw(inspector, world)
    draw(inspector, world, seed="43")
    first, second, third = (list(s.items.values_list("crime_reference", flat=True)) for s in
                            CaseFileSample.objects.filter(inspection=world.draft).order_by("id"))  # fmt: skip
    assert first == second and first != third


@pytest.mark.parametrize(
    "changes, message",
    [({"margin": "60"}, "less than or equal to 49.9"), ({"first_month": "2019-13"}, "Enter a month as YYYY-MM"),
     ({"first_month": "2019-03"}, "must not be before the first"),
     ({"first_month": "2023-01", "last_month": "2023-12"}, "there is nothing to sample")],
)  # fmt: skip
def test_a_bad_draw_is_shown_in_the_error_summary(inspector, world, changes, message):
    response = draw(inspector, world, **changes)
    assert response.status_code == 400
    assert b"There is a problem" in response.content and message.encode() in response.content
    assert not CaseFileSample.objects.filter(inspection=world.draft).exists()


def test_an_unanswered_question_is_an_error_and_nothing_is_saved(inspector, world):
    draw(inspector, world)
    sample = CaseFileSample.objects.get(inspection=world.draft)
    item = sample.items.first()
    url = reverse("casefiles:review", kwargs={"pk": world.draft.pk, "sample_pk": sample.pk, "item_pk": item.pk})
    response = inspector.post(url, {q: "yes" for q in QUESTIONS[1:]})
    assert response.status_code == 400 and b"There is a problem" in response.content
    assert not CaseFileReview.objects.filter(item=item).exists()
