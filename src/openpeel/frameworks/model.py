"""Typed model of one PEEL framework file (one inspection cycle = one YAML file).

The YAML file is the source of truth; these classes say what a valid file looks like and give the rest of
the app a few lookups. Reading, hashing and turning validation errors into plain words is loader.py's job.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationInfo,
    model_validator,
)

from openpeel.errors import FrameworkLookupError, IncomparableGradesError


class RuleBroken(ValueError):
    """A cross-field rule failed. `loc` is the path to the offending field, relative to the model that
    checked it, so the loader can name that exact field instead of the whole model."""

    def __init__(self, loc: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.loc = loc


def format_loc(loc: tuple[str | int, ...]) -> str:
    """('areas', 3, 'graded') -> 'areas[3].graded', the way a person would point at it in the file."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _matching(regex: str, hint: str) -> AfterValidator:
    # A plain-words hint instead of pydantic's "should match pattern '^...$'".
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(hint)
        return value

    return AfterValidator(check)


Text = Annotated[str, Field(min_length=1)]
NodeId = Annotated[
    str,
    _matching(
        r"[a-z0-9]+(?:[.-][a-z0-9]+)*",
        "must be lower-case letters and digits joined by '-' or '.', for example 'responding.999-answered'",
    ),
]
GradeId = Annotated[
    str,
    _matching(r"[A-Z]+(?:_[A-Z]+)*", "must be upper-case words joined by '_', for example 'REQUIRES_IMPROVEMENT'"),
]
Years = Annotated[str, _matching(r"\d{4}-\d{4}", "must be two four-digit years, for example '2023-2025'")]
Url = Annotated[str, _matching(r"https?://\S+", "must be a web address starting with https://")]


class _Strict(BaseModel):
    # Files are written by hand: an unknown key is a typo, so reject it rather than silently drop it.
    # Frozen because loaded frameworks are cached and shared across the whole app.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    title: Text
    url: Url


class Standard(_Strict):
    """A measurable yardstick behind a characteristic, for the indicator layer to check against."""

    measure: Text
    unit: Literal["proportion", "ratio", "rate_per_1000", "count", "seconds"]
    better: Literal["higher", "lower"]
    target: StrictFloat | None = None
    time_limit_seconds: StrictInt | None = Field(default=None, gt=0)
    source: Text
    source_url: Url | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _target_is_a_share(self) -> Standard:
        if self.unit == "proportion" and self.target is not None and not 0 <= self.target <= 1:
            raise RuleBroken(("target",), "a proportion target must be between 0 and 1 (write 0.9, not 90)")
        return self


