"""The layers of docs/design.md hold: each part imports only what is below it, and nothing imports in a circle.

Every import counts, at the top of a module or inside a function: an import hidden in a function to dodge a
cycle is still a cycle. The last tests plant a forbidden import and a cycle in a copy of the tree, to show
that these checks fail when the rule is broken.
"""

from __future__ import annotations

import ast
import graphlib
import shutil
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"
ANALYTICS = [
    "frameworks",
    "forces",
    "ingest",
    "warehouse",
    "indicators",
    "stopsearch",
    "casefiles",
    "synth",
    "record",
    "fetch",
]
WORKFLOW = ["inspections", "monitoring", "publishing"]

Graph = dict[str, dict[str, int]]  # module -> {module it imports: line}


def import_graph(src: Path = SRC) -> Graph:
    """Each openpeel module and the openpeel modules it imports (a name imported from a package counts as its
    submodule when there is one), with the line of the first such import."""
    paths = {}
    for path in (src / "openpeel").rglob("*.py"):
        parts = path.relative_to(src).with_suffix("").parts
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def known(name: str) -> str | None:
        while name and name not in paths:
            name = name.rpartition(".")[0]
        return name or None

    graph: Graph = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [known(a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [known(f"{base}.{a.name}") or known(base) for a in node.names]
            else:
                continue
            for target in targets:
                if target and target != module:
                    edges.setdefault(target, node.lineno)
        graph[module] = edges
    return graph


def part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def external_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def forbidden_imports(graph: Graph) -> list[str]:
    """Every import that crosses a layer the wrong way, as 'module:line imports target (why)'."""
    broken = []
    for module, edges in graph.items():
        for target, line in edges.items():
            why = None
            if part(module) in WORKFLOW and part(target) == "web":
                why = "the workflow parts never import the web layer"
            elif part(module) == "warehouse" and part(target) in ("ingest", "indicators"):
                why = "the warehouse is below ingest and indicators"
            elif part(module) in ANALYTICS and part(target) in ("web", *WORKFLOW, "demo", "cli"):
                why = "the analytics side never imports the Django side, the demo or the command line"
            elif part(target) == "cli" and part(module) != "cli":
                why = "only the command line imports the command line"
            elif part(target) == "demo" and part(module) not in ("demo", "cli"):
                why = "the demo is built on the product, never the other way round"
            if why:
                broken.append(f"{module}:{line} imports {target} ({why})")
    return broken


def import_cycle(graph: Graph) -> list[str] | None:
    """One cycle of imports (a list of modules, the first repeated at the end), or None."""
    try:
        graphlib.TopologicalSorter({m: set(e) for m, e in graph.items()}).prepare()
    except graphlib.CycleError as e:
        return e.args[1]
    return None


def test_no_layer_is_crossed_the_wrong_way():
    assert forbidden_imports(import_graph()) == []


def test_nothing_imports_in_a_circle():
    assert import_cycle(import_graph()) is None


@pytest.mark.parametrize("name", ANALYTICS)
def test_analytics_code_does_not_import_django(name):
    for path in (SRC / "openpeel" / name).rglob("*.py"):
        bad = {m for m in external_imports(path) if m.split(".")[0] == "django"}
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


@pytest.fixture
def tree(tmp_path) -> Path:
    shutil.copytree(SRC / "openpeel", tmp_path / "openpeel", ignore=shutil.ignore_patterns("__pycache__", "data"))
    return tmp_path


def plant(tree: Path, module: str, line: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n\ndef planted():\n    {line}\n")


def test_a_forbidden_import_planted_inside_a_function_is_found(tree):
    assert forbidden_imports(import_graph(tree)) == []
    plant(tree, "openpeel.publishing.report", "from openpeel.web.forces.views import home")
    plant(tree, "openpeel.warehouse.store", "from openpeel.indicators import catalogue")
    found = forbidden_imports(import_graph(tree))
    assert len(found) == 2
    assert any(f.startswith("openpeel.publishing.report:") and "openpeel.web.forces.views" in f for f in found)
    assert any(f.startswith("openpeel.warehouse.store:") and "openpeel.indicators.catalogue" in f for f in found)


def test_a_cycle_planted_inside_a_function_is_found(tree):
    assert import_cycle(import_graph(tree)) is None
    plant(tree, "openpeel.frameworks.model", "from openpeel.frameworks.loader import load_framework")
    cycle = import_cycle(import_graph(tree))
    assert cycle is not None and set(cycle) == {"openpeel.frameworks.model", "openpeel.frameworks.loader"}
