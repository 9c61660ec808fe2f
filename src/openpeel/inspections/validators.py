"""Checks on uploaded evidence files: size, name and content must agree.

The extension alone proves nothing (anyone can rename a program to report.pdf), so the first bytes are
checked against what that kind of file always starts with, and office files are opened as the zip
archives they are.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Text files may be in any single-byte or UTF-8 encoding; binary content shows as control characters.
_TEXT_CONTROLS_ALLOWED = {9, 10, 12, 13, 26}


def _starts(magic: bytes):
    return lambda head, _file: head.startswith(magic)


def _is_text(head: bytes, _file) -> bool:
    return not any(b < 32 and b not in _TEXT_CONTROLS_ALLOWED for b in head)


def _zip_names(file) -> set[str] | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        file.seek(0)


def _is_docx(head: bytes, file) -> bool:
    names = _zip_names(file) if head.startswith(b"PK\x03\x04") else None
    return bool(names) and {"[Content_Types].xml", "word/document.xml"} <= names  # type: ignore[operator]  # not None


def _is_odt(head: bytes, file) -> bool:
    # The OpenDocument standard puts an uncompressed "mimetype" entry first, so it is readable in the head.
    return head.startswith(b"PK\x03\x04") and head[30:38] == b"mimetype" and ODT_MIMETYPE in head[38:120]


# extension -> (what it is called, how its content is recognised)
ALLOWED_TYPES = {
    ".pdf": ("PDF", _starts(b"%PDF-")),
    ".docx": ("Word document", _is_docx),
    ".odt": ("OpenDocument text", _is_odt),
    ".txt": ("plain text", _is_text),
    ".csv": ("CSV", _is_text),
    ".png": ("PNG image", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG image", _starts(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG image", _starts(b"\xff\xd8\xff")),
}


def validate_document(value) -> None:
    """Refuse a file over 20 MB, of a type not on the list, or whose content is not what its name says."""
    name = PurePath(value.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = ", ".join(sorted({s.lstrip(".").upper() for s in ALLOWED_TYPES} - {"JPG"}))
        raise ValidationError(
            f"{name!r} is not a type of document accepted as evidence; accepted: {allowed}.", code="file_type"
        )
    size = value.size
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"{name!r} is {filesizeformat(size)}; evidence files must be at most {filesizeformat(MAX_DOCUMENT_BYTES)}.",
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(f"{name!r} is empty.", code="file_empty")
    file = value.file if hasattr(value, "file") else value
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    label, recognised = ALLOWED_TYPES[suffix]
    if not recognised(head, file):
        raise ValidationError(
            f"{name!r} is named as a {label} file but its content is not one; it may be damaged or renamed.",
            code="file_content",
        )


def new_upload_sha256(field) -> str | None:
    """The SHA-256 of a file just uploaded to `field` (a FieldFile), read before storage takes it; None when the
    field holds no new upload (a stored file keeps the hash it was uploaded with)."""
    if not field or field._committed:
        return None
    upload = field.file
    upload.seek(0)
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    return digest
