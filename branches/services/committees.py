"""Committees, their terms (届) and seats; the checks the workshop posts and leadership group share."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.permissions import require

from .. import rules
from ..exceptions import CommitteeError, Conflict
from ..models import Branch, Committee, CommitteeSeat, Term, Worker

TERM_FIELDS = ("committee_id", "number", "elected_on", "start", "end")
SEAT_FIELDS = ("term_id", "worker_id", "position", "start", "end")


# Positions that head a committee: one open holder per term.
HEAD_POSITIONS = (
    CommitteeSeat.Position.CHAIR,
    CommitteeSeat.Position.FUNDS_REVIEW_DIRECTOR,
    CommitteeSeat.Position.WOMEN_DIRECTOR,
    CommitteeSeat.Position.WOMEN_GROUP_LEADER,
)


def _require_active(branch: Branch) -> None:
    if not branch.is_active:
        raise CommitteeError(_("This unit is closed."), code="closed")


def _require_worker_of(branch: Branch, worker: Worker) -> None:
    if not worker.branch.path.startswith(branch.path):
        raise CommitteeError(
            _("%(name)s is not on the roster of %(unit)s or a unit below it.")
            % {"name": worker.name, "unit": branch.name},
            code="other_unit",
        )
    if worker.status != Worker.Status.ACTIVE:
        raise CommitteeError(
            _("%(name)s is no longer an active worker.") % {"name": worker.name}, code="inactive"
        )


@transaction.atomic
def committee_create(*, actor, branch: Branch, kind: str, established_on: dt.date | None = None) -> Committee:
    require(actor, "branches.manage_committees", branch)
    _require_active(branch)
    if kind not in Committee.Kind.values:
        raise CommitteeError(_("Choose a kind of committee."), code="kind")
    if Committee.objects.filter(branch=branch, kind=kind).exists():
        raise CommitteeError(
            _("%(unit)s already has a %(committee)s.")
            % {"unit": branch.name, "committee": Committee.Kind(kind).label},
            code="duplicate",
        )
    committee = Committee.objects.create(branch=branch, kind=kind, established_on=established_on)
    return audit.created(
        actor=actor, action="committee.create", obj=committee, fields=("branch_id", "kind", "established_on")
    )


def _check_term(committee: Committee, *, elected_on: dt.date, start: dt.date, end: dt.date, exclude_pk=None):
    if end <= start:
        raise CommitteeError(_("A term must end after it starts."), code="dates")
    if elected_on > start:
        raise CommitteeError(_("A term cannot start before its election."), code="dates")
    others = Term.objects.filter(committee=committee)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        if rules.periods_overlap(start, end, other.start, other.end):
            raise CommitteeError(
                _("This term overlaps term %(number)s (%(start)s – %(end)s) of the same committee.")
                % {"number": other.number, "start": other.start, "end": other.end},
                code="overlap",
            )


@transaction.atomic
def term_create(
    *,
    actor,
    committee: Committee,
    elected_on: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    number: int | None = None,
) -> Term:
    """Record an election: a new term (届). Past terms stay; terms of one committee never overlap."""
    require(actor, "branches.manage_committees", committee.branch)
    _require_active(committee.branch)
    committee = Committee.objects.select_for_update().select_related("branch").get(pk=committee.pk)
    start = start or elected_on
    end = end or rules.term_default_end(start, settings.UNIONHOME["COMMITTEE_TERM_YEARS"])
    _check_term(committee, elected_on=elected_on, start=start, end=end)
    if number is None:
        number = (max(committee.terms.values_list("number", flat=True), default=0)) + 1
    elif committee.terms.filter(number=number).exists():
        raise CommitteeError(_("Term %(number)s is already recorded.") % {"number": number}, code="number")
    term = Term.objects.create(
        committee=committee, number=number, elected_on=elected_on, start=start, end=end
    )
    return audit.created(
        actor=actor, action="term.create", obj=term, fields=TERM_FIELDS, branch_path=committee.branch.path
    )


@transaction.atomic
def term_update(
    *, actor, term: Term, elected_on: dt.date, start: dt.date, end: dt.date, version: int | None = None
) -> Term:
    """Correct a term's dates (e.g. an early re-election ends it sooner)."""
    require(actor, "branches.manage_committees", term.committee.branch)
    Committee.objects.select_for_update().get(pk=term.committee_id)
    term = Term.objects.select_for_update().select_related("committee__branch").get(pk=term.pk)
    with audit.changing(
        actor=actor,
        obj=term,
        fields=TERM_FIELDS,
        action="term.update",
        branch_path=term.committee.branch.path,
        version=version,
        submitted={"elected_on": elected_on, "start": start, "end": end},
    ):
        _check_term(term.committee, elected_on=elected_on, start=start, end=end, exclude_pk=term.pk)
        term.elected_on, term.start, term.end = elected_on, start, end
    return term


@transaction.atomic
def seat_create(
    *, actor, term: Term, worker: Worker, position: str, start: dt.date | None = None
) -> CommitteeSeat:
    """Seat a worker of the committee's unit (or a unit below it) in a position for a term."""
    branch = term.committee.branch
    require(actor, "branches.manage_committees", branch)
    _require_active(branch)
    Term.objects.select_for_update().get(pk=term.pk)
    worker = Worker.objects.select_related("branch").get(pk=worker.pk)
    _require_worker_of(branch, worker)
    if position not in CommitteeSeat.Position.values:
        raise CommitteeError(_("Choose a position."), code="position")
    start = start or term.start
    if not term.start <= start <= term.end:
        raise CommitteeError(
            _("The seat must start within the term (%(start)s – %(end)s).")
            % {"start": term.start, "end": term.end},
            code="dates",
        )
    open_seats = CommitteeSeat.objects.filter(term=term, end__isnull=True)
    if open_seats.filter(worker=worker).exists():
        raise CommitteeError(
            _("%(name)s already holds a seat in this term.") % {"name": worker.name}, code="seated"
        )
    if position in HEAD_POSITIONS and open_seats.filter(position=position).exists():
        raise CommitteeError(
            _("The position of %(position)s is already held; end that seat first.")
            % {"position": CommitteeSeat.Position(position).label},
            code="head_taken",
        )
    seat = CommitteeSeat.objects.create(term=term, worker=worker, position=position, start=start)
    return audit.created(
        actor=actor, action="seat.create", obj=seat, fields=SEAT_FIELDS, branch_path=branch.path
    )


@transaction.atomic
def seat_end(*, actor, seat: CommitteeSeat, end: dt.date) -> CommitteeSeat:
    """A worker leaves a seat (resigned, moved, left the unit); the seat stays as history."""
    branch = seat.term.committee.branch
    require(actor, "branches.manage_committees", branch)
    seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.end is not None:
        raise Conflict(_("This seat has already ended."))
    if end < seat.start:
        raise CommitteeError(_("A seat cannot end before it starts."), code="dates")
    with audit.changing(
        actor=actor, obj=seat, fields=SEAT_FIELDS, action="seat.end", branch_path=branch.path
    ):
        seat.end = end
    return seat
