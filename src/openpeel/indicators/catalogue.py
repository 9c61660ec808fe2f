"""The indicator catalogue: a typed loader for catalogue.yaml."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from openpeel.errors import DataFileError, OpenPeelError

CATALOGUE = files("openpeel.indicators").joinpath("catalogue.yaml")


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    areas: list[str]
    definition: str
    numerator: str
    denominator: str
    kind: Literal["rate", "proportion"]
    per: int = 1
    unit: str
    better: Literal["higher", "lower", "neither"]
    sources: list[str]
    caveats: list[str] = []
    query: str


class UnknownIndicatorError(OpenPeelError):
    code = "unknown_indicator"


@cache
def catalogue() -> dict[str, Indicator]:
    raw = yaml.safe_load(CATALOGUE.read_text())
    out = {}
    for i, entry in enumerate(raw):
        try:
            ind = Indicator.model_validate(entry)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in (i, *first["loc"]))
            raise DataFileError(CATALOGUE, first["msg"], field=where) from None
        if ind.id in out:
            raise DataFileError(CATALOGUE, "indicator ids must be unique", field=f"{i}.id", value=ind.id)
        out[ind.id] = ind
    return out


def get_indicator(indicator_id: str) -> Indicator:
    try:
        return catalogue()[indicator_id]
    except KeyError:
        raise UnknownIndicatorError(
            f"No indicator {indicator_id!r}; the catalogue has: {', '.join(catalogue())}"
        ) from None
