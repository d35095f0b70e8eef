"""The home page, the dashboard and the pages of the organisation tree (thin: parse, call, render)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome.exceptions import PermissionRefused
from unionhome.permissions import allowed, require
from unionhome.web import office_required, run_service, say_done

from .. import rules, selectors, services
from ..forms.tree import BranchCloseForm, BranchCreateForm, BranchMoveForm, BranchRenameForm
from ..models import Branch
from ..selectors import federation

CHILDREN_PAGE_SIZE = 50  # the units below a unit, one page at a time


@office_required
def branch_detail(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    stats = selectors.stats_of(request.user, branch)
    below = federation.LevelRows(branch, "path", include_closed=True)  # closed units listed too
    children = below.page(request, size=CHILDREN_PAGE_SIZE, name="branches.children")
    return render(
        request,
        "branches/branch_detail.html",
        {
            "branch": branch,
            "stats": stats,
            "children": children,
            "appointments": selectors.appointments_at(branch),
            "transfer_flow": selectors.transfer_flow(paths=[branch.path], today=timezone.localdate()),
            "transfers": selectors.unit_transfers(branch)[:50],
            "may_add": bool(rules.CHILD_KINDS[branch.kind])
            and allowed(request.user, "branches.create_unit", branch),
            "may_change": allowed(request.user, "branches.change_unit", branch),
            "thresholds": settings.UNIONHOME,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def branch_create(request, pk):
    parent = selectors.branch_in_scope(request.user, pk)
    require(request.user, "branches.create_unit", parent)
    kinds = rules.CHILD_KINDS[parent.kind]
    if not kinds:  # a union group holds no units
        raise PermissionRefused(_("You do not have permission to do this."))
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
    require(request.user, "branches.change_unit", branch)
    form = form_class(
        request.POST or None,
        initial=initial(branch) if initial else None,
        **(form_kwargs(request, branch) if form_kwargs else {}),
    )
    if request.method == "POST" and form.is_valid():
        _result, ok = run_service(request, service, actor=request.user, branch=branch, **form.cleaned_data)
        if ok:
            branch.refresh_from_db()
            say_done(request, _("Saved"), branch.name)
            return redirect("branches:branch_detail", pk=branch.pk)
    return render(
        request, "branches/form.html", {"form": form, "title": f"{title}: {branch.name}", "back": branch}
    )


@office_required
@require_http_methods(["GET", "POST"])
def branch_rename(request, pk):
    return _node_form_view(
        request,
        pk,
        BranchRenameForm,
        services.branch_rename,
        _("Rename"),
        form_kwargs=lambda _request, b: {"version": b.version},
        initial=lambda b: {"name": b.name},
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
