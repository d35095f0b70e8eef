"""Helpers shared by the views of hardship relief."""

from __future__ import annotations

from django.http import HttpResponse

from branches import rules as branch_rules
from unionhome import scope

from ..models import Application

State = Application.State


def _id_display(user, path: str):
    full = scope.may_see_full_ids(user, path)
    return lambda number: number if full else branch_rules.mask_id_number(number)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
