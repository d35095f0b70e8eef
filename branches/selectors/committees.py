"""Committees, terms and seats: a unit's committees, the term calendar, the committee rosters,
the portal's view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from unionhome import scope

from .. import rules
from ..models import Branch, Committee, CommitteeSeat, LeadershipGroup, Term, Worker
from ._common import _in_subtree, thresholds
from .leadership import leadership_of

CommitteeKind = Committee.Kind


def unit_committees(branch: Branch, *, today=None) -> list[Committee]:
    """A unit's committees with every term (newest first), its seats and workers: three queries.

    Each committee carries ``status`` (rules.TermStatus) and each term ``in_force``.
    """
    today = today or timezone.localdate()
    due = thresholds()["TERM_DUE_SOON_DAYS"]
    seats = CommitteeSeat.objects.select_related("worker").order_by("end", "position", "start", "id")
    committees = list(
        Committee.objects.filter(branch=branch)
        .select_related("branch")
        .prefetch_related(
            Prefetch("terms", queryset=Term.objects.order_by("-start")),
            Prefetch("terms__seats", queryset=seats),
        )
        .order_by("kind")
    )
    for committee in committees:
        terms = list(committee.terms.all())
        committee.status = rules.term_status(
            [rules.TermDates(t.elected_on, t.start, t.end) for t in terms], today, due_soon_days=due
        )
        for term in terms:
            term.in_force = term.start <= today <= term.end
    return committees


def committee_in_scope(user, pk) -> Committee:
    return scope.get_or_404(Committee.objects.select_related("branch"), user, pk=pk)


def term_in_scope(user, pk) -> Term:
    return scope.get_or_404(
        Term.objects.select_related("committee__branch"), user, "committee__branch__path", pk=pk
    )


def seat_in_scope(user, pk) -> CommitteeSeat:
    return scope.get_or_404(
        CommitteeSeat.objects.select_related("term__committee__branch", "worker"),
        user,
        "term__committee__branch__path",
        pk=pk,
    )


def seat_candidates(branch: Branch) -> QuerySet[Worker]:
    """Active workers of the unit's subtree: the only people who may hold its seats and posts."""
    return (
        Worker.objects.filter(branch__path__startswith=branch.path, status=Worker.Status.ACTIVE)
        .select_related("branch")
        .order_by("branch__path", "name", "id")
    )


def _committee_label(kind: str) -> str:
    return str(CommitteeKind(kind).label)


@dataclass(frozen=True)
class TermEnd:
    committee: Committee
    term: Term
    status: rules.TermStatus


def term_calendar(user, *, today=None) -> list[TermEnd]:
    """The current (or last) term of every committee in scope, by the day it ends: two queries."""
    today = today or timezone.localdate()
    due = thresholds()["TERM_DUE_SOON_DAYS"]
    committees = (
        scope.limit(Committee.objects.filter(branch__is_active=True), user)
        .select_related("branch")
        .prefetch_related(Prefetch("terms", queryset=Term.objects.order_by("start")))
    )
    result = []
    for committee in committees:
        terms = list(committee.terms.all())
        if not terms:
            continue
        status = rules.term_status(
            [rules.TermDates(t.elected_on, t.start, t.end) for t in terms], today, due_soon_days=due
        )
        current = next((t for t in terms if t.start <= today <= t.end), None) or terms[-1]
        result.append(TermEnd(committee, current, status))
    return sorted(result, key=lambda e: (e.term.end, e.committee.branch.path, e.committee.kind))


def committee_roster(user, root: Branch | None = None, *, today=None) -> QuerySet[CommitteeSeat]:
    """Open seats of the terms in force in the user's scope, with the unit, committee and worker."""
    today = today or timezone.localdate()
    qs = scope.limit(
        CommitteeSeat.objects.filter(end__isnull=True, term__start__lte=today, term__end__gte=today),
        user,
        "term__committee__branch__path",
    )
    qs = _in_subtree(qs, root, "term__committee__branch__path")
    return qs.select_related("term__committee__branch", "worker__branch").order_by(
        "term__committee__branch__path", "term__committee__kind", "position", "worker__name"
    )


@dataclass(frozen=True)
class PortalUnit:
    branch: Branch
    committees: list[Committee]  # each with ``current`` (the term in force or None) and its open seats


def portal_committees(worker: Worker, *, today=None) -> tuple[list[PortalUnit], LeadershipGroup | None]:
    """What a worker may see of their own enterprise (docs/PERMISSIONS.md: view own enterprise's):
    the committees in force of the enterprise and of the units between it and the worker, with the
    names and positions of their members, and the enterprise's leadership group."""
    today = today or timezone.localdate()
    chain = list(
        Branch.objects.filter(path__in=worker.branch.ancestor_paths(), is_active=True)
        .exclude(kind__in=Branch.FEDERATION_KINDS)
        .order_by("depth")
    )
    seats = CommitteeSeat.objects.filter(end__isnull=True).select_related("worker").order_by("position", "id")
    committees = (
        Committee.objects.filter(branch__in=chain)
        .prefetch_related(
            Prefetch(
                "terms", queryset=Term.objects.filter(start__lte=today, end__gte=today), to_attr="in_force"
            ),
            Prefetch("in_force__seats", queryset=seats, to_attr="open_seats"),
        )
        .order_by("kind")
    )
    by_branch: dict[int, list[Committee]] = defaultdict(list)
    for committee in committees:
        committee.current = committee.in_force[0] if committee.in_force else None
        by_branch[committee.branch_id].append(committee)
    enterprise = next((b for b in chain if b.kind == Branch.Kind.ENTERPRISE), None)
    units = [PortalUnit(b, by_branch.get(b.pk, [])) for b in chain]
    return units, (leadership_of(enterprise) if enterprise else None)
