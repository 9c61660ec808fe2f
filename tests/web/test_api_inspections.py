"""Round trips through the API: open an inspection, record findings and grades, move it through the
workflow to publication, and read it back as the public."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from openpeel.inspections.models import AuditEntry
from openpeel.inspections.rules import GradeRuleWarning

from .api_client import Api


@pytest.fixture
def api(client, world):
    return Api(client)


def test_an_inspector_opens_an_inspection_and_is_assigned_to_it(api, world):
    inspector = api.as_(world.tokens["inspector"])
    body = {"force_id": "Norfolk", "framework_id": "peel-2023-25", "period_start": "2025-01-01",
            "period_end": "2025-12-31"}  # fmt: skip
    opened = inspector.post("/inspections", body, expect=201)
    assert (opened["force_id"], opened["status"]) == ("norfolk", "draft")  # any known name; the registry id kept
    pk = opened["id"]
    assert inspector.get(f"/inspections/{pk}/inspectors") == {"usernames": ["inspector"]}
    assert pk in [i["id"] for i in inspector.get("/inspections")]
    assert inspector.patch(f"/inspections/{pk}", {"period_end": "2025-09-30"})["period_end"] == "2025-09-30"
    # Nobody else knows of it yet, not even another inspector; the public list has only what is published.
    api.as_(world.tokens["other_inspector"]).get(f"/inspections/{pk}", expect=404)
    assert {i["id"] for i in api.get("/inspections")} == {world.published.pk, world.monitored.pk}


def test_a_moderator_assigns_inspectors_and_only_inspectors(api, world):
    moderator = api.as_(world.tokens["moderator"])
    path = f"/inspections/{world.draft.pk}/inspectors"
    assert moderator.put(path, {"usernames": ["other_inspector"]}) == {"usernames": ["other_inspector"]}
    api.as_(world.tokens["inspector"]).get(f"/inspections/{world.draft.pk}", expect=404)  # no longer theirs
    refused = moderator.put(path, {"usernames": ["moderator", "nobody"]}, expect=422)
    assert refused["error"]["fields"]["usernames"] == [
        "'moderator' is not an inspector.",
        "'nobody' is not an inspector.",
    ]


def test_from_draft_to_published_through_the_api(api, world):
    inspector, moderator = api.as_(world.tokens["inspector"]), api.as_(world.tokens["moderator"])
    pk = world.draft.pk
    base = f"/inspections/{pk}"
    finding = {"area_id": "investigating", "characteristic_ids": ["investigating.supervision"], "kind": "weakness",
               "text": "Supervisors rarely review files."}  # fmt: skip
    assert (
        inspector.post(f"{base}/findings", finding, expect=201)["characteristic_ids"] == finding["characteristic_ids"]
    )
    cause = inspector.post(
        f"{base}/causes-of-concern", {"area_id": "investigating", "text": "Cases drift."}, expect=201
    )
    graded = inspector.put(f"{base}/judgments/investigating", {"grade_id": "GOOD", "rationale": "Mostly sound."})
    assert graded["grade_label"] == "good" and any("cause-of-concern-rules-out-good" in w for w in graded["warnings"])
    # Sending a draft with broken grade rules to moderation is allowed, with a warning for each broken rule.
    with pytest.warns(GradeRuleWarning) as warned:
        inspector.post(f"{base}/moves", {"to": "in_moderation"})
    assert {str(w.message).rsplit("[rule ", 1)[1].rstrip("]") for w in warned} == {
        "cause-of-concern-rules-out-good",
        "cause-of-concern-needs-recommendation",
    }
    inspector.post(f"{base}/findings", finding, expect=403)  # the draft is the moderator's now

    refused = moderator.post(f"{base}/moves", {"to": "approved"}, expect=400)["error"]
    rules = {p["rule"] for p in refused["problems"]}
    assert refused["code"] == "grade_rules_broken"
    # Every problem at once: the broken grade, the cause without a recommendation, the areas never graded.
    assert {
        "cause-of-concern-rules-out-good",
        "cause-of-concern-needs-recommendation",
        "graded-area-needs-judgment",
    } <= rules
    assert moderator.get(f"{base}/rule-check")["problems"] == refused["problems"]

    moderator.post(f"{base}/causes-of-concern/{cause['id']}/recommendations", {"text": "Within three months ..."},
                   expect=201)  # fmt: skip
    moderator.put(f"{base}/judgments/investigating", {"grade_id": "INADEQUATE", "rationale": "Cases drift."})
    graded = [s["area_id"] for s in moderator.get(f"{base}/suggestions")]
    for area in graded:
        if area != "investigating":
            moderator.put(f"{base}/judgments/{area}", {"grade_id": "GOOD", "rationale": "Sound."})
    # Nothing placeholder is publishable: the summary and each graded area's narrative, written.
    unwritten = {p["area_id"] for p in moderator.get(f"{base}/rule-check")["problems"]}
    assert unwritten == {"summary", *graded}
    moderator.put(f"{base}/report-text", {"summary": "Cambridgeshire must investigate crime better."})
    for area in graded:
        moderator.post(f"{base}/narratives", {"area_id": area, "text": f"What we found in {area}."}, expect=201)
    assert moderator.get(f"{base}/rule-check") == {"ok": True, "problems": []}
    assert moderator.post(f"{base}/moves", {"to": "approved"})["status"] == "approved"
    moderator.put(f"{base}/judgments/investigating", {"grade_id": "GOOD"}, expect=403)  # frozen once approved

    embargo = timezone.now() + dt.timedelta(seconds=3)
    scheduled = moderator.post(f"{base}/moves", {"to": "scheduled", "embargo_at": embargo.isoformat()})
    assert scheduled["status"] == "scheduled" and scheduled["embargo_at"] is not None
    early = moderator.post(f"{base}/moves", {"to": "published"}, expect=400)["error"]
    assert early["code"] == "invalid_transition" and "embargoed until" in early["message"]
    api.get(base, expect=404)  # still unknown to the public while embargoed

    time.sleep(max(0.0, (embargo - timezone.now()).total_seconds()) + 0.1)  # a real embargo, really passed
    assert moderator.post(f"{base}/moves", {"to": "published"})["status"] == "published"
    public = api.get(base)
    assert public["status"] == "published" and public["published_at"] is not None
    grades = {j["area_id"]: j["grade_label"] for j in api.get(f"{base}/judgments")}  # read by the public
    assert grades["investigating"] == "inadequate" and set(grades.values()) == {"inadequate", "good"}
    assert pk in {i["id"] for i in api.get("/inspections")}


def test_the_public_reads_a_published_report_but_not_its_working_material(api, world):
    base = f"/inspections/{world.published.pk}"
    assert api.get(base)["status"] == "published"
    assert [f["area_id"] for f in api.get(f"{base}/findings")] == ["investigating"]
    judgments = api.get(f"{base}/judgments")
    assert {j["label"] for j in judgments} == {"good"} and not any(j["carried_forward"] for j in judgments)
    for working in ("fieldwork-notes", "case-file-reviews", "snapshots", "documents", "history", "rule-check"):
        assert api.get(f"{base}/{working}", expect=403)["error"]["code"] == "forbidden"


def test_a_carried_forward_judgment_is_marked_with_its_year(api, world):
    inspector = api.as_(world.tokens["inspector"])
    carried = inspector.post(f"/inspections/{world.draft.pk}/judgments/responding/carry-forward", expect=201)
    assert (carried["carried_forward"], carried["carried_forward_year"]) == (True, 2021)  # the 2021/22 inspection
    assert carried["label"] == "good (carried forward from 2021)"
    # Grading it afresh replaces the carried-forward judgment with this inspection's own.
    own = inspector.put(f"/inspections/{world.draft.pk}/judgments/responding", {"grade_id": "GOOD", "rationale": "."})
    assert (own["carried_forward"], own["carried_forward_year"], own["label"]) == (False, None, "good")


def test_api_changes_are_audited_under_the_tokens_user(api, world):
    inspector = api.as_(world.tokens["inspector"])
    base = f"/inspections/{world.draft.pk}"
    practice = inspector.post(f"{base}/innovative-practice", {"area_id": "responding", "text": "Video calls."},
                              expect=201)  # fmt: skip
    inspector.delete(f"{base}/innovative-practice/{practice['id']}", expect=204)
    entries = [e for e in inspector.get(f"{base}/history") if e["object_type"] == "inspections.innovativepractice"]
    assert [(e["actor"], e["action"]) for e in entries] == [("inspector", "create"), ("inspector", "delete")]
    assert entries[0]["after"]["text"] == "Video calls." and entries[1]["before"]["text"] == "Video calls."
    assert AuditEntry.objects.get(pk=entries[1]["id"]).hash == entries[1]["hash"]


def test_hm_inspectors_summary_and_the_quote_are_written_through_the_api(api, world):
    inspector = api.as_(world.tokens["inspector"])
    base = f"/inspections/{world.draft.pk}/report-text"
    assert inspector.get(base, expect=404)["error"]["message"] == "No report text written yet"
    refused = inspector.put(base, {"summary": "The constabulary answers calls well.", "quote": "Good."}, expect=422)
    assert refused["error"]["message"] == "__all__: A quote needs the name and title of who said it."
    quoted = {"quote": "Real progress.", "quote_by": "Roy Wilsher", "quote_title": "HM Inspector of Constabulary"}
    written = inspector.put(base, {"summary": "The constabulary answers calls well.", **quoted})
    assert (written["summary"], written["quote_by"]) == ("The constabulary answers calls well.", "Roy Wilsher")
    again = inspector.put(base, {"summary": "The constabulary answers 999 calls quickly."})  # the whole text
    assert (again["summary"], again["quote"], again["quote_by"]) == (
        "The constabulary answers 999 calls quickly.",
        "",
        "",
    )
    assert inspector.get(base)["id"] == written["id"]  # one text per inspection, rewritten in place
