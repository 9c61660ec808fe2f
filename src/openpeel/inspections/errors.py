"""User-facing errors of the inspections app: each an OpenPeelError with a stable code (errors.py's tree)."""

from __future__ import annotations

from openpeel.errors import OpenPeelError


class GradeRulesError(OpenPeelError):
    """Sign-off refused: the judgments break the grade consistency rules. Carries every problem, not the first."""

    code = "grade_rules_broken"

    def __init__(self, inspection, problems: list):
        self.inspection, self.problems = inspection, list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{inspection} cannot be signed off: {len(self.problems)} problem(s) with its grades and text:\n{lines}"
        )


class TransitionError(OpenPeelError):
    """A status change the workflow does not allow, or whose conditions are not met."""

    code = "invalid_transition"


class InspectionLockedError(OpenPeelError):
    """Evidence, findings and judgments are frozen once an inspection is approved (they were checked then)."""

    code = "inspection_locked"


class EvidenceError(OpenPeelError):
    """Evidence could not be attached or changed (no such indicator result, a snapshot's figures edited)."""

    code = "evidence_invalid"


class AuditError(OpenPeelError):
    """An attempt to bypass or rewrite the audit trail (unattributed change, ORM update of an entry)."""

    code = "audit_refused"


class AuditChainBroken(OpenPeelError):
    """verify-audit found a break in the hash chain: an entry was altered, removed or inserted."""

    code = "audit_chain_broken"
