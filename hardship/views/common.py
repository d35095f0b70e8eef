"""Helpers shared by the views of hardship relief: ID display, downloads and strict query parameters."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpResponse

from unionhome import downloads, permissions
from unionhome.masking import mask_id_number

from ..models import Application

State = Application.State


def _id_display(user, record):
    """Full ID numbers for those granted them (``hardship.see_full_ids``), masked for the others."""
    full = permissions.allowed(user, "hardship.see_full_ids", record)
    return lambda number: number if full else mask_id_number(number)


def _download(content: bytes, label, content_type: str, slug: str) -> HttpResponse:
    """A generated document saved as ``<label>-<date>.<ext>`` (``unionhome.downloads``)."""
    ext = "pdf" if content_type == downloads.PDF else "xlsx"
    return downloads.content_response(content, label=label, content_type=content_type, ext=ext, slug=slug)


def _query(request, name: str) -> str | None:
    """One query parameter, given at most once (twice is a bad request, never a guess)."""
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} given twice")
    return values[0] if values else None


def _choice(request, name: str, values, default: str = "") -> str:
    """``?<name>=``: absent or empty (the default) or one of ``values``; anything else is a bad
    request (400), never a wider list than asked for."""
    value = _query(request, name)
    if not value:
        return default
    if value not in values:
        raise BadRequest(f"unknown {name}")
    return value
