"""The audit trail (操作记录) and the access log (查阅记录) pages of the office."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from unionhome import paging, permissions, records
from unionhome.models import AccessLog
from unionhome.web import office_required

PAGE_SIZE = 50


# Newest first, on the index (at, id) of each table: keyset pages (docs/ARCHITECTURE.md).
ORDER = ("-at", "-id")


def _page(request, queryset, filters, name):
    page = paging.page(request, queryset, order=ORDER, name=name, size=PAGE_SIZE)
    return page, filters.querystring()


@office_required
def audit_trail(request):
    permissions.require(request.user, "unionhome.read_audit_trail")
    readable = records.audit_events(request.user)
    filters = records.Filters.from_query(request.GET)
    page, query = _page(request, records.filter_events(readable, filters), filters, "unionhome.audit_trail")
    return render(
        request,
        "records/audit_trail.html",
        {
            "page": page,
            "rows": records.present_events(page.object_list),
            "filters": filters,
            "query": query,
            "kinds": records.kind_choices(readable),
            "actions": records.action_choices(readable),
        },
    )


@office_required
def access_log(request):
    if not permissions.allowed(request.user, "unionhome.read_access_log"):
        raise PermissionDenied
    filters = records.Filters.from_query(request.GET)
    page, query = _page(
        request,
        records.filter_access(records.access_entries(request.user), filters),
        filters,
        "unionhome.access_log",
    )
    return render(
        request,
        "records/access_log.html",
        {
            "page": page,
            "rows": records.present_access(page.object_list),
            "filters": filters,
            "query": query,
            "kinds": AccessLog.Kind.choices,
        },
    )
