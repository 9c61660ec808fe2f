"""The press release: a headline and a grade-summary sentence generated from the grades, with every phrase
taken from the framework's data (publishing block, press phrases per area); the inspector's quote as a
person wrote it; notes to editors from the framework; then the causes of concern in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from openpeel.errors import FrameworkLookupError
from openpeel.forces import get_force
from openpeel.frameworks import Area, Framework, Grade, Publishing
from openpeel.inspections.placeholders import DEMONSTRATION

if TYPE_CHECKING:  # for the annotation only: this module does not need the workflow models loaded
    from openpeel.inspections.models import ReportText

NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
UK = ZoneInfo("Europe/London")


def number_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def join_and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def possessive(name: str) -> str:
    return name + "'s"


def _publishing(framework: Framework) -> Publishing:
    if framework.publishing is None:
        raise FrameworkLookupError(f"{framework.id} has no publishing block: its press release has no words.")
    return framework.publishing


def headline(framework: Framework, force: str, graded: list[tuple[Area, Grade]]) -> str:
    """The best-graded area's strength "but must improve how it" the weakest areas' duties (areas in framework
    order); one sentence of the framework's own when every area has the same grade."""
    words = _publishing(framework)
    best, worst = max(g for _, g in graded), min(g for _, g in graded)
    if best == worst:
        return words.headline_even.format(force=force, grade=best.label)
    strength = next(a for a, g in graded if g == best).press.strength  # type: ignore[union-attr]  # checked on load
    improve = join_and([a.press.improve for a, g in graded if g == worst])  # type: ignore[union-attr]
    return words.headline_mixed.format(force=force, strength=strength, improve=improve)


def grade_summary(
    framework: Framework, force: str, graded: list[tuple[Area, Grade]], the_force: str = "the force"
) -> str:
    """'... graded Kent Police's performance across eight areas of policing and found the force was good in
    three areas, adequate in four areas and requires improvement in one area.' Grades best first."""
    words = _publishing(framework)
    kind = graded[0][0].kind
    counts: dict[Grade, int] = {}
    for _, g in graded:
        counts[g] = counts.get(g, 0) + 1
    parts = [
        f"{g.label} in {number_words(n)} {kind}{'' if n == 1 else 's'}"
        for g, n in sorted(counts.items(), key=lambda gn: gn[0].order)
    ]
    return words.grade_summary.format(
        inspectorate=words.inspectorate,
        force_possessive=possessive(force),
        count=f"{number_words(len(graded))} {kind}{'' if len(graded) == 1 else 's'}",
        grades=join_and(parts),
        the_force=the_force,
    )


@dataclass
class PressRelease:
    notice: str  # placeholders.notice: what openpeel publishes is not the inspectorate's press release
    headline: str
    embargo: str
    report_title: str
    summary: str
    causes_intro: str
    causes: list[str]
    quote: str
    quote_by: str
    quote_title: str
    notes_to_editors: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def graded_areas(framework: Framework, report: dict[str, Any]) -> list[tuple[Area, Grade]]:
    """The top-level areas graded in this inspection (not carried forward), in framework order."""
    return [
        (framework.node(s["id"]), framework.grade(s["grade"]))  # type: ignore[misc]  # top-level: areas
        for s in report["sections"]
        if s["graded"] and s["grade"] and not s["carried_forward_year"]
    ]


def build_press_release(
    framework: Framework,
    report: dict[str, Any],
    *,
    embargo_at: dt.datetime | None,
    text: ReportText | None = None,
    notice: str = DEMONSTRATION,
) -> PressRelease:
    """From a report (Report.as_dict(), live or as published), its ReportText (the quote) and the embargo."""
    words = _publishing(framework)
    graded = graded_areas(framework, report)
    if not graded:
        raise FrameworkLookupError(f"The report of {report['force']} has no grades to make a press release from.")
    causes = [c["text"] for s in report["sections"] for n in [s, *s["questions"]] for c in n["causes"]]
    count = f"{number_words(len(causes))} cause{'s' if len(causes) != 1 else ''} of concern"
    # The force named and referred to as the inspectorate writes of it ("the Metropolitan Police", "the
    # constabulary"), from the registry; the report keeps the official name.
    force = get_force(report["force_id"])
    return PressRelease(
        notice=notice,
        headline=headline(framework, force.named(start=True), graded),
        embargo=f"{embargo_at.astimezone(UK):%H:%M on %A %-d %B %Y}" if embargo_at else "",
        report_title=report["title"],
        summary=grade_summary(framework, force.named(), graded, framework.the_force(force)),
        causes_intro=words.causes_of_concern.format(count=count, force=force.named()) if causes else "",
        causes=causes,
        quote=text.quote if text else "",
        quote_by=text.quote_by if text else "",
        quote_title=text.quote_title if text else "",
        notes_to_editors=list(words.notes_to_editors),
    )


def as_text(press: PressRelease) -> str:
    """The press release as plain text, for pasting into an email."""
    lines = [f"{press.notice}. openpeel wrote this release; the inspectorate's own publications are the authority.", ""]
    lines += [f"EMBARGOED UNTIL {press.embargo.upper()}", ""] if press.embargo else []
    lines += [press.headline, "", press.summary, ""]
    if press.causes:
        lines += [press.causes_intro, *[f"- {c}" for c in press.causes], ""]
    if press.quote:
        lines += [f"{press.quote_by}, {press.quote_title}, said:", f'"{press.quote}"', ""]
    lines += ["Notes to editors", *[f"{i}. {n}" for i, n in enumerate(press.notes_to_editors, 1)], ""]
    lines += [f"The report: {press.report_title}"]
    return "\n".join(lines) + "\n"
