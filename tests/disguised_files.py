"""Disguised uploads shared by every app's upload tests.

Our type check is by magic bytes: a file is what its first bytes say, whatever its name.
- An HTML page named .pdf has no PDF magic: refused.
- A polyglot that starts with ``%PDF-`` and carries HTML/script after it IS a PDF by its magic
  bytes, so it passes the type check. The defence is how it is served: ``Content-Type:
  application/pdf`` (the type we detected, never the uploader's), ``Content-Disposition:
  attachment`` and ``X-Content-Type-Options: nosniff``, so no browser renders it as HTML.
- An image over the size limit: refused by its size, before its content is read.
- A file name with path traversal: the file is stored under a name of our own inside MEDIA_ROOT.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

HTML = b"<!DOCTYPE html><html><body><script>fetch('/x?c='+document.cookie)</script></body></html>\n"
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_HEAD = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
TRAVERSAL = "../../etc/passwd.pdf"


def html_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("report.pdf", HTML, content_type="application/pdf")


def polyglot() -> SimpleUploadedFile:
    return SimpleUploadedFile("notice.pdf", POLYGLOT, content_type="text/html")


def oversized_png(limit: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "photo.png", PNG_HEAD + b"\x00" * (limit + 1 - len(PNG_HEAD)), content_type="image/png"
    )


def traversal_pdf() -> SimpleUploadedFile:
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    upload.name = TRAVERSAL  # as a hostile client (or a careless caller) would send it, unsanitised
    return upload


def assert_stored_inside_media(field_file, media_root) -> None:
    """The stored file lies inside MEDIA_ROOT under a name without the uploader's folders."""
    root = Path(media_root).resolve()
    stored = Path(field_file.path).resolve()
    assert stored.is_relative_to(root), stored
    assert ".." not in field_file.name and "etc/passwd" not in field_file.name
    assert not (root / TRAVERSAL).resolve().exists()


def assert_served_as_pdf_attachment(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
