"""Officer workspace and portal pages of the model-home assessment (thin: parse, call, render)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from branches import selectors as branch_selectors
from branches.models import Branch
from unionhome import audit, scope
from unionhome.web import office_required, portal_required, run_service

from . import reports, rules, selectors, services
from .exceptions import StandardInvalid
from .forms import (
    AnswerForm,
    AssessmentCreateForm,
    EvidenceForm,
    ImportForm,
    ItemFormSet,
    RoundForm,
    StandardHeaderForm,
    TitleAwardForm,
    TransitionForm,
    VetoConfirmForm,
    VetoFormSet,
)
from .models import Assessment, EvaluationAnswer

Capacity = rules.Capacity
ACTION_LABELS = {
    "submit": gettext_lazy("Submit self-check"),
    "review": gettext_lazy("Complete review"),
    "return": gettext_lazy("Return"),
    "accept": pgettext_lazy("assessment", "Accept"),
}


def _finding_labels():
    return {
        "met": _("met"),
        "not_met": _("not met"),
        "no_data": _("no data"),
        "clear": _("clear"),
        "vetoed": _("veto applies"),
    }


def _rating_label(rating: str) -> str:
    return str(Assessment.Rating(rating).label) if rating else _("not rated yet")


# --- standards -------------------------------------------------------------------------------


@office_required
def standard_list(request):
    return render(
        request,
        "assessment/standard_list.html",
        {"standards": selectors.standards(), "may_manage": selectors.may_manage_standards(request.user)},
    )


@office_required
def standard_detail(request, pk):
    standard = selectors.standard_full(pk)
    newest = selectors.latest_version(standard.code)
    return render(
        request,
        "assessment/standard_detail.html",
        {
            "standard": standard,
            "newest": newest,
            "in_use": selectors.is_in_use(standard),
            "may_manage": selectors.may_manage_standards(request.user),
            "points_total": sum(
                (i.points for s in standard.sections.all() for i in s.items.all()), Decimal(0)
            ),
        },
    )


def _standard_form(request, standard=None):
    if not selectors.may_manage_standards(request.user):
        raise PermissionDenied
    spec = selectors.standard_spec(standard) if standard else None
    data = request.POST if request.method == "POST" else None
    header = StandardHeaderForm(data, initial=spec, editing=standard is not None)
    # initial rows only for the blank page: a bound formset skips rows equal to their initial value
    items = ItemFormSet(data, initial=spec["items"] if spec and data is None else None, prefix="items")
    vetoes = VetoFormSet(data, initial=spec["vetoes"] if spec and data is None else None, prefix="vetoes")
    if request.method == "POST" and header.is_valid() and items.is_valid() and vetoes.is_valid():
        new_spec = {
            **header.cleaned_data,
            "code": standard.code if standard else header.cleaned_data["code"],
            "items": [f for f in items.cleaned_data if f and (f.get("text") or f.get("points"))],
            "vetoes": [f for f in vetoes.cleaned_data if f and f.get("text")],
        }
        saved, ok = run_service(
            request, services.standard_save, actor=request.user, spec=new_spec, standard=standard
        )
        if ok:
            if standard is not None and saved.pk != standard.pk:
                messages.success(
                    request,
                    _("The standard is in use, so your changes are saved as version %(version)s.")
                    % {"version": saved.version},
                )
            else:
                messages.success(request, _("Standard saved."))
            return redirect(saved)
    return render(
        request,
        "assessment/standard_form.html",
        {
            "header": header,
            "items": items,
            "vetoes": vetoes,
            "standard": standard,
            "in_use": standard is not None and selectors.is_in_use(standard),
        },  # fmt: skip
    )


@office_required
@require_http_methods(["GET", "POST"])
def standard_create(request):
    return _standard_form(request)


@office_required
@require_http_methods(["GET", "POST"])
def standard_edit(request, pk):
    return _standard_form(request, selectors.standard_full(pk))


@office_required
def standard_export(request, pk):
    if not selectors.may_manage_standards(request.user):
        raise PermissionDenied
    standard = selectors.standard_full(pk)
    data = reports.standard_xlsx(selectors.standard_spec(standard))
    audit.access(user=request.user, kind="export", obj=standard, detail="standard xlsx")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{standard.code}-v{standard.version}.xlsx"'
    return response


@office_required
@require_http_methods(["GET", "POST"])
def standard_import(request):
    if not selectors.may_manage_standards(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            spec = reports.read_standard_xlsx(form.cleaned_data["file"].read())
        except StandardInvalid as exc:
            spec, problems = None, exc.problems or [exc.message]
        if spec is not None:
            existing = selectors.latest_version(spec.get("code") or "")
            saved, ok = run_service(
                request, services.standard_save, actor=request.user, spec=spec, standard=existing
            )
            if ok:
                messages.success(request, _("Imported: %(standard)s.") % {"standard": saved})
                return redirect(saved)
    return render(request, "assessment/standard_import.html", {"form": form, "problems": problems})


# --- assessments -----------------------------------------------------------------------------


@office_required
def index(request):
    qs = selectors.assessments(request.user)
    state = request.GET.get("state", "")
    if state in Assessment.State.values:
        qs = qs.filter(state=state)
    return render(
        request,
        "assessment/index.html",
        {"assessments": qs[:300], "states": Assessment.State.choices, "state": state},
    )


@office_required
@require_http_methods(["GET", "POST"])
def assessment_create(request):
    units = selectors.units_to_open(request.user)
    if not units.exists():
        raise PermissionDenied
    form = AssessmentCreateForm(
        request.POST or None,
        units=units,
        standards=selectors.current_standards(),
        initial={"unit": request.GET.get("unit")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        a, ok = run_service(
            request,
            services.assessment_create,
            actor=request.user,
            branch=d["unit"],
            standard=d["standard"],
            period_kind=d["period_kind"],
            year=d["year"],
            number=d["number"],
        )
        if ok:
            messages.success(request, _("Assessment opened."))
            return redirect(a)
    return render(request, "assessment/assessment_form.html", {"form": form})


def _detail_context(request, assessment):
    scores = selectors.scores_of(assessment)
    result = selectors.result_of(assessment, scores)
    caps = selectors.capacities(request.user, assessment.branch)
    self_edit = Capacity.SELF in caps and assessment.state in rules.SELF_EDITABLE
    review_edit = Capacity.REVIEWER in caps and assessment.state in rules.REVIEW_EDITABLE
    radar = {
        "kind": "generic",
        "option": {
            "tooltip": {},
            "radar": {
                "indicator": [{"name": s["name"], "max": 100} for s in result.sections],
                "radius": "65%",
            },
            "series": [
                {
                    "type": "radar",
                    "data": [
                        {
                            "name": _("Score by section (%)"),
                            "value": [
                                round(float(s["score"] / s["points"] * 100), 1) if s["points"] else 0
                                for s in result.sections
                            ],
                        }
                    ],
                }
            ],
        },
    }
    return {
        "assessment": assessment,
        "scores": scores,
        "evidence": selectors.evidence_of(assessment),
        "result": result,
        "rating_label": _rating_label(result.rating),
        "finding_labels": _finding_labels(),
        "caps": caps,
        "self_edit": self_edit,
        "review_edit": review_edit,
        "may_confirm_veto": bool(caps & {Capacity.REVIEWER, Capacity.ACCEPTOR})
        and assessment.state in ("self_scored", "reviewed"),
        "actions": [(a, ACTION_LABELS[a]) for a in rules.actions_for(assessment.state, caps)],
        "transitions": selectors.transitions_of(assessment),
        "radar": radar if len(result.sections) >= 3 else None,
        "checklist": assessment.standard.kind == "checklist",
    }


@office_required
def assessment_detail(request, pk):
    assessment = selectors.assessment_in_scope(request.user, pk)
    return render(request, "assessment/assessment_detail.html", _detail_context(request, assessment))


def _writable(request, pk):
    assessment = selectors.assessment_in_scope(request.user, pk)
    if not selectors.capacities(request.user, assessment.branch):
        raise PermissionDenied
    return assessment


def _parse_score(raw: str):
    raw = (raw or "").strip()
    if not raw:
        return None
    return Decimal(raw)


@office_required
@require_POST
def assessment_score(request, pk):
    assessment = _writable(request, pk)
    scores = {}
    try:
        for s in assessment.scores.all():
            if f"score-{s.item_id}" in request.POST:
                scores[s.item_id] = (
                    _parse_score(request.POST.get(f"score-{s.item_id}")),
                    request.POST.get(f"comment-{s.item_id}", "").replace("\x00", "").strip()[:2000],
                )
    except (InvalidOperation, ValueError):
        messages.error(request, _("A score must be a number."))
        return redirect(assessment)
    _a, ok = run_service(
        request, services.assessment_score, actor=request.user, assessment=assessment, scores=scores
    )
    if ok:
        messages.success(request, _("Scores saved."))
    return redirect(assessment)


@office_required
@require_POST
def assessment_transition(request, pk):
    assessment = _writable(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return redirect(assessment)
    d = form.cleaned_data
    done, ok = run_service(
        request,
        services.assessment_transition,
        actor=request.user,
        assessment=assessment,
        action=d["action"],
        comment=d["comment"],
        expected_state=d["state"] or None,
    )
    if ok:
        messages.success(request, _("Done: %(state)s.") % {"state": done.get_state_display()})
    return redirect(assessment)


@office_required
@require_POST
def veto_confirm(request, pk, rule):
    assessment = _writable(request, pk)
    veto_rule = assessment.standard.veto_rules.filter(pk=rule).first()
    if veto_rule is None:
        raise Http404
    form = VetoConfirmForm(request.POST)
    if form.is_valid():
        _c, ok = run_service(
            request,
            services.veto_confirm,
            actor=request.user,
            assessment=assessment,
            veto_rule=veto_rule,
            vetoed=form.cleaned_data["vetoed"],
            comment=form.cleaned_data["comment"],
        )
        if ok:
            messages.success(request, _("Finding recorded."))
    else:
        messages.error(request, _("Give the finding and its basis."))
    return redirect(assessment)


@office_required
@require_POST
def evidence_upload(request, pk):
    assessment = _writable(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(assessment)
    score = (
        assessment.scores.select_related("item__section").filter(item_id=form.cleaned_data["item"]).first()
    )
    if score is None:
        raise Http404
    _e, ok = run_service(
        request,
        services.evidence_upload,
        actor=request.user,
        assessment=assessment,
        item=score.item,
        upload=form.cleaned_data["file"],
    )
    if ok:
        messages.success(request, _("Evidence uploaded."))
    return redirect(assessment)


@office_required
def evidence_download(request, pk):
    evidence = selectors.evidence_in_scope(request.user, pk)
    audit.access(
        user=request.user, kind="download", obj=evidence, branch_path=evidence.assessment.branch.path
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=evidence.content_type, as_attachment=True,
                            filename=evidence.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _report_context(request, pk):
    assessment = selectors.assessment_in_scope(request.user, pk)
    scores = selectors.scores_of(assessment)
    result = selectors.result_of(assessment, scores)
    audit.access(user=request.user, kind="export", obj=assessment, detail="assessment report")
    return {
        "assessment": assessment,
        "scores": scores,
        "evidence": selectors.evidence_of(assessment),
        "result": result,
        "rating_label": _rating_label(result.rating),
        "finding_labels": _finding_labels(),
        "generated": timezone.localtime(),
    }


@office_required
def assessment_pdf(request, pk):
    context = _report_context(request, pk)
    response = HttpResponse(reports.assessment_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{pk}.pdf"'
    return response


@office_required
def assessment_xlsx(request, pk):
    context = _report_context(request, pk)
    response = HttpResponse(
        reports.assessment_xlsx(context),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="assessment-{pk}.xlsx"'
    return response


# --- units, titles, overview -----------------------------------------------------------------


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


# --- members evaluate the home (office side) -------------------------------------------------


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
                                 name=d["name"])  # fmt: skip
            if ok:
                messages.success(request, _("Round opened."))
                return redirect("assessment:round_list")
    return render(request, "assessment/rounds.html", {"rounds": selectors.rounds(request.user), "form": form})


@office_required
def round_detail(request, pk):
    round_ = selectors.round_in_scope(request.user, pk)
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": round_,
            "results": selectors.round_results(round_),
            "may_close": round_.is_open
            and scope.covers(request.user, round_.branch.path, scope.Role.UNION_OFFICER),
        },  # fmt: skip
    )


@office_required
@require_POST
def round_close(request, pk):
    round_ = selectors.round_in_scope(request.user, pk)
    if not scope.covers(request.user, round_.branch.path, scope.Role.UNION_OFFICER):
        raise PermissionDenied
    _r, ok = run_service(request, services.round_close, actor=request.user, round_=round_)
    if ok:
        messages.success(request, _("Round closed."))
    return redirect("assessment:round_detail", pk=round_.pk)


# --- portal ----------------------------------------------------------------------------------


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
            messages.success(request, _("Thank you: your answer is recorded anonymously."))
            return redirect("assessment_portal:rounds")
    return render(
        request,
        "assessment/portal_answer.html",
        {"round": round_, "form": form, "verdicts": EvaluationAnswer.Verdict.choices},
    )
