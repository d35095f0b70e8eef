"""Writes of representatives' proposals (提案办理): submission, co-signing, handling and answers."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import audit

from .. import conf, rules, selectors
from ..exceptions import Conflict, DemocracyError, PermissionRefused
from ..models import CoSigner, Proposal, ProposalTransition, Session
from .common import _created, _enterprise, _representative, _require, may_manage


def _session_for_proposals(enterprise: Branch) -> Session | None:
    term = selectors.current_term(enterprise)
    if term is None:
        return None
    return (
        term.sessions.exclude(status=Session.Status.CLOSED).order_by("held_on").first()
        or term.sessions.first()
    )


def _transition(proposal: Proposal, *, actor, action: str, to: str, comment: str = "") -> None:
    ProposalTransition.objects.create(
        proposal=proposal, actor=actor, from_state=proposal.state, to_state=to, action=action, comment=comment
    )


@transaction.atomic
def proposal_submit(
    *, actor, kind: str, title: str, content: str, cosigners: list[Worker] | tuple = ()
) -> Proposal:
    """A representative's proposal (with co-signers) or any worker's rationalisation suggestion."""
    worker = getattr(actor, "worker", None)
    if worker is None:
        raise PermissionRefused(_("Only workers can submit proposals in the portal."))
    enterprise = _enterprise(worker.branch)
    session = None
    if kind == Proposal.Kind.PROPOSAL:
        rep = _representative(actor)
        session = _session_for_proposals(enterprise)
        reps = set(rep.term.representatives.values_list("worker_id", flat=True))
        if any(c.pk not in reps or c.pk == worker.pk for c in cosigners):
            raise DemocracyError(
                _("Co-signers must be other representatives of this congress."), code="cosigners"
            )
    elif kind == Proposal.Kind.SUGGESTION:
        cosigners = ()
    else:
        raise DemocracyError(_("Unknown kind of proposal."), code="kind")
    if not title.strip() or not content.strip():
        raise DemocracyError(_("A proposal needs a title and its content."), code="empty")
    proposal = Proposal.objects.create(
        enterprise=enterprise,
        branch=worker.branch,
        session=session,
        kind=kind,
        proposer=worker,
        title=title.strip(),
        content=content.strip(),
    )
    CoSigner.objects.bulk_create([CoSigner(proposal=proposal, worker=c) for c in cosigners])
    _transition(proposal, actor=actor, action="submit", to=Proposal.State.SUBMITTED)
    return _created(actor, "proposal.submit", proposal)


@transaction.atomic
def proposal_enter(
    *, actor, proposer: Worker, kind: str, title: str, content: str, cosigners: list[Worker] | tuple = ()
) -> Proposal:
    """The office enters a proposal received on paper."""
    enterprise = _enterprise(proposer.branch)
    _require(may_manage(actor, enterprise))
    if kind not in Proposal.Kind.values:
        raise DemocracyError(_("Unknown kind of proposal."), code="kind")
    session = _session_for_proposals(enterprise) if kind == Proposal.Kind.PROPOSAL else None
    proposal = Proposal.objects.create(
        enterprise=enterprise,
        branch=proposer.branch,
        session=session,
        kind=kind,
        proposer=proposer,
        title=title.strip(),
        content=content.strip(),
    )
    CoSigner.objects.bulk_create(
        [CoSigner(proposal=proposal, worker=c) for c in cosigners if c.pk != proposer.pk]
    )
    _transition(proposal, actor=actor, action="submit", to=Proposal.State.SUBMITTED)
    return _created(actor, "proposal.enter", proposal)


@transaction.atomic
def proposal_cosign(*, actor, proposal: Proposal) -> CoSigner:
    rep = _representative(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if (
        proposal.kind != Proposal.Kind.PROPOSAL
        or proposal.enterprise_id != rep.term.enterprise_id
        or proposal.state != Proposal.State.SUBMITTED
    ):
        raise DemocracyError(_("This proposal can no longer be co-signed."), code="state")
    if proposal.proposer_id == rep.worker_id:
        raise DemocracyError(_("You cannot co-sign your own proposal."), code="own")
    try:
        with transaction.atomic():
            row = CoSigner.objects.create(proposal=proposal, worker=rep.worker)
    except IntegrityError as exc:
        raise Conflict(_("You have already co-signed this proposal.")) from exc
    audit.record(actor=actor, action="proposal.cosign", obj=proposal, after={"cosigner": rep.worker_id})
    return row


PROPOSAL_FIELDS = ("state", "department", "due_date", "answer", "conversion_reason")


@transaction.atomic
def proposal_act(
    *,
    actor,
    proposal: Proposal,
    action: str,
    expected_state: str | None = None,
    comment: str = "",
    department: str = "",
    due_date: dt.date | None = None,
    answer: str = "",
) -> Proposal:
    """Apply one step of ``rules.PROPOSAL_TRANSITIONS`` (the only way a proposal changes state)."""
    proposal = Proposal.objects.select_for_update().select_related("enterprise").get(pk=proposal.pk)
    if expected_state is not None and expected_state != proposal.state:
        raise Conflict(
            _("Someone else has already handled this proposal (it is now %(state)s).")
            % {"state": proposal.get_state_display()}
        )
    step = rules.proposal_next(proposal.state, action)
    if step is None:
        raise DemocracyError(
            _("This step is not possible while the proposal is %(state)s.")
            % {"state": proposal.get_state_display()},
            code="transition",
        )
    next_state, who = step
    if who == rules.OFFICE:
        _require(may_manage(actor, proposal.enterprise))
    else:
        _require(getattr(actor, "worker_id", None) == proposal.proposer_id)
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    if action == "accept":
        if proposal.kind == Proposal.Kind.PROPOSAL and not rules.enough_cosigners(
            proposal.cosigners.count(), conf.get("COSIGNERS_MIN")
        ):
            raise DemocracyError(
                _("A proposal needs at least %(n)s co-signers to be accepted.")
                % {"n": conf.get("COSIGNERS_MIN")},
                code="cosigners",
            )
        proposal.ever_accepted = True
    elif action == "convert":
        if not comment.strip():
            raise DemocracyError(_("Give the reason for converting it to a suggestion."), code="reason")
        proposal.conversion_reason = comment.strip()
        proposal.kind = Proposal.Kind.SUGGESTION
    elif action == "assign":
        if not department.strip() or due_date is None:
            raise DemocracyError(_("Name the responsible department and the due date."), code="assign")
        proposal.department = department.strip()
        proposal.due_date = due_date
    elif action == "answer":
        if not answer.strip():
            raise DemocracyError(_("Write the answer."), code="answer")
        proposal.answer = answer.strip()
        proposal.answered_at = timezone.now()
    _transition(proposal, actor=actor, action=action, to=next_state, comment=comment.strip())
    proposal.state = next_state
    proposal.save()
    audit.record(actor=actor, action=f"proposal.{action}", obj=proposal, before=before,
                 after=audit.snapshot(proposal, PROPOSAL_FIELDS))  # fmt: skip
    return proposal
