"""Officer views of hardship-relief campaigns."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import scope
from unionhome.web import office_required, run_service

from .. import rules, selectors, services
from ..forms import CampaignForm
from .common import State


@office_required
def index(request):
    campaigns = list(selectors.campaigns_for(request.user))
    for c in campaigns:
        c.limits = rules.limits(c.line)
    return render(
        request,
        "hardship/index.html",
        {
            "campaigns": campaigns,
            "may_create": selectors.districts_for(request.user).exists(),
            "may_see_log": selectors.may_see_access_log(request.user),
            "notifications": selectors.notifications_for(request.user, limit=10),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    district = selectors.districts_for(request.user).first()
    if district is None:
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign, ok = run_service(
            request, services.campaign_create, actor=request.user, district=district, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Campaign created."))
            return redirect("hardship:campaign_detail", pk=campaign.pk)
    return render(request, "hardship/form.html", {"form": form, "title": _("New relief campaign")})


@office_required
def campaign_detail(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    qs = selectors.applications_for(request.user).filter(campaign=campaign)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("enterprise__path", "branch__path", "worker__name"), 50).get_page(
        request.GET.get("page")
    )
    display = {p: scope.may_see_full_ids(request.user, p) for p in scope.branches_for(request.user)}
    for a in page.object_list:
        full = any(a.branch.path.startswith(p) and ok for p, ok in display.items()) or scope.is_admin(
            request.user
        )
        a.id_display = a.worker.id_number if full else a.worker.masked_id_number
    enterprises = list(selectors.enterprises_of_user(request.user, campaign))
    officer_enterprises = [
        e for e in enterprises if scope.covers(request.user, e.path, scope.Role.UNION_OFFICER)
    ]
    return render(
        request,
        "hardship/campaign_detail.html",
        {
            "campaign": campaign,
            "limits": rules.limits(campaign.line),
            "page": page,
            "state": state,
            "states": State.choices,
            "enterprises": enterprises,
            "officer_enterprises": officer_enterprises,
            "is_district": services.may_create_campaign(request.user, campaign.branch),
            "may_enter_paper": bool(
                scope.branches_for(request.user, scope.Role.UNION_OFFICER, scope.Role.BRANCH_OFFICER)
            ),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    if not services.may_create_campaign(request.user, campaign.branch):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=campaign, submit_label=_("Save"))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        _r, ok = run_service(request, services.campaign_update, actor=request.user, campaign=campaign, **data)
        if ok:
            messages.success(request, _("Saved."))
            return redirect("hardship:campaign_detail", pk=pk)
    return render(request, "hardship/form.html", {"form": form, "title": campaign.name})


@office_required
@require_POST
def campaign_close(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    _r, ok = run_service(request, services.campaign_close, actor=request.user, campaign=campaign)
    if ok:
        messages.success(request, _("The campaign is closed."))
    return redirect("hardship:campaign_detail", pk=pk)


@office_required
@require_POST
def campaign_reopen(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    _r, ok = run_service(request, services.campaign_reopen, actor=request.user, campaign=campaign)
    if ok:
        messages.success(request, _("The campaign is open again; late reports are accepted."))
    return redirect("hardship:campaign_detail", pk=pk)
