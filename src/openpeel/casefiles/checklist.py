"""The case file review checklist and the outcome strata: data files with typed loaders.

checklist.yaml says what an inspector asks of each sampled investigation (questions answered yes, no or
not applicable, each informing an area and a characteristic of good performance) and which populations can
be sampled (themes). outcome_groups.yaml puts the Home Office outcome types into the groups a sample is
stratified by.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openpeel.errors import DataFileError, OpenPeelError
from openpeel.frameworks import Framework, load_framework

DATA = Path(__file__).parent / "data"
CHECKLIST_FILE = DATA / "checklist.yaml"
OUTCOME_GROUPS_FILE = DATA / "outcome_groups.yaml"
Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")

Answer = Literal["yes", "no", "na"]
ANSWERS: dict[str, str] = {"yes": "Yes", "no": "No", "na": "Not applicable"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Where(_Strict):
    """Which investigations a theme covers (every one when empty)."""

    domestic_abuse: bool | None = None


class Theme(_Strict):
    id: str = Slug
    title: str = Field(min_length=1)
    description: str = ""
    area: str  # the area a review in this theme is filed under
    where: Where = Where()


class Question(_Strict):
    id: str = Slug
    text: str = Field(min_length=1)
    area: str
    characteristic: str
    themes: tuple[str, ...] = ()  # empty: asked in every theme

    def asked_in(self, theme_id: str) -> bool:
        return not self.themes or theme_id in self.themes


class Checklist(_Strict):
    framework: str
    themes: tuple[Theme, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        for kind, ids in (("theme", [t.id for t in self.themes]), ("question", [q.id for q in self.questions])):
            twice = [i for i, n in Counter(ids).items() if n > 1]
            if twice:
                raise ValueError(f"{kind} id(s) used twice: {', '.join(twice)}")
        themes = {t.id for t in self.themes}
        framework = load_framework(self.framework)
        for q in self.questions:
            unknown = sorted(set(q.themes) - themes)
            if unknown:
                raise ValueError(f"question {q.id!r} names unknown theme(s) {', '.join(unknown)}")
            _check_node(framework, q.area, "area", f"question {q.id!r}")
            _check_node(framework, q.characteristic, "characteristic", f"question {q.id!r}")
            if framework.parent(q.characteristic).id != q.area:  # type: ignore[union-attr]  # checked just above
                raise ValueError(f"question {q.id!r}: {q.characteristic} is not a characteristic of {q.area}")
        for t in self.themes:
            _check_node(framework, t.area, "area", f"theme {t.id!r}")
        return self

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise UnknownThemeError(f"No case file theme {theme_id!r}; the checklist has: {', '.join(self.theme_ids)}.")

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def questions_for(self, theme_id: str) -> list[Question]:
        self.theme(theme_id)
        return [q for q in self.questions if q.asked_in(theme_id)]


def _check_node(framework: Framework, node_id: str, kind: str, where: str) -> None:
    try:
        node = framework.node(node_id)
    except OpenPeelError as e:
        raise ValueError(f"{where}: {e}") from None
    if node.kind != kind:
        raise ValueError(f"{where}: {node_id} is a {node.kind} of {framework.id}, not a {kind}")


class UnknownThemeError(OpenPeelError):
    code = "unknown_case_file_theme"


class OutcomeGroup(_Strict):
    id: str = Slug
    title: str = Field(min_length=1)
    outcome_types: tuple[int, ...] = Field(min_length=1)


class OpenGroup(_Strict):
    title: str = Field(min_length=1)


class OutcomeGroups(_Strict):
    open: OpenGroup
    groups: tuple[OutcomeGroup, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_type_once(self) -> OutcomeGroups:
        seen = Counter(t for g in self.groups for t in g.outcome_types)
        twice = sorted(t for t, n in seen.items() if n > 1)
        missing = sorted(set(range(1, 23)) - set(seen))
        extra = sorted(set(seen) - set(range(1, 23)))
        if twice or missing or extra:
            raise ValueError(
                "every Home Office outcome type 1-22 must be in exactly one group "
                f"(twice: {twice or 'none'}; missing: {missing or 'none'}; not an outcome type: {extra or 'none'})"
            )
        if "open" in {g.id for g in self.groups}:
            raise ValueError("'open' is reserved for investigations with no outcome yet")
        return self

    def id_of(self, outcome_type: int | None) -> str:
        if outcome_type is None:
            return "open"
        return next(g.id for g in self.groups if outcome_type in g.outcome_types)

    def titles(self) -> dict[str, str]:
        return {"open": self.open.title, **{g.id: g.title for g in self.groups}}


M = TypeVar("M", bound=BaseModel)


def _load(path: Path, model: type[M]) -> M:
    try:
        data = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as e:
        raise DataFileError(path, f"cannot be read as YAML ({e})") from None
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        raise DataFileError(path, err["msg"].removeprefix("Value error, "), field=field) from None


def load_checklist(path: str | Path = CHECKLIST_FILE) -> Checklist:
    return _load(Path(path), Checklist)


def load_outcome_groups(path: str | Path = OUTCOME_GROUPS_FILE) -> OutcomeGroups:
    return _load(Path(path), OutcomeGroups)


@functools.cache
def checklist() -> Checklist:
    """The bundled checklist (cached: the file ships with the code)."""
    return load_checklist()


@functools.cache
def outcome_groups() -> OutcomeGroups:
    return load_outcome_groups()
