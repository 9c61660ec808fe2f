"""The commands' consoles. At a terminal Rich wraps to the terminal's width. Written to a file or a pipe,
nothing is wrapped or cut (Rich would otherwise wrap at 80 columns): a URL, a password or an id comes out
whole on one line, to be copied or read by another program."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.rule import Rule

UNWRAPPED_WIDTH = 10_000  # wide enough that no line or table is folded; tables keep their natural width
RULE_WIDTH = 80


class UnwrappedConsole(Console):
    """A console for files and pipes: lines never wrapped, tables at their natural width, rules 80 wide."""

    def __init__(self, *, stderr: bool = False):
        super().__init__(stderr=stderr, width=UNWRAPPED_WIDTH, soft_wrap=True)

    def rule(self, title: str = "", **kwargs: Any) -> None:  # type: ignore[override]
        self.print(Rule(title, **kwargs), width=RULE_WIDTH)


def console(*, stderr: bool = False) -> Console:
    at_terminal = Console(stderr=stderr)
    return at_terminal if at_terminal.is_terminal else UnwrappedConsole(stderr=stderr)
