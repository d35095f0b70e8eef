"""The home-building leadership group (建家领导小组) pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome.permissions import allowed, require
from unionhome.web import office_required, run_service, say_done

from .. import selectors, services
from ..forms.leadership import LeadershipForm, LeadershipMemberForm
from ._common import _form_page


@office_required
def leadership(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    return render(
        request,
        "branches/committees/leadership.html",
        {
            "branch": branch,
            "group": selectors.leadership_of(branch),
            "may_manage": allowed(request.user, "branches.manage_committees", branch) and branch.is_active,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def leadership_edit(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    require(request.user, "branches.manage_committees", branch)
    group = selectors.leadership_of(branch)
    initial = (
        {"name": group.name, "established_on": group.established_on, "office": group.office,
         "responsibilities": group.responsibilities}
        if group
        else {"name": _("Home-building leadership group"), "established_on": timezone.localdate()}
    )  # fmt: skip
    form = LeadershipForm(request.POST or None, initial=initial, version=group.version if group else None)
    if request.method == "POST" and form.is_valid():
        _g, ok = run_service(
            request, services.leadership_save, actor=request.user, branch=branch, **form.cleaned_data
        )
        if ok:
            say_done(
                request,
                _("Saved"),
                _("the home-building leadership group of %(unit)s") % {"unit": branch.name},
            )
            return redirect("branches:leadership", pk=branch.pk)
    return _form_page(request, form, _("Leadership group: %(unit)s") % {"unit": branch.name}, branch)


@office_required
@require_http_methods(["GET", "POST"])
def leadership_member_add(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    require(request.user, "branches.manage_committees", branch)
    group = selectors.leadership_of(branch)
    if group is None:
        messages.error(request, _("Set up the leadership group first."))
        return redirect("branches:leadership", pk=branch.pk)
    form = LeadershipMemberForm(request.POST or None, workers=selectors.seat_candidates(branch), unit=branch)
    if request.method == "POST" and form.is_valid():
        _m, ok = run_service(
            request, services.leadership_member_add, actor=request.user, group=group, **form.cleaned_data
        )
        if ok:
            say_done(
                request,
                _("Added"),
                _("%(name)s to %(group)s") % {"name": form.cleaned_data["worker"].name, "group": group},
            )
            return redirect("branches:leadership", pk=branch.pk)
    return _form_page(request, form, _("New member: %(group)s") % {"group": group}, branch)


@office_required
@require_POST
def leadership_member_remove(request, pk):
    member = selectors.leadership_member_in_scope(request.user, pk)
    branch_pk = member.group.branch_id
    _r, ok = run_service(request, services.leadership_member_remove, actor=request.user, member=member)
    if ok:
        say_done(
            request,
            _("Removed"),
            _("%(name)s from %(group)s") % {"name": member.worker.name, "group": member.group},
        )
    return redirect("branches:leadership", pk=branch_pk)
