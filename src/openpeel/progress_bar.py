"""The one progress bar every long command shows: what it is doing, how far, how long so far."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress(
    console: Console, description: str, total: int | None = None
) -> Iterator[tuple[Callable[[int], None], Callable[[str], None]]]:
    """Yields (start(total), step(label)): callbacks for work that learns its size as it goes."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield (lambda n: bar.update(task, total=n)), (lambda label: bar.update(task, advance=1, description=label))
