"""Monitoring: force dashboards, tracked items and their forms, the signal digest, the risk view, Engage."""

from django.utils import timezone

from .route_table import Route, everyone

# A force's items: the inspectorate, and the force's own liaison and PCC office.
FORCE_AND_INSPECTORATE = everyone(200, anonymous=302, public_user=403, other_liaison=403)
# The pages comparing every force: the inspectorate only.
INSPECTORATE_ONLY = everyone(403, anonymous=302, inspector=200, other_inspector=200, moderator=200, administrator=200)
# Reviewing and closing: inspectors (assigned or not) and moderators; accepted forms redirect (302).
REVIEWERS = everyone(403, anonymous=302, inspector=302, other_inspector=302, moderator=302)


def rec(w):
    return {"pk": w.recommendation_item.pk}


def cambs(w):
    return {"force_id": "cambridgeshire"}


def today(w=None) -> str:
    return timezone.localdate().isoformat()


ROUTES = [
    Route("monitoring:force", FORCE_AND_INSPECTORATE, kwargs=cambs),
    Route("monitoring:force", everyone(404), kwargs=lambda w: {"force_id": "atlantis"}, label="unknown force"),
    Route("monitoring:item", FORCE_AND_INSPECTORATE, kwargs=rec),
    Route("monitoring:item", everyone(404), kwargs=lambda w: {"pk": 999999}, label="no such item"),
    Route(
        "monitoring:item-update",
        everyone(403, anonymous=302, liaison=302),
        kwargs=rec,
        method="POST",
        data=lambda w: {"text": "We have trained every investigator."},
    ),
    Route(
        "monitoring:item-status",
        REVIEWERS,
        kwargs=rec,
        method="POST",
        data=lambda w: {"to": "being_progressed", "why": "The plan is credible; not yet done."},
    ),
    Route(
        "monitoring:item-pcc-response",
        everyone(403, anonymous=302, pcc=302),
        kwargs=rec,
        method="POST",
        data=lambda w: {"text": "The chief constable has a plan.", "responded_on": today()},
    ),
    Route(
        "monitoring:item-details",
        REVIEWERS,
        kwargs=rec,
        method="POST",
        data=lambda w: {"owner": "ACC Crime", "due_date": today(), "indicator_ids": ["police-uk-charged-share"]},
    ),
    # The world's update has no document: those who may see it are told so (404), the others refused first.
    Route(
        "monitoring:update-document",
        everyone(404, anonymous=302, public_user=403, other_liaison=403),
        kwargs=lambda w: {"pk": w.update.pk},
    ),
    Route("monitoring:digest", INSPECTORATE_ONLY),
    Route(
        "monitoring:digest",
        everyone(
            403, anonymous=302, **{r: 400 for r in ("inspector", "other_inspector", "moderator", "administrator")}
        ),
        query={"week": "last-week"},
        label="bad week",
    ),
    Route("monitoring:digest-text", INSPECTORATE_ONLY),
    Route("monitoring:risk", INSPECTORATE_ONLY),
    Route("monitoring:engage", everyone(200)),
    Route(
        "monitoring:engage-enter",
        everyone(403, anonymous=302, moderator=302),
        kwargs=cambs,
        method="POST",
        data=lambda w: {
            "reason": "Persistent failure in investigations.",
            "entered_on": today(),
            "action": "A plan.",
            "due_on": today(),
        },
    ),
    Route(
        "monitoring:engage-exit",
        everyone(403, anonymous=302, moderator=302),
        kwargs=lambda w: {"force_id": "norfolk"},
        method="POST",
        data=lambda w: {"reason": "The plan has been delivered.", "exited_on": today()},
    ),
    Route(
        "monitoring:plan-action",
        everyone(403, anonymous=302, moderator=302),
        kwargs=lambda w: {"force_id": "norfolk"},
        method="POST",
        data=lambda w: {"action": "Review every open investigation.", "due_on": today()},
    ),
]
