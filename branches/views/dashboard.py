"""The dashboard of every office user, built to scale to a federation of hundreds of enterprises:
one level of the tree at a time (drilled down with htmx, or by following a unit), searched by name
or code, sorted on the server and paged; findings grouped by kind, each with its filtered list."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhome import paging, scope
from unionhome.masking import mask_numbers_in
from unionhome.params import query_int
from unionhome.permissions import allowed
from unionhome.web import office_required, run_service, say_done

from .. import selectors, services, tasks
from ..selectors import federation

PAGE_SIZE = 25
FINDINGS_PAGE_SIZE = 50
QUERY_MAX = 60
LEVEL_MAX = 32


def _text(request, name: str) -> str:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} given twice")
    return (values[0] if values else "").strip()[:QUERY_MAX]


def _sort(request) -> str:
    """``?sort=``: absent (by code) or a known column with an optional "-"; else a bad request."""
    value = _text(request, "sort")
    if value and federation.parse_sort(value) != value:
        raise BadRequest("unknown sort")
    return value or federation.DEFAULT_SORT


def _chart(rows) -> dict:
    return {
        "kind": "rates",
        "labels": {"enrolment": _("Enrolment rate"), "cards": _("Card issuance rate")},
        "names": [r.branch.name for r in rows],
        "enrolment": [float(r.enrolment_rate * 100) if r.enrolment_rate is not None else None for r in rows],
        "cards": [
            float(r.card_issuance_rate * 100) if r.card_issuance_rate is not None else None for r in rows
        ],
        "target": float(settings.UNIONHOME["ENROLMENT_TARGET"] * 100),
    }


def _table_run(user) -> tuple[bool, object]:
    """Whether the user's scope is large, and the finished run whose table serves its findings;
    no run: they are computed on this request (a scope of at most ``FINDINGS_LIVE_MAX_UNITS``
    units, or no run finished yet: one is queued)."""
    if not federation.scope_is_large(user):
        return False, None
    run = federation.findings_run()
    if run is None and federation.findings_pending() is None:
        tasks.enqueue_findings_refresh(services.queue_run())
    return True, run


def _findings_state(user, large: bool, run) -> dict:
    """When the findings shown were computed, whether a computation is under way or failed (and
    why, its numbers masked, for whoever may ask for another), and whether the user may ask."""
    failed = federation.findings_failure(run) if large else None
    may_refresh = allowed(user, "branches.refresh_findings")
    return {
        "findings_run": run,
        "findings_pending": federation.findings_pending() if run else None,
        "findings_failed": failed,
        "findings_failed_reason": mask_numbers_in(failed.reason) if failed and may_refresh else "",
        "may_refresh_findings": may_refresh,
    }


@office_required
def dashboard(request):
    user = request.user
    sort, query = _sort(request), _text(request, "q")
    node_pk = query_int(request, "node")
    tops = federation.scope_top(user)
    node = selectors.branch_in_scope(user, node_pk) if node_pk is not None else None
    if node is None and len(tops) == 1:
        node = tops[0]
    more = False
    if query:
        found, more = federation.search_rows(user, query, sort)
        page = federation.page_rows(request, found, sort, name="branches.search", size=PAGE_SIZE)
    else:
        page = federation.level_page(request, user, node, sort, size=PAGE_SIZE)
    current = selectors.stats_of(user, node) if node is not None else None
    large, run = _table_run(user)
    groups = (
        federation.table_groups(user) if run else federation.group_findings(federation.all_findings(user))
    )
    return render(
        request,
        "branches/dashboard.html",
        {
            "node": node,
            "current": current,
            "crumbs": federation.breadcrumbs(user, node) if node is not None else [],
            "page": page,
            "rows": ([current] if current else []) + list(page.object_list),
            "query": query,
            "sort": sort,
            "search_more": more,
            "chart": _chart(page.object_list),
            "groups": groups,
            **_findings_state(user, large, run),
            "transfer_flow": selectors.transfer_flow(
                paths=scope.branches_for(user), today=timezone.localdate()
            ),
            "thresholds": settings.UNIONHOME,
        },
    )


@office_required
def dashboard_units(request, pk):
    """The children of one unit as table rows (htmx): the unit's own row, opened, then one page of
    its children; a later page (``?cursor=``) is only the children and the link to the next."""
    node = selectors.branch_in_scope(request.user, pk)
    sort = _sort(request)
    page = federation.level_page(request, request.user, node, sort, size=PAGE_SIZE)
    level = query_int(request, "level", 1, low=1, high=LEVEL_MAX)  # the indent of the children
    return render(
        request,
        "branches/_dashboard_units.html",
        {
            "node": node,
            "opened": selectors.stats_of(request.user, node) if not page.has_previous else None,
            "page": page,
            "level": level,
            "sort": sort,
            "thresholds": settings.UNIONHOME,
        },
    )


@office_required
def findings_list(request):
    """Every finding of one kind in the user's scope, searchable by unit, paged."""
    labels = federation.finding_labels()
    kind = _text(request, "kind")
    if kind not in labels:
        raise BadRequest("unknown kind")
    query = _text(request, "q")
    large, run = _table_run(request.user)
    name = f"branches.findings.{kind}"
    if run:
        found = federation.table_findings_of_kind(request.user, kind, query)
        page = paging.page(request, found, order=federation.TABLE_ORDER, name=name, size=FINDINGS_PAGE_SIZE)
    else:  # a small scope's, computed on this request: bounded by FINDINGS_LIVE_MAX_UNITS
        numbered = list(enumerate(federation.findings_of_kind(request.user, kind, query)))
        page = paging.page_list(
            request,
            numbered,
            key=lambda row: (row[1].branch.path, row[0]),
            descending=(False, False),
            name=name,
            size=FINDINGS_PAGE_SIZE,
            load=lambda rows: [finding for _n, finding in rows],
        )
    return render(
        request,
        "branches/findings_list.html",
        {
            "kind": kind,
            "label": labels[kind],
            "query": query,
            "page": page,
            **_findings_state(request.user, large, run),
        },
    )


@office_required
@require_POST
def findings_refresh(request):
    """A reviewer asks for every finding to be computed again now (in the background)."""
    run, ok = run_service(request, services.findings_refresh_request, actor=request.user)
    if ok and tasks.enqueue_findings_refresh(run):
        say_done(request, _("Computation queued"), _("findings of the dashboard"))
    elif ok:
        messages.error(request, services.broker_down_message())
    return redirect(_back_to_findings(request))


def _back_to_findings(request) -> str:
    """The page the button was pressed on (``next``: the dashboard or a findings list, with its
    query), else the dashboard; any other target is ignored."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        try:
            match = resolve(urlsplit(target).path)
        except Resolver404:
            match = None
        if match is not None and match.view_name in ("branches:dashboard", "branches:findings_list"):
            return target
    return reverse("branches:dashboard")
