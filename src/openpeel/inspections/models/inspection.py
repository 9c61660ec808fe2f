"""An inspection: one force, inspected under one framework version, over one period, at one workflow status."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from openpeel.errors import OpenPeelError
from openpeel.forces import Force, get_force
from openpeel.frameworks import Framework, load_framework
from openpeel.inspections.errors import InspectionLockedError
from openpeel.inspections.models.audit import state
from openpeel.inspections.models.base import Audited, judged_node


class Status(models.TextChoices):
    # The order is the workflow's; workflow.py says which moves between them are allowed.
    DRAFT = "draft", "Draft"
    IN_MODERATION = "in_moderation", "In moderation"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


# Evidence, findings and judgments can change only here: approval checks them, so after it they are frozen.
OPEN_STATUSES = frozenset({Status.DRAFT, Status.IN_MODERATION})
# Fields the workflow itself sets, so they may change on an inspection that is no longer open.
WORKFLOW_FIELDS = frozenset({"status", "embargo_at", "approved_at", "published_at"})


class Inspection(Audited):
    force_id = models.CharField(max_length=64, help_text="Force registry id (any known name is accepted).")
    framework_id = models.CharField(max_length=64, help_text="PEEL framework version, e.g. peel-2023-25.")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    embargo_at = models.DateTimeField(null=True, blank=True, help_text="Not published before this moment.")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    grades_from_record = models.BooleanField(
        default=False,
        help_text="Its grades are the inspectorate's, as openpeel's published record holds them (the demo's "
        "copy of a real report): not checked against openpeel's grade rules, which govern openpeel's own judgments.",
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_inspections", help_text="Who drafts it."
    )

    class Meta:
        ordering = ["force_id", "period_start", "id"]
        indexes = [models.Index(fields=["force_id", "period_start"])]
        # A force has at most one PEEL inspection per cycle: its grades for that cycle are one report's.
        constraints = [models.UniqueConstraint(fields=["force_id", "framework_id"], name="one_inspection_per_cycle")]

    def __str__(self) -> str:
        return f"{self.force_id} {self.framework_id} ({self.period_start}..{self.period_end})"

    @property
    def framework(self) -> Framework:
        return load_framework(self.framework_id)

    @property
    def force(self) -> Force:
        return get_force(self.force_id)

    @property
    def year(self) -> int:
        """The year a judgment made in this inspection is known by (when carried forward, for instance)."""
        return self.period_end.year

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def clean(self) -> None:
        errors = {}
        try:
            self.force_id = get_force(self.force_id).id  # store the registry id, whatever name was given
        except OpenPeelError as e:
            errors["force_id"] = str(e)
        try:
            load_framework(self.framework_id)
        except OpenPeelError as e:
            errors["framework_id"] = str(e)
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = "The period must not end before it starts."
        if not errors:
            other = self.other_of_the_cycle()
            if other is not None:
                # On a field, so that the constraint's own, vaguer, message is not added beside it.
                errors["force_id"] = one_per_cycle(other)
        if errors:
            raise ValidationError(errors)

    def other_of_the_cycle(self) -> Inspection | None:
        """The force's inspection under the same framework, if there is one besides this."""
        return (
            Inspection.objects.filter(force_id=self.force_id, framework_id=self.framework_id)
            .exclude(pk=self.pk)
            .first()
        )

    def save(self, *args, **kwargs) -> None:
        try:
            super().save(*args, **kwargs)
        except IntegrityError:
            # Another inspection of the force and cycle was saved between the check and this insert: the
            # database refused it; say so as the check would have.
            other = self.other_of_the_cycle()
            if other is None:
                raise
            raise ValidationError({"force_id": one_per_cycle(other)}) from None

    def check_editable(self, before: dict | None) -> None:
        # Status and its dates change only through workflow.move(), which runs the checks a move needs (the
        # grade rules at approval, the embargo at publication); a plain save must not skip them.
        if before is None:
            if self.status != Status.DRAFT:
                raise InspectionLockedError("An inspection starts as a draft; workflow.move() takes it further.")
            return
        after = state(self)
        changed = {k for k, v in before.items() if after.get(k) != v}
        if getattr(self, "_workflow_move", False):
            refused = changed - WORKFLOW_FIELDS
        elif before["status"] in OPEN_STATUSES:
            refused = changed & WORKFLOW_FIELDS
        else:
            refused = changed
        if {"framework_id", "force_id"} & changed and self.has_content():
            # Area, characteristic and grade ids were checked against the framework they were recorded under.
            refused |= {"framework_id", "force_id"} & changed
        if refused:
            raise InspectionLockedError(
                f"{self} ({Status(before['status']).label.lower()}): cannot change {', '.join(sorted(refused))} "
                "here. The status and its dates move only through workflow.move(); the force and framework are "
                "fixed once anything is recorded; nothing changes once the inspection is approved."
            )

    def has_content(self) -> bool:
        """Whether any evidence, finding or judgment has been recorded."""
        related = (
            "indicator_snapshots", "documents", "fieldwork_notes", "case_file_samples", "case_file_reviews",
            "findings", "areas_for_improvement", "causes_of_concern", "innovative_practice", "judgments",
        )  # fmt: skip
        return any(getattr(self, name).exists() for name in related)

    def check_deletable(self) -> None:
        if self.status != Status.DRAFT:
            raise InspectionLockedError(f"{self} is {self.get_status_display().lower()}; only a draft can be deleted.")


def one_per_cycle(other: Inspection) -> str:
    """Why a second inspection of a force under one framework is refused, naming the one there is."""
    period = f"{other.period_start:%-d %B %Y} to {other.period_end:%-d %B %Y}"
    return (
        f"{other.force.name} already has a {other.framework.title} inspection: inspection {other.pk} ({period}, "
        f"{Status(other.status).label.lower()}). A force has one PEEL inspection per cycle: carry on with that "
        "one, or choose another force or framework."
    )


class InspectionPart(Audited):
    """Evidence, findings and judgments: they belong to an inspection and freeze when it is approved."""

    class Meta:
        abstract = True

    def owning_inspection(self) -> Inspection:
        return self.inspection  # type: ignore[attr-defined]  # every concrete part has one

    def _check_open(self, doing: str) -> None:
        inspection = self.owning_inspection()
        # Read the status from the database: a stale in-memory copy must not reopen a signed-off inspection.
        status = Inspection.objects.filter(pk=inspection.pk).values_list("status", flat=True).first()
        if status is not None and status not in OPEN_STATUSES:
            raise InspectionLockedError(
                f"Cannot {doing} {self._meta.verbose_name} of {inspection}: it is {Status(status).label.lower()}, "
                "and evidence, findings and judgments are frozen once approved."
            )

    def check_editable(self, before: dict | None) -> None:
        self._check_open("change" if before else "add")

    def check_deletable(self) -> None:
        self._check_open("delete")

    def changed_fields(self, before: dict | None, editable: frozenset[str] = frozenset()) -> list[str]:
        """Fields this save would change, other than `editable` ones (none for a new row)."""
        if before is None:
            return []
        after = state(self)
        return sorted(k for k, v in before.items() if after.get(k) != v and k not in editable)

    def clean_area(self, field: str = "area_id", *, optional: bool = False) -> None:
        """Check an area (or pillar, or question) id against the inspection's framework."""
        value = getattr(self, field)
        if optional and not value:
            return
        judged_node(self.owning_inspection().framework, value, field)
