"""Officer views of an assessment: opening, scoring, the workflow, vetoes, evidence and the report."""

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

from unionhome import audit
from unionhome.web import office_required, run_service

from .. import reports, rules, selectors, services
from ..forms import AssessmentCreateForm, EvidenceForm, TransitionForm, VetoConfirmForm
from ..models import Assessment

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
