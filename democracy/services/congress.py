"""Writes of the workers' congress (职工代表大会): terms, representatives and their training, sessions, agenda,
attendance, resolutions and votes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import answer_once, audit, permissions

from .. import conf, rules, selectors
from ..exceptions import Conflict, DemocracyError
from ..models import (
    AgendaItem,
    Attendance,
    Ballot,
    Representative,
    Resolution,
    Session,
    Term,
    Training,
    VoteCast,
)
from .common import _representative


@transaction.atomic
def term_create(
    *, actor, enterprise: Branch, number: int, elected_on: dt.date, ends_on: dt.date | None = None
) -> Term:
    permissions.require(actor, "democracy.manage_congress", enterprise)
    if enterprise.kind != Branch.Kind.ENTERPRISE:
        raise DemocracyError(_("A congress term belongs to an enterprise union."), code="enterprise")
    if Term.objects.filter(enterprise=enterprise, number=number).exists():
        raise DemocracyError(_("This term number already exists."), code="duplicate")
    term = Term.objects.create(enterprise=enterprise, number=number, elected_on=elected_on, ends_on=ends_on)
    return audit.created(actor=actor, action="congress_term.create", obj=term, branch_path=enterprise.path)


@transaction.atomic
def representative_add(
    *,
    actor,
    term: Term,
    worker: Worker,
    group: str = "",
    is_manager: bool = False,
    constituency: Branch | None = None,
) -> Representative:
    """Record an elected representative; the constituency is the branch that holds the worker."""
    permissions.require(actor, "democracy.manage_congress", term.enterprise)
    if not worker.branch.path.startswith(term.enterprise.path):
        raise DemocracyError(_("The worker is not on this enterprise's roster."), code="roster")
    if worker.status != Worker.Status.ACTIVE:
        raise DemocracyError(_("Only active workers can be elected."), code="inactive")
    if constituency is None:
        constituency = (
            Branch.objects.filter(path__in=worker.branch.ancestor_paths(), kind=Branch.Kind.BRANCH).first()
            or worker.branch
        )
    if Representative.objects.filter(term=term, worker=worker).exists():
        raise DemocracyError(_("This worker is already a representative of this term."), code="duplicate")
    rep = Representative.objects.create(
        term=term, worker=worker, constituency=constituency, group=group.strip(), is_manager=is_manager
    )
    return audit.created(actor=actor, action="representative.add", obj=rep, branch_path=term.enterprise.path)


@transaction.atomic
def training_record(
    *, actor, term: Term, held_on: dt.date, topic: str, hours, attendees: list[Representative]
) -> Training:
    permissions.require(actor, "democracy.manage_congress", term.enterprise)
    if any(r.term_id != term.pk for r in attendees):
        raise DemocracyError(_("Attendees must be representatives of this term."), code="attendees")
    training = Training.objects.create(term=term, held_on=held_on, topic=topic.strip(), hours=hours)
    training.attendees.set(attendees)
    return audit.created(
        actor=actor, action="representative_training.create", obj=training, branch_path=term.enterprise.path
    )


@transaction.atomic
def session_create(
    *,
    actor,
    term: Term,
    number: int,
    held_on: dt.date,
    place: str,
    portal_voting: bool = False,
    secret_ballot: bool = True,
) -> Session:
    permissions.require(actor, "democracy.manage_congress", term.enterprise)
    if Session.objects.filter(term=term, number=number).exists():
        raise DemocracyError(_("This session number already exists in the term."), code="duplicate")
    session = Session.objects.create(
        term=term,
        number=number,
        held_on=held_on,
        place=place.strip(),
        portal_voting=portal_voting,
        secret_ballot=secret_ballot,
    )
    return audit.created(
        actor=actor, action="congress_session.create", obj=session, branch_path=term.enterprise.path
    )


@transaction.atomic
def agenda_add(*, actor, session: Session, power: str, title: str) -> AgendaItem:
    permissions.require(actor, "democracy.manage_congress", session.term.enterprise)
    if session.status == Session.Status.CLOSED:
        raise DemocracyError(_("The session is closed."), code="closed")
    position = session.agenda.count() + 1
    item = AgendaItem.objects.create(session=session, power=power, title=title.strip(), position=position)
    return audit.created(
        actor=actor, action="agenda_item.create", obj=item, branch_path=session.term.enterprise.path
    )


@transaction.atomic
def attendance_sign(*, actor, session: Session, marks: dict[int, str]) -> int:
    """Sign-in: set each representative's attendance (present / absent with leave / absent)."""
    permissions.require(actor, "democracy.manage_congress", session.term.enterprise)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CLOSED:
        raise DemocracyError(_("The session is closed."), code="closed")
    valid = set(session.term.representatives.values_list("pk", flat=True))
    if set(marks) - valid:
        raise DemocracyError(_("Only this term's representatives can sign in."), code="representative")
    if set(marks.values()) - set(Attendance.Status.values):
        raise DemocracyError(_("Unknown attendance status."), code="status")
    existing = {a.representative_id: a for a in session.attendances.all()}
    rows = []
    for rep_id, status in marks.items():
        row = existing.get(rep_id)
        before = audit.snapshot(row, ["status"]) if row else None
        if row is None:
            row = Attendance.objects.create(session=session, representative_id=rep_id, status=status)
        elif row.status != status:
            row.status = status
            row.signed_at = timezone.now()
            row.save(update_fields=["status", "signed_at"])
        else:
            continue
        rows.append((row, before, audit.snapshot(row, ["representative_id", "status"])))
    audit.record_many(
        actor=actor,
        action="attendance.sign",
        model=Attendance,
        rows=rows,
        branch_path=session.term.enterprise.path,
    )
    return len(rows)


