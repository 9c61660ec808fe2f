"""What a worker process of `publish build --jobs N` runs. A spawned worker imports this module before Django
is set up, so it imports nothing of Django's at the top."""

from __future__ import annotations

from pathlib import Path


def start() -> None:
    from openpeel.django_setup import setup_django

    setup_django()  # the parent's settings and databases: they come from its environment


def write_one(pk: int, folder: Path) -> tuple[int, list[Path]]:
    from openpeel.inspections.models import Inspection
    from openpeel.publishing.files import write_report_files

    return pk, write_report_files(Inspection.objects.get(pk=pk), folder)
