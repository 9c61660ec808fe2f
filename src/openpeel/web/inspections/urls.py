"""/inspections/: the inspectorate's working pages. Sections and kinds are spelt out in the patterns, so
other parts can add their own pages under /inspections/<pk>/ (case files, for one) without being caught here."""

from django.urls import path, re_path

from openpeel.web.inspections import grades, moderation, overview, parts

app_name = "inspections"

SECTION = "(?P<section>" + "|".join(parts.SECTIONS) + ")"
KIND = "(?P<kind>" + "|".join(parts.KINDS) + ")"

urlpatterns = [
    path("", overview.inspection_list, name="list"),
    path("start/", overview.start, name="start"),
    path("<int:pk>/", overview.task_list, name="tasks"),
    path("<int:pk>/summary/", overview.summary, name="summary"),
    path("<int:pk>/evidence/attach-indicator/", parts.attach_snapshot, name="attach-snapshot"),
    re_path(rf"^(?P<pk>\d+)/{SECTION}/$", parts.section, name="section"),
    re_path(rf"^(?P<pk>\d+)/{KIND}/add/$", parts.part_form, name="part-add"),
    re_path(rf"^(?P<pk>\d+)/{KIND}/(?P<part>\d+)/edit/$", parts.part_form, name="part-edit"),
    re_path(rf"^(?P<pk>\d+)/{KIND}/(?P<part>\d+)/delete/$", parts.part_delete, name="part-delete"),
    path("<int:pk>/grades/", grades.summary, name="grades"),
    path("<int:pk>/grades/<slug:area_id>/", grades.area_grade, name="grade"),
    path("<int:pk>/grades/<slug:area_id>/carry-forward/", grades.carry_forward_view, name="carry-forward"),
    path("<int:pk>/moderation/", moderation.moderation, name="moderation"),
    path("<int:pk>/moves/", moderation.move, name="move"),
    path("<int:pk>/history/", moderation.history, name="history"),
]
