"""`openpeel frameworks`: read the bundled PEEL framework files from the command line.

Errors (an unknown id, a malformed file) are raised as OpenPeelError and turned into one line and exit
status 1 by openpeel.cli.main, so nothing here catches them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from openpeel.cli.console import console as make_console

if TYPE_CHECKING:
    from openpeel.frameworks import Framework, Node, Standard

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(
    help="The PEEL inspection frameworks: one versioned data file per inspection cycle, with its grade "
    "scale, areas, questions and characteristics of good performance.",
    no_args_is_help=True,
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _count_column(framework: Framework, graded: bool) -> str:
    picked = {kind: (g if graded else u) for kind, (g, u) in framework.counts().items()}
    text = ", ".join(_plural(n, kind) for kind, n in picked.items() if n) or "none"
    optional = len(framework.optional_areas())
    return text + (f" (+{optional} where a report graded it)" if graded and optional else "")


@app.command("list")
def list_frameworks() -> None:
    """List the bundled frameworks, oldest cycle first, with how many areas each grades and leaves ungraded.

    Grades from different frameworks cannot be compared: the questions, focus and grade scale changed
    between cycles.
    """
    from openpeel.frameworks import all_frameworks

    table = Table(title="PEEL inspection frameworks")
    table.add_column("ID", no_wrap=True)  # ids are what `frameworks show` takes: never cut them
    for column in ("Title", "Years", "Cycle", "Grades", "Graded", "Ungraded"):
        table.add_column(column)
    for fw in all_frameworks():
        table.add_row(
            fw.id,
            fw.title,
            fw.years,
            "current" if fw.current else "past",
            str(len(fw.scale)),
            _count_column(fw, graded=True),
            _count_column(fw, graded=False),
        )
    make_console().print(table)


@app.command("show")
def show_framework(
    framework_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Framework id, for example peel-2023-25 (see `openpeel frameworks list`)."),
    ],
) -> None:
    """Show one framework: its grade scale with meanings, then each area or pillar with its questions and
    characteristics of good performance, each marked graded or ungraded.
    """
    from openpeel.frameworks import load_framework

    fw = load_framework(framework_id)
    console = make_console()
    cycle = "the current cycle" if fw.current else "a past cycle"
    console.print(Text.assemble((fw.title, "bold"), f"  ({fw.id}, {fw.years}; {cycle})"))
    console.print(fw.summary(), style="bold")
    for source in fw.sources:
        console.print(Text(f"Source: {source.title}: {source.url}"))
    console.print(Text(f"File: {fw.path}  sha256 {fw.sha256}", style="dim"))
    if fw.notes:
        console.print(Text(f"Notes: {fw.notes}", style="italic"))

    scale = Table(title="Grade scale (best first)")
    for column in ("Rank", "Grade", "Id", "Meaning"):
        scale.add_column(column)
    for d in sorted(fw.scale, key=lambda d: d.order):
        scale.add_row(str(d.order), d.label, d.id, d.meaning)
    console.print(scale)

    kind = fw.areas[0].kind
    tree = Tree(Text(f"{kind.capitalize()}s", style="bold"))
    for area in fw.areas:
        branch = tree.add(_label(area, area.question))
        for q in area.questions:
            branch.add(_label(q, q.question, prefix=f"Q{q.number} " if q.number else ""))
        for c in area.characteristics:
            leaf = branch.add(Text.assemble((c.title, "bold"), f" ({c.id}): {c.text}"))
            if c.standard:
                leaf.add(Text(f"standard: {_standard_text(c.standard)}", style="cyan"))
        if area.notes:
            branch.add(Text(f"note: {area.notes}", style="dim"))
    console.print(tree)


def _label(node: Node, question: str | None, prefix: str = "") -> Text:
    # Graded/ungraded in words, not only colour, so it survives plain terminals and screen readers.
    if getattr(node, "optional", False):
        mark = ("[graded where a report graded it]", "cyan")
    else:
        mark = ("[graded]", "green") if node.graded else ("[ungraded]", "yellow")
    text = Text.assemble(mark, " ", prefix, (node.title, "bold"), f" ({node.id})")
    if question:
        text.append(f" - {question}", style="italic")
    return text


def _standard_text(s: Standard) -> str:
    out = s.measure
    if s.target is not None:
        target = f"{s.target:.0%}" if s.unit == "proportion" else f"{s.target:g}"
        out += f"; target {'at least' if s.better == 'higher' else 'at most'} {target}"
    else:
        out += f"; {s.better} is better, no set target"
    return f"{out} (source: {s.source})"
