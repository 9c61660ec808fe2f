"""What the working pages work out from the data: task statuses and the history from the audit trail."""

from __future__ import annotations

from openpeel.inspections.audit import acting_as
from openpeel.inspections.history import inspection_history
from openpeel.inspections.models import CauseOfConcern, Recommendation
from openpeel.web.inspections.tasks import COMPLETED, IN_PROGRESS, NOT_STARTED, tasks


def statuses(inspection):
    return {t.slug: t.status for t in tasks(inspection)}


def test_task_statuses_follow_what_is_recorded(world):
    assert statuses(world.draft)["grades"] == NOT_STARTED
    assert statuses(world.draft)["causes-of-concern"] == NOT_STARTED
    with acting_as(world.users["inspector"]):
        cause = CauseOfConcern.objects.create(inspection=world.draft, area_id="responding", text="Calls wait.")
        assert statuses(world.draft)["causes-of-concern"] == IN_PROGRESS  # no recommendation yet
        Recommendation.objects.create(cause=cause, text="The force should answer calls sooner.")
    assert statuses(world.draft)["causes-of-concern"] == COMPLETED
    assert statuses(world.in_moderation)["grades"] == COMPLETED
    assert statuses(world.in_moderation)["moderation"] == COMPLETED


def test_history_lists_the_inspection_and_its_parts_with_before_and_after(world, client):
    with acting_as(world.users["inspector"]):
        cause = CauseOfConcern.objects.create(inspection=world.draft, area_id="responding", text="Calls wait.")
        rec = Recommendation.objects.create(cause=cause, text="The force should answer calls sooner.")
        rec_id = rec.pk
        cause.text = "Calls wait too long."
        cause.save()
        rec.delete()
    events = inspection_history(world.draft)
    assert [(e.entry.action, e.what) for e in events][-4:] == [
        ("create", f"cause of concern {cause.pk}"),
        ("create", f"recommendation {rec_id}"),
        ("change", f"cause of concern {cause.pk}"),
        ("delete", f"recommendation {rec_id}"),
    ]
    change = events[-2].changes
    assert [(c.field, c.before, c.after) for c in change] == [("text", "Calls wait.", "Calls wait too long.")]
    assert all(e.entry.actor == "inspector" for e in events)
    other = inspection_history(world.published)
    assert not {e.entry.id for e in events} & {e.entry.id for e in other}
    client.force_login(world.users["moderator"])
    page = client.get(f"/inspections/{world.draft.pk}/history/").content.decode()
    assert "Calls wait too long." in page and "<caption" in page
