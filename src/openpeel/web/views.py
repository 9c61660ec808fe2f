"""Public pages. They read indicator results through openpeel.indicators.read only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from openpeel.errors import UnknownForceError
from openpeel.forces import all_forces, get_force, peer_group
from openpeel.frameworks import load_framework
from openpeel.indicators.read import force_panels
from openpeel.warehouse import connect

FRAMEWORK = "peel-2023-25"  # the areas a force page is arranged by


def home(request):
    forces = sorted((f for f in all_forces() if f.territorial), key=lambda f: f.name)
    return render(request, "home.html", {"forces": forces})


def force_page(request, force_id: str):
    try:
        force = get_force(force_id)
    except UnknownForceError:
        raise Http404("No such force") from None
    if force.id != force_id:  # one address per force: its registry id
        raise Http404("No such force")
    con = connect(read_only=True)
    try:
        panels = force_panels(con, force.id)
    finally:
        con.close()
    framework = load_framework(FRAMEWORK)
    areas = [(area, [p for p in panels if p.indicator.areas[0] == area.id]) for area in framework.areas]
    group = peer_group(force.id)
    names = {f.id: f.name for f in all_forces()}
    return render(
        request,
        "force.html",
        {
            "force": force,
            "areas": [(a, ps) for a, ps in areas if ps],
            "peer_group": group,
            "peer_names": [names[m] for m in group.members] if group else [],
            "framework": framework,
            "any_synthetic": any(p.synthetic for p in panels),
            "names": names,
        },
    )
