"""Writes of democratic management: one function per use case, permission-checked, audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import audit, scope

from . import conf, rules, selectors
from .exceptions import Conflict, DemocracyError, PermissionRefused
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    Clause,
    ClauseResult,
    Contest,
    Contract,
    CoSigner,
    Disclosure,
    EvaluationRound,
    FulfilmentCheck,
    Leader,
    LowerMeeting,
    MediationCase,
    MediationCommittee,
    Petition,
    Proposal,
    ProposalTransition,
    Rating,
    RatingCast,
    Representative,
    Resolution,
    Session,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    Term,
    Training,
    VoteCast,
)

Role = scope.Role


# --- who may ---------------------------------------------------------------------------------


def may_manage(user, enterprise: Branch) -> bool:
    """Congress, proposals, contracts, surveys, petitions: the enterprise's union officers."""
    return scope.covers(user, enterprise.path, Role.UNION_OFFICER)


def may_record_meeting(user, branch: Branch) -> bool:
    return scope.covers(user, branch.path, *scope.OFFICER_ROLES)


def may_publish_to(user, audience: Branch) -> bool:
    """Union officers publish to their enterprise, branch officers to their own subtree."""
    return scope.covers(user, audience.path, *scope.OFFICER_ROLES)


def may_flag_petition(user, enterprise: Branch) -> bool:
    return scope.covers(user, enterprise.path, Role.DISTRICT_REVIEWER, Role.UNION_OFFICER)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionRefused(_("You do not have permission to do this."))


def _enterprise(branch: Branch) -> Branch:
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        raise DemocracyError(_("Choose an enterprise union or a unit inside one."), code="enterprise")
    return enterprise


def _created(actor, action: str, obj, fields=None, branch_path: str = ""):
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        after=audit.snapshot(obj, fields),
        branch_path=branch_path or None,
    )
    return obj


def _representative(actor) -> Representative:
    worker = getattr(actor, "worker", None)
    rep = selectors.representative_of(worker) if worker else None
    if rep is None:
        raise PermissionRefused(_("Only representatives of the current congress may do this."))
    return rep


# --- congress --------------------------------------------------------------------------------


@transaction.atomic
def term_create(
    *, actor, enterprise: Branch, number: int, elected_on: dt.date, ends_on: dt.date | None = None
) -> Term:
    _require(may_manage(actor, enterprise))
    if enterprise.kind != Branch.Kind.ENTERPRISE:
        raise DemocracyError(_("A congress term belongs to an enterprise union."), code="enterprise")
    if Term.objects.filter(enterprise=enterprise, number=number).exists():
        raise DemocracyError(_("This term number already exists."), code="duplicate")
    term = Term.objects.create(enterprise=enterprise, number=number, elected_on=elected_on, ends_on=ends_on)
    return _created(actor, "congress_term.create", term, branch_path=enterprise.path)


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
    _require(may_manage(actor, term.enterprise))
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
    return _created(actor, "representative.add", rep, branch_path=term.enterprise.path)


@transaction.atomic
def training_record(
    *, actor, term: Term, held_on: dt.date, topic: str, hours, attendees: list[Representative]
) -> Training:
    _require(may_manage(actor, term.enterprise))
    if any(r.term_id != term.pk for r in attendees):
        raise DemocracyError(_("Attendees must be representatives of this term."), code="attendees")
    training = Training.objects.create(term=term, held_on=held_on, topic=topic.strip(), hours=hours)
    training.attendees.set(attendees)
    return _created(actor, "representative_training.create", training, branch_path=term.enterprise.path)


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
    _require(may_manage(actor, term.enterprise))
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
    return _created(actor, "congress_session.create", session, branch_path=term.enterprise.path)


@transaction.atomic
def agenda_add(*, actor, session: Session, power: str, title: str) -> AgendaItem:
    _require(may_manage(actor, session.term.enterprise))
    if session.status == Session.Status.CLOSED:
        raise DemocracyError(_("The session is closed."), code="closed")
    position = session.agenda.count() + 1
    item = AgendaItem.objects.create(session=session, power=power, title=title.strip(), position=position)
    return _created(actor, "agenda_item.create", item, branch_path=session.term.enterprise.path)


@transaction.atomic
def attendance_sign(*, actor, session: Session, marks: dict[int, str]) -> int:
    """Sign-in: set each representative's attendance (present / absent with leave / absent)."""
    _require(may_manage(actor, session.term.enterprise))
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
    _require(may_manage(actor, session.term.enterprise))
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
    before = audit.snapshot(session, ["status"])
    session.status = Session.Status.OPEN
    session.opened_at = timezone.now()
    session.save(update_fields=["status", "opened_at"])
    audit.record(actor=actor, action="congress_session.open", obj=session, before=before,
                 after=audit.snapshot(session, ["status"]), branch_path=session.term.enterprise.path)  # fmt: skip
    return session


