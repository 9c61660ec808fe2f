"""Older wording mapped to current wording (vocabulary.yaml), as SQL. The original text is kept too."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import cast

import yaml

from openpeel.warehouse.sql import ident, literal


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    return cast(
        dict[str, dict[str, str]], yaml.safe_load(files("openpeel.ingest").joinpath("vocabulary.yaml").read_text())
    )


def normalised(raw_column: str, vocabulary_name: str, column: str) -> str:
    """SQL giving the current wording for an older label, and any other label unchanged."""
    cases = " ".join(f"WHEN {literal(old)} THEN {literal(new)}" for old, new in vocabulary()[vocabulary_name].items())
    return f"CASE {ident(raw_column)} {cases} ELSE {ident(raw_column)} END AS {ident(column)}"
