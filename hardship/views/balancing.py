"""Officer views of the district's balancing of reported applications (汇总平衡)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhome import audit, charts, permissions
from unionhome.models import AccessLog
from unionhome.web import office_required, run_service

from .. import documents, rules, selectors, services
from ..forms import DecisionForm
from .common import _download


def _district_campaign(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    permissions.require(request.user, "hardship.manage_campaign", campaign)
    return campaign


@office_required
def balance(request, pk):
    campaign = _district_campaign(request, pk)
    data = selectors.balance(campaign)
    chart = None
    if data["summaries"]:
        rows = data["totals"].category_rows()
        chart = charts.bars(
            [_("Category %(n)s") % {"n": c} for c, _count, _amount in rows],
            [(_("Families"), [count for _c, count, _amount in rows])],
        )
    return render(
        request,
        "hardship/balance.html",
        {
            "campaign": campaign,
            "limits": rules.limits(campaign.line),
            **data,
            "categories": (1, 2, 3, 4),
            "chart": chart,
        },
    )


@office_required
def balance_xlsx(request, pk):
    campaign = _district_campaign(request, pk)
    data = selectors.balance(campaign)
    audit.access(
        user=request.user,
        kind=AccessLog.Kind.EXPORT,
        obj=campaign,
        object_type="hardship.application",
        branch_path=campaign.branch.path,
        detail="district_summary",
    )
    return _download(
        documents.balance_xlsx(campaign, data), _("Hardship relief summary"), documents.XLSX, "summary"
    )


@office_required
@require_POST
def balance_decide(request, pk):
    campaign = _district_campaign(request, pk)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit() and len(i) <= 18]
    form = DecisionForm(request.POST, ids=ids)
    if form.is_valid():
        chosen = selectors.reported_for_decision(request.user, campaign, form.cleaned_data["ids"])
        count, ok = run_service(
            request,
            services.district_decide,
            actor=request.user,
            applications=chosen,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("%(n)s applications decided.") % {"n": count})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("hardship:balance", pk=pk)
