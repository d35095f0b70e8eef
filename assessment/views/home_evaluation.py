"""Members evaluate the home (会员评家): the officers' rounds and the members' portal pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches import selectors as branch_selectors
from branches.models import Branch
from unionhome import charts, paging, permissions, scope
from unionhome.web import office_required, portal_required, run_service, say_done

from .. import selectors, services
from ..forms import AnswerForm, RoundForm
from ..models import EvaluationAnswer


def _round_units(user):
    return (
        branch_selectors.visible_branches(user)
        .filter(is_active=True, kind__in=[Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH])
        .filter(scope.q_for(scope.branches_for(user, scope.Role.UNION_OFFICER), "path"))
    )


@office_required
@require_http_methods(["GET", "POST"])
def round_list(request):
    units = _round_units(request.user)
    may_create = units.exists()
    form = RoundForm(request.POST or None, units=units) if may_create else None
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            _r, ok = run_service(request, services.round_create, actor=request.user, branch=d["unit"], year=d["year"],
                                 name=d["name"], audience=d["audience"] or "members")  # fmt: skip
            if ok:
                say_done(request, _("Opened"), d["name"])
                return redirect("assessment:round_list")
    page = paging.page(
        request, selectors.rounds(request.user), order=("-year", "-id"), name="assessment.rounds"
    )
    return render(request, "assessment/rounds.html", {"page": page, "rounds": page.object_list, "form": form})


@office_required
def round_detail(request, pk):
    round_ = selectors.round_in_scope(request.user, pk)
    results = selectors.round_results(round_)
    # counts exist only where the round may show its results (closed, enough answers)
    chart = (
        None
        if results["withheld"]
        else charts.bars(
            [label for _v, label, _n in results["counts"]],
            [(_("Answers"), [n for _v, _l, n in results["counts"]])],
        )
    )
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": round_,
            "results": results,
            "chart": chart,
            "may_close": round_.is_open
            and permissions.allowed(request.user, "assessment.manage_evaluation_round", round_),
        },
    )


@office_required
@require_POST
def round_close(request, pk):
    round_ = selectors.round_in_scope(request.user, pk)
    if not permissions.allowed(request.user, "assessment.manage_evaluation_round", round_):
        raise PermissionDenied
    _r, ok = run_service(request, services.round_close, actor=request.user, round_=round_)
    if ok:
        say_done(request, _("Closed"), round_.name)
    return redirect("assessment:round_detail", pk=round_.pk)


@portal_required
def portal_rounds(request):
    worker = branch_selectors.own_worker(request.user)
    return render(
        request, "assessment/portal_rounds.html", {"rounds": selectors.open_rounds_for_worker(worker)}
    )


@portal_required
@require_http_methods(["GET", "POST"])
def portal_answer(request, pk):
    worker = branch_selectors.own_worker(request.user)
    round_ = selectors.open_round_for_worker(worker, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _a, ok = run_service(request, services.evaluation_answer, actor=request.user, round_=round_,
                             verdict=form.cleaned_data["verdict"], comment=form.cleaned_data["comment"])  # fmt: skip
        if ok:
            say_done(request, _("Answered anonymously"), round_.name)
            return redirect("assessment_portal:rounds")
    return render(
        request,
        "assessment/portal_answer.html",
        {"round": round_, "form": form, "verdicts": EvaluationAnswer.Verdict.choices},
    )
