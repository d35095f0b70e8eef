"""Officer views of an assessment: opening, scoring, the workflow, vetoes, evidence and the report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit, downloads, paging, permissions, scope, workflow
from unionhome.web import office_required, run_service, say_done

from .. import reports, rules, selectors, services
from ..forms import AssessmentCreateForm, EvidenceForm, TransitionForm, VetoConfirmForm, VetoContestForm
from ..models import Assessment
from ..permissions import VETO_STATES
from ..workflows import ASSESSMENT


def _require(request, name: str, obj=None) -> None:
    """The page's own check of a named permission: 403 when refused (as the service would)."""
    if not permissions.allowed(request.user, name, obj):
        raise PermissionDenied


def _finding_labels():
    return {
        "met": _("met"),
        "not_met": _("not met"),
        "no_data": _("no data"),
        "clear": _("clear"),
        "vetoed": _("veto applies"),
        "not_yet_due": _("not yet due"),
    }


def _rating_label(rating: str) -> str:
    return str(Assessment.Rating(rating).label) if rating else _("not rated yet")


# Newest period first, then by unit: keyset pages on the assessment's own columns (docs/ARCHITECTURE.md).
ORDER = ("-period_start", "branch__path", "-id")


@office_required
def index(request):
    qs = selectors.assessments(request.user)
    state = request.GET.get("state", "")
    if state and state not in Assessment.State.values:
        raise BadRequest("unknown state")  # never a wider list than asked for
    if state:
        qs = qs.filter(state=state)
    page = paging.page(request, qs, order=ORDER, name="assessment.assessments")
    return render(
        request,
        "assessment/index.html",
        {
            "page": page,
            "assessments": page.object_list,
            "states": Assessment.State.choices,
            "state": state,
            "may_open": permissions.allowed(request.user, "assessment.open_assessment"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def assessment_create(request):
    units = selectors.units_to_open(request.user)
    if not units.exists():
        raise PermissionDenied
    unit = request.GET.get("unit", "")
    if unit and not (unit.isascii() and unit.isdigit() and units.filter(pk=int(unit)).exists()):
        messages.warning(request, _("You cannot open an assessment of that unit; choose one from the list."))
        unit = ""
    form = AssessmentCreateForm(
        request.POST or None,
        units=units,
        standards=selectors.current_standards(),
        initial={"unit": unit or None},
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
            say_done(request, _("Opened"), str(a))
            return redirect(a)
    return render(request, "assessment/assessment_form.html", {"form": form})


def _detail_context(request, assessment):
    scores = selectors.scores_of(assessment)
    result = selectors.result_of(assessment, scores)
    selectors.attach_suggestions(scores, result)
    user = request.user
    self_edit = permissions.allowed(user, "assessment.score_own", assessment)
    review_edit = permissions.allowed(user, "assessment.score_as_reviewer", assessment)
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
        "self_edit": self_edit,
        "review_edit": review_edit,
        "may_confirm_veto": assessment.state in VETO_STATES
        and permissions.allowed(user, "assessment.confirm_veto", assessment),
        "may_contest_veto": assessment.state != Assessment.State.ACCEPTED
        and permissions.allowed(user, "assessment.contest_veto", assessment),
        "contests": selectors.contests_of(assessment),
        "actions": workflow.available_actions(ASSESSMENT, assessment, user),
        "transitions": selectors.transitions_of(assessment),
        "radar": radar if len(result.sections) >= 3 else None,
        "checklist": assessment.standard.kind == "checklist",
    }


@office_required
def assessment_detail(request, pk):
    assessment = selectors.assessment_in_scope(request.user, pk)
    return render(request, "assessment/assessment_detail.html", _detail_context(request, assessment))


def _writable(request, pk):
    """An assessment in scope (else 404) on which the user plays a part (else 403)."""
    assessment = selectors.assessment_in_scope(request.user, pk)
    _require(request, "assessment.take_part", assessment)
    return assessment


@office_required
@require_POST
def assessment_score(request, pk):
    assessment = _writable(request, pk)
    scores = {}
    for s in assessment.scores.select_related("item"):
        if f"score-{s.item_id}" not in request.POST:
            continue
        raw = request.POST.get(f"score-{s.item_id}")
        try:
            score = rules.parse_score(raw)
        except ValueError:
            messages.error(
                request,
                _("Item “%(item)s”: “%(value)s” is not a score; write a number from 0 to %(points)s.")
                % {"item": s.item.text[:40], "value": raw.strip()[:20], "points": s.item.points},
            )
            return redirect(assessment)
        comment = request.POST.get(f"comment-{s.item_id}", "").replace("\x00", "").strip()[:2000]
        scores[s.item_id] = (score, comment)
    version = request.POST.get("version", "").strip()
    if version and not version.isdigit():
        raise BadRequest
    _a, ok = run_service(
        request,
        services.assessment_score,
        actor=request.user,
        assessment=assessment,
        scores=scores,
        version=version or None,
    )
    if ok:
        say_done(request, _("Saved"), _("the scores of %(assessment)s") % {"assessment": assessment})
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
        say_done(request, done.get_state_display(), str(done))
    return redirect(assessment)


def _veto_finding(request, pk, rule, form_class, service, arguments, done, invalid):
    """A veto item's contest or finding: one form, one service call, one message either way."""
    assessment = _writable(request, pk)
    veto_rule = scope.get_or_404(assessment.standard.veto_rules.all(), request.user, None, pk=rule)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect(assessment)
    _c, ok = run_service(
        request,
        service,
        actor=request.user,
        assessment=assessment,
        veto_rule=veto_rule,
        **arguments(form.cleaned_data),
    )
    if ok:
        say_done(
            request, done, _("%(rule)s in %(assessment)s") % {"rule": veto_rule, "assessment": assessment}
        )
    return redirect(assessment)


@office_required
@require_POST
def veto_contest(request, pk, rule):
    return _veto_finding(
        request,
        pk,
        rule,
        VetoContestForm,
        services.veto_contest,
        lambda data: {"reason": data["reason"]},
        _("Contest recorded, shown to the reviewer beside the veto"),
        _("Give the reason for contesting the veto."),
    )


@office_required
@require_POST
def veto_confirm(request, pk, rule):
    return _veto_finding(
        request,
        pk,
        rule,
        VetoConfirmForm,
        services.veto_confirm,
        lambda data: {"vetoed": data["vetoed"], "comment": data["comment"]},
        _("Finding recorded"),
        _("Give the finding and its basis."),
    )


@office_required
@require_POST
def evidence_upload(request, pk):
    assessment = _writable(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(assessment)
    score = scope.get_or_404(
        assessment.scores.select_related("item__section"),
        request.user,
        None,
        item_id=form.cleaned_data["item"],
    )
    _e, ok = run_service(
        request,
        services.evidence_upload,
        actor=request.user,
        assessment=assessment,
        item=score.item,
        upload=form.cleaned_data["file"],
    )
    if ok:
        say_done(
            request,
            _("Uploaded"),
            _("evidence for %(item)s in %(assessment)s") % {"item": score.item, "assessment": assessment},
        )
    return redirect(assessment)


@office_required
def evidence_download(request, pk):
    evidence = selectors.evidence_in_scope(request.user, pk)
    audit.access(
        user=request.user, kind="download", obj=evidence, branch_path=evidence.assessment.branch.path
    )
    return downloads.file_response(
        evidence.file, label=_("Assessment evidence"), on=evidence.uploaded_at, slug="evidence"
    )


def _report_context(request, pk):
    assessment = selectors.assessment_in_scope(request.user, pk)
    scores = selectors.scores_of(assessment)
    result = selectors.result_of(assessment, scores)
    selectors.attach_suggestions(scores, result)
    audit.access(user=request.user, kind="export", obj=assessment, detail="assessment_report")
    return {
        "assessment": assessment,
        "scores": scores,
        "evidence": selectors.evidence_of(assessment),
        "result": result,
        "rating_label": _rating_label(result.rating),
        "finding_labels": _finding_labels(),
        "generated": timezone.localtime(),
    }


def _report(request, pk, write, content_type: str, ext: str):
    """The assessment report as a download, written by ``write`` (``reports.assessment_pdf`` or ``_xlsx``)."""
    context = _report_context(request, pk)
    return downloads.content_response(
        write(context),
        label=_("Assessment report"),
        content_type=content_type,
        ext=ext,
        on=context["generated"],
        slug="assessment",
    )


@office_required
def assessment_pdf(request, pk):
    return _report(request, pk, reports.assessment_pdf, downloads.PDF, "pdf")


@office_required
def assessment_xlsx(request, pk):
    return _report(request, pk, reports.assessment_xlsx, downloads.XLSX, "xlsx")
