"""The analytics side never imports Django (docs/design.md): each side is testable alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "openpeel"
ANALYTICS = ["frameworks", "forces", "ingest", "warehouse", "indicators", "stopsearch", "casefiles", "record"]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", ANALYTICS)
def test_analytics_code_does_not_import_django_or_the_web(part):
    for path in (SRC / part).rglob("*.py"):
        bad = {m for m in imported_modules(path) if m.split(".")[0] == "django" or m.startswith("openpeel.web")}
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"