@transaction.atomic
def session_close(*, actor, session: Session, minutes: str = "") -> Session:
    _require(may_manage(actor, session.term.enterprise))
    session = (
        Session.objects.select_for_update().select_related("term", "term__enterprise").get(pk=session.pk)
    )
    if session.status != Session.Status.OPEN:
        raise Conflict(_("Only a session in progress can be closed."))
    if session.resolutions.filter(voting_open=True).exists():
        raise DemocracyError(_("Close the voting on every resolution first."), code="voting")
    before = audit.snapshot(session, ["status", "minutes"])
    session.status = Session.Status.CLOSED
    session.closed_at = timezone.now()
    session.minutes = minutes.strip() or session.minutes
    session.save(update_fields=["status", "closed_at", "minutes"])
    audit.record(actor=actor, action="congress_session.close", obj=session, before=before,
                 after=audit.snapshot(session, ["status", "minutes"]), branch_path=session.term.enterprise.path)  # fmt: skip
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
    _require(may_manage(actor, session.term.enterprise))
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
    return _created(actor, "resolution.record", resolution, branch_path=session.term.enterprise.path)


@transaction.atomic
def resolution_open_voting(*, actor, session: Session, title: str, text: str) -> Resolution:
    """Put a resolution to the representatives' vote in the portal."""
    _require(may_manage(actor, session.term.enterprise))
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
    return _created(actor, "resolution.open_voting", resolution, branch_path=session.term.enterprise.path)


@transaction.atomic
def vote_cast(*, actor, resolution: Resolution, choice: str) -> None:
    """A representative's vote in the portal, once; secret ballots keep no link to the voter."""
    rep = _representative(actor)
    resolution = Resolution.objects.select_for_update().select_related("session").get(pk=resolution.pk)
    if resolution.session.term_id != rep.term_id or not resolution.voting_open:
        raise DemocracyError(_("Voting on this resolution is not open."), code="closed")
    if choice not in Ballot.Choice.values:
        raise DemocracyError(_("Choose for, against or abstain."), code="choice")
    try:
        with transaction.atomic():
            cast = VoteCast.objects.create(resolution=resolution, representative=rep)
    except IntegrityError as exc:
        raise Conflict(_("You have already voted on this resolution.")) from exc
    Ballot.objects.create(
        resolution=resolution, choice=choice, representative=None if resolution.session.secret_ballot else rep
    )
    audit.record(actor=actor, action="resolution.vote", obj=cast, branch_path=rep.term.enterprise.path)


@transaction.atomic
def resolution_close_voting(*, actor, resolution: Resolution) -> Resolution:
    _require(may_manage(actor, resolution.session.term.enterprise))
    resolution = (
        Resolution.objects.select_for_update()
        .select_related("session__term__enterprise")
        .get(pk=resolution.pk)
    )
    if not resolution.voting_open:
        raise Conflict(_("Voting on this resolution is already closed."))
    choices = list(resolution.ballots.values_list("choice", flat=True))
    resolution.votes_for = choices.count(Ballot.Choice.FOR)
    resolution.votes_against = choices.count(Ballot.Choice.AGAINST)
    resolution.votes_abstain = choices.count(Ballot.Choice.ABSTAIN)
    resolution.voting_open = False
    resolution.passed = rules.resolution_passes(
        resolution.votes_for, resolution.representatives_total, conf.get("PASS_SHARE")
    )
    resolution.save()
    audit.record(actor=actor, action="resolution.close_voting", obj=resolution, after=audit.snapshot(resolution),
                 branch_path=resolution.session.term.enterprise.path)  # fmt: skip
    return resolution


@transaction.atomic
def resolution_publish(*, actor, resolution: Resolution) -> Resolution:
    _require(may_manage(actor, resolution.session.term.enterprise))
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


# --- proposals -------------------------------------------------------------------------------


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


@transaction.atomic
def contest_record(
    *, actor, enterprise: Branch, kind: str, title: str, held_on: dt.date, participants: list[Worker]
) -> Contest:
    _require(may_manage(actor, enterprise))
    if any(not w.branch.path.startswith(enterprise.path) for w in participants):
        raise DemocracyError(_("Participants must be on this enterprise's roster."), code="roster")
    contest = Contest.objects.create(enterprise=enterprise, kind=kind, title=title.strip(), held_on=held_on)
    contest.participants.set(participants)
    return _created(actor, "contest.create", contest, branch_path=enterprise.path)


