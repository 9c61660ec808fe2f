"""Load the force registry (data/forces.yaml) and look forces up by any of their names.

Every source names forces its own way ("Avon & Somerset", "London, City of", "Devon & Cornwall Police",
"E23000023", the police.uk slug), so look-ups go through one normalised alias index and every alias
must belong to exactly one force.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import ValidationError

from openpeel.errors import DataFileError, UnknownForceError
from openpeel.forces.model import Force, RegistryFile

REGISTRY_PATH = Path(__file__).parent / "data" / "forces.yaml"
TERRITORIAL_FORCES = 43  # the territorial forces of England and Wales; PEEL inspects all of them

# libyaml's loader when the wheel has it: about ten times faster, and the registry is read at start-up.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DESIGNATION_WORDS = {"police", "constabulary", "service", "force"}


def normalise(name: str) -> str:
    """Lower case, "&" read as "and", punctuation and repeated spaces dropped."""
    return " ".join(_NON_ALNUM.sub(" ", name.lower().replace("&", " and ")).split())


def _core(key: str) -> str:
    return " ".join(w for w in key.split() if w not in _DESIGNATION_WORDS)


class Registry:
    """The forces of one registry file, in file order, with an index from normalised alias to force."""

    def __init__(self, forces: Iterable[Force], path: Path):
        self.path = path
        self.forces: tuple[Force, ...] = tuple(forces)
        self._index: dict[str, Force] = {}
        self._build_index()

    def _build_index(self) -> None:
        """Index every alias; refuse duplicate ids, codes and names, and any count but 43 territorial."""
        seen_codes: dict[str, str] = {}
        seen_ids: dict[str, int] = {}
        for i, force in enumerate(self.forces):
            if force.id in seen_ids:
                raise DataFileError(
                    self.path,
                    f"duplicate id (also forces[{seen_ids[force.id]}])",
                    field=f"forces[{i}].id",
                    value=force.id,
                )
            seen_ids[force.id] = i
            if force.pfa_code in seen_codes:
                raise DataFileError(
                    self.path,
                    f"pfa_code already used by {seen_codes[force.pfa_code]!r}",
                    field=f"forces[{i}].pfa_code",
                    value=force.pfa_code,
                )
            if force.pfa_code:
                seen_codes[force.pfa_code] = force.id
            for alias in force.aliases:
                key = normalise(alias)
                other = self._index.setdefault(key, force)
                if other is not force:
                    raise DataFileError(
                        self.path,
                        f"name already used by {other.id!r} (names are compared "
                        "ignoring case, punctuation and '&' vs 'and')",
                        field=f"forces[{i}] ({force.id})",
                        value=alias,
                    )
        territorial = sum(f.territorial for f in self.forces)
        if territorial != TERRITORIAL_FORCES:
            raise DataFileError(
                self.path,
                f"expected exactly {TERRITORIAL_FORCES} territorial forces, found {territorial}",
                field="forces",
            )

    def get(self, name: str) -> Force:
        force = self._index.get(normalise(name))
        if force is None:
            raise UnknownForceError(name, self.suggest(name))
        return force

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Up to n official names of forces whose names are close to `name`, best first.

        Designation words are left out when comparing, or "Hampshire Police" would look most like
        "Northamptonshire Police"; a word-prefix match ("Met", "Devon") counts as close.
        """
        query = _core(normalise(name))
        if not query:
            return []
        best: dict[str, float] = {}  # force name -> best score over its aliases
        for key, force in self._index.items():
            core = _core(key)
            score = difflib.SequenceMatcher(None, query, core).ratio()
            if core.startswith(query) or f" {query}" in core:
                score = max(score, 0.9)
            best[force.name] = max(score, best.get(force.name, 0.0))
        ranked = sorted(best.items(), key=lambda item: -item[1])  # stable: ties keep registry order
        top = ranked[0][1]
        # Only names nearly as close as the best one: a clear typo gets one suggestion, not three.
        return [official for official, score in ranked[:n] if score >= max(0.6, top - 0.15)]

    def all(self, territorial_only: bool = False) -> list[Force]:
        return [f for f in self.forces if f.territorial or not territorial_only]


def load_registry(path: Path | str = REGISTRY_PATH) -> Registry:
    """Read and validate a registry file. Any problem is a DataFileError naming the file and field."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise DataFileError.from_yaml(path, e) from None
    try:
        parsed = RegistryFile.model_validate(raw)
    except ValidationError as e:
        raise _as_data_file_error(path, raw, e) from None
    return Registry(parsed.forces, path)


def _as_data_file_error(path: Path, raw: object, error: ValidationError) -> DataFileError:
    """The first pydantic error as one readable line: file, field path, problem (no pydantic dump)."""
    errors = error.errors()
    first = errors[0]
    loc = first["loc"]
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    problem = first["msg"].removeprefix("Value error, ")
    # Name the force too: "forces[17]" alone sends the reader counting list items.
    if len(loc) >= 2 and loc[0] == "forces" and isinstance(loc[1], int) and isinstance(raw, dict):
        items = raw.get("forces")
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            force_id = items[loc[1]].get("id")
            if force_id:
                problem += f" (force {force_id!r})"
    if len(errors) > 1:
        problem += f"; and {len(errors) - 1} more problem(s)"
    value = first.get("input")
    if not isinstance(value, str | int | float | bool) or first["type"] == "missing":
        value = None
    return DataFileError(path, problem, field=field or None, value=value)


@functools.cache
def default_registry() -> Registry:
    """The bundled registry, read once per process."""
    return load_registry()


def get_force(name: str) -> Force:
    """A force by id, name, short name, ONS name, PFA code, Home Office name or police.uk name."""
    return default_registry().get(name)


def all_forces(territorial_only: bool = False) -> list[Force]:
    """All forces in registry order; with territorial_only, the 43 (British Transport Police left out)."""
    return default_registry().all(territorial_only)