@transaction.atomic
def session_open(*, actor, session: Session) -> Session:
    """Open the session: only with at least the quorum (2/3 of ALL representatives) present."""
    permissions.require(actor, "democracy.manage_congress", session.term.enterprise)
    session = (
        Session.objects.select_for_update().select_related("term", "term__enterprise").get(pk=session.pk)
    )
    if session.status != Session.Status.PLANNED:
        raise Conflict(_("The session has already been opened."))
    counts = selectors.attendance_counts(session)
    if not rules.has_quorum(counts["present"], counts["total"], conf.get("QUORUM")):
        raise DemocracyError(
            _("Quorum not reached: %(present)s of %(total)s representatives present, %(needed)s needed.")
            % {"present": counts["present"], "total": counts["total"], "needed": counts["needed"]},
            code="quorum",
        )
    with audit.changing(
        actor=actor,
        obj=session,
        fields=["status"],
        action="congress_session.open",
        branch_path=session.term.enterprise.path,
    ):
        session.status = Session.Status.OPEN
        session.opened_at = timezone.now()
    return session


@transaction.atomic
def session_close(*, actor, session: Session, minutes: str = "") -> Session:
    permissions.require(actor, "democracy.manage_congress", session.term.enterprise)
    session = (
        Session.objects.select_for_update().select_related("term", "term__enterprise").get(pk=session.pk)
    )
    if session.status != Session.Status.OPEN:
        raise Conflict(_("Only a session in progress can be closed."))
    if session.resolutions.filter(voting_open=True).exists():
        raise DemocracyError(_("Close the voting on every resolution first."), code="voting")
    with audit.changing(
        actor=actor,
        obj=session,
        fields=["status", "minutes"],
        action="congress_session.close",
        branch_path=session.term.enterprise.path,
    ):
        session.status = Session.Status.CLOSED
        session.closed_at = timezone.now()
        session.minutes = minutes.strip() or session.minutes
    return session


def _locked_open_session(session: Session) -> Session:
    session = (
        Session.objects.select_for_update().select_related("term", "term__enterprise").get(pk=session.pk)
    )
    if session.status != Session.Status.OPEN:
        raise DemocracyError(
            _("Resolutions are voted only while the session is in progress."), code="not_open"
        )
    return session


@transaction.atomic
def resolution_record(
    *, actor, session: Session, title: str, text: str, votes_for: int, votes_against: int, votes_abstain: int
) -> Resolution:
    """A resolution with the tellers' count; passed with more than half of ALL representatives for."""
    permissions.require(actor, "democracy.manage_congress", session.term.enterprise)
    session = _locked_open_session(session)
    counts = selectors.attendance_counts(session)
    if not rules.count_is_consistent(votes_for, votes_against, votes_abstain, counts["present"]):
        raise DemocracyError(
            _("The count (%(sum)s votes) exceeds the %(present)s representatives present.")
            % {"sum": votes_for + votes_against + votes_abstain, "present": counts["present"]},
            code="count",
        )
    resolution = Resolution.objects.create(
        session=session,
        title=title.strip(),
        text=text.strip(),
        method=Resolution.Method.TELLERS,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        representatives_total=counts["total"],
        passed=rules.resolution_passes(votes_for, counts["total"], conf.get("PASS_SHARE")),
    )
    return audit.created(
        actor=actor, action="resolution.record", obj=resolution, branch_path=session.term.enterprise.path
    )


