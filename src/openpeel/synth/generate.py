"""Write synthetic force data returns: per force a folder with one file per return table.

Generation runs force by force and month by month; each force-month is drawn from its own seeded
generator, built in vectorised numpy, appended to the files and dropped, so memory holds one
force-month however many forces and months are asked for.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpeel.errors import OpenPeelError
from openpeel.forces import Force, all_forces, get_force
from openpeel.ingest.returns_docs import TABLES
from openpeel.synth.calibration import load_calibration
from openpeel.synth.calls import contact, incidents
from openpeel.synth.clock import month_bounds
from openpeel.synth.crime import investigations
from openpeel.synth.month import ForceMonth
from openpeel.synth.output import ReturnWriter
from openpeel.synth.profile import force_profile
from openpeel.synth.register import sex_offenders, workforce

FORMATS = ("csv", "parquet")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class SynthError(OpenPeelError):
    code = "synth_invalid"


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    force_months: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def parse_month(text: str) -> tuple[int, int]:
    m = _MONTH.match(text.strip())
    if not m:
        raise SynthError(f"{text!r} is not a month: write YYYY-MM, for example 2019-01")
    return int(m[1]), int(m[2])


def months_between(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    if end < start:
        raise SynthError(f"the period ends ({end[0]}-{end[1]:02d}) before it starts ({start[0]}-{start[1]:02d})")
    first, last = start[0] * 12 + start[1] - 1, end[0] * 12 + end[1] - 1
    return [(i // 12, i % 12 + 1) for i in range(first, last + 1)]


def resolve_forces(names: str | Iterable[str]) -> list[Force]:
    """ "all" (the 43 territorial forces) or forces by any of their names, de-duplicated, in request order."""
    if isinstance(names, str):
        names = [n for n in names.split(",") if n.strip()]
    names = list(names)
    if [n.strip().lower() for n in names] == ["all"]:
        return all_forces(territorial_only=True)
    forces: dict[str, Force] = {}
    for name in names:
        force = get_force(name.strip())
        if not force.territorial:
            raise SynthError(f"{force.name} has no force area or residents to scale returns by")
        forces.setdefault(force.id, force)
    if not forces:
        raise SynthError("no forces asked for: give --forces all or a comma-separated list")
    return list(forces.values())


MARKER = "synthetic.json"


def generate(
    out: Path,
    forces: list[Force],
    start: tuple[int, int],
    end: tuple[int, int],
    seed: int,
    fmt: str = "csv",
    on_force_month: Callable[[str, int, int], None] | None = None,
) -> Summary:
    """Write OUT/<force-id>/<table>.<fmt> for every force and table; the same arguments give the same bytes."""
    if fmt not in FORMATS:
        raise SynthError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if seed < 0:
        raise SynthError("the seed must be 0 or more")
    months = months_between(start, end)
    cal = load_calibration()
    period_end = month_bounds(*end)[1]  # the returns are extracted at the end of the period
    summary = Summary()
    for force in forces:
        profile = force_profile(seed, cal, force.id)
        folder = Path(out) / force.id
        folder.mkdir(parents=True, exist_ok=True)
        # Said beside the data, so that ingest marks it synthetic and no page passes it off as real.
        marker = {
            "synthetic": True,
            "generator": "openpeel synth",
            "seed": seed,
            "from": f"{start[0]}-{start[1]:02d}",
            "to": f"{end[0]}-{end[1]:02d}",
        }
        (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n")
        with contextlib.ExitStack() as stack:
            writers = {t: ReturnWriter(folder, t, fmt) for t in TABLES}
            for w in writers.values():
                stack.callback(w.close)
            fm = None
            for year, month in months:
                fm = ForceMonth.make(profile, cal, seed, year, month, period_end)
                calls_table, calls = contact(fm)
                writers["contact"].write(calls_table)
                writers["incidents"].write(incidents(fm, calls))
                del calls_table, calls
                crimes, reviews, victims = investigations(fm)
                writers["investigations"].write(crimes)
                writers["supervisory_reviews"].write(reviews)
                writers["victim_contacts"].write(victims)
                writers["workforce"].write(workforce(fm))
                summary.force_months += 1
                if on_force_month:
                    on_force_month(force.id, year, month)
            assert fm is not None  # at least one month
            writers["sex_offenders"].write(sex_offenders(fm))
        for t, w in writers.items():
            summary.rows[t] += w.rows
    return summary