# --- leader evaluation -----------------------------------------------------------------------


@transaction.atomic
def evaluation_create(
    *, actor, session: Session, title: str, leaders: list[tuple[str, str]]
) -> EvaluationRound:
    _require(may_manage(actor, session.term.enterprise))
    leaders = [(n.strip(), p.strip()) for n, p in leaders if n.strip()]
    if not leaders:
        raise DemocracyError(_("List the leaders to be evaluated."), code="leaders")
    round_ = EvaluationRound.objects.create(session=session, title=title.strip())
    Leader.objects.bulk_create([Leader(round=round_, name=n, position=p) for n, p in leaders])
    return _created(actor, "evaluation.create", round_, branch_path=session.term.enterprise.path)


@transaction.atomic
def evaluation_set_open(*, actor, round: EvaluationRound, is_open: bool) -> EvaluationRound:
    _require(may_manage(actor, round.session.term.enterprise))
    round_ = EvaluationRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_open == is_open:
        raise Conflict(_("The round is already open.") if is_open else _("The round is already closed."))
    round_.is_open = is_open
    round_.save(update_fields=["is_open"])
    audit.record(actor=actor, action="evaluation.open" if is_open else "evaluation.close", obj=round_,
                 branch_path=round.session.term.enterprise.path)  # fmt: skip
    return round_


@transaction.atomic
def evaluation_rate(*, actor, round: EvaluationRound, grades: dict[int, str]) -> None:
    """A representative rates every leader of the round, once, anonymously."""
    rep = _representative(actor)
    round_ = EvaluationRound.objects.select_related("session").get(pk=round.pk)
    if not round_.is_open or round_.session.term_id != rep.term_id:
        raise DemocracyError(_("This evaluation is not open."), code="closed")
    leader_ids = set(round_.leaders.values_list("pk", flat=True))
    if set(grades) != leader_ids or set(grades.values()) - set(Rating.Grade.values):
        raise DemocracyError(_("Rate every leader of the round."), code="incomplete")
    try:
        with transaction.atomic():
            cast = RatingCast.objects.create(round=round_, representative=rep)
    except IntegrityError as exc:
        raise Conflict(_("You have already rated the leaders of this round.")) from exc
    Rating.objects.bulk_create([Rating(leader_id=pk, grade=g) for pk, g in grades.items()])
    audit.record(actor=actor, action="evaluation.rate", obj=cast, branch_path=rep.term.enterprise.path)


# --- lower-level meetings --------------------------------------------------------------------


@transaction.atomic
def lower_meeting_record(
    *, actor, branch: Branch, kind: str, held_on: dt.date, attendees: int, topics: str, outcomes: str = ""
) -> LowerMeeting:
    _require(may_record_meeting(actor, branch))
    expected = {Branch.Kind.BRANCH: LowerMeeting.Kind.WORKSHOP, Branch.Kind.GROUP: LowerMeeting.Kind.TEAM}
    if expected.get(branch.kind) != kind:
        raise DemocracyError(
            _("Workshop meetings are held by branches, team meetings by groups."), code="kind"
        )
    if held_on > timezone.localdate():
        raise DemocracyError(_("A meeting cannot be recorded before it is held."), code="future")
    meeting = LowerMeeting.objects.create(
        branch=branch,
        kind=kind,
        held_on=held_on,
        attendees=attendees,
        topics=topics.strip(),
        outcomes=outcomes.strip(),
    )
    return _created(actor, "lower_meeting.create", meeting)


# --- disclosure and surveys ------------------------------------------------------------------


