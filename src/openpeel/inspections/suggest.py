"""A suggested grade for an area, explained from the evidence. It reads, it never writes: the grade is the
inspector's judgment, and a suggestion is only a check on it.

What counts: each characteristic of good performance is met (strengths and no weakness recorded against
it), not met (a weakness), or not yet assessed; each indicator snapshot informing the area that has a
published standard meets it or misses it. The share met, against the thresholds in grade_rules.yaml,
gives the grade; a cause of concern gives the grade the rules tie causes of concern to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from openpeel.frameworks import Grade
from openpeel.inspections import rules


@dataclass(frozen=True)
class Suggestion:
    area_id: str
    grade: Grade | None
    reasons: tuple[str, ...]
    met: tuple[str, ...] = ()  # characteristic ids
    not_met: tuple[str, ...] = ()
    not_assessed: tuple[str, ...] = ()
    indicators_missing_standard: tuple[str, ...] = ()  # indicator ids

    def __str__(self) -> str:
        head = f"Suggested: {self.grade.label}" if self.grade else "No grade suggested"
        return head + "\n" + "\n".join(f"- {r}" for r in self.reasons)


def _titles(framework, ids) -> str:
    return "; ".join(f"{framework.node(i).title} ({i})" for i in ids)


def suggest_grade(inspection, area_id: str) -> Suggestion:
    framework = inspection.framework
    node = framework.node(area_id)
    if not node.graded:
        return Suggestion(area_id, None, (f"{node.title} is not graded in {framework.title}.",))
    reasons: list[str] = []
    met_items = unmet_items = 0

    # Characteristics, from the findings linked to them.
    characteristics = [c.id for c in getattr(node, "characteristics", ())]
    findings = list(inspection.findings.filter(area_id=area_id))
    met = not_met = not_assessed = ()
    if characteristics:
        kinds: dict[str, Counter[str]] = {c: Counter() for c in characteristics}
        for f in findings:
            for c in f.characteristic_ids:
                kinds[c][f.kind] += 1
        met = tuple(c for c in characteristics if kinds[c]["strength"] and not kinds[c]["weakness"])
        not_met = tuple(c for c in characteristics if kinds[c]["weakness"])
        not_assessed = tuple(c for c in characteristics if not kinds[c])
        met_items, unmet_items = len(met), len(not_met)
        if met:
            reasons.append(f"Met (strengths, no weakness): {_titles(framework, met)}.")
        if not_met:
            reasons.append(f"Not met (weaknesses recorded): {_titles(framework, not_met)}.")
        if not_assessed:
            reasons.append(f"No findings yet, so not counted: {_titles(framework, not_assessed)}.")
    else:
        kinds = Counter(f.kind for f in findings)  # type: ignore[assignment]  # here, a count of kinds
        met_items, unmet_items = kinds["strength"], kinds["weakness"]  # type: ignore[assignment]  # ints
        reasons.append(
            f"{framework.title} lists no characteristics for {node.title}: counted {kinds['strength']} strength(s) "
            f"and {kinds['weakness']} weakness(es) recorded for the area."
        )

    # Indicators with a published standard, as snapshotted when attached.
    missing = []
    for snap in inspection.indicator_snapshots.all():
        if area_id not in snap.areas or snap.meets_standard() is None:
            continue
        figure = f"{snap.title} was {snap.value:,.1f} {snap.unit} in {snap.period:%B %Y}"
        if snap.meets_standard():
            met_items += 1
            reasons.append(f"Meets its standard: {figure} ({snap.standard['description']}).")
        else:
            unmet_items += 1
            missing.append(snap.indicator_id)
            reasons.append(f"Misses its standard: {figure}; the standard is {snap.standard['description']}.")

    counts = rules.area_counts(inspection).get(area_id, Counter())
    grade = _grade_from(framework, counts, met_items, unmet_items, reasons)
    if grade is not None:
        for rule, message in rules.broken_rules(framework, area_id, grade.id, counts):
            reasons.append(f"Before {grade.label} could be signed off, the area {message} [rule {rule.id}]")
    judgment = inspection.judgments.filter(area_id=area_id).first()
    if judgment is not None and judgment.grade_id:
        reasons.append(f"The inspector's judgment is {judgment.grade.label}; a suggestion never replaces it.")
    return Suggestion(area_id, grade, tuple(reasons), met, not_met, not_assessed, tuple(missing))


def _grade_from(framework, counts: Counter, met_items: int, unmet_items: int, reasons: list[str]) -> Grade | None:
    grade_rules = rules.grade_rules()
    if counts["cause_of_concern"]:
        # The grade(s) whose rules require a cause of concern: INADEQUATE in the bundled rules.
        tied = [
            g for g in framework.grades() if any(r.requires == "cause_of_concern" for r in grade_rules.for_grade(g.id))
        ]
        if tied:
            reasons.append(
                f"{counts['cause_of_concern']} cause(s) of concern recorded; "
                f"the grade rules tie them to {tied[0].label}."
            )
            return tied[0]
    total = met_items + unmet_items
    if not total:
        reasons.append("Nothing assessed yet (no findings against characteristics, no indicator with a standard).")
        return None
    share = met_items / total
    thresholds = grade_rules.suggestion_thresholds
    for grade in framework.grades():  # best first
        if grade.id in thresholds and share >= thresholds[grade.id]:
            reasons.insert(
                0,
                f"{met_items} of {total} assessed item(s) met ({share:.0%}); {grade.label} needs at least "
                f"{thresholds[grade.id]:.0%}.",
            )
            return grade
    reasons.append(f"{met_items} of {total} assessed item(s) met ({share:.0%}); no threshold applies.")
    return None
