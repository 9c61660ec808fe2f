"""Documents: PDF, DOCX, ODT, TXT, CSV, PNG and JPEG up to 20 MB, recognised by content as well as name;
an effective date apart from the upload date."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openpeel.demo.factories import make_inspection
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import AuditEntry, Document
from openpeel.inspections.validators import MAX_DOCUMENT_BYTES, validate_document

pytestmark = pytest.mark.django_db


def zipped(entries: dict[str, bytes], stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED)
    return out.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}, "mimetype")
GOOD_FILES = {
    "policy.pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "minutes.docx": DOCX,
    "minutes.odt": ODT,
    "notes.txt": b"Reality testing in the control room: 999 calls answered promptly.\n",
    "sample.csv": "case,result\r\nCF1,met\r\nCF2,not met\r\n".encode("cp1252"),
    "chart.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
    "photo.JPG": b"\xff\xd8\xff\xe0" + b"\x00" * 32,
    "photo.jpeg": b"\xff\xd8\xff\xdb" + b"\x00" * 32,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with acting_as("test-inspector"):
        yield settings.MEDIA_ROOT


@pytest.mark.parametrize("name", GOOD_FILES)
def test_each_accepted_type_is_accepted(name):
    validate_document(SimpleUploadedFile(name, GOOD_FILES[name]))


@pytest.mark.parametrize(
    "name,content,code,words",
    [
        ("setup.exe", b"MZ\x90\x00", "file_type", "accepted: CSV, DOCX, JPEG, ODT, PDF, PNG, TXT"),
        ("report", b"%PDF-1.7", "file_type", "not a type of document"),
        ("report.pdf", b"MZ\x90\x00 a program renamed", "file_content", "named as a PDF file but its content is not"),
        ("minutes.docx", zipped({"other.xml": b"<x/>"}), "file_content", "Word document"),
        ("minutes.docx", b"PK\x03\x04 not really a zip", "file_content", "Word document"),
        ("minutes.odt", DOCX, "file_content", "OpenDocument text"),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00", "file_content", "plain text"),
        ("chart.png", b"\xff\xd8\xff\xe0", "file_content", "PNG image"),
        ("empty.txt", b"", "file_empty", "is empty"),
    ],
)
def test_wrong_types_and_disguised_files_are_refused(name, content, code, words):
    with pytest.raises(ValidationError) as e:
        validate_document(SimpleUploadedFile(name, content))
    assert e.value.code == code and words in e.value.messages[0]


def test_the_size_limit_is_20_mb():
    at_limit = b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES - 5)
    validate_document(SimpleUploadedFile("big.pdf", at_limit))
    with pytest.raises(ValidationError) as e:
        validate_document(SimpleUploadedFile("bigger.pdf", at_limit + b"0"))
    assert e.value.code == "file_too_large" and "at most 20.0\xa0MB" in e.value.messages[0]


def test_a_document_keeps_its_effective_date_apart_from_its_upload(media):
    inspection = make_inspection()
    content = GOOD_FILES["policy.pdf"]
    doc = Document.objects.create(
        inspection=inspection,
        title="Domestic abuse policy",
        file=SimpleUploadedFile("policy.pdf", content),
        effective_date=dt.date(2023, 4, 1),
        area_id="protecting-vulnerable",
    )
    assert doc.effective_date == dt.date(2023, 4, 1) and doc.uploaded_at.date() != doc.effective_date
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert (media / doc.file.name).read_bytes() == content and doc.file.name.startswith(f"inspections/{inspection.pk}/")
    entry = AuditEntry.objects.get(object_type="inspections.document")
    assert entry.after["file"] == doc.file.name and entry.after["sha256"] == doc.sha256
    doc.title = "Domestic abuse policy (2023)"
    doc.save()  # a stored file is checked again and keeps its hash
    assert Document.objects.get(pk=doc.pk).sha256 == hashlib.sha256(content).hexdigest()


def test_saving_a_disguised_file_is_refused_and_stores_nothing(media):
    inspection = make_inspection()
    with pytest.raises(ValidationError) as e:
        Document.objects.create(
            inspection=inspection,
            title="Not a report",
            file=SimpleUploadedFile("report.pdf", b"MZ\x90\x00"),
            effective_date=dt.date(2023, 4, 1),
        )
    assert "content is not one" in " ".join(e.value.message_dict["file"])
    assert not Document.objects.exists() and not (media / "inspections").exists()
