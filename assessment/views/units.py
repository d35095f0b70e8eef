"""Officer views of a unit's assessments and titles, and the ranking overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import selectors as branch_selectors
from unionhome.web import office_required, run_service

from .. import rules, selectors, services
from ..forms import TitleAwardForm

Capacity = rules.Capacity


@office_required
def unit(request, pk):
    branch = branch_selectors.branch_in_scope(request.user, pk)
    trend = selectors.trend_of(branch)
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "xAxis": {
                "type": "category",
                "data": [f"{a.year} {a.get_period_kind_display()} {a.number}" for a in trend],
            },
            "yAxis": {"type": "value", "max": 100},
            "series": [
                {
                    "name": _("Total"),
                    "type": "line",
                    "data": [float(a.total if a.state == "accepted" else a.live_total) for a in trend],
                }
            ],
        },
    }
    caps = selectors.capacities(request.user, branch)
    latest = trend[-1] if trend else None
    return render(
        request,
        "assessment/unit.html",
        {
            "branch": branch,
            "titles": selectors.titles_of(branch),
            "due": selectors.next_due_of(branch, timezone.localdate()),
            "trend": list(reversed(trend)),
            "chart": chart if trend else None,
            "may_award": Capacity.ACCEPTOR in caps,
            "may_open": bool(caps & {Capacity.SELF, Capacity.REVIEWER}),
            "latest": latest,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def title_award(request, pk):
    branch = branch_selectors.branch_in_scope(request.user, pk)
    if Capacity.ACCEPTOR not in selectors.capacities(request.user, branch):
        raise PermissionDenied
    form = TitleAwardForm(
        request.POST or None,
        assessments=selectors.assessments(request.user).filter(
            branch=branch, state="accepted", rating="meets"
        ),
    )
    if request.method == "POST" and form.is_valid():
        _t, ok = run_service(
            request, services.title_award, actor=request.user, branch=branch, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Title recorded."))
            return redirect("assessment:unit", pk=branch.pk)
    return render(request, "assessment/form.html", {"form": form, "title": _("Award a title: %(unit)s") % {"unit": branch.name},
                                                     "back": ("assessment:unit", branch.pk)})  # fmt: skip


@office_required
def overview(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.overview(request.user, year)
    return render(
        request,
        "assessment/overview.html",
        {
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        },
    )
