"""Public pages. They read indicator results through openpeel.indicators.compare only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from openpeel.errors import UnknownForceError
from openpeel.forces import all_forces, get_force, peer_group
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.compare import compare_force
from openpeel.warehouse import connect


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
        comparisons = [c for i in catalogue() if (c := compare_force(con, i, force.id)) is not None]
    finally:
        con.close()
    group = peer_group(force.id)
    peer_names = [get_force(m).name for m in group.members] if group else []
    return render(
        request,
        "force.html",
        {"force": force, "comparisons": comparisons, "peer_group": group, "peer_names": peer_names},
    )
