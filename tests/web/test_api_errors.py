"""The JSON error shape: {"error": {"code", "message", "fields"?, "problems"?}}, with stable codes."""

from __future__ import annotations

import pytest

from .api_client import Api


@pytest.fixture
def inspector(client, world):
    return Api(client, world.tokens["inspector"])


def test_a_model_validation_error_is_422_with_each_field(inspector, world):
    path = f"/inspections/{world.draft.pk}/areas-for-improvement"
    refused = inspector.post(path, {"area_id": "responding", "text": "Improve."}, expect=422)["error"]
    assert refused == {  # the draft is of Cambridgeshire Constabulary in 2023-25: "the constabulary"
        "code": "validation_error",
        "message": 'text: An area for improvement begins "The constabulary should ..."',
        "fields": {"text": ['An area for improvement begins "The constabulary should ..."']},
    }
    refused = inspector.post(path, {"area_id": "nowhere", "text": "The force should ..."}, expect=422)["error"]
    assert "nowhere" in refused["fields"]["area_id"][0]


def test_a_request_that_does_not_fit_the_schema_is_422_naming_the_fields(inspector, world):
    refused = inspector.post("/inspections", {"force_id": "Norfolk", "period_start": "soon"}, expect=422)["error"]
    assert refused["code"] == "validation_error"
    assert set(refused["fields"]) == {"framework_id", "period_start", "period_end"}


def test_an_inspection_model_error_names_the_force_with_a_suggestion(inspector):
    body = {"force_id": "Cambridgshire", "framework_id": "peel-2023-25", "period_start": "2025-01-01",
            "period_end": "2024-01-01"}  # fmt: skip
    fields = inspector.post("/inspections", body, expect=422)["error"]["fields"]
    assert "Did you mean" in fields["force_id"][0] and fields["period_end"] == [
        "The period must not end before it starts."
    ]


def test_unknown_and_unseen_are_the_same_404(client, world):
    unknown = Api(client).get("/inspections/999999", expect=404)
    unseen = Api(client).get(f"/inspections/{world.draft.pk}", expect=404)
    assert unknown == unseen == {"error": {"code": "not_found", "message": "No such inspection"}}
    Api(client, world.tokens["inspector"]).get(f"/inspections/{world.draft.pk}/findings/999999", expect=404)


def test_visible_but_not_allowed_is_403(client, world):
    liaison = Api(client, world.tokens["liaison"])
    refused = liaison.put(f"/inspections/{world.published.pk}/judgments/investigating", {"grade_id": "INADEQUATE"},
                          expect=403)  # fmt: skip
    assert refused["error"]["code"] == "forbidden"


def test_a_workflow_refusal_keeps_its_openpeel_code(client, world):
    moderator = Api(client, world.tokens["moderator"])
    refused = moderator.post(f"/inspections/{world.in_moderation.pk}/moves", {"to": "published"}, expect=400)
    assert refused["error"]["code"] == "invalid_transition"
    assert "it can move to: draft, approved" in refused["error"]["message"]
    naive = moderator.post(f"/inspections/{world.published.pk}/moves", {"to": "nowhere"}, expect=422)
    assert list(naive["error"]["fields"]) == ["to"]