# Disclosure attachments: judged by their first bytes (filetype), never by the name or the browser.
ATTACHMENT_TYPES = {"pdf", "png", "jpg", "docx", "xlsx", "zip"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def check_attachment(upload) -> str:
    """The extension of an acceptable attachment, from its content; refuses anything else."""
    import filetype

    if upload.size > ATTACHMENT_MAX_BYTES:
        raise DemocracyError(_("The file is larger than 10 MB."), code="attachment_size")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ATTACHMENT_TYPES:
        raise DemocracyError(
            _("Only PDF, images, Word, Excel or ZIP files are accepted."), code="attachment_type"
        )
    return kind.extension


@transaction.atomic
def disclosure_create(
    *,
    actor,
    audience: Branch,
    category: str,
    title: str,
    content: str,
    disclosed_on: dt.date,
    attachment=None,
) -> Disclosure:
    _require(may_publish_to(actor, audience))
    if audience.kind not in (Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH):
        raise DemocracyError(_("The audience is an enterprise union or a branch."), code="audience")
    extension = check_attachment(attachment) if attachment else ""
    item = Disclosure(
        enterprise=_enterprise(audience),
        audience=audience,
        category=category,
        title=title.strip(),
        content=content.strip(),
        disclosed_on=disclosed_on,
    )
    if attachment:
        # stored under a name of our own (the type from the content): never the uploader's path
        item.attachment.save(
            f"disclosure-{timezone.now():%Y%m%d%H%M%S%f}.{extension}", attachment, save=False
        )
    item.save()
    return _created(
        actor, "disclosure.create", item, ["audience_id", "category", "title", "disclosed_on"], audience.path
    )


@transaction.atomic
def disclosure_publish(*, actor, disclosure: Disclosure) -> Disclosure:
    _require(may_publish_to(actor, disclosure.audience))
    item = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if item.published:
        raise Conflict(_("The item is already published."))
    item.published = True
    item.published_at = timezone.now()
    item.save(update_fields=["published", "published_at"])
    audit.record(actor=actor, action="disclosure.publish", obj=item, branch_path=disclosure.audience.path)
    return item


@transaction.atomic
def survey_create(*, actor, enterprise: Branch, year: int, title: str) -> Survey:
    _require(may_manage(actor, enterprise))
    survey = Survey.objects.create(enterprise=enterprise, year=year, title=title.strip())
    return _created(actor, "survey.create", survey, branch_path=enterprise.path)


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    _require(may_manage(actor, survey.enterprise))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise Conflict(_("The survey is already closed."))
    survey.is_open = False
    survey.save(update_fields=["is_open"])
    audit.record(actor=actor, action="survey.close", obj=survey, branch_path=survey.enterprise.path)
    return survey


@transaction.atomic
def survey_answer(
    *, actor, survey: Survey, knows: bool, satisfaction: str, comment: str = ""
) -> SurveyAnswer:
    """One answer per worker; the answer itself keeps no link to the worker."""
    worker = getattr(actor, "worker", None)
    if worker is None:
        raise PermissionRefused(_("Only workers answer surveys."))
    survey = Survey.objects.select_related("enterprise").get(pk=survey.pk)
    if not survey.is_open or not worker.branch.path.startswith(survey.enterprise.path):
        raise DemocracyError(_("This survey is not open to you."), code="closed")
    if satisfaction not in SurveyAnswer.Satisfaction.values:
        raise DemocracyError(_("Choose how satisfied you are."), code="satisfaction")
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, worker=worker)
    except IntegrityError as exc:
        raise Conflict(_("You have already answered this survey.")) from exc
    answer = SurveyAnswer.objects.create(
        survey=survey, knows=knows, satisfaction=satisfaction, comment=comment.strip(), branch=worker.branch
    )
    audit.record(actor=actor, action="survey.answer", obj=survey, branch_path=survey.enterprise.path)
    return answer


# --- contracts and mediation -----------------------------------------------------------------


@transaction.atomic
def contract_create(
    *,
    actor,
    enterprise: Branch,
    kind: str,
    title: str,
    parties: str,
    signed_on: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    registered_on: dt.date | None = None,
    registration_number: str = "",
    clauses: list[str] | tuple = (),
) -> Contract:
    _require(may_manage(actor, enterprise))
    if ends_on < starts_on:
        raise DemocracyError(_("The contract must end after it starts."), code="dates")
    contract = Contract.objects.create(
        enterprise=enterprise,
        kind=kind,
        title=title.strip(),
        parties=parties.strip(),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        registered_on=registered_on,
        registration_number=registration_number.strip(),
    )
    texts = [t.strip() for t in clauses if t.strip()]
    Clause.objects.bulk_create([Clause(contract=contract, number=i, text=t) for i, t in enumerate(texts, 1)])
    return _created(actor, "contract.create", contract, branch_path=enterprise.path)


@transaction.atomic
def contract_publish(*, actor, contract: Contract) -> Contract:
    _require(may_manage(actor, contract.enterprise))
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.published:
        raise Conflict(_("The contract text is already published."))
    contract.published = True
    contract.save(update_fields=["published"])
    audit.record(actor=actor, action="contract.publish", obj=contract, branch_path=contract.enterprise.path)
    return contract


