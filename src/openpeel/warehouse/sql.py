"""Quoting for SQL written by hand, and the cell starts a spreadsheet would run as a formula."""

from __future__ import annotations

# A CSV opened in a spreadsheet runs a text cell starting with one of these as a formula: exports defuse them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    """A SQL identifier (a table or column name)."""
    return '"' + name.replace('"', '""') + '"'
