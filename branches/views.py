"""Officer workspace and portal pages of the organisation and roster (thin: parse, call, render)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome import scope
from unionhome.models import AccessLog
from unionhome.web import office_required, portal_required, run_service

from . import selectors, services
from .forms import (
    BranchCloseForm,
    BranchCreateForm,
    BranchMoveForm,
    BranchRenameForm,
    LeaveForm,
    RosterFilter,
    WorkerForm,
)
from .models import Branch, Worker


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    if scope.is_staff_member(request.user):
        return redirect("branches:dashboard")
    if request.user.worker_id:
        return redirect("portal:profile")
    raise PermissionDenied


# --- dashboard and the tree ------------------------------------------------------------------


@office_required
def dashboard(request):
    rows = selectors.tree_stats(request.user)
    top = [r for r in rows if r.level <= 1]
    chart = {
        "kind": "rates",
        "labels": {"enrolment": _("Enrolment rate"), "cards": _("Card issuance rate")},
        "names": [r.branch.name for r in top],
        "enrolment": [float(r.enrolment_rate * 100) if r.enrolment_rate is not None else None for r in top],
        "cards": [
            float(r.card_issuance_rate * 100) if r.card_issuance_rate is not None else None for r in top
        ],
        "target": float(settings.UNIONHOME["ENROLMENT_TARGET"] * 100),
    }
    return render(
        request,
        "branches/dashboard.html",
        {
            "rows": rows,
            "below": [r for r in rows if r.below_threshold],
            "chart": chart,
            "transfer_flow": selectors.transfer_flow(
                paths=scope.branches_for(request.user), today=timezone.localdate()
            ),
            "thresholds": settings.UNIONHOME,
            "committee_findings": selectors.findings(request.user),
        },
    )


@office_required
def branch_detail(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    rows = selectors.tree_stats(request.user, branch, include_closed=True)
    stats = rows[0]
    return render(
        request,
        "branches/branch_detail.html",
        {
            "branch": branch,
            "stats": stats,
            "children": [r for r in rows if r.level == 1],
            "appointments": selectors.appointments_at(branch),
            "transfer_flow": selectors.transfer_flow(paths=[branch.path], today=timezone.localdate()),
            "transfers": selectors.unit_transfers(branch)[:50],
            "may_add": any(
                services.may_create_child(request.user, branch, k)
                for k in services.rules.CHILD_KINDS[branch.kind]
            ),
            "may_change": services.may_change_node(request.user, branch),
            "thresholds": settings.UNIONHOME,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def branch_create(request, pk):
    parent = selectors.branch_in_scope(request.user, pk)
    kinds = [
        k
        for k in services.rules.CHILD_KINDS[parent.kind]
        if services.may_create_child(request.user, parent, k)
    ]
    if not kinds:
        raise PermissionDenied
    form = BranchCreateForm(request.POST or None, parent=parent)
    form.fields["kind"].choices = [(k, Branch.Kind(k).label) for k in kinds]
    if request.method == "POST" and form.is_valid():
        node, ok = run_service(
            request, services.branch_create, actor=request.user, parent=parent, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Unit %(name)s created.") % {"name": node.name})
            return redirect(node)
    return render(
        request,
        "branches/form.html",
        {"form": form, "title": _("New unit under %(name)s") % {"name": parent.name}, "back": parent},
    )


def _node_form_view(request, pk, form_class, service, title, *, form_kwargs=None, initial=None):
    branch = selectors.branch_in_scope(request.user, pk)
    if not services.may_change_node(request.user, branch):
        raise PermissionDenied
    form = form_class(
        request.POST or None,
        initial=initial(branch) if initial else None,
        **(form_kwargs(request, branch) if form_kwargs else {}),
    )
    if request.method == "POST" and form.is_valid():
        _result, ok = run_service(request, service, actor=request.user, branch=branch, **form.cleaned_data)
        if ok:
            messages.success(request, _("Saved."))
            return redirect("branches:branch_detail", pk=branch.pk)
    return render(
        request, "branches/form.html", {"form": form, "title": f"{title}: {branch.name}", "back": branch}
    )


@office_required
@require_http_methods(["GET", "POST"])
def branch_rename(request, pk):
    return _node_form_view(
        request, pk, BranchRenameForm, services.branch_rename, _("Rename"), initial=lambda b: {"name": b.name}
    )


def _move_targets(request, branch):
    return {"targets": selectors.move_targets(request.user, branch)}


@office_required
@require_http_methods(["GET", "POST"])
def branch_move(request, pk):
    return _node_form_view(
        request, pk, BranchMoveForm, services.branch_move, _("Move"), form_kwargs=_move_targets
    )


@office_required
@require_http_methods(["GET", "POST"])
def branch_close(request, pk):
    return _node_form_view(
        request,
        pk,
        BranchCloseForm,
        services.branch_close,
        _("Close unit"),
        initial=lambda b: {"closed_on": timezone.localdate()},
    )


# --- the roster ------------------------------------------------------------------------------


def _id_display(request, worker: Worker) -> str:
    if scope.may_see_full_ids(request.user, worker.branch.path):
        return worker.id_number
    return worker.masked_id_number


@office_required
def roster(request):
    branches = selectors.visible_branches(request.user)
    queryset = selectors.workers(request.user)
    flt = RosterFilter(request.GET or None, queryset=queryset, branches=branches)
    page = Paginator(flt.qs, settings.UNIONHOME["ROSTER_PAGE_SIZE"]).get_page(request.GET.get("page"))
    full_paths = [p for p in scope.branches_for(request.user) if scope.may_see_full_ids(request.user, p)]
    for worker in page.object_list:
        worker.id_display = (
            worker.id_number
            if any(worker.branch.path.startswith(p) for p in full_paths)
            else worker.masked_id_number
        )
    query = request.GET.copy()
    query.pop("page", None)
    may_add = any(
        services.may_manage_roster(request.user, a.branch) for a in scope.active_appointments(request.user)
    )
    may_add = may_add or scope.is_admin(request.user)
    return render(
        request,
        "branches/roster.html",
        {"filter": flt, "page": page, "query": query.urlencode(), "may_add": may_add},
    )


@office_required
def worker_detail(request, pk):
    worker = selectors.worker_in_scope(request.user, pk)
    return render(
        request,
        "branches/worker_detail.html",
        {
            "worker": worker,
            "id_display": _id_display(request, worker),
            "may_edit": services.may_manage_roster(request.user, worker.branch),
            "transfers": selectors.worker_transfers(worker),
        },
    )


def _manageable_branches(request):
    return selectors.roster_units(request.user)


@office_required
@require_http_methods(["GET", "POST"])
def worker_create(request):
    branches = _manageable_branches(request)
    if not branches.exists():
        raise PermissionDenied
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
    if not services.may_manage_roster(request.user, worker.branch):
        raise PermissionDenied
    form = WorkerForm(request.POST or None, instance=worker, branches=_manageable_branches(request))
    if not scope.may_see_full_ids(request.user, worker.branch.path):
        del form.fields["id_number"]  # a masked role neither sees nor changes the full number
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        branch = data.pop("branch")
        worker = selectors.worker_in_scope(request.user, pk)  # fresh copy: the form mutated the instance
        _result, ok = run_service(
            request, services.worker_update, actor=request.user, worker=worker, branch=branch, **data
        )
        if ok:
            messages.success(request, _("Saved."))
            return redirect("branches:worker_detail", pk=pk)
    return render(
        request, "branches/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": worker.name}}
    )


@office_required
@require_http_methods(["GET", "POST"])
def worker_leave(request, pk):
    worker = selectors.worker_in_scope(request.user, pk)
    if not services.may_manage_roster(request.user, worker.branch):
        raise PermissionDenied
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


# --- the worker portal -----------------------------------------------------------------------


@portal_required
def portal_profile(request):
    worker = selectors.own_worker(request.user)
    return render(
        request,
        "portal/profile.html",
        {"worker": worker, "open_transfers": [t for t in selectors.own_transfers(request.user) if t.is_open]},
    )


# --- the trails ------------------------------------------------------------------------------


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
