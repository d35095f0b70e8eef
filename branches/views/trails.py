"""The access log and the audit trail of the user's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from unionhome import scope
from unionhome.models import AccessLog
from unionhome.web import office_required

from .. import selectors


def _trail(request, queryset, template, *, kinds=None):
    kind = request.GET.get("kind", "")
    if kinds and kind in dict(kinds):
        queryset = queryset.filter(kind=kind)
    page = Paginator(queryset.order_by("-at", "-id"), 100).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "kinds": kinds, "kind": kind})


@office_required
def access_log(request):
    if not scope.branches_for(request.user, scope.Role.UNION_OFFICER, scope.Role.DISTRICT_REVIEWER):
        raise PermissionDenied
    return _trail(
        request, selectors.access_log(request.user), "branches/access_log.html", kinds=AccessLog.Kind.choices
    )


@office_required
def audit_trail(request):
    return _trail(request, selectors.audit_trail(request.user), "branches/audit_trail.html")
