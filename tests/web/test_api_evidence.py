"""Evidence through the API: snapshots copied from the warehouse, documents checked on upload and always
downloaded as files, fieldwork notes; and the error shapes for what is refused."""

from __future__ import annotations

import hashlib

import pytest

from openpeel.inspections import validators
from openpeel.warehouse import connect

from .api_client import Api


@pytest.fixture
def inspector(client, world):
    return Api(client, world.tokens["inspector"])


@pytest.fixture
def base(world):
    return f"/inspections/{world.draft.pk}"


def test_a_snapshot_copies_the_warehouse_figure_for_the_month_asked(inspector, base, demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    snap = inspector.post(f"{base}/snapshots", {"indicator_id": "asb-per-1000", "period": "2019-01"}, expect=201)
    con = connect(demo_warehouse, read_only=True)
    value, numerator = con.execute(
        "SELECT value, numerator FROM indicator_result WHERE indicator_id = 'asb-per-1000' "
        "AND force_id = 'cambridgeshire' AND period = DATE '2019-01-01'"
    ).fetchone()
    con.close()
    assert (snap["period"], snap["value"], snap["numerator"]) == ("2019-01-01", pytest.approx(value), numerator)
    assert inspector.get(f"{base}/snapshots/{snap['id']}")["value"] == snap["value"]
    missing = inspector.post(f"{base}/snapshots", {"indicator_id": "no-such-indicator"}, expect=400)["error"]
    assert missing["code"] == "evidence_invalid" and "no-such-indicator" in missing["message"]
    bad_month = inspector.post(f"{base}/snapshots", {"indicator_id": "asb-per-1000", "period": "Jan"}, expect=422)
    assert list(bad_month["error"]["fields"]) == ["period"]


def upload(api, base, name: str, content: bytes, expect: int):
    meta = {"title": "Control room notes", "effective_date": "2024-03-01"}
    return api.post(f"{base}/documents", meta, files={"file": _file(name, content)}, expect=expect)


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_document_is_uploaded_hashed_and_downloaded_as_an_attachment(inspector, base):
    content = b"Reality testing in the control room: 999 calls answered promptly.\n"
    doc = upload(inspector, base, "notes.txt", content, 201)
    assert (doc["filename"], doc["size"], doc["sha256"]) == (
        "notes.txt",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert doc["effective_date"] == "2024-03-01" and inspector.get(f"{base}/documents")[0]["id"] == doc["id"]
    response = inspector.get(f"{base}/documents/{doc['id']}/file")
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("page.html", b"<script>alert(1)</script>", "is not a type of document accepted"),
        ("report.pdf", b"This is not a PDF", "its content is not one"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_documents_the_validators_refuse_are_422_on_the_file_field(inspector, base, name, content, code):
    refused = upload(inspector, base, name, content, 422)["error"]
    assert refused["code"] == "validation_error" and code in refused["fields"]["file"][0]
    assert inspector.get(f"{base}/documents") == []


def test_a_document_over_the_size_limit_is_refused(inspector, base, monkeypatch):
    monkeypatch.setattr(validators, "MAX_DOCUMENT_BYTES", 1024)  # the rule, not 20 MB of test data
    refused = upload(inspector, base, "big.txt", b"x" * 1025, 422)["error"]
    assert "evidence files must be at most 1.0\xa0KB" in refused["fields"]["file"][0]


def test_fieldwork_notes_round_trip(inspector, base):
    note = inspector.post(f"{base}/fieldwork-notes", {"kind": "focus_group", "held_on": "2024-05-02",
                                                      "text": "Call handlers feel supported."}, expect=201)  # fmt: skip
    assert (note["area_id"], note["participants"]) == ("", "")  # omitted: the model's defaults
    path = f"{base}/fieldwork-notes/{note['id']}"
    assert inspector.patch(path, {"participants": "Call handlers"})["participants"] == "Call handlers"
    assert inspector.patch(path, {"area_id": None}, expect=422)["error"]["fields"] == {
        "area_id": ["This field may be blank but not null."]
    }
    wrong_area = inspector.patch(path, {"area_id": "investigating.timely"}, expect=422)["error"]["fields"]["area_id"]
    assert "is a characteristic of 'investigating'" in wrong_area[0]
    inspector.delete(path, expect=204)
    inspector.get(path, expect=404)
