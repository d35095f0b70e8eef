"""Officer views of representatives' proposals (提案办理): submission, co-signing, handling and answers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit, paging, workflow
from unionhome.web import office_required, run_service, say_done

from .. import documents, forms, selectors, services
from ..models import Proposal
from ..workflows import PROPOSAL
from .common import _choice, _form_page, _managed


@office_required
def proposal_list(request):
    qs = selectors.proposals(request.user)
    state = _choice(request, "state", Proposal.State.values)
    kind = _choice(request, "kind", Proposal.Kind.values)
    overdue = _choice(request, "overdue", {"1"})
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = selectors.overdue(qs)
    page = paging.page(request, qs, order=("-submitted_at", "-id"), name="democracy.proposals")
    rows = selectors.with_overdue(page.object_list)
    return render(
        request,
        "democracy/proposals.html",
        {
            "page": page,
            "proposals": rows,
            "states": Proposal.State.choices,
            "kinds": Proposal.Kind.choices,
            "state": state,
            "kind": kind,
            "overdue": overdue,
            "by_session": selectors.answered_rate_by_session(request.user),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def proposal_enter(request):
    enterprises = _managed(request, "democracy.enter_proposal")
    form = forms.ProposalEnterForm(request.POST or None, workers=selectors.workers_of(enterprises))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        p, ok = run_service(
            request, services.proposal_enter, actor=request.user, proposer=data["proposer"], kind=data["kind"],
            title=data["title"], content=data["content"], cosigners=list(data["cosigners"]),
        )  # fmt: skip
        if ok:
            return redirect("democracy:proposal_detail", pk=p.pk)
    return _form_page(request, form, _("Enter a proposal"))


@office_required
def proposal_detail(request, pk):
    proposal = selectors.proposal(request.user, pk)
    selectors.with_overdue([proposal])
    return render(
        request,
        "democracy/proposal_detail.html",
        {
            "proposal": proposal,
            "cosigners": proposal.cosigners.select_related("worker"),
            "transitions": selectors.labelled_transitions(proposal),
            "actions": workflow.available_actions(PROPOSAL, proposal, request.user),
            "form": forms.ProposalActForm(),
        },
    )


@office_required
@require_POST
def proposal_act(request, pk):
    proposal = selectors.proposal(request.user, pk)
    form = forms.ProposalActForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the date and the fields."))
        return redirect("democracy:proposal_detail", pk=proposal.pk)
    data = form.cleaned_data
    done, ok = run_service(
        request, services.proposal_act, actor=request.user, proposal=proposal, action=data["action"],
        expected_state=data["expected_state"] or None, comment=data["comment"], department=data["department"],
        due_date=data["due_date"], answer=data["answer"],
    )  # fmt: skip
    if ok:
        handed = _(", handed to %(department)s") % {"department": done.department} if done.department else ""
        say_done(
            request,
            done.get_state_display(),
            f"〈{done.title}〉",
            handed if data["action"] == "assign" else "",
        )
    return redirect("democracy:proposal_detail", pk=proposal.pk)


@office_required
def proposals_export(request):
    rows = selectors.with_overdue(list(selectors.proposals(request.user)))
    audit.access(
        user=request.user,
        kind="export",
        object_type="democracy.proposal",
        branch_path=selectors.scope_root(request.user),
        detail="proposals",
        rows=len(rows),
    )
    return documents.xlsx_response(
        _("Proposals"),
        [
            _("Kind"),
            pgettext("democracy", "Title"),
            _("Proposer"),
            _("Unit"),
            _("Co-signers"),
            _("State"),
            _("Responsible department"),
            _("Due date"),
            _("Overdue"),
            _("Answer"),
        ],  # fmt: skip
        [
            [
                p.get_kind_display(),
                p.title,
                p.proposer.name,
                p.branch.name,
                p.cosigner_count,
                p.get_state_display(),
                p.department,
                p.due_date,
                _("yes") if p.overdue else "",
                p.answer,
            ]  # fmt: skip
            for p in rows
        ],
    )