def _placeholders(
    template: str, loc: tuple[str | int, ...], wanted: set[str], example: str, optional: frozenset[str] = frozenset()
) -> None:
    """Refuse a template whose {placeholders} are not exactly `wanted`, plus any of `optional` (a typo would
    print as-is)."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as e:
        raise RuleBroken(loc, f"has unbalanced braces ({e})") from None
    if names - optional != wanted:
        listed = ", ".join("{" + n + "}" for n in sorted(wanted))
        also = f" (and may contain {', '.join('{' + n + '}' for n in sorted(optional))})" if optional else ""
        raise RuleBroken(loc, f"must contain {listed} and no other placeholders{also}, for example {example!r}")


# How a generated sentence refers back to the force ("the constabulary", "the force"): see Framework.
THE_FORCE = frozenset({"the_force"})


class PressPhrases(_Strict):
    """How a press release names an area: '{force} <strength>' and '... must improve how it <improve>'."""

    strength: Text  # "investigates crime well"
    improve: Text  # "investigates crime"


def _check_grade_fields(node: Area | Question) -> None:
    # The phrase is what a grade is pinned to; an ungraded node never gets a grade, so it has none.
    if node.graded and not node.judgment_phrase:
        raise RuleBroken(
            ("judgment_phrase",),
            "a graded node needs a judgment_phrase, the words that complete '<force> is <grade> at ...'",
        )
    if not node.graded and node.judgment_phrase:
        raise RuleBroken(
            ("judgment_phrase",),
            "an ungraded node never receives a grade, so it must not have a judgment_phrase",
        )


class Characteristic(_Strict):
    """One characteristic of good performance. Never graded on its own: the grade belongs to its area."""

    id: NodeId
    title: Text
    text: Text
    graded: StrictBool = False
    standard: Standard | None = None
    notes: Text | None = None

    @property
    def kind(self) -> str:
        return "characteristic"

    @property
    def grade_required(self) -> bool:
        return False

    @model_validator(mode="after")
    def _never_graded(self) -> Characteristic:
        if self.graded:
            raise RuleBroken(
                ("graded",),
                "characteristics are not graded on their own; the grade belongs to the area they describe",
            )
        return self


class Question(_Strict):
    """A numbered question under a pillar (the 2014 to 2018/19 layout)."""

    id: NodeId
    title: Text
    graded: StrictBool
    number: StrictInt | None = Field(default=None, ge=1)
    question: Text | None = None
    judgment_phrase: Text | None = None
    notes: Text | None = None

    @property
    def kind(self) -> str:
        return "question"

    @property
    def grade_required(self) -> bool:
        return self.graded

    @model_validator(mode="after")
    def _grade_fields(self) -> Question:
        _check_grade_fields(self)
        return self


class Area(_Strict):
    """A top-level judged unit: a pillar (up to 2018/19, with questions) or an area (2021 onwards)."""

    id: NodeId
    kind: Literal["pillar", "area"] = "area"
    title: Text
    graded: StrictBool
    # Graded only where a report graded it (2023-25's recording data about crime): a report may leave it out.
    optional: StrictBool = False
    question: Text | None = None
    judgment_phrase: Text | None = None
    notes: Text | None = None
    press: PressPhrases | None = None
    questions: tuple[Question, ...] = ()
    characteristics: tuple[Characteristic, ...] = ()

    @property
    def grade_required(self) -> bool:
        """Every report of the cycle grades it (an optional area is graded only where a report did)."""
        return self.graded and not self.optional

    @model_validator(mode="after")
    def _grade_fields_and_numbers(self) -> Area:
        _check_grade_fields(self)
        if self.optional and not self.graded:
            raise RuleBroken(("optional",), "only a graded area can be optional (graded where a report graded it)")
        if self.press and not self.graded:
            raise RuleBroken(("press",), "an ungraded area is never in a headline, so it has no press phrases")
        seen: set[int] = set()
        for i, q in enumerate(self.questions):
            if q.number is None:
                continue
            if q.number in seen:
                raise RuleBroken(("questions", i, "number"), f"question number {q.number} is used twice")
            seen.add(q.number)
        return self


Node = Area | Question | Characteristic


class ForceWords(Protocol):
    """What a sentence needs of a force (openpeel.forces.Force): how the inspectorate refers back to it."""

    def refer(self) -> str: ...


class Publishing(_Strict):
    """The words of the published report and press release that belong to the framework, not to code."""

    inspectorate: Text  # who speaks in the report and the press release
    report_title: Text  # "{force}: PEEL 2023-25"
    ungraded: Text  # said of an ungraded area in the grade table's text: "{area} is not graded."
    headline_mixed: Text  # "{force} {strength} but must improve how it {improve}"
    headline_even: Text  # every area the same grade: "{force} is {grade} in every area we graded"
    grade_summary: Text  # "... across {count} of policing ..." where count is "eight areas" (or "one area")
    causes_of_concern: Text  # introduces them in the press release: "We have {count} for {force}:"
    notes_to_editors: tuple[Text, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _templates(self) -> Publishing:
        _placeholders(self.report_title, ("report_title",), {"force"}, "{force}: PEEL 2023-25")
        _placeholders(self.ungraded, ("ungraded",), {"area"}, "{area} is not graded.")
        _placeholders(
            self.headline_mixed, ("headline_mixed",), {"force", "strength", "improve"},
            "{force} {strength} but must improve how it {improve}",
        )  # fmt: skip
        _placeholders(self.headline_even, ("headline_even",), {"force", "grade"}, "{force} is {grade} in every area")
        _placeholders(
            self.grade_summary, ("grade_summary",), {"inspectorate", "force_possessive", "count", "grades"},
            "{inspectorate} graded {force_possessive} performance ... found {the_force} was {grades}.", THE_FORCE,
        )  # fmt: skip
        _placeholders(
            self.causes_of_concern, ("causes_of_concern",), {"count", "force"}, "We have {count} for {force}:"
        )
        return self


class GradeDefinition(_Strict):
    """One step of a framework's grade scale, as written in the file."""

    id: GradeId
    label: Text
    order: StrictInt = Field(ge=1)  # 1 = best; only meaningful inside one framework
    meaning: Text
    # Per-grade template, because "requires improvement" does not read as "is requires improvement at".
    sentence: Text
    # A judgment carried forward from an earlier inspection, in the past tense: "In 2017, we judged ...".
    carried_forward_sentence: Text | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _sentence_placeholders(self) -> GradeDefinition:
        _placeholders(self.sentence, ("sentence",), {"force", "phrase"}, "{force} is good at {phrase}.")
        if self.carried_forward_sentence:
            _placeholders(
                self.carried_forward_sentence,
                ("carried_forward_sentence",),
                {"year", "phrase"},
                "In {year}, we judged {the_force} to be good at {phrase}.",
                THE_FORCE,
            )
        return self


