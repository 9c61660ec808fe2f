"""Load framework files: read, hash, parse, validate whole, and explain any problem in plain words.

A bad file must stop with one line naming the file, the field and what is wrong (DataFileError), never a
pydantic dump or a traceback: the people fixing these files edit YAML, not Python.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import typing
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from openpeel.errors import DataFileError, UnknownFrameworkError
from openpeel.frameworks.model import Framework, RuleBroken, format_loc

DATA_DIR = Path(__file__).parent / "data"


def known_framework_ids() -> tuple[str, ...]:
    """Ids of the bundled frameworks (a bundled file's name is its id)."""
    return tuple(sorted(p.stem for p in DATA_DIR.glob("*.yaml")))


@functools.cache
def load_framework(framework_id: str) -> Framework:
    """The bundled framework with this id. Cached: the files ship with the code and do not change."""
    known = known_framework_ids()
    # Checking against the listing (not building a path from the id) keeps ids like '../x' out.
    if framework_id not in known:
        close = difflib.get_close_matches(framework_id, known, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UnknownFrameworkError(
            f"No PEEL framework has the id {framework_id!r}.{hint} Known ids: {', '.join(known)}."
        )
    return load_framework_file(DATA_DIR / f"{framework_id}.yaml")


def all_frameworks() -> list[Framework]:
    """Every bundled framework, oldest cycle first."""
    frameworks = [load_framework(i) for i in known_framework_ids()]
    the_current(frameworks)
    return sorted(frameworks, key=lambda f: (f.start_year, f.end_year, f.id))


def current_framework() -> Framework:
    """The cycle the inspectorate inspects against now (the one bundled file marked `current: true`)."""
    return the_current([load_framework(i) for i in known_framework_ids()])


def the_current(frameworks: list[Framework]) -> Framework:
    """The one framework marked current among these; anything but exactly one is a data error."""
    marked = [f for f in frameworks if f.current]
    if len(marked) != 1:
        where = marked[1].path if len(marked) > 1 else DATA_DIR
        found = ", ".join(f.id for f in marked) or "none"
        raise DataFileError(
            where, f"exactly one framework must be marked 'current: true'; found {found}", field="current"
        )
    return marked[0]


def newest_first(frameworks: list[Framework]) -> list[Framework]:
    """The current cycle first, then the rest newest first: the order a new inspection is offered them in."""
    return sorted(frameworks, key=lambda f: (not f.current, -f.start_year, -f.end_year, f.id))


def load_framework_file(path: str | Path) -> Framework:
    """Load and validate any framework file (not cached: tests and authors load files they just wrote)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except OSError as e:
        raise DataFileError(path, f"cannot be read ({e.strerror or e})") from None
    data = _parse_yaml(path, raw)
    try:
        framework = Framework.model_validate(data, context={"path": path, "sha256": hashlib.sha256(raw).hexdigest()})
    except ValidationError as e:
        raise _plain_error(path, e) from None
    if framework.id != path.stem:
        raise DataFileError(
            path,
            f"the file declares id {framework.id!r} but is named {path.name!r}; "
            "a framework's id must match its file name",
            field="id",
        )
    return framework


# --- YAML -------------------------------------------------------------------------------------------


class _NoDuplicateKeysLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice: PyYAML would silently keep the last one, hiding typos."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable):
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice in the same mapping", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _parse_yaml(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        # A SafeLoader subclass: plain data only, no arbitrary Python objects.
        data = yaml.load(raw, Loader=_NoDuplicateKeysLoader)
    except yaml.YAMLError as e:
        raise DataFileError.from_yaml(path, e) from None
    if data is None:
        raise DataFileError(path, "is empty; expected the framework's fields (id, title, years, scale, areas)")
    if not isinstance(data, dict):
        raise DataFileError(
            path,
            "must be a YAML mapping of the framework's fields "
            f"(id, title, years, scale, areas), not a {type(data).__name__}",
        )
    return data


# --- validation errors in plain words ----------------------------------------------------------------

_PLAIN = {
    "missing": "is required but missing",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "string_type": "must be text",
    "string_too_short": "must not be empty",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "model_type": "must be a mapping of fields (key: value lines)",
    "model_attributes_type": "must be a mapping of fields (key: value lines)",
    "dict_type": "must be a mapping of fields (key: value lines)",
    "date_type": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
}

_SCALAR = (str, int, float, bool)


def _plain_error(path: Path, exc: ValidationError) -> DataFileError:
    problems = [_describe(err) for err in exc.errors(include_url=False)]
    field, problem, value = problems[0]
    if len(problems) > 1:
        shown = "; ".join(f"{f or 'file'}: {p}" for f, p, _ in problems[1:4])
        left = len(problems) - 4
        problem += f". Also: {shown}" + (f"; and {left} more" if left > 0 else "") + "."
    return DataFileError(path, problem, field=field or None, value=value)


def _describe(err: ErrorDetails) -> tuple[str, str, object]:
    """(field path, problem in plain words, offending value or None) for one pydantic error."""
    loc, kind, ctx = tuple(err["loc"]), err["type"], err.get("ctx") or {}
    if kind == "value_error":
        cause = ctx.get("error")
        if isinstance(cause, RuleBroken):
            return format_loc(loc + cause.loc), str(cause), None
        return format_loc(loc), str(cause), _scalar(err.get("input"))
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return format_loc(loc), f"is not a field this file format knows{hint}", None
    if kind == "missing":
        return format_loc(loc), _PLAIN[kind], None
    if kind in _PLAIN:
        problem = _PLAIN[kind]
    elif kind == "literal_error":
        problem = f"must be one of {ctx.get('expected')}"
    elif kind == "too_short":
        problem = f"must have at least {ctx.get('min_length')} item(s)"
    elif kind in ("greater_than_equal", "greater_than"):
        problem = (
            f"must be {'at least' if kind == 'greater_than_equal' else 'more than'} {ctx.get('ge', ctx.get('gt'))}"
        )
    else:  # fall back on pydantic's own sentence, reworded to match ours
        problem = err["msg"].replace("Input should be", "must be")
    return format_loc(loc), problem, _scalar(err.get("input"))


def _scalar(value: object) -> object:
    return value if isinstance(value, _SCALAR) else None


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """Field names of the model found at `loc` (for 'allowed here: ...'), or [] if it can't be told."""
    model: type[BaseModel] | None = Framework
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    # Unwraps tuple[X, ...] and X | None down to the pydantic model inside, if there is one.
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None
