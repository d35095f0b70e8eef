"""Worker portal of democratic management: representatives' and every worker's pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit, downloads, paging, permissions, scope, workflow
from unionhome.web import portal_required, run_service, say_done

from .. import forms, selectors, services
from ..workflows import PROPOSAL


def _worker(request):
    return request.user.worker


def _rep(request):
    rep = selectors.representative_of(_worker(request))
    if rep is None:
        raise PermissionDenied
    return rep


def _internal(request):
    """What is published inside the enterprise is for workers still in work (403 otherwise)."""
    permissions.require(request.user, "democracy.read_internal")
    return _worker(request)


@portal_required
def home(request):
    worker = _worker(request)
    internal = permissions.allowed(request.user, "democracy.read_internal")
    rep = selectors.representative_of(worker) if internal else None
    return render(
        request,
        "democracy/portal/home.html",
        {
            "rep": rep,
            "internal": internal,
            "votes": selectors.portal_votes(rep) if rep else [],
            "rounds": selectors.open_rounds_for(rep) if rep else [],
            "cosignable": selectors.cosignable(rep)[:50] if rep else [],
            "proposals": selectors.my_proposals(worker),
            "surveys": selectors.open_surveys_for(worker) if internal else [],
            "disclosures": selectors.disclosures_for_worker(worker)[:5] if internal else [],
            "resolutions": selectors.published_resolutions(worker)[:5] if internal else [],
            "contracts": selectors.published_contracts(worker) if internal else [],
        },
    )


@portal_required
@require_http_methods(["GET", "POST"])
def proposal_submit(request):
    permissions.require(request.user, "democracy.submit_proposal")
    worker = _worker(request)
    rep = selectors.representative_of(worker)
    fellows = selectors.workers_of([rep.term.enterprise]).filter(
        representations__term=rep.term
    ).exclude(pk=worker.pk) if rep else None  # fmt: skip
    form = forms.ProposalSubmitForm(request.POST or None, fellows=fellows)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        p, ok = run_service(
            request, services.proposal_submit, actor=request.user, kind=data["kind"], title=data["title"],
            content=data["content"], cosigners=list(data.get("cosigners") or []),
        )  # fmt: skip
        if ok:
            say_done(request, _("Submitted"), f"〈{p.title}〉")
            return redirect("democracy_portal:proposal_detail", pk=p.pk)
    return render(request, "democracy/portal/form.html", {"form": form, "title": _("Submit a proposal")})


@portal_required
def proposal_detail(request, pk):
    proposal = selectors.my_proposal(_worker(request), pk)
    return render(
        request,
        "democracy/portal/proposal_detail.html",
        {
            "proposal": proposal,
            "cosigners": proposal.cosigners.select_related("worker"),
            "actions": workflow.available_actions(PROPOSAL, proposal, request.user),
        },
    )


@portal_required
@require_POST
def proposal_rate(request, pk):
    proposal = selectors.my_proposal(_worker(request), pk)
    action = request.POST.get("action", "")
    _p, ok = run_service(
        request, services.proposal_act, actor=request.user, proposal=proposal, action=action,
        expected_state=request.POST.get("expected_state") or None, comment=request.POST.get("comment", ""),
    )  # fmt: skip
    if ok:
        say_done(request, _("Answer recorded"), f"〈{proposal.title}〉")
    return redirect("democracy_portal:proposal_detail", pk=proposal.pk)


@portal_required
@require_POST
def proposal_cosign(request, pk):
    rep = _rep(request)
    proposal = scope.get_or_404(selectors.cosignable(rep), request.user, None, pk=pk)
    _c, ok = run_service(request, services.proposal_cosign, actor=request.user, proposal=proposal)
    if ok:
        say_done(request, _("Co-signed"), f"〈{proposal.title}〉")
    return redirect("democracy_portal:home")


@portal_required
@require_http_methods(["GET", "POST"])
def vote(request, pk):
    rep = _rep(request)
    resolution = selectors.portal_resolution(rep, pk)
    form = forms.VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _v, ok = run_service(request, services.vote_cast, actor=request.user, resolution=resolution,
                             choice=form.cleaned_data["choice"])  # fmt: skip
        if ok:
            say_done(request, _("Vote counted"), resolution.title)
            return redirect("democracy_portal:home")
    return render(request, "democracy/portal/vote.html", {"resolution": resolution, "form": form})


@portal_required
@require_http_methods(["GET", "POST"])
def evaluation(request, pk):
    rep = _rep(request)
    round_ = selectors.portal_round(rep, pk)
    form = forms.RatingForm(request.POST or None, leaders=round_.leaders.all())
    if request.method == "POST" and form.is_valid():
        _r, ok = run_service(request, services.evaluation_rate, actor=request.user, round=round_,
                             grades=form.grades())  # fmt: skip
        if ok:
            say_done(request, _("Rated anonymously"), str(round_))
            return redirect("democracy_portal:home")
    return render(request, "democracy/portal/evaluation.html", {"round": round_, "form": form})


@portal_required
def disclosure_list(request):
    page = paging.page(
        request,
        selectors.disclosures_for_worker(_internal(request)),
        order=("-disclosed_on", "-id"),
        name="democracy.portal_disclosures",
    )
    return render(
        request,
        "democracy/portal/disclosures.html",
        {"page": page, "items": page.object_list},
    )


@portal_required
def disclosure_detail(request, pk):
    item = selectors.disclosure_for_worker(_internal(request), pk)
    return render(request, "democracy/portal/disclosure_detail.html", {"item": item})


@portal_required
def disclosure_attachment(request, pk):
    item = selectors.disclosure_for_worker(_internal(request), pk)
    if not item.attachment:
        raise Http404
    audit.access(
        user=request.user,
        kind="download",
        obj=item,
        branch_path=item.audience.path,
        detail="disclosure_attachment",
    )
    return downloads.file_response(
        item.attachment, label=_("Disclosure attachment"), on=item.disclosed_on, slug="attachment"
    )


@portal_required
@require_http_methods(["GET", "POST"])
def survey(request, pk):
    survey = selectors.portal_survey(_worker(request), pk)
    if survey.answered:
        messages.info(
            request,
            _("You have already answered the survey “%(title)s”. Thank you.") % {"title": survey.title},
        )
        return redirect("democracy_portal:home")
    form = forms.SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _a, ok = run_service(
            request, services.survey_answer, actor=request.user, survey=survey, **form.cleaned_data
        )
        if ok:
            say_done(request, _("Answered anonymously"), survey.title)
            return redirect("democracy_portal:home")
    return render(request, "democracy/portal/form.html", {"form": form, "title": survey.title})


@portal_required
def resolutions(request):
    return render(
        request,
        "democracy/portal/resolutions.html",
        {"resolutions": selectors.published_resolutions(_internal(request))},
    )


@portal_required
def contract(request, pk):
    return render(
        request,
        "democracy/portal/contract.html",
        {"contract": selectors.published_contract(_internal(request), pk)},
    )
