"""What every ingest source declares: its Table Schema, its warehouse table, its own extra rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from openpeel.ingest.schema import Check, TableSchema, load_schema


@dataclass(frozen=True)
class FileContext:
    """What is known about a file before reading it (from its name or the command line)."""

    force_id: str | None = None  # None when the rows name their force themselves
    month: str | None = None  # YYYY-MM
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    name: str
    table: str
    schema_path: Path
    # keep: identical rows are real (police.uk outcomes are per suspect; two ASB reports can match).
    # halve_if_doubled: when every distinct row appears an even number of times, the file was
    # published twice over; one copy of each pair is set aside (kept in set_aside, not dropped).
    repeats: Literal["keep", "halve_if_doubled"] = "keep"
    derived: Callable[[FileContext], list[str]] = lambda ctx: []  # extra SQL "expr AS column"
    extra_checks: Callable[[FileContext], list[Check]] = lambda ctx: []

    @property
    def schema(self) -> TableSchema:
        return _schema(self.schema_path)

    def checks(self, ctx: FileContext) -> list[Check]:
        return self.schema.checks() + self.extra_checks(ctx)


@cache
def _schema(path: Path) -> TableSchema:
    return load_schema(path)
