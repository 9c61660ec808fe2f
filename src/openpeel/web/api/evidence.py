"""Evidence: indicator snapshots taken from the warehouse, documents, fieldwork notes, case file reviews.
Evidence is working material: only the inspection's workspace reads it, even once the report is published."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, UploadedFile
from ninja import Status as Reply

from openpeel.inspections import access
from openpeel.inspections.models import CaseFileReview, Document, FieldworkNote, IndicatorSnapshot
from openpeel.inspections.snapshots import snapshot_indicator
from openpeel.web.api import parts
from openpeel.web.api.schemas import (
    CaseFileReviewOut,
    DocumentIn,
    DocumentOut,
    FieldworkNoteIn,
    FieldworkNoteOut,
    FieldworkNotePatch,
    SnapshotIn,
    SnapshotOut,
    responses,
)

router = Router(tags=["evidence"])
WORKSPACE = access.workspace_inspection

parts.register(router, model=IndicatorSnapshot, related="indicator_snapshots", path="snapshots", out=SnapshotOut,
               read=WORKSPACE)  # fmt: skip
parts.register(router, model=Document, related="documents", path="documents", out=DocumentOut, read=WORKSPACE)
parts.register(
    router,
    model=FieldworkNote,
    related="fieldwork_notes",
    path="fieldwork-notes",
    out=FieldworkNoteOut,
    new=FieldworkNoteIn,
    patch=FieldworkNotePatch,
    read=WORKSPACE,
)
parts.register(router, model=CaseFileReview, related="case_file_reviews", path="case-file-reviews",
               out=CaseFileReviewOut, read=WORKSPACE)  # fmt: skip


@router.post("/inspections/{inspection_id}/snapshots", response=responses(SnapshotOut, 201),
             url_name="snapshots-create", operation_id="add_snapshot")  # fmt: skip
def attach_snapshot(request, inspection_id: int, payload: SnapshotIn):
    """Copy the force's result for an indicator and month from the warehouse into the inspection's evidence."""
    inspection = parts.editable(request, inspection_id)
    return Reply(201, snapshot_indicator(inspection, payload.indicator_id, payload.period, note=payload.note))


@router.post("/inspections/{inspection_id}/documents", response=responses(DocumentOut, 201),
             url_name="documents-create", operation_id="upload_document")  # fmt: skip
def upload_document(request, inspection_id: int, file: File[UploadedFile], meta: Form[DocumentIn]):
    """Upload a document (multipart form): PDF, DOCX, ODT, TXT, CSV, PNG or JPEG, at most 20 MB, whose
    content is what its name says."""
    inspection = parts.editable(request, inspection_id)
    return Reply(201, parts.save(Document(inspection=inspection, file=file), meta.model_dump()))


@router.get("/inspections/{inspection_id}/documents/{part_id}/file", response=responses(bytes),
            url_name="documents-file", operation_id="download_document")  # fmt: skip
def download_document(request, inspection_id: int, part_id: int):
    """The file itself, always as a download (never shown inline, so an upload cannot run as a page)."""
    document = get_object_or_404(WORKSPACE(request.auth, inspection_id).documents, pk=part_id)
    name = PurePath(document.file.name).name
    # The validators admit only the types listed in validators.ALLOWED_TYPES, none of which is HTML.
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
