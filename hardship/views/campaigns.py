"""Officer views of hardship-relief campaigns."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import charts, paging, permissions
from unionhome.web import office_required, run_service, say_done

from .. import rules, selectors, services
from ..forms import CampaignForm
from .common import State, _choice

CAMPAIGN_ORDER = ("-year", "-deadline", "-id")  # the index hardship_campaign_order, read backwards
ENTERPRISES_PAGE = 50  # enterprises of a campaign's page (notices and reports), by their path


@office_required
def index(request):
    page = paging.page(
        request, selectors.campaigns_for(request.user), order=CAMPAIGN_ORDER, name="hardship.campaigns"
    )
    for c in page.object_list:
        c.limits = rules.limits(c.line)
    return render(
        request,
        "hardship/index.html",
        {
            "page": page,
            "notifications": selectors.notifications_for(request.user, limit=10),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    permissions.require(request.user, "hardship.create_campaign")
    form = CampaignForm(request.POST or None, federations=selectors.districts_for(request.user))
    if request.method == "POST" and form.is_valid():
        campaign, ok = run_service(request, services.campaign_create, actor=request.user, **form.cleaned_data)
        if ok:
            say_done(request, _("Created"), campaign.name)
            return redirect("hardship:campaign_detail", pk=campaign.pk)
    return render(request, "hardship/form.html", {"form": form, "title": _("New relief campaign")})


@office_required
def campaign_detail(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    qs = selectors.applications_for(request.user).filter(campaign=campaign)
    by_category, by_state = selectors.campaign_counts(qs)
    state = _choice(request, "state", State.values)
    if state:
        qs = qs.filter(state=state)
    page = paging.page(
        request, qs, order=("branch__path", "worker__name", "id"), name="hardship.campaign_applications"
    )
    for a in page.object_list:
        full = permissions.allowed(request.user, "hardship.see_full_ids", a)
        a.id_display = a.worker.id_number if full else a.worker.masked_id_number
    enterprises = paging.page(
        request,
        selectors.listed_enterprises(request.user, campaign),
        order=("path", "id"),
        name="hardship.campaign_enterprises",
        size=ENTERPRISES_PAGE,
        param="enterprises",
    )
    for e in enterprises.object_list:
        e.may_report = permissions.allowed(request.user, "hardship.report_enterprise", e)
        e.may_read_report = permissions.allowed(request.user, "hardship.read_report", e)
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
            "by_category": by_category,
            "by_state": by_state,
            "category_chart": charts.bars(
                [label for label, _n in by_category], [(_("Applications"), [n for _l, n in by_category])]
            )
            if by_state
            else None,
            "state_chart": charts.bars(
                [label for _v, label, _n in by_state], [(_("Applications"), [n for _v, _l, n in by_state])]
            )
            if by_state
            else None,
            "is_district": permissions.allowed(request.user, "hardship.manage_campaign", campaign),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    permissions.require(request.user, "hardship.manage_campaign", campaign)
    form = CampaignForm(request.POST or None, instance=campaign, submit_label=_("Save"))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        _r, ok = run_service(request, services.campaign_update, actor=request.user, campaign=campaign, **data)
        if ok:
            say_done(request, _("Saved"), campaign.name)
            return redirect("hardship:campaign_detail", pk=pk)
    return render(request, "hardship/form.html", {"form": form, "title": campaign.name})


@office_required
@require_POST
def campaign_close(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    _r, ok = run_service(request, services.campaign_close, actor=request.user, campaign=campaign)
    if ok:
        say_done(request, _("Closed"), campaign.name)
    return redirect("hardship:campaign_detail", pk=pk)


@office_required
@require_POST
def campaign_reopen(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    _r, ok = run_service(request, services.campaign_reopen, actor=request.user, campaign=campaign)
    if ok:
        say_done(request, _("Open again for late reports"), campaign.name)
    return redirect("hardship:campaign_detail", pk=pk)