@transaction.atomic
def fulfilment_check_record(
    *, actor, contract: Contract, year: int, checked_on: dt.date, results: dict[int, tuple[str, str]]
) -> FulfilmentCheck:
    """The yearly check: a result (and evidence) for every clause of the contract."""
    _require(may_manage(actor, contract.enterprise))
    clause_ids = set(contract.clauses.values_list("pk", flat=True))
    if not clause_ids or set(results) != clause_ids:
        raise DemocracyError(_("Record a result for every clause."), code="incomplete")
    if any(r not in ClauseResult.Result.values for r, _e in results.values()):
        raise DemocracyError(_("Unknown result."), code="result")
    try:
        with transaction.atomic():
            check = FulfilmentCheck.objects.create(contract=contract, year=year, checked_on=checked_on)
    except IntegrityError as exc:
        raise Conflict(_("This contract has already been checked for %(year)s.") % {"year": year}) from exc
    ClauseResult.objects.bulk_create(
        [
            ClauseResult(inspection=check, clause_id=pk, result=r, evidence=e.strip())
            for pk, (r, e) in results.items()
        ]
    )
    audit.record(actor=actor, action="contract.check", obj=check, branch_path=contract.enterprise.path,
                 after={"year": year, "results": {str(k): v[0] for k, v in results.items()}})  # fmt: skip
    return check


@transaction.atomic
def mediation_committee_set(
    *, actor, enterprise: Branch, chair: str, members: str, established_on: dt.date
) -> MediationCommittee:
    _require(may_manage(actor, enterprise))
    committee, created = MediationCommittee.objects.update_or_create(
        enterprise=enterprise,
        defaults={"chair": chair.strip(), "members": members.strip(), "established_on": established_on},
    )
    audit.record(actor=actor, action="mediation_committee.create" if created else "mediation_committee.update",
                 obj=committee, after=audit.snapshot(committee), branch_path=enterprise.path)  # fmt: skip
    return committee


@transaction.atomic
def mediation_case_record(
    *,
    actor,
    committee: MediationCommittee,
    received_on: dt.date,
    parties: str,
    subject: str,
    outcome: str,
    notes: str = "",
) -> MediationCase:
    _require(may_manage(actor, committee.enterprise))
    case = MediationCase.objects.create(
        committee=committee, received_on=received_on, parties=parties.strip(), subject=subject.strip(),
        outcome=outcome, notes=notes.strip(),
    )  # fmt: skip
    return _created(actor, "mediation_case.create", case, branch_path=committee.enterprise.path)


# --- letters and visits ----------------------------------------------------------------------

PETITION_FIELDS = ("handling", "result", "answered_on", "abnormal", "flag_reason")


@transaction.atomic
def petition_record(
    *, actor, enterprise: Branch, kind: str, received_on: dt.date, petitioner: str, subject: str
) -> Petition:
    _require(may_manage(actor, enterprise))
    petition = Petition.objects.create(
        enterprise=enterprise,
        kind=kind,
        received_on=received_on,
        petitioner=petitioner.strip(),
        subject=subject.strip(),
    )
    return _created(actor, "petition.create", petition, branch_path=enterprise.path)


@transaction.atomic
def petition_answer(
    *, actor, petition: Petition, handling: str, result: str, answered_on: dt.date
) -> Petition:
    _require(may_manage(actor, petition.enterprise))
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if answered_on < petition.received_on:
        raise DemocracyError(_("The answer cannot come before the letter or visit."), code="dates")
    before = audit.snapshot(petition, PETITION_FIELDS)
    petition.handling, petition.result, petition.answered_on = handling.strip(), result.strip(), answered_on
    petition.save()
    audit.record(actor=actor, action="petition.answer", obj=petition, before=before,
                 after=audit.snapshot(petition, PETITION_FIELDS), branch_path=petition.enterprise.path)  # fmt: skip
    return petition


@transaction.atomic
def petition_flag(*, actor, petition: Petition, abnormal: bool, reason: str = "") -> Petition:
    """Mark (or clear) an abnormal collective or over-level petition: a veto fact of the assessment."""
    _require(may_flag_petition(actor, petition.enterprise))
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if abnormal and not reason.strip():
        raise DemocracyError(_("Give the reason for the flag."), code="reason")
    if petition.abnormal == abnormal:
        raise Conflict(_("The flag is already set that way."))
    before = audit.snapshot(petition, PETITION_FIELDS)
    petition.abnormal = abnormal
    petition.flag_reason = reason.strip()
    petition.flagged_by = actor if abnormal else None
    petition.save()
    audit.record(actor=actor, action="petition.flag", obj=petition, before=before,
                 after=audit.snapshot(petition, PETITION_FIELDS), branch_path=petition.enterprise.path)  # fmt: skip
    return petition
