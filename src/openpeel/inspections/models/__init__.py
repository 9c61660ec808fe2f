"""The inspection tables, split by concept (docs/design.md: split a models.py before it passes ~1000 lines)."""

from openpeel.inspections.models.audit import GENESIS, AuditEntry, AuditHead
from openpeel.inspections.models.base import Audited
from openpeel.inspections.models.casefiles import CaseFileSample, CaseFileSampleItem
from openpeel.inspections.models.evidence import CaseFileReview, Document, FieldworkNote, IndicatorSnapshot
from openpeel.inspections.models.findings import (
    AreaForImprovement,
    CauseOfConcern,
    Finding,
    InnovativePractice,
    Recommendation,
)
from openpeel.inspections.models.inspection import OPEN_STATUSES, Inspection, InspectionPart, Status
from openpeel.inspections.models.judgments import Judgment
from openpeel.inspections.models.people import FORCE_ROLES, ApiToken, Membership, Role
from openpeel.inspections.models.publishing import AreaNarrative, ReportText, ReportVersion

__all__ = [
    "FORCE_ROLES",
    "ApiToken",
    "Membership",
    "Role",
    "GENESIS",
    "OPEN_STATUSES",
    "AreaForImprovement",
    "AreaNarrative",
    "AuditEntry",
    "AuditHead",
    "Audited",
    "CaseFileReview",
    "CaseFileSample",
    "CaseFileSampleItem",
    "CauseOfConcern",
    "Document",
    "FieldworkNote",
    "Finding",
    "IndicatorSnapshot",
    "InnovativePractice",
    "Inspection",
    "InspectionPart",
    "Judgment",
    "Recommendation",
    "ReportText",
    "ReportVersion",
    "Status",
]
