"""Officer views of the democratic evaluation of leaders (民主评议领导干部): rounds, leaders and the
representatives' ratings.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import answer_once, paging, permissions
from unionhome.web import office_required, run_service

from .. import forms, selectors, services
from ..models import Rating
from .common import _create_page, _managed


@office_required
def evaluation_list(request):
    permissions.require(request.user, "democracy.see_evaluations")
    page = paging.page(
        request, selectors.evaluation_rounds(request.user), order=("-id",), name="democracy.evaluations"
    )
    return render(
        request,
        "democracy/evaluations.html",
        {
            "page": page,
            "rounds": page.object_list,
            "may_manage": permissions.allowed(request.user, "democracy.manage_evaluation"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def evaluation_create(request):
    _managed(request, "democracy.manage_evaluation")
    form = forms.EvaluationForm(
        request.POST or None, sessions=selectors.managed_sessions(request.user, "democracy.manage_evaluation")
    )
    return _create_page(
        request,
        form,
        services.evaluation_create,
        "democracy:evaluation_detail",
        _("New leader evaluation round"),
    )


@office_required
def evaluation_detail(request, pk):
    permissions.require(request.user, "democracy.see_evaluations")
    round_ = selectors.evaluation_round(request.user, pk)
    results = selectors.evaluation_results(round_)
    shown = [r for r in results if not r.withheld]
    chart = None
    if shown:  # the chart holds only the results that may be shown
        chart = {
            "kind": "generic",
            "option": {
                "tooltip": {"trigger": "axis"},
                "legend": {},
                "grid": {"left": 80, "right": 10, "bottom": 30},
                "xAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
                "yAxis": {"type": "category", "data": [r.leader.name for r in shown]},
                "series": [
                    {
                        "name": str(label),
                        "type": "bar",
                        "stack": "all",
                        "data": [
                            float(r.shares[grade] * 100) if r.shares[grade] is not None else 0 for r in shown
                        ],
                    }
                    for grade, label in Rating.Grade.choices
                ],
            },
        }
    return render(
        request,
        "democracy/evaluation_detail.html",
        {
            "round": round_,
            "results": results,
            "grades": Rating.Grade.choices,
            "chart": chart,
            "minimum": answer_once.minimum_answers(),
            "may_manage": permissions.allowed(request.user, "democracy.manage_evaluation", round_),
        },
    )


@office_required
@require_POST
def evaluation_toggle(request, pk):
    permissions.require(request.user, "democracy.see_evaluations")
    round_ = selectors.evaluation_round(request.user, pk)
    permissions.require(request.user, "democracy.manage_evaluation", round_)
    run_service(
        request, services.evaluation_set_open, actor=request.user, round=round_, is_open=not round_.is_open
    )
    return redirect("democracy:evaluation_detail", pk=round_.pk)
