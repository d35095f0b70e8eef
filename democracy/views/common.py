"""Helpers shared by the officer views of democratic management."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import permissions
from unionhome.web import run_service

from .. import selectors

# The years a page may be asked for (?year=): anything else is ignored, with a message.
FIRST_YEAR, LAST_YEAR = 1949, 2100


def _form_page(request, form, title, back=None, *, multipart=False):
    if multipart:
        form.helper.form_tag = True
        form.helper.attrs = {"enctype": "multipart/form-data"}
    return render(request, "democracy/form.html", {"form": form, "title": title, "back": back})


def _create_page(request, form, service, detail: str, title):
    """A "new ..." page: on a valid POST call the service, then open the new record's page."""
    if request.method == "POST" and form.is_valid():
        created, ok = run_service(request, service, actor=request.user, **form.cleaned_data)
        if ok:
            return redirect(detail, pk=created.pk)
    return _form_page(request, form, title)


def _managed(request, name: str = "democracy.manage_congress"):
    """The enterprises the user manages, for a page that creates a record under ``name``."""
    permissions.require(request.user, name)
    return selectors.managed_enterprises(request.user, name)


def _year(request) -> int:
    """``?year=``: a year of four digits in range; anything else is ignored (this year, with a message)."""
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "").strip()
    if not raw:
        return this_year
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    messages.warning(
        request, _("“%(value)s” is not a year; showing %(year)s.") % {"value": raw[:20], "year": this_year}
    )
    return this_year


def _choice(request, name: str, values) -> str:
    """``?<name>=``: empty (no filter) or one of ``values``; any other value is a bad request (400)."""
    value = request.GET.get(name, "")
    if value and value not in values:
        raise BadRequest(f"unknown {name}")
    return value
