"""Helpers shared by the officer views of democratic management."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from unionhome.web import run_service

from .. import selectors


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


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


def _managed(request):
    enterprises = selectors.managed_enterprises(request.user)
    _require(bool(enterprises))
    return enterprises


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