@dataclass(frozen=True)
class Grade:
    """A grade as awarded. It carries its framework id so it is never compared across cycles by mistake.

    Ordering operators mean better/worse: GOOD > ADEQUATE. Equality never raises (grades from different
    cycles are simply unequal), so grades can live in sets and dicts.
    """

    framework_id: str
    id: str
    label: str
    order: int  # 1 = best within its framework

    def __str__(self) -> str:
        return self.label

    def _cmp(self, other: object) -> int:
        if not isinstance(other, Grade):
            return NotImplemented  # type: ignore[no-any-return]  # passed on by the comparisons below
        return compare_grades(self, other)

    def __lt__(self, other: object) -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c < 0  # type: ignore[return-value]  # or NotImplemented

    def __le__(self, other: object) -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c <= 0  # type: ignore[return-value]  # or NotImplemented

    def __gt__(self, other: object) -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c > 0  # type: ignore[return-value]  # or NotImplemented

    def __ge__(self, other: object) -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c >= 0  # type: ignore[return-value]  # or NotImplemented


def compare_grades(a: Grade, b: Grade) -> int:
    """1 if `a` is better than `b`, -1 if worse, 0 if the same. Refuses grades from different frameworks."""
    if a.framework_id != b.framework_id:
        raise IncomparableGradesError(
            f"Cannot compare {a.label!r} ({a.framework_id}) with {b.label!r} ({b.framework_id}): the "
            "inspectorate changed the questions, their focus and the grade scale between PEEL cycles, so "
            "grades from different framework versions cannot be compared directly (a fall from good to "
            "adequate does not by itself mean performance fell)."
        )
    return (a.order < b.order) - (a.order > b.order)


def _plural(n: int, words: str) -> str:
    return f"{n} {words}" + ("" if n == 1 else "s")


def _grade_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip()).upper()


