"""Writes of representatives' proposals (提案办理): submission, co-signing, handling and answers."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import audit, permissions, workflow

from .. import selectors
from ..exceptions import Conflict, DemocracyError
from ..models import CoSigner, Proposal, Session
from ..workflows import PROPOSAL
from .common import _enterprise, _representative


def _session_for_proposals(enterprise: Branch) -> Session | None:
    term = selectors.current_term(enterprise)
    if term is None:
        return None
    return (
        term.sessions.exclude(status=Session.Status.CLOSED).order_by("held_on").first()
        or term.sessions.first()
    )


@transaction.atomic
def proposal_submit(
    *, actor, kind: str, title: str, content: str, cosigners: list[Worker] | tuple = ()
) -> Proposal:
    """A representative's proposal (with co-signers) or any worker's rationalisation suggestion."""
    permissions.require(
        actor, "democracy.submit_proposal", message=_("Only workers can submit proposals in the portal.")
    )
    worker = actor.worker
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
    workflow.record_start(PROPOSAL, actor=actor, obj=proposal, action="submit")
    return audit.created(actor=actor, action="proposal.submit", obj=proposal)


@transaction.atomic
def proposal_enter(
    *, actor, proposer: Worker, kind: str, title: str, content: str, cosigners: list[Worker] | tuple = ()
) -> Proposal:
    """The office enters a proposal received on paper."""
    enterprise = _enterprise(proposer.branch)
    permissions.require(actor, "democracy.enter_proposal", enterprise)
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
    workflow.record_start(PROPOSAL, actor=actor, obj=proposal, action="submit")
    return audit.created(actor=actor, action="proposal.enter", obj=proposal)


@transaction.atomic
def proposal_cosign(*, actor, proposal: Proposal) -> CoSigner:
    rep = _representative(actor, "democracy.cosign_proposal")
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
    """Take one step of the proposal workflow (``workflows.PROPOSAL``), the only way a proposal
    changes state; returns the updated proposal."""
    return workflow.apply(
        PROPOSAL,
        actor=actor,
        obj=proposal,
        action=action,
        reason=comment,
        expected_state=expected_state,
        department=(department or "").strip(),
        due_date=due_date,
        answer=(answer or "").strip(),
    )
