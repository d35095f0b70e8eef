"""Committees, terms and seats pages, the term calendar, the committee rosters' export, the portal's
view (thin: parse, call, render)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome import audit, paging, params
from unionhome.documents import sheets
from unionhome.models import AccessLog
from unionhome.permissions import allowed, require
from unionhome.replica import for_reports
from unionhome.web import office_required, portal_required, run_service, say_done

from .. import documents, selectors, services
from ..forms.committees import CommitteeForm, EndForm, SeatForm, TermEditForm, TermForm
from ..models import Committee
from ..selectors import federation
from ._common import _form_page


def _to_committees(branch_pk):
    return redirect("branches:unit_committees", pk=branch_pk)


@office_required
def unit_committees(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    committees = selectors.unit_committees(branch)
    have = {c.kind for c in committees}
    return render(
        request,
        "branches/committees/unit_committees.html",
        {
            "branch": branch,
            "committees": committees,
            "may_manage": allowed(request.user, "branches.manage_committees", branch) and branch.is_active,
            "may_add": any(k not in have for k in Committee.Kind.values),
            "findings": selectors.unit_findings(request.user, branch),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def committee_create(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    require(request.user, "branches.manage_committees", branch)
    have = {c.kind for c in selectors.unit_committees(branch)}
    form = CommitteeForm(request.POST or None, kinds=[k for k in Committee.Kind.values if k not in have])
    if request.method == "POST" and form.is_valid():
        committee, ok = run_service(
            request, services.committee_create, actor=request.user, branch=branch, **form.cleaned_data
        )
        if ok:
            say_done(request, _("Added"), str(committee))
            return _to_committees(branch.pk)
    return _form_page(request, form, _("New committee: %(unit)s") % {"unit": branch.name}, branch)


@office_required
@require_http_methods(["GET", "POST"])
def term_create(request, pk):
    committee = selectors.committee_in_scope(request.user, pk)
    require(request.user, "branches.manage_committees", committee.branch)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term, ok = run_service(
            request, services.term_create, actor=request.user, committee=committee, **form.cleaned_data
        )
        if ok:
            say_done(request, _("Election recorded"), str(term))
            return _to_committees(committee.branch_id)
    return _form_page(
        request, form, _("Record an election: %(committee)s") % {"committee": committee}, committee.branch
    )


@office_required
@require_http_methods(["GET", "POST"])
def term_edit(request, pk):
    term = selectors.term_in_scope(request.user, pk)
    branch = term.committee.branch
    require(request.user, "branches.manage_committees", branch)
    form = TermEditForm(
        request.POST or None,
        initial={"elected_on": term.elected_on, "start": term.start, "end": term.end},
        version=term.version,
    )
    if request.method == "POST" and form.is_valid():
        _t, ok = run_service(
            request, services.term_update, actor=request.user, term=term, **form.cleaned_data
        )
        if ok:
            say_done(
                request,
                _("Saved"),
                _("term %(number)s of the %(committee)s of %(unit)s")
                % {
                    "number": term.number,
                    "committee": term.committee.get_kind_display(),
                    "unit": branch.name,
                },
            )
            return _to_committees(branch.pk)
    return _form_page(request, form, str(term), branch)


@office_required
@require_http_methods(["GET", "POST"])
def seat_create(request, pk):
    term = selectors.term_in_scope(request.user, pk)
    branch = term.committee.branch
    require(request.user, "branches.manage_committees", branch)
    form = SeatForm(request.POST or None, workers=selectors.seat_candidates(branch), unit=branch)
    if request.method == "POST" and form.is_valid():
        seat, ok = run_service(
            request, services.seat_create, actor=request.user, term=term, **form.cleaned_data
        )
        if ok:
            say_done(request, _("Added"), str(seat))
            return _to_committees(branch.pk)
    return _form_page(request, form, _("New seat: %(term)s") % {"term": term}, branch)


@office_required
@require_http_methods(["GET", "POST"])
def seat_end(request, pk):
    seat = selectors.seat_in_scope(request.user, pk)
    branch = seat.term.committee.branch
    require(request.user, "branches.manage_committees", branch)
    form = EndForm(request.POST or None, initial={"end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        _s, ok = run_service(request, services.seat_end, actor=request.user, seat=seat, **form.cleaned_data)
        if ok:
            say_done(request, _("Seat ended"), str(seat))
            return _to_committees(branch.pk)
    return _form_page(request, form, _("End the seat of %(seat)s") % {"seat": seat}, branch)


# Committees per page of each list of the term calendar.
TERM_CALENDAR_PAGE = 100


def _calendar_lists(request, today: dt.date, first: dt.date, last: dt.date) -> tuple:
    """The overdue and the upcoming page (keyset: ``?overdue=`` and ``?upcoming=``), the terms
    ending per month from ``first`` to ``last`` and the refresh whose rows were read (None: live).
    A scope of more than ``FINDINGS_LIVE_MAX_UNITS`` open units reads the table the findings
    refresh keeps, once one has finished (docs/SCALING.md, "The term calendar's committees")."""
    user = request.user
    run = federation.findings_run() if federation.scope_is_large(user) else None
    if run is not None:
        records = selectors.table_committees(user).select_related("committee__branch")
        order, name = selectors.TABLE_ORDER, "branches.term_calendar.table"
        overdue = selectors.table_overdue(records, today=today)
        upcoming = selectors.table_ending_from(records, first)
        per_month = selectors.term_ends_by_month(records, first, last)
    else:
        committees = selectors.term_calendar_committees(user, today=today)
        order, name = selectors.LIVE_ORDER, "branches.term_calendar"
        overdue = selectors.overdue_committees(committees, today=today)
        upcoming = selectors.committees_ending_from(committees, first)
        per_month = selectors.term_ends_by_month(committees, first, last)
    overdue_page = paging.page(
        request, overdue, order=order, name=f"{name}.overdue", size=TERM_CALENDAR_PAGE, param="overdue"
    )
    upcoming_page = paging.page(
        request, upcoming, order=order, name=f"{name}.upcoming", size=TERM_CALENDAR_PAGE, param="upcoming"
    )
    if run is not None:
        for page in (overdue_page, upcoming_page):
            page.object_list = [record.committee for record in page.object_list]
    return overdue_page, upcoming_page, per_month, run


@office_required
def term_calendar(request):
    """Overdue and upcoming term ends of the committees in scope, each list a keyset page, and the
    terms ending in each of the next 24 months counted in the database: a fixed number of queries
    and a bounded page whatever the number of units in scope."""
    today = timezone.localdate()
    first = today.replace(day=1)
    horizon = [
        f"{today.year + (today.month - 1 + i) // 12}-{(today.month - 1 + i) % 12 + 1:02d}" for i in range(24)
    ]
    after = dt.date(int(horizon[-1][:4]), int(horizon[-1][5:]), 1)
    last = (after + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    overdue_page, upcoming_page, per_month, run = _calendar_lists(request, today, first, last)
    overdue = selectors.term_ends(list(overdue_page), today=today)
    months: dict[str, list] = {}
    for e in selectors.term_ends(list(upcoming_page), today=today):
        months.setdefault(e.term.end.strftime("%Y-%m"), []).append(e)
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 40, "right": 10, "bottom": 60},
            "xAxis": {"type": "category", "data": horizon, "axisLabel": {"rotate": 45}},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "name": _("Terms ending"),
                    "type": "bar",
                    "data": [per_month.get(m, 0) for m in horizon],
                }
            ],
        },
    }
    return render(
        request,
        "branches/committees/term_calendar.html",
        {
            "overdue": overdue,
            "overdue_page": overdue_page,
            "months": sorted(months.items()),
            "upcoming_page": upcoming_page,
            "chart": chart,
            "due_days": settings.UNIONHOME["TERM_DUE_SOON_DAYS"],
            "run": run,
        },
    )


@office_required
def committee_export(request):
    """Excel of the committee rosters (seats of the terms in force) of the user's scope."""
    root = None
    if (branch := params.query_int(request, "branch")) is not None:
        root = selectors.branch_in_scope(request.user, branch)
    seats = list(for_reports(selectors.committee_roster(request.user, root)))
    content = documents.committee_rosters_xlsx(
        seats, full_ids=lambda worker: allowed(request.user, "branches.see_full_ids", worker)
    )
    audit.access(
        user=request.user,
        kind=AccessLog.Kind.EXPORT,
        object_type="branches.committeeseat",
        branch_path=root.path if root else "",
        detail="committee_rosters",
        count=len(seats),
    )
    return sheets.xlsx_response(content, label=_("Committee rosters"), slug="committee-rosters")


@portal_required
def portal_committees(request):
    worker = selectors.own_worker(request.user)
    units, group = selectors.portal_committees(worker)
    return render(request, "portal/committees.html", {"units": units, "group": group})