class Framework(_Strict):
    """One PEEL framework version: its grade scale and its tree of areas, questions and characteristics."""

    id: NodeId
    family: Annotated[str, _matching(r"[a-z]+", "must be a lower-case word, for example 'peel'")]
    title: Text
    years: Years
    published: date | None = None
    # The cycle the inspectorate inspects against now; exactly one bundled framework is current (loader.py).
    current: StrictBool = False
    # How its reports refer back to a force: by the force's kind ("the constabulary", "the force"), as the
    # reports from 2021 on do, or always "the force", as the 2018/19 pages did (of constabularies too).
    refers_to_force: Literal["by-kind", "the-force"] = "the-force"
    sources: tuple[Source, ...] = Field(min_length=1)
    notes: Text | None = None
    scale: tuple[GradeDefinition, ...]
    areas: tuple[Area, ...] = Field(min_length=1)
    publishing: Publishing | None = None

    # Not in the file: filled from the loader's validation context, or built here.
    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)
    _index: dict[str, tuple[Node, Node | None]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _whole_file_rules(self, info: ValidationInfo) -> Framework:
        self._check_years()
        self._check_scale()
        self._check_kinds()
        self._check_publishing()
        self._build_index()
        context = info.context or {}
        self._path, self._sha256 = context.get("path"), context.get("sha256")
        return self

    def _check_years(self) -> None:
        if self.start_year > self.end_year:
            raise RuleBroken(("years",), "the first year must not be after the second")

    def _check_scale(self) -> None:
        if not self.scale:
            raise RuleBroken(("scale",), "the grade scale is empty; a framework needs at least one grade")
        ids: set[str] = set()
        labels: set[str] = set()
        for i, g in enumerate(self.scale):
            if g.id in ids:
                raise RuleBroken(("scale", i, "id"), f"grade id {g.id!r} is used twice")
            if g.label.lower() in labels:
                raise RuleBroken(("scale", i, "label"), f"grade label {g.label!r} is used twice")
            ids.add(g.id)
            labels.add(g.label.lower())
        orders = sorted(g.order for g in self.scale)
        if orders != list(range(1, len(self.scale) + 1)):
            raise RuleBroken(("scale",), f"grade orders must run 1, 2, 3 ... with 1 the best; found {orders}")

    def _check_kinds(self) -> None:
        # One layout per file keeps "areas" meaning one thing when counting and displaying.
        first = self.areas[0].kind
        for i, area in enumerate(self.areas):
            if area.kind != first:
                raise RuleBroken(
                    ("areas", i, "kind"),
                    f"is {area.kind!r} but areas[0] is {first!r}; a framework uses either pillars or areas, not both",
                )

    def _check_publishing(self) -> None:
        # A press release names every graded area it might headline, so each needs its phrases.
        if self.publishing is None:
            return
        for i, area in enumerate(self.areas):
            if area.graded and area.press is None:
                raise RuleBroken(("areas", i, "press"), "a framework with a publishing block needs press phrases "
                                 "(strength, improve) for every graded area")  # fmt: skip
        for i, g in enumerate(self.scale):
            if g.carried_forward_sentence is None:
                raise RuleBroken(("scale", i, "carried_forward_sentence"), "a framework with a publishing block "
                                 "needs the past-tense sentence for a judgment carried forward")  # fmt: skip

    def _build_index(self) -> None:
        where: dict[str, tuple[str | int, ...]] = {}

        def add(node: Node, parent: Node | None, loc: tuple[str | int, ...]) -> None:
            if node.id in where:
                raise RuleBroken(
                    loc + ("id",),
                    f"id {node.id!r} is used twice in this file (first at {format_loc(where[node.id])})",
                )
            where[node.id] = loc
            self._index[node.id] = (node, parent)

        for i, area in enumerate(self.areas):
            add(area, None, ("areas", i))
            for j, q in enumerate(area.questions):
                add(q, area, ("areas", i, "questions", j))
            for j, c in enumerate(area.characteristics):
                add(c, area, ("areas", i, "characteristics", j))

    # --- facts about the file ---------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def sha256(self) -> str | None:
        """Hex sha256 of the file's bytes, so an assessment can record exactly which text it used."""
        return self._sha256

    @property
    def start_year(self) -> int:
        return int(self.years[:4])

    @property
    def end_year(self) -> int:
        return int(self.years[5:])

    # --- grades -----------------------------------------------------------------------------------

    def grades(self) -> tuple[Grade, ...]:
        """The scale as Grade values, best first."""
        return tuple(self._as_grade(d) for d in sorted(self.scale, key=lambda d: d.order))

    def grade(self, id_or_label: str | Grade) -> Grade:
        """Look a grade up by id ('REQUIRES_IMPROVEMENT') or label ('requires improvement'), any case."""
        if isinstance(id_or_label, Grade):
            if id_or_label.framework_id != self.id:
                raise IncomparableGradesError(
                    f"The grade {id_or_label.label!r} belongs to {id_or_label.framework_id}, not {self.id}; "
                    "grade scales differ between PEEL cycles."
                )
            id_or_label = id_or_label.id
        key = _grade_key(id_or_label)
        for d in self.scale:
            if key in (d.id, _grade_key(d.label)):
                return self._as_grade(d)
        raise FrameworkLookupError(
            f"{self.id} has no grade {id_or_label!r}; its grades are: "
            + ", ".join(g.label for g in self.grades())
            + "."
        )

    def grade_definition(self, id_or_label: str | Grade) -> GradeDefinition:
        grade_id = self.grade(id_or_label).id
        return next(d for d in self.scale if d.id == grade_id)

    def _as_grade(self, d: GradeDefinition) -> Grade:
        return Grade(framework_id=self.id, id=d.id, label=d.label, order=d.order)

    # --- the tree ---------------------------------------------------------------------------------

    def walk(self) -> Iterator[tuple[Node, Node | None]]:
        """Every node with its parent (None for top-level areas), in file order."""
        return iter(self._index.values())

    def node(self, node_id: str) -> Node:
        try:
            return self._index[node_id][0]
        except KeyError:
            close = difflib.get_close_matches(node_id, self._index, n=3)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise FrameworkLookupError(f"{self.id} has no node {node_id!r}.{hint}") from None

    def parent(self, node_id: str) -> Node | None:
        self.node(node_id)  # same error for an unknown id
        return self._index[node_id][1]

    def graded_areas(self) -> tuple[Area, ...]:
        """Top-level units that every report grades (pillars up to 2018/19, areas from 2021)."""
        return tuple(a for a in self.areas if a.grade_required)

    def optional_areas(self) -> tuple[Area, ...]:
        """Areas graded only where a report graded them (2023-25: recording data about crime)."""
        return tuple(a for a in self.areas if a.optional)

    def ungraded_areas(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if not a.graded)

    def counts(self) -> dict[str, tuple[int, int]]:
        """(graded, ungraded) per kind of judged node: {'area': (8, 1)}, or pillars and questions."""
        counts: dict[str, list[int]] = {}
        for node, _ in self.walk():
            if node.kind != "characteristic" and not getattr(node, "optional", False):
                counts.setdefault(node.kind, [0, 0])[0 if node.graded else 1] += 1
        return {kind: (g, u) for kind, (g, u) in counts.items()}

    def summary(self) -> str:
        """'8 graded areas, 1 ungraded area' (what a reader needs to know before reading any grade)."""
        parts = []
        for kind, (graded, ungraded) in self.counts().items():
            part = _plural(graded, f"graded {kind}")
            if ungraded:
                part += ", " + _plural(ungraded, f"ungraded {kind}")
            parts.append(part)
        optional = self.optional_areas()
        if optional:
            titles = ", ".join(a.title.lower() for a in optional)
            parts.append(_plural(len(optional), "area") + f" graded only where a report graded it ({titles})")
        return "; ".join(parts)

    def judgment_sentence(self, node_id: str, force_name: str, grade: str | Grade) -> str:
        """'Cambridgeshire Constabulary is good at reducing crime and keeping people safe.'"""
        node = self.node(node_id)
        if not node.graded:
            raise FrameworkLookupError(
                f"{node.title!r} ({node_id}) is not graded in {self.id}, so it has no judgment sentence."
            )
        template = self.grade_definition(grade).sentence
        return template.format(force=force_name.strip(), phrase=node.judgment_phrase)  # type: ignore[union-attr]  # graded: not a characteristic

    def carried_forward_sentence(
        self, node_id: str, year: int, grade: Grade, awarded_under: Framework, force: ForceWords | None = None
    ) -> str:
        """'In 2017, we judged the force to be good at tackling serious and organised crime.' The phrase is
        this framework's; the grade's words come from the scale it was awarded on (`awarded_under`, the
        framework version grade.framework_id names); the force is referred to as this framework's reports
        refer to it (`the_force`)."""
        if awarded_under.id != grade.framework_id:
            raise FrameworkLookupError(f"{grade} was awarded under {grade.framework_id}, not {awarded_under.id}.")
        node = self.node(node_id)
        template = awarded_under.grade_definition(grade).carried_forward_sentence
        if not node.graded or template is None:
            raise FrameworkLookupError(f"{self.id} has no carried-forward sentence for {node_id!r} at {grade}.")
        phrase = node.judgment_phrase  # type: ignore[union-attr]  # a graded node is an area or a question
        return template.format(year=year, phrase=phrase, the_force=self.the_force(force))

    def the_force(self, force: ForceWords | None = None) -> str:
        """How this framework's reports refer back to the force: 'the constabulary' of Cambridgeshire from
        2021 on, 'the force' of every force in 2018/19 (and when no force is given)."""
        if force is None or self.refers_to_force == "the-force":
            return "the force"
        return force.refer()

    def should(self, force: ForceWords | None = None) -> str:
        """How an area for improvement opens in this framework's reports: 'The constabulary should'."""
        words = self.the_force(force)
        return f"{words[0].upper()}{words[1:]} should"
