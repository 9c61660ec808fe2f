"""The national overview: every force's grades under one framework version, and how many forces got each
grade in each area. Only one version per table: a grade carried forward from another version is left out,
as grades of different cycles cannot be compared."""

from __future__ import annotations

from openpeel.forces import get_force
from openpeel.frameworks import Framework
from openpeel.inspections import access
from openpeel.inspections.models import Inspection, Judgment
from openpeel.publishing.press import join_and


def overview(framework: Framework) -> dict:
    areas = framework.graded_areas()
    latest: dict[str, Inspection] = {}
    public = Inspection.objects.filter(access.public_filter(), framework_id=framework.id)
    for inspection in public.order_by("force_id", "-period_end", "-pk"):
        latest.setdefault(inspection.force_id, inspection)
    judgments = Judgment.objects.filter(
        inspection__in=latest.values(), framework_id=framework.id, area_id__in=[a.id for a in areas]
    ).exclude(grade_id="")
    grade_of = {(j.inspection_id, j.area_id): framework.grade(j.grade_id) for j in judgments}
    rows = sorted(
        (
            {
                "force": get_force(force_id).name,
                "inspection": inspection,
                "grades": [(g.label if (g := grade_of.get((inspection.pk, a.id))) else None) for a in areas],
            }
            for force_id, inspection in latest.items()
        ),
        key=lambda row: row["force"],
    )
    grades = framework.grades()
    distribution = [
        (a.title, [sum(1 for row in rows if row["grades"][i] == g.label) for g in grades]) for i, a in enumerate(areas)
    ]
    return {
        "framework": framework,
        "kind": areas[0].kind if areas else "area",
        "areas": areas,
        "rows": rows,
        "grades": grades,
        "distribution": distribution,
        "description": _words(framework, rows, grades, distribution),
    }


def _words(framework: Framework, rows: list[dict], grades, distribution) -> str:
    """The distribution as sentences, one per area, for readers who do not read the tables."""
    if not rows:
        return ""
    out = [f"{len(rows)} force{'s' if len(rows) != 1 else ''} with a published {framework.title} inspection."]
    for title, counts in distribution:
        parts = [f"{n} {g.label}" for g, n in zip(grades, counts, strict=True) if n]
        out.append(f"{title}: {join_and(parts) if parts else 'no grades yet'}.")
    return " ".join(out)
