"""`openpeel inspections ...`: commands on the inspections in the workflow database.

Django is set up only when a command runs, so `openpeel --help` stays free of it.
"""

from __future__ import annotations

import typer

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="Inspections in the workflow database, and their audit trail.")
out = console()


@app.callback()
def _group() -> None:
    """Inspections in the workflow database, and their audit trail."""
    # A callback keeps this a group even with one command, so `openpeel inspections verify-audit` works.


@app.command("verify-audit")
def verify_audit(
    head: str | None = typer.Option(
        None, help="The head hash you recorded from an earlier run: also detects a trail rewritten whole."
    ),
) -> None:
    """Check the audit trail's hash chain: prints OK with the count and head hash, or the first break (exit 1)."""
    from openpeel.django_setup import setup_django

    setup_django()
    from openpeel.inspections.audit import verify_chain
    from openpeel.inspections.errors import AuditChainBroken

    report = verify_chain(expected_head=head)
    if not report.ok:
        where = f" at entry #{report.broken_at}" if report.broken_at else ""
        raise AuditChainBroken(f"The audit trail is broken{where}: {report.problem}.")
    out.print(f"OK: {report.count} audit entries, chain intact. Head: {report.head}", highlight=False)
