"""The public stop and search page of a force: the tests of openpeel.stopsearch, as tables with their
intervals, the method's limits and the completeness of the police.uk files beside every figure."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from openpeel.errors import OpenPeelError, UnknownForceError
from openpeel.forces import get_force
from openpeel.stopsearch.completeness import by_month
from openpeel.stopsearch.disproportionality import disproportionality
from openpeel.stopsearch.hit_rate import WEAKNESS, outcome_tests
from openpeel.stopsearch.population import SOURCE
from openpeel.stopsearch.veil import MIN_EACH, MIN_SEARCHES, veil
from openpeel.warehouse import connect
from openpeel.web.public_cache import public_page, warehouse_stamp


@public_page(warehouse_stamp)
def stop_search_page(request, force_id: str):
    try:
        force = get_force(force_id)
    except UnknownForceError:
        raise Http404("No such force") from None
    if force.id != force_id or not force.territorial:
        raise Http404("No such force")
    con = connect(read_only=True)
    try:
        months = by_month(con, [force.id])
        context = {"force": force, "source": SOURCE, "weakness": WEAKNESS, "months": sorted(months.items())}
        if months:
            context |= {
                "disproportionality": disproportionality(con, force.id),
                "outcomes": outcome_tests(con, force.id),
            }
            try:
                context["veil"] = veil(con, force.id)
            except OpenPeelError as e:  # too few searches: the refusal is the result, said plainly
                context["veil_refused"] = str(e).split(": ", 1)[-1]  # the reason, without the force's id
    finally:
        con.close()
    context |= {"min_searches": MIN_SEARCHES, "min_each": MIN_EACH, "periods": _periods_tested(context)}
    return render(request, "stopsearch/stop_search.html", context)


def _periods_tested(context: dict) -> list[tuple[str, str]]:
    """Each period a test covers, with its completeness note, once (the tests share periods), leaving out
    single months: those are in the table by month."""
    tested = [
        (t.period, t.completeness) for t in (*context.get("disproportionality", ()), *context.get("outcomes", ()))
    ]
    if context.get("veil"):
        tested.append(("The veil-of-darkness test's searches", context["veil"].completeness))
    monthly = {c.note for _, c in context["months"]}
    periods: dict[str, str] = {}
    for period, completeness in tested:
        if completeness.note not in monthly:
            periods.setdefault(completeness.note, period)
    return [(period, note) for note, period in periods.items()]
