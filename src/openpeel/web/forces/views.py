"""Public pages. They read indicator results through openpeel.indicators.read only.

A force page's content is the same for every visitor until the warehouse changes: visitors who are not signed
in get the whole page from memory (openpeel.web.public_cache), and for signed-in users the template caches the
content under the warehouse's stamp (size and modification time), the panels read only when it is rendered.
Page time does not grow with the warehouse and a page is read from DuckDB once per change (bench/bench_load.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.http import Http404
from django.shortcuts import render

from openpeel.errors import UnknownForceError, WarehouseError
from openpeel.forces import all_forces, get_force, peer_group
from openpeel.forces.residents import CENSUSES, usual_residents
from openpeel.frameworks import load_framework
from openpeel.indicators.catalogue import Indicator
from openpeel.indicators.read import force_panels
from openpeel.inspections import access
from openpeel.inspections.models import Inspection
from openpeel.record import force_history
from openpeel.warehouse import connect, stamp
from openpeel.web.public_cache import public_page, publication_stamp, registry_stamp, warehouse_stamp

FRAMEWORK = "peel-2023-25"  # the areas a force page is arranged by


@public_page(registry_stamp)
def home(request):
    forces = sorted((f for f in all_forces() if f.territorial), key=lambda f: f.name)
    return render(request, "home.html", {"forces": forces})


def _force(force_id: str):
    try:
        force = get_force(force_id)
    except UnknownForceError:
        raise Http404("No such force") from None
    if force.id != force_id:  # one address per force: its registry id
        raise Http404("No such force")
    return force


@public_page(publication_stamp)  # the warehouse, and the force's published reports
def force_page(request, force_id: str):
    force = _force(force_id)
    group = peer_group(force.id)
    names = {f.id: f.name for f in all_forces()}
    return render(
        request,
        "forces/force.html",
        {
            "force": force,
            "warehouse": stamp(),
            "panels": ForcePanels(force.id),
            "peel_history": PeelHistory(force.id),
            "peer_group": group,
            "peer_names": [names[m] for m in group.members] if group else [],
            "residents": [r for census in CENSUSES if (r := usual_residents(force.id, census))][::-1],
            "reports": Inspection.objects.filter(access.public_filter(), force_id=force.id).order_by("-period_end"),
        },
    )


@public_page(warehouse_stamp)
def indicator_page(request, force_id: str, indicator_id: str):
    """One indicator for one force: the details the force page leads to."""
    force = _force(force_id)
    panels = ForcePanels(force.id)
    found = next(((a, p) for a, ps in panels.areas for p in ps if p.indicator.id == indicator_id), None)
    if found is None:
        raise Http404("No such indicator for this force")
    area, panel = found
    return render(request, "forces/indicator.html", {"force": force, "area": area, "p": panel})


HEADLINES = 5


@dataclass
class Headline:
    """An indicator's headline figure as a small bar chart: the force, its peer group and England and Wales."""

    indicator: Indicator
    period: date
    synthetic: bool
    assessment: dict
    bars: list[tuple[str, float | None, bool]]  # label, value, whether it is the force

    @property
    def title(self) -> str:
        """The indicator's title for the period: a rate names the census it divides by."""
        return self.indicator.title_for(self.period)

    @property
    def bar_scale(self) -> float:
        return max((v for _, v, _ in self.bars if v is not None), default=0) or 1

    @classmethod
    def of(cls, p, force_name: str) -> Headline:
        own = None if p.figure.suppressed else p.figure.value
        a = p.assessment
        bars = [
            (force_name, own, True),
            ("Peer group", a.get("peer_value"), False),
            ("England and Wales", a.get("national_value"), False),
        ]
        return cls(p.indicator, p.period, p.synthetic, a, bars)


class ForcePanels:
    """A force's indicator panels by PEEL area, read from the warehouse on first use only."""

    def __init__(self, force_id: str):
        self.force_id = force_id

    @cached_property
    def all(self):
        con = connect(read_only=True)
        try:
            return force_panels(con, self.force_id)
        finally:
            con.close()

    @cached_property
    def areas(self):
        framework = load_framework(FRAMEWORK)
        by_area = [(area, [p for p in self.all if p.indicator.areas[0] == area.id]) for area in framework.areas]
        return [(a, ps) for a, ps in by_area if ps]

    @cached_property
    def headlines(self) -> list[Headline]:
        """A handful of charts to lead with: the first indicator of each graded area that has one."""
        framework = load_framework(FRAMEWORK)
        graded = {a.id for a in framework.areas if a.graded}
        firsts = [ps[0] for a, ps in self.areas if a.id in graded]
        name = get_force(self.force_id).short_name or get_force(self.force_id).name
        return [Headline.of(p, name) for p in firsts[:HEADLINES]]

    @cached_property
    def any_synthetic(self) -> bool:
        return any(p.synthetic for p in self.all)


class PeelHistory:
    """A force's published PEEL reports, oldest cycle first, read from the published record on first use."""

    def __init__(self, force_id: str):
        self.force_id = force_id
        self.problem: str | None = None

    @cached_property
    def reports(self):
        try:
            con = connect(read_only=True)
        except WarehouseError as e:
            self.problem = str(e)
            return []
        try:
            return force_history(con, self.force_id)
        finally:
            con.close()
