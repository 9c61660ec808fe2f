"""Read calibration.yaml (parameters with sources) and calibration_derived.yaml (figures from real data)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from openpeel.errors import DataFileError
from openpeel.forces import all_forces

HERE = Path(__file__).parent
PARAMETERS = HERE / "calibration.yaml"
DERIVED = HERE / "calibration_derived.yaml"


@dataclass(frozen=True)
class Parameter:
    key: str  # dotted: "contact.abandon_999"
    value: object
    source: str


@dataclass(frozen=True, eq=False)  # hashed by identity: profiles are cached per calibration
class Calibration:
    parameters: dict[str, Parameter]
    derived: dict[str, Any]

    def __getitem__(self, key: str) -> Any:  # a number, a list or a table, as the YAML says
        try:
            return self.parameters[key].value
        except KeyError:
            raise DataFileError(PARAMETERS, "parameter missing", field=key) from None

    def force(self, force_id: str) -> dict[str, Any]:
        """Derived figures for one territorial force: crimes_per_1000, officers_per_1000, rural_share, ..."""
        try:
            return cast(dict[str, Any], self.derived["forces"][force_id])
        except KeyError:
            raise DataFileError(DERIVED, "no derived figures for this force", field=force_id) from None

    @functools.cached_property
    def national_crimes_per_1000(self) -> float:
        """Population-weighted over the 43 territorial forces: the baseline for each force's demand."""
        forces = all_forces(territorial_only=True)
        people = sum(f.population.value for f in forces)  # type: ignore[union-attr,misc]  # territorial: has one
        return sum(self.force(f.id)["crimes_per_1000"] * f.population.value for f in forces) / people  # type: ignore[union-attr]  # territorial: has one


def _leaves(node: dict[str, Any], prefix: str = "") -> Iterator[Parameter]:
    for name, child in node.items():
        key = f"{prefix}{name}"
        if isinstance(child, dict) and set(child) == {"value", "source"}:
            if not isinstance(child["source"], str) or not child["source"].strip():
                raise DataFileError(PARAMETERS, "every parameter needs a source", field=key)
            yield Parameter(key, child["value"], child["source"])
        elif isinstance(child, dict):
            yield from _leaves(child, key + ".")
        else:
            raise DataFileError(PARAMETERS, "expected {value, source} or a group of parameters", field=key)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise DataFileError(path, f"not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise DataFileError(path, "expected a mapping at the top level")
    return data


@functools.cache
def load_calibration() -> Calibration:
    parameters = {p.key: p for p in _leaves(_read(PARAMETERS))}
    return Calibration(parameters, _read(DERIVED))
