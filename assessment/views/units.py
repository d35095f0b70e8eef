"""Officer views of a unit's assessments and titles, and the ranking overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import selectors as branch_selectors
from unionhome import permissions
from unionhome.web import office_required, run_service

from .. import selectors, services
from ..forms import TitleAwardForm

YEARS_SHOWN = 5  # the overview offers this year and the four before it


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
            "may_award": permissions.allowed(request.user, "assessment.award_title", branch),
            "may_open": permissions.allowed(request.user, "assessment.open_assessment", branch),
            "latest": latest,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def title_award(request, pk):
    branch = branch_selectors.branch_in_scope(request.user, pk)
    if not permissions.allowed(request.user, "assessment.award_title", branch):
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
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if not raw:
        year = this_year
    elif raw.isascii() and raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= this_year + 1:
        year = int(raw)
    else:
        raise BadRequest("year")  # a year the page never offers: refused, not guessed
    rows = selectors.overview(request.user, year)
    return render(
        request,
        "assessment/overview.html",
        {"rows": rows, "year": year, "years": range(this_year, this_year - YEARS_SHOWN, -1)},
    )