@transaction.atomic
def resolution_open_voting(*, actor, session: Session, title: str, text: str) -> Resolution:
    """Put a resolution to the representatives' vote in the portal."""
    permissions.require(actor, "democracy.manage_congress", session.term.enterprise)
    session = _locked_open_session(session)
    if not session.portal_voting:
        raise DemocracyError(_("This congress does not vote in the portal."), code="portal_voting")
    resolution = Resolution.objects.create(
        session=session,
        title=title.strip(),
        text=text.strip(),
        method=Resolution.Method.PORTAL,
        voting_open=True,
        representatives_total=session.term.representatives.count(),
    )
    return audit.created(
        actor=actor, action="resolution.open_voting", obj=resolution, branch_path=session.term.enterprise.path
    )


@transaction.atomic
def vote_cast(*, actor, resolution: Resolution, choice: str) -> None:
    """A representative's vote in the portal, once (``unionhome.answer_once``): the ballot keeps no
    link to the voter; only a congress that votes by name keeps the choice with the voter's name."""
    rep = _representative(actor)
    resolution = Resolution.objects.select_related("session").get(pk=resolution.pk)
    if resolution.session.term_id != rep.term_id:
        raise DemocracyError(_("Voting on this resolution is not open."), code="closed")
    if choice not in Ballot.Choice.values:
        raise DemocracyError(_("Choose for, against or abstain."), code="choice")
    answer_once.answer_once(
        round=resolution,
        person=rep,
        participation=VoteCast,
        participation_fields={} if resolution.session.secret_ballot else {"choice": choice},
        write_answer=lambda locked: Ballot.objects.create(resolution=locked, choice=choice),
        actor=actor,
        action="resolution.vote",
        branch_path=rep.term.enterprise.path,
        closed_message=_("Voting on this resolution is not open."),
        already_message=_("You have already voted on this resolution."),
    )


@transaction.atomic
def resolution_close_voting(*, actor, resolution: Resolution) -> Resolution:
    """Count the ballots. Whether the resolution passed is always kept (more than half of ALL
    representatives for); the counts per choice only from ``UNIONHOME_MIN_ANSWERS`` ballots up, as
    below that they could tell how a representative voted."""
    permissions.require(actor, "democracy.manage_congress", resolution.session.term.enterprise)
    resolution = (
        Resolution.objects.select_for_update()
        .select_related("session__term__enterprise")
        .get(pk=resolution.pk)
    )
    if not resolution.voting_open:
        raise Conflict(_("Voting on this resolution is already closed."))
    choices = list(resolution.ballots.values_list("choice", flat=True))
    votes_for = choices.count(Ballot.Choice.FOR)
    resolution.voting_open = False
    resolution.passed = rules.resolution_passes(
        votes_for, resolution.representatives_total, conf.get("PASS_SHARE")
    )
    if answer_once.results_visible(resolution, len(choices)):
        resolution.votes_for = votes_for
        resolution.votes_against = choices.count(Ballot.Choice.AGAINST)
        resolution.votes_abstain = choices.count(Ballot.Choice.ABSTAIN)
    else:
        resolution.votes_for = resolution.votes_against = resolution.votes_abstain = None
    resolution.save()
    audit.record(actor=actor, action="resolution.close_voting", obj=resolution, after=audit.snapshot(resolution),
                 branch_path=resolution.session.term.enterprise.path)  # fmt: skip
    return resolution


@transaction.atomic
def resolution_publish(*, actor, resolution: Resolution) -> Resolution:
    permissions.require(actor, "democracy.manage_congress", resolution.session.term.enterprise)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.voting_open or resolution.passed is None:
        raise DemocracyError(_("Only a counted resolution can be published."), code="not_counted")
    if resolution.published:
        raise Conflict(_("The resolution is already published."))
    resolution.published = True
    resolution.save(update_fields=["published"])
    audit.record(actor=actor, action="resolution.publish", obj=resolution,
                 branch_path=resolution.session.term.enterprise.path)  # fmt: skip
    return resolution
