"""`publish build --jobs N`: report files written in worker processes. A spawned worker imports this module
before Django is set up, so it imports nothing of Django's at the top."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path


def start() -> None:
    from openpeel.django_setup import setup_django

    setup_django()  # the parent's settings and databases: they come from its environment


def write_one(pk: int, folder: Path) -> tuple[int, list[Path]]:
    from openpeel.inspections.models import Inspection
    from openpeel.publishing.files import write_report_files

    return pk, write_report_files(Inspection.objects.get(pk=pk), folder)


def write_many(pks: list[int], folder: Path, jobs: int = 1) -> Iterator[tuple[int, list[Path]]]:
    """Write each inspection's files; with `jobs` > 1, in that many worker processes, yielding each as it
    finishes. PDFs and charts are CPU-bound: processes, not threads. Workers are spawned, not forked: a fork
    after vl-convert has started its runtime's threads deadlocks in the child."""
    if jobs <= 1:
        for pk in pks:
            yield write_one(pk, folder)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=start) as pool:
        for done in as_completed([pool.submit(write_one, pk, folder) for pk in pks]):
            yield done.result()
