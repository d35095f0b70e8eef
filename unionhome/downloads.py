"""File downloads: the name a browser saves a file under is made by the system, never the uploader.

Every view that returns a file (an upload, an attachment, a generated export or report) builds its
response here. The saved name is ``<kind>-<date>.<ext>``: the document kind's label, the upload or
generation date, and the extension of the content type (for an upload, the type its first bytes
show, by the ``filetype`` package, as the upload checks do). The uploader's own file name is at most
a display label on the page, cleaned on input by ``display_name``.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone

from unionhome.forms import clean_text

OCTET_STREAM = "application/octet-stream"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
DISPLAY_NAME_MAX = 150
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def display_name(name) -> str:
    """The uploader's file name as a display label: its last part (no folders), without control,
    bidirectional or zero-width characters and leading dots, at most 150 characters."""
    last = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return clean_text(last).strip().lstrip(".")[-DISPLAY_NAME_MAX:]


def sniffed_type(head: bytes) -> tuple[str, str]:
    """The (content type, extension) the first bytes of a file show; unknown: a binary ``bin``."""
    import filetype

    kind = filetype.guess(head)
    if kind is None:
        return OCTET_STREAM, "bin"
    return kind.mime, kind.extension


def _date_of(on) -> dt.date:
    if on is None:
        return timezone.localdate()
    if isinstance(on, dt.datetime):
        return timezone.localtime(on).date() if timezone.is_aware(on) else on.date()
    return on


def content_disposition(label, *, ext: str, on=None, slug: str = "", inline: bool = False) -> str:
    """``attachment; filename="<ascii>"; filename*=UTF-8''<label>-<date>.<ext>``.

    ``label`` is the document kind's label (translated, may be Chinese), ``slug`` an ASCII word for
    browsers that ignore ``filename*`` (by default the label's ASCII letters, else "file")."""
    day = f"{_date_of(on):%Y%m%d}"
    ext = _NOT_ASCII_NAME.sub("", ext).strip(".") or "bin"
    label = clean_text(str(label)).replace("/", "-").strip() or "file"
    ascii_slug = _NOT_ASCII_NAME.sub("-", slug or label).strip("-._") or "file"
    disposition = "inline" if inline else "attachment"
    return (
        f'{disposition}; filename="{ascii_slug}-{day}.{ext}"; '
        f"filename*=UTF-8''{quote(f'{label}-{day}.{ext}', safe='')}"
    )


def _secure(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def content_response(
    content: bytes, *, label, content_type: str, ext: str, on=None, slug: str = "", inline: bool = False
) -> HttpResponse:
    """A file the system generated (an export, a report, a PDF) under a system-made name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(label, ext=ext, on=on, slug=slug, inline=inline)
    return _secure(response)


def file_response(
    file, *, label, on=None, slug: str = "", inline: bool = False, written_as: tuple[str, str] | None = None
) -> FileResponse:
    """A stored file (a ``FieldFile`` or a ``pathlib.Path``) under a system-made name, served with
    the content type its first bytes show (404 when the file is gone). ``written_as``: the (content
    type, extension) of a file the system wrote itself, which needs no sniffing."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    if written_as:
        content_type, ext = written_as
    else:
        head = handle.read(8192)
        handle.seek(0)
        content_type, ext = sniffed_type(head)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(label, ext=ext, on=on, slug=slug, inline=inline)
    return _secure(response)
