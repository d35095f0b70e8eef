"""Scoped reads of representatives' proposals (提案办理): submission, co-signing, handling and answers."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from branches.models import Worker
from unionhome import scope, workflow

from .. import rules
from ..models import CoSigner, Proposal, ProposalTransition, Representative, Session
from ..workflows import PROPOSAL
from .congress import sessions


def proposals(user) -> QuerySet[Proposal]:
    """Union officers and reviewers see their enterprises' proposals; branch officers their subtree's."""
    return (
        scope.limit(Proposal.objects.all(), user, "branch__path")
        .select_related("proposer", "branch", "session", "session__term")
        .annotate(cosigner_count=Count("cosigners"))
    )


def proposal(user, pk: int) -> Proposal:
    return scope.get_or_404(proposals(user), user, None, pk=pk)


def overdue(queryset: QuerySet[Proposal], today: dt.date | None = None) -> QuerySet[Proposal]:
    """The proposals past their due date still being worked on (``rules.is_overdue``, in the query)."""
    today = today or timezone.localdate()
    return queryset.filter(state__in=rules.OPEN_WORK_STATES, due_date__lt=today)


def with_overdue(rows, today: dt.date | None = None):
    today = today or timezone.localdate()
    for row in rows:
        row.overdue = rules.is_overdue(row.state, row.due_date, today)
    return rows


def labelled_transitions(proposal: Proposal) -> list[ProposalTransition]:
    """The proposal's history, each row with its state and action labels."""
    return workflow.labelled(PROPOSAL, proposal.transitions.select_related("actor"))


def proposal_stats(queryset: QuerySet[Proposal]) -> dict:
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("id")))
    accepted = sum(n for s, n in counts.items() if s in rules.ACCEPTED_STATES)
    answered = sum(n for s, n in counts.items() if s in rules.ANSWERED_STATES)
    return {
        "by_state": counts,
        "accepted": accepted,
        "answered": answered,
        "answered_rate": rules.rate(answered, accepted),
    }


def answered_rate_by_session(user) -> list[tuple[Session, dict]]:
    """Each congress session with its proposals' "every letter has an answer" rate (two queries)."""
    rows = list(sessions(user).order_by("-held_on"))
    counts: dict[int, dict[str, int]] = {}
    for session_id, state, n in (
        Proposal.objects.filter(session__in=rows, kind=Proposal.Kind.PROPOSAL)
        .order_by()
        .values_list("session_id", "state")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(session_id, {})[state] = n
    result = []
    for s in rows:
        by_state = counts.get(s.pk, {})
        accepted = sum(n for st, n in by_state.items() if st in rules.ACCEPTED_STATES)
        answered = sum(n for st, n in by_state.items() if st in rules.ANSWERED_STATES)
        result.append(
            (
                s,
                {
                    "by_state": by_state,
                    "accepted": accepted,
                    "answered": answered,
                    "answered_rate": rules.rate(answered, accepted),
                },
            )  # fmt: skip
        )
    return result


def my_proposals(worker: Worker) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(proposer=worker)
        .select_related("session")
        .annotate(cosigner_count=Count("cosigners"))
    )


def my_proposal(worker: Worker, pk: int) -> Proposal:
    return scope.get_or_404(Proposal.objects.filter(proposer=worker), None, None, pk=pk)


def cosignable(rep: Representative) -> QuerySet[Proposal]:
    """Proposals of the same term awaiting review that the representative did not write."""
    return (
        Proposal.objects.filter(
            kind=Proposal.Kind.PROPOSAL,
            state=Proposal.State.SUBMITTED,
            enterprise=rep.term.enterprise,
        )
        .exclude(proposer=rep.worker)
        .select_related("proposer")
        .annotate(
            cosigner_count=Count("cosigners", distinct=True),
            signed=Exists(CoSigner.objects.filter(proposal=OuterRef("pk"), worker=rep.worker)),
        )
    )
