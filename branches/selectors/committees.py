"""Committees, terms and seats: a unit's committees, the term calendar, the committee rosters,
the portal's view."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from unionhome import scope

from .. import rules
from ..models import Branch, Committee, CommitteeSeat, CommitteeTermRecord, LeadershipGroup, Term, Worker
from ._common import _in_subtree, in_copied_scope, thresholds
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


# The order of both lists of the calendar, live or from the table: the end, then the tree.
LIVE_ORDER = ("current_end", "branch__path", "kind", "id")
TABLE_ORDER = ("current_end", "path", "kind", "id")


def term_calendar_committees(user, *, today=None) -> QuerySet[Committee]:
    """The committees in scope that have a term, each with ``current_end``: the end of its current
    term (the term in force, else the last one), computed in the database so that the calendar
    counts, sorts and pages them without loading the scope."""
    today = today or timezone.localdate()
    return with_current_end(
        scope.limit(Committee.objects.filter(branch__is_active=True), user), today
    ).select_related("branch")


def with_current_end(committees: QuerySet[Committee], today: dt.date) -> QuerySet[Committee]:
    """Those of ``committees`` that have a term, each with ``current_end`` (the end of the term in
    force on ``today``, else of the last term): the live calendar's and the refresh's one rule."""
    in_force = Term.objects.filter(committee=OuterRef("pk"), start__lte=today, end__gte=today).order_by(
        "start", "id"
    )
    last = Term.objects.filter(committee=OuterRef("pk")).order_by("-start", "-id")
    return committees.filter(Exists(Term.objects.filter(committee=OuterRef("pk")))).annotate(
        current_end=Coalesce(Subquery(in_force.values("end")[:1]), Subquery(last.values("end")[:1]))
    )


def overdue_committees(committees: QuerySet[Committee], *, today=None) -> QuerySet[Committee]:
    """Those of ``committees`` whose every term has ended (overdue for re-election), by end."""
    today = today or timezone.localdate()
    return committees.exclude(Exists(Term.objects.filter(committee=OuterRef("pk"), end__gte=today))).order_by(
        *LIVE_ORDER
    )


def committees_ending_from(committees: QuerySet[Committee], first: dt.date) -> QuerySet[Committee]:
    """Those of ``committees`` whose current term ends on ``first`` or later, by end."""
    return committees.filter(current_end__gte=first).order_by(*LIVE_ORDER)


def term_ends_by_month(committees: QuerySet, first: dt.date, last: dt.date) -> dict[str, int]:
    """How many of ``committees`` (live, annotated by ``with_current_end``, or the table's rows of
    ``table_committees``) have their current term end in each month from ``first`` to ``last``
    ("YYYY-MM" → count): one grouped query."""
    rows = (
        committees.filter(current_end__gte=first, current_end__lte=last)
        .annotate(month=TruncMonth("current_end"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {f"{r['month']:%Y-%m}": r["n"] for r in rows}


# --- the committees of a large scope, from the table the findings refresh keeps ------------------------
# (docs/SCALING.md, "The term calendar's committees": ``services.term_table`` writes it)


def table_committees(user) -> QuerySet[CommitteeTermRecord]:
    """The table's committees in the user's scope: by the copied path (an index range under any
    collation: the tree's paths are made of its alphabet) and by the unit's current path and state
    (a unit moved or closed since the computation is left out)."""
    return in_copied_scope(
        CommitteeTermRecord.objects.filter(branch__is_active=True), scope.branches_for(user)
    )


def table_overdue(records: QuerySet[CommitteeTermRecord], *, today: dt.date) -> QuerySet[CommitteeTermRecord]:
    """Those of ``records`` overdue for re-election on ``today`` (every term ended before it):
    decided on the day of the read, not of the computation."""
    return records.filter(latest_end__lt=today)


def table_ending_from(
    records: QuerySet[CommitteeTermRecord], first: dt.date
) -> QuerySet[CommitteeTermRecord]:
    """Those of ``records`` whose current term ends on ``first`` or later."""
    return records.filter(current_end__gte=first)


def term_ends(committees: list[Committee], *, today=None) -> list[TermEnd]:
    """The current (or last) term and the status of each of a few committees (a page of the
    calendar), in their order: one query."""
    today = today or timezone.localdate()
    due = thresholds()["TERM_DUE_SOON_DAYS"]
    terms: dict[int, list[Term]] = defaultdict(list)
    for term in Term.objects.filter(committee__in=[c.pk for c in committees]).order_by("start", "id"):
        terms[term.committee_id].append(term)
    result = []
    for committee in committees:
        own = terms[committee.pk]
        if not own:  # read from the table, its terms removed since the computation
            continue
        status = rules.term_status(
            [rules.TermDates(t.elected_on, t.start, t.end) for t in own], today, due_soon_days=due
        )
        current = next((t for t in own if t.start <= today <= t.end), None) or own[-1]
        result.append(TermEnd(committee, current, status))
    return result


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
