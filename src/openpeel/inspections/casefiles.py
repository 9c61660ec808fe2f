"""Case file review in an inspection: draw a sample from the warehouse, record reviews, report compliance.

The sampling and the statistics are openpeel.casefiles (no Django); this module stores their results.
Like every inspection part, changes are attributed (audit.acting_as or a request) and frozen on approval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
from django.db import transaction
from django.utils import timezone

from openpeel.casefiles.checklist import checklist
from openpeel.casefiles.compliance import Compliance, ReviewedFile, compliance
from openpeel.casefiles.read import FileFacts
from openpeel.casefiles.read import file_facts as read_file_facts
from openpeel.casefiles.sampling import SamplingError, draw, population
from openpeel.inspections.models import CaseFileReview, CaseFileSample, CaseFileSampleItem, Inspection
from openpeel.warehouse import connect


def draw_sample(
    inspection: Inspection,
    *,
    theme: str,
    margin: float,
    confidence: float,
    seed: int,
    first_month: dt.date,
    last_month: dt.date,
    drawn_by,
    con: duckdb.DuckDBPyConnection | None = None,
) -> CaseFileSample:
    """Draw and store a sample of the force's investigations recorded from first_month to last_month."""
    questions = checklist()
    if inspection.framework_id != questions.framework:
        raise SamplingError(
            f"The case file checklist is written for {questions.framework}; {inspection} is under "
            f"{inspection.framework_id}, whose areas its questions do not name."
        )
    own = con is None
    con = con or connect(read_only=True)
    try:
        people = population(con, inspection.force_id, first_month, last_month, questions.theme(theme))
    finally:
        if own:
            con.close()
    if not people:
        raise SamplingError(
            f"The warehouse holds no {questions.theme(theme).title.lower()} for {inspection.force.name} recorded "
            f"from {first_month:%B %Y} to {last_month:%B %Y}: there is nothing to sample."
        )
    drawn = draw(people, margin=margin, confidence=confidence, seed=seed)
    with transaction.atomic():
        sample = CaseFileSample.objects.create(
            inspection=inspection,
            theme=theme,
            first_month=first_month,
            last_month=last_month,
            seed=seed,
            margin=margin,
            confidence=confidence,
            population_size=drawn.population_size,
            population_sha256=drawn.population_sha256,
            strata=[plan.as_dict() for plan in drawn.strata],
            drawn_by=drawn_by,
        )
        # One save per item, not bulk_create: every inspection row is validated and audited on its own.
        for position, item in enumerate(drawn.items, start=1):
            CaseFileSampleItem.objects.create(
                sample=sample,
                position=position,
                crime_reference=item.crime_reference,
                offence_group=item.stratum.offence_group,
                outcome_group=item.stratum.outcome_group,
                month=item.stratum.month,
            )
    return sample


def review_file(item: CaseFileSampleItem, answers: dict[str, str], notes: str = "") -> CaseFileReview:
    """Record (or change) the review of one sampled file; its result follows from the answers."""
    sample = item.sample
    review = CaseFileReview.objects.filter(item=item).first() or CaseFileReview(
        inspection=sample.inspection, item=item, case_reference=item.crime_reference
    )
    review.theme = sample.theme_title
    review.area_id = checklist().theme(sample.theme).area
    review.reviewed_on = timezone.localdate()
    review.answers = dict(answers)
    review.notes = notes
    review.result = CaseFileReview.Result.MET  # clean() sets it from the answers
    review.save()
    return review


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 0


def progress(sample: CaseFileSample) -> Progress:
    items = sample.items.all()
    return Progress(items.filter(review__isnull=False).count(), items.count())


def results(sample: CaseFileSample) -> list[Compliance]:
    """Compliance per question of the sample's theme, from the reviews recorded so far."""
    reviews = CaseFileReview.objects.filter(item__sample=sample).select_related("item")
    files = [ReviewedFile(r.item.stratum_key, r.answers) for r in reviews]
    return compliance(
        checklist().questions_for(sample.theme),
        files,
        sample.stratum_populations,
        confidence=sample.confidence,
        self_weighting=sample.allocation == "proportional" and progress(sample).complete,
    )


def attach_results(sample: CaseFileSample) -> CaseFileSample:
    """Copy the compliance figures onto the sample as evidence: later reviews do not change what was attached."""
    done = progress(sample)
    if done.reviewed == 0:
        raise SamplingError("No file of this sample has been reviewed yet: there are no results to attach.")
    sample.results = {
        "reviewed": done.reviewed,
        "sample_size": done.total,
        "confidence": sample.confidence,
        "questions": [row.as_dict() for row in results(sample)],
    }
    sample.attached_at = timezone.now()
    sample.save()
    return sample


def file_facts(item: CaseFileSampleItem, con: duckdb.DuckDBPyConnection | None = None) -> FileFacts:
    """What the force's return says about a sampled investigation (opens the warehouse unless given one)."""
    own = con is None
    con = con or connect(read_only=True)
    try:
        return read_file_facts(con, item.sample.inspection.force_id, item.crime_reference)
    finally:
        if own:
            con.close()
