"""The roster list and the pages of one worker: added, seen, edited, marked as left."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome import paging
from unionhome.permissions import allowed, require
from unionhome.web import office_required, run_service, say_done

from .. import selectors, services
from ..forms.roster import LeaveForm, RosterFilter, WorkerForm
from ..models import Worker


def _id_display(request, worker: Worker) -> str:
    if allowed(request.user, "branches.see_full_ids", worker):
        return worker.id_number
    return worker.masked_id_number


# The roster's order: unit by its place in the tree, name, id; served by the index on
# (branch, name, id) below each unit (docs/ARCHITECTURE.md, "Lists and pagination").
ROSTER_ORDER = ("branch__path", "name", "id")


@office_required
def roster(request):
    branches = selectors.visible_branches(request.user)
    queryset = selectors.workers(request.user)
    flt = RosterFilter(request.GET or None, queryset=queryset, branches=branches)
    page = paging.page(
        request,
        flt.qs,
        order=ROSTER_ORDER,
        name="branches.roster",
        size=settings.UNIONHOME["ROSTER_PAGE_SIZE"],
        total=lambda: selectors.roster_total(request.user, flt),
    )
    for worker in page.object_list:
        worker.id_display = _id_display(request, worker)
    return render(request, "branches/roster.html", {"filter": flt, "page": page, "query": page.query})


@office_required
def worker_detail(request, pk):
    worker = selectors.worker_in_scope(request.user, pk)
    return render(
        request,
        "branches/worker_detail.html",
        {
            "worker": worker,
            "id_display": _id_display(request, worker),
            "may_edit": allowed(request.user, "branches.manage_roster", worker.branch),
            "transfers": selectors.worker_transfers(worker),
        },
    )


def _manageable_branches(request):
    return selectors.roster_units(request.user)


@office_required
@require_http_methods(["GET", "POST"])
def worker_create(request):
    require(request.user, "branches.manage_roster")
    branches = _manageable_branches(request)
    form = WorkerForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        branch = data.pop("branch")
        worker, ok = run_service(request, services.worker_create, actor=request.user, branch=branch, **data)
        if ok:
            messages.success(request, _("%(name)s added to the roster.") % {"name": worker.name})
            return redirect(worker)
    return render(request, "branches/form.html", {"form": form, "title": _("Add a worker")})


@office_required
@require_http_methods(["GET", "POST"])
def worker_edit(request, pk):
    worker = selectors.worker_in_scope(request.user, pk)
    require(request.user, "branches.manage_roster", worker.branch)
    form = WorkerForm(request.POST or None, instance=worker, branches=_manageable_branches(request))
    if not allowed(request.user, "branches.see_full_ids", worker):
        del form.fields["id_number"]  # a masked role neither sees nor changes the full number
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        branch = data.pop("branch")
        worker = selectors.worker_in_scope(request.user, pk)  # fresh copy: the form mutated the instance
        _result, ok = run_service(
            request, services.worker_update, actor=request.user, worker=worker, branch=branch, **data
        )
        if ok:
            say_done(request, _("Saved"), _("the member information of %(name)s") % {"name": worker.name})
            return redirect("branches:worker_detail", pk=pk)
    return render(
        request, "branches/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": worker.name}}
    )


@office_required
@require_http_methods(["GET", "POST"])
def worker_leave(request, pk):
    worker = selectors.worker_in_scope(request.user, pk)
    require(request.user, "branches.manage_roster", worker.branch)
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        _result, ok = run_service(
            request, services.worker_leave, actor=request.user, worker=worker, **form.cleaned_data
        )
        if ok:
            messages.success(
                request,
                _("%(name)s is marked as no longer active; the record is kept.") % {"name": worker.name},
            )
            return redirect("branches:worker_detail", pk=pk)
    return render(
        request,
        "branches/form.html",
        {"form": form, "title": _("Mark %(name)s as left") % {"name": worker.name}},
    )
