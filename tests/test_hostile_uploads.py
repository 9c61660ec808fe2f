"""Hostile evidence uploads: the validator refuses web pages and scripts however they are named, files over
the size limit, and files whose content is not what their name says."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from openpeel.inspections.validators import ALLOWED_TYPES, MAX_DOCUMENT_BYTES, validate_document

HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def refused(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_document(SimpleUploadedFile(name, content))
    return caught.value.code


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("report.pdf", HTML, "file_content"),  # a web page renamed as a PDF
        ("chart.png", SVG, "file_content"),  # an SVG renamed as an image
        ("photo.jpg", HTML, "file_content"),
        ("minutes.docx", b"PK\x03\x04" + HTML, "file_content"),  # a zip header, but no Word document inside
        ("chart.svg", SVG, "file_type"),
        ("page.html", HTML, "file_type"),
        ("page.htm", HTML, "file_type"),
        ("page.xhtml", HTML, "file_type"),
        ("script.js", b"alert(1)", "file_type"),
        ("report.pdf.html", b"%PDF-1.7\n" + HTML, "file_type"),  # the last suffix decides
        ("notes.txt", b"\x00\x01\x02MZ binary", "file_content"),
        ("empty.pdf", b"", "file_empty"),
    ],
)
def test_web_pages_scripts_and_renamed_files_are_refused(name, content, code):
    assert refused(name, content) == code


def test_a_file_over_the_limit_is_refused_before_its_content_is_read():
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * MAX_DOCUMENT_BYTES)
    with pytest.raises(ValidationError) as caught:
        validate_document(big)
    assert caught.value.code == "file_too_large" and "at most 20.0\xa0MB" in caught.value.message


@given(name=st.text(max_size=40), content=st.binary(max_size=200))
def test_any_name_and_content_is_accepted_only_as_a_listed_type_whose_content_matches(name, content):
    try:
        upload = SimpleUploadedFile(name or "unnamed", content)
    except SuspiciousFileOperation:  # a name with no file name in it ("/", ".."): Django refuses it on upload
        return
    try:
        validate_document(upload)
    except ValidationError as e:
        assert e.code in {"file_type", "file_too_large", "file_empty", "file_content"}
        return
    suffix = "." + (name or "unnamed").rsplit(".", 1)[-1].lower()
    assert suffix in ALLOWED_TYPES and content
    assert not content.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<svg")) or suffix in (".txt", ".csv")
