"""Grade consistency: the rules in data/grade_rules.yaml, checked against an inspection's findings.

`check` returns every problem (never stops at the first); `warn` issues them as warnings while drafting;
`enforce` raises GradeRulesError with all of them at sign-off. Besides the file's grade rules, sign-off
checks what every report needs: a judgment for each graded area, with a grade and a rationale, at least one
recommendation for each cause of concern, and nothing placeholder (inspections/placeholders.py): HM
Inspector's summary and each graded area's narrative written, neither empty nor template text.
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openpeel.errors import DataFileError
from openpeel.frameworks import all_frameworks
from openpeel.inspections.errors import GradeRulesError
from openpeel.inspections.placeholders import is_placeholder

RULES_FILE = Path(__file__).parent / "data" / "grade_rules.yaml"
SUMMARY = "summary"  # the part a Problem about HM Inspector's summary names, in place of an area
Kind = Literal["cause_of_concern", "area_for_improvement", "innovative_practice", "strength", "weakness"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    requires: Kind | None = None
    forbids: Kind | None = None
    needs: Literal["graded_area"] | None = None
    because: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_condition(self) -> Rule:
        if sum(x is not None for x in (self.requires, self.forbids, self.needs)) != 1:
            raise ValueError(f"rule {self.id!r} must have exactly one of requires, forbids, needs")
        return self


class GradeRules(_Strict):
    every_grade: tuple[Rule, ...] = ()
    grades: dict[str, tuple[Rule, ...]] = Field(min_length=1)  # rules that never apply are a broken file
    suggestion_thresholds: dict[str, float] = {}

    @model_validator(mode="after")
    def _keys_and_ids(self) -> GradeRules:
        for key in [*self.grades, *self.suggestion_thresholds]:
            if not key.replace("_", "").isalpha() or key != key.upper():
                raise ValueError(
                    f"{key!r} is not a grade id (upper-case words joined by '_', e.g. REQUIRES_IMPROVEMENT)"
                )
        ids = [r.id for r in self.every_grade] + [r.id for rules in self.grades.values() for r in rules]
        twice = [i for i, n in Counter(ids).items() if n > 1]
        if twice:
            raise ValueError(f"rule id(s) used twice: {', '.join(twice)}")
        if any(not 0 <= t <= 1 for t in self.suggestion_thresholds.values()):
            raise ValueError("suggestion thresholds are shares between 0 and 1")
        # A misspelt grade id would make its rules silently never apply, so each must be on some scale.
        known = {g.id for f in all_frameworks() for g in f.grades()}
        unknown = sorted(set(self.grades) - known) + sorted(set(self.suggestion_thresholds) - known)
        if unknown:
            raise ValueError(f"{', '.join(unknown)} is not a grade of any framework; known: {', '.join(sorted(known))}")
        return self

    def for_grade(self, grade_id: str) -> tuple[Rule, ...]:
        return (*self.every_grade, *self.grades.get(grade_id, ()))


def load_grade_rules(path: str | Path = RULES_FILE) -> GradeRules:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise DataFileError(path, f"cannot be read ({e.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise DataFileError.from_yaml(path, e) from None
    try:
        return GradeRules.model_validate(data)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        raise DataFileError(path, err["msg"].removeprefix("Value error, "), field=field) from None


@functools.cache
def grade_rules() -> GradeRules:
    """The bundled rules (cached: the file ships with the code)."""
    return load_grade_rules()


# --- checking ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    area_id: str
    area_title: str
    grade_id: str | None
    grade_label: str | None
    rule: str  # a rule id from the file, or one of the sign-off checks below
    message: str

    def __str__(self) -> str:
        if self.area_id == SUMMARY:  # not an area: "HM Inspector's summary is empty; ..."
            return f"{self.area_title} {self.message} [rule {self.rule}]"
        graded = f" graded {self.grade_label}" if self.grade_label else ""
        return f"{self.area_title} ({self.area_id}){graded}: {self.message} [rule {self.rule}]"


class GradeRuleWarning(UserWarning):
    """A grade that would be refused at sign-off, reported while the inspection is still a draft."""


_KIND_WORDS = {
    "cause_of_concern": "cause of concern",
    "area_for_improvement": "area for improvement",
    "innovative_practice": "innovative practice",
    "strength": "strength",
    "weakness": "weakness",
}


def area_counts(inspection) -> dict[str, Counter]:
    """How many of each kind of finding each area has: {area_id: Counter({'cause_of_concern': 2, ...})}."""
    counts: dict[str, Counter] = {}
    for kind, rows in (
        ("cause_of_concern", inspection.causes_of_concern.values_list("area_id", flat=True)),
        ("area_for_improvement", inspection.areas_for_improvement.values_list("area_id", flat=True)),
        ("innovative_practice", inspection.innovative_practice.values_list("area_id", flat=True)),
    ):
        for area_id in rows:
            counts.setdefault(area_id, Counter())[kind] += 1
    for area_id, kind in inspection.findings.values_list("area_id", "kind"):
        counts.setdefault(area_id, Counter())[kind] += 1
    return counts


def broken_rules(framework, area_id: str, grade_id: str, counts: Counter, rules: GradeRules | None = None):
    """The rules a grade would break in an area with these counts, each with the reason in words."""
    rules = rules or grade_rules()
    node = framework.node(area_id)
    out = []
    for rule in rules.for_grade(grade_id):
        if rule.requires and not counts[rule.requires]:
            out.append((rule, f"needs at least one {_KIND_WORDS[rule.requires]}; none recorded. {rule.because}"))
        elif rule.forbids and counts[rule.forbids]:
            n = counts[rule.forbids]
            out.append((rule, f"has {n} {_KIND_WORDS[rule.forbids]}(s). {rule.because}"))
        elif rule.needs == "graded_area" and not node.graded:
            out.append((rule, rule.because))
    return out


def check(inspection, *, for_sign_off: bool = True, area_id: str | None = None) -> list[Problem]:
    """Every problem with the inspection's grades. `for_sign_off` adds the completeness checks (a graded
    judgment with a rationale for each graded area), which would only be noise while drafting."""
    framework = inspection.framework
    counts = area_counts(inspection)
    judgments = {j.area_id: j for j in inspection.judgments.all()}
    narratives = dict(inspection.narratives.values_list("area_id", "text")) if for_sign_off else {}
    problems: list[Problem] = []
    # The inspectorate's own grades (the published record) were signed off by the inspectorate, not here.
    from_record = getattr(inspection, "grades_from_record", False)

    def problem(node_id, judgment, rule, message):
        node = framework.node(node_id)
        grade = judgment.grade if judgment is not None and judgment.grade_id else None
        problems.append(Problem(node_id, node.title, grade and grade.id, grade and grade.label, rule, message))

    for node, _ in framework.walk():
        if node.kind == "characteristic" or (area_id and node.id != area_id):
            continue
        judgment = judgments.get(node.id)
        if judgment is not None and judgment.grade_id and not judgment.carried_forward and not from_record:
            # Carried-forward grades were checked when first signed off, against that inspection's findings.
            for rule, message in broken_rules(framework, node.id, judgment.grade_id, counts.get(node.id, Counter())):
                problem(node.id, judgment, rule.id, message)
        if for_sign_off and node.grade_required:  # an optional area is graded only where a report does
            if judgment is None:
                problem(node.id, None, "graded-area-needs-judgment", "has no judgment; grade it or carry one forward.")
            elif not judgment.grade_id:
                problem(node.id, judgment, "graded-area-needs-grade", "is a graded area but its judgment has no grade.")
            elif not judgment.rationale.strip() and not judgment.carried_forward:
                problem(node.id, judgment, "judgment-needs-rationale", "has a grade but no rationale.")
            elif is_placeholder(judgment.rationale) and not judgment.carried_forward:
                problem(node.id, judgment, "judgment-text-is-template", "its text is still template text "
                        f"({judgment.rationale[:60]!r}); write what the inspectors found.")  # fmt: skip
        if for_sign_off:
            # Each graded area judged here needs its narrative (a carried-forward one was written up when it was
            # awarded); any narrative written, graded area or not, is published, so none may be template text.
            written = narratives.get(node.id)
            carried = judgment is not None and judgment.carried_forward
            graded_here = node.graded and judgment is not None and bool(judgment.grade_id)
            needed = not carried and (node.grade_required or graded_here)
            if (needed or written is not None) and is_placeholder(written):
                problem(node.id, judgment, "narrative-is-template", "its narrative " + _unwritten(written or ""))
    if for_sign_off and area_id is None:
        problems[:0] = _report_text_problems(getattr(inspection, "report_text", None))
    for cause in inspection.causes_of_concern.filter(recommendations__isnull=True):
        if area_id is None or cause.area_id == area_id:
            problem(
                cause.area_id,
                judgments.get(cause.area_id),
                "cause-of-concern-needs-recommendation",
                f"the cause of concern {cause.text[:80]!r} has no recommendation; each needs at least one.",
            )
    return problems


def _report_text_problems(text) -> list[Problem]:
    """HM Inspector's summary, required; the press-release quote, optional, but published where written."""
    out = []
    summary = text.summary if text is not None else ""
    if is_placeholder(summary):
        out.append(Problem(SUMMARY, "HM Inspector's summary", None, None, "summary-is-template", _unwritten(summary)))
    quoted = " ".join((text.quote, text.quote_by, text.quote_title)).strip() if text is not None else ""
    if quoted and is_placeholder(quoted):
        out.append(Problem(SUMMARY, "The press-release quote", None, None, "quote-is-template", _unwritten(quoted)))
    return out


def _unwritten(text: str) -> str:
    """Why a part a person writes cannot be published yet: it is empty, or it is still template text."""
    if not text.strip():
        return "is empty; write it before approval."
    return f"is still template text ({text.strip()[:60]!r}); write it before approval."


def warn(inspection, *, area_id: str | None = None) -> list[Problem]:
    """While drafting: report the grade rule problems as GradeRuleWarning, change nothing, return them."""
    problems = check(inspection, for_sign_off=False, area_id=area_id)
    for p in problems:
        warnings.warn(GradeRuleWarning(str(p)), stacklevel=2)
    return problems


def enforce(inspection) -> None:
    """At sign-off: raise GradeRulesError listing every problem, or return if there are none."""
    problems = check(inspection, for_sign_off=True)
    if problems:
        raise GradeRulesError(inspection, problems)
