"""Scoped reads of democratic management, and the facts it gives the model-home assessment."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.facts import Fact
from branches.models import Branch, Worker
from unionhome import scope

from . import conf, rules
from .models import (
    Attendance,
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

ENTERPRISE_PATH_LEN = 2 * Branch.steplen  # district → enterprise → branch → group


# --- scope ---------------------------------------------------------------------------------


def enterprise_q(user, field: str = "enterprise__path", *roles: str) -> Q:
    """Enterprise-level records a user may see: those of every enterprise in or above their scope.

    A branch officer sees their own enterprise's congress, contracts and surveys (PERMISSIONS.md:
    "view"); a district reviewer sees every enterprise below the district.
    """
    roots = scope.branches_for(user, *roles)
    if not roots:
        return Q(pk__in=[])
    if roots == [""]:
        return Q()
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{f"{field}__startswith": root})
        if len(root) > ENTERPRISE_PATH_LEN:
            q |= Q(**{field: root[:ENTERPRISE_PATH_LEN]})
    return q


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def enterprises(user) -> QuerySet[Branch]:
    return Branch.objects.filter(kind=Branch.Kind.ENTERPRISE, is_active=True).filter(
        enterprise_q(user, "path")
    )


def managed_enterprises(user) -> list[Branch]:
    return [e for e in enterprises(user) if scope.covers(user, e.path, scope.Role.UNION_OFFICER)]


def enterprise_workers(enterprise: Branch) -> QuerySet[Worker]:
    return Worker.objects.filter(
        branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE
    ).select_related("branch")


def workers_of(enterprises: list[Branch]) -> QuerySet[Worker]:
    q = Q(pk__in=[])
    for e in enterprises:
        q |= Q(branch__path__startswith=e.path)
    return Worker.objects.filter(q, status=Worker.Status.ACTIVE).select_related("branch")


def managed_terms(user) -> QuerySet[Term]:
    return Term.objects.filter(enterprise__in=managed_enterprises(user)).select_related("enterprise")


def managed_sessions(user) -> QuerySet[Session]:
    return Session.objects.filter(term__enterprise__in=managed_enterprises(user)).select_related(
        "term", "term__enterprise"
    )


def meeting_units(user) -> QuerySet[Branch]:
    """Branches and groups where the user may record lower-level meetings."""
    return scope.limit(
        Branch.objects.filter(kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP], is_active=True),
        user,
        "path",
        *scope.OFFICER_ROLES,
    ).order_by("path")


def publish_audiences(user) -> QuerySet[Branch]:
    """Enterprises and branches the user may publish disclosure items to."""
    return scope.limit(
        Branch.objects.filter(kind__in=[Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH], is_active=True),
        user,
        "path",
        *scope.OFFICER_ROLES,
    ).order_by("path")


def enterprise_of_worker(worker: Worker) -> Branch | None:
    return scope.enterprise_of(worker.branch)


# --- congress ------------------------------------------------------------------------------


def terms(user) -> QuerySet[Term]:
    return (
        Term.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(representative_count=Count("representatives", distinct=True))
    )


def term(user, pk: int) -> Term:
    return _get(terms(user), pk=pk)


def current_term(enterprise: Branch, today: dt.date | None = None) -> Term | None:
    today = today or timezone.localdate()
    return (
        Term.objects.filter(enterprise=enterprise, elected_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-number")
        .first()
    )


def representatives(term: Term) -> QuerySet[Representative]:
    return term.representatives.select_related("worker", "constituency", "worker__branch").annotate(
        training_count=Count("trainings")
    )


def composition(term: Term) -> rules.Composition:
    reps = term.representatives.aggregate(
        n=Count("id"),
        managers=Count("id", filter=Q(is_manager=True)),
        women=Count("id", filter=Q(worker__gender=Worker.Gender.FEMALE)),
    )
    workers = Worker.objects.filter(
        branch__path__startswith=term.enterprise.path, status=Worker.Status.ACTIVE
    ).aggregate(n=Count("id"), women=Count("id", filter=Q(gender=Worker.Gender.FEMALE)))
    return rules.Composition(reps["n"], reps["managers"], reps["women"], workers["n"], workers["women"])


def composition_warnings(term: Term) -> tuple[rules.Composition, list[str]]:
    c = composition(term)
    return c, rules.composition_warnings(
        c, manager_max=conf.get("MANAGER_SHARE_MAX"), women_tolerance=conf.get("WOMEN_SHARE_TOLERANCE")
    )


def trainings(term: Term) -> QuerySet[Training]:
    return term.trainings.annotate(attendee_count=Count("attendees"))


def sessions(user) -> QuerySet[Session]:
    return (
        Session.objects.filter(enterprise_q(user, "term__enterprise__path"))
        .select_related("term", "term__enterprise")
        .annotate(
            present=Count(
                "attendances", filter=Q(attendances__status=Attendance.Status.PRESENT), distinct=True
            ),
            representative_count=Count("term__representatives", distinct=True),
        )
    )


def session(user, pk: int) -> Session:
    return _get(sessions(user), pk=pk)


def attendance_sheet(session: Session) -> list[tuple[Representative, str | None]]:
    marks = {a.representative_id: a.status for a in session.attendances.all()}
    return [
        (r, marks.get(r.pk)) for r in session.term.representatives.select_related("worker", "constituency")
    ]


def attendance_counts(session: Session) -> dict[str, int]:
    counts = Counter(session.attendances.values_list("status", flat=True))
    total = session.term.representatives.count()
    return {
        "total": total,
        "present": counts[Attendance.Status.PRESENT],
        "leave": counts[Attendance.Status.LEAVE],
        "absent": counts[Attendance.Status.ABSENT],
        "needed": rules.quorum_needed(total, conf.get("QUORUM")),
    }


def resolutions(user) -> QuerySet[Resolution]:
    return Resolution.objects.filter(enterprise_q(user, "session__term__enterprise__path")).select_related(
        "session", "session__term", "session__term__enterprise"
    )


def resolution(user, pk: int) -> Resolution:
    return _get(resolutions(user), pk=pk)


# --- representatives in the portal ---------------------------------------------------------


def representative_of(worker: Worker) -> Representative | None:
    """The worker's seat in the current congress term of their enterprise, if elected."""
    enterprise = enterprise_of_worker(worker)
    term = current_term(enterprise) if enterprise else None
    if term is None:
        return None
    return term.representatives.filter(worker=worker).select_related("term", "term__enterprise").first()


def fellow_representatives(rep: Representative) -> QuerySet[Representative]:
    return rep.term.representatives.exclude(pk=rep.pk).select_related("worker", "constituency")


def published_resolutions(worker: Worker) -> QuerySet[Resolution]:
    enterprise = enterprise_of_worker(worker)
    return Resolution.objects.filter(session__term__enterprise=enterprise, published=True).select_related(
        "session", "session__term"
    )


def portal_votes(rep: Representative) -> QuerySet[Resolution]:
    return Resolution.objects.filter(
        session__term=rep.term,
        session__status=Session.Status.OPEN,
        session__portal_voting=True,
        voting_open=True,
    ).annotate(has_voted=Exists(VoteCast.objects.filter(resolution=OuterRef("pk"), representative=rep)))


def portal_resolution(rep: Representative, pk: int) -> Resolution:
    return _get(portal_votes(rep), pk=pk)


# --- proposals -----------------------------------------------------------------------------


def proposals(user) -> QuerySet[Proposal]:
    """Union officers and reviewers see their enterprises' proposals; branch officers their subtree's."""
    return (
        scope.limit(Proposal.objects.all(), user, "branch__path")
        .select_related("proposer", "branch", "session", "session__term")
        .annotate(cosigner_count=Count("cosigners"))
    )


def proposal(user, pk: int) -> Proposal:
    return _get(proposals(user), pk=pk)


def with_overdue(rows, today: dt.date | None = None):
    today = today or timezone.localdate()
    for row in rows:
        row.overdue = rules.is_overdue(row.state, row.due_date, today)
    return rows


def labelled_transitions(proposal: Proposal) -> list[ProposalTransition]:
    rows = list(proposal.transitions.select_related("actor"))
    for t in rows:
        t.from_label = Proposal.State(t.from_state).label if t.from_state else ""
        t.to_label = Proposal.State(t.to_state).label
    return rows


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
    return _get(Proposal.objects.filter(proposer=worker), pk=pk)


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


def participation(enterprise: Branch, year: int) -> tuple[int, int]:
    """(workers who took part in proposals, competitions or skill contests; active workers)."""
    workers = Worker.objects.filter(branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE)
    took_part = workers.filter(
        Q(proposals__submitted_at__year=year)
        | Q(contests__enterprise=enterprise, contests__held_on__year=year)
    ).distinct()
    return took_part.count(), workers.count()


def contests(user) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(participant_count=Count("participants"))
    )


# --- leader evaluation ---------------------------------------------------------------------


EVALUATION_ROLES = (scope.Role.UNION_OFFICER, scope.Role.DISTRICT_REVIEWER)


def may_see_evaluations(user) -> bool:
    """Leader evaluation results: union officers and district reviewers, not branch officers."""
    return scope.is_admin(user) or bool(scope.roles(user) & set(EVALUATION_ROLES))


def evaluation_rounds(user) -> QuerySet[EvaluationRound]:
    return (
        EvaluationRound.objects.filter(
            enterprise_q(user, "session__term__enterprise__path", *EVALUATION_ROLES)
        )
        .select_related("session", "session__term", "session__term__enterprise")
        .annotate(cast_count=Count("casts", distinct=True), leader_count=Count("leaders", distinct=True))
    )


def evaluation_round(user, pk: int) -> EvaluationRound:
    return _get(evaluation_rounds(user), pk=pk)


@dataclass
class LeaderResult:
    leader: Leader
    counts: dict[str, int]
    shares: dict[str, Decimal | None]
    total: int

    @property
    def cells(self) -> list[tuple[int, Decimal | None]]:
        return [(self.counts[g], self.shares[g]) for g in Rating.Grade.values]


def evaluation_results(round_: EvaluationRound) -> list[LeaderResult]:
    leaders = round_.leaders.prefetch_related(
        Prefetch("ratings", queryset=Rating.objects.only("leader_id", "grade"))
    )
    results = []
    for leader in leaders:
        counts = Counter(r.grade for r in leader.ratings.all())
        total = sum(counts.values())
        results.append(
            LeaderResult(
                leader,
                {g: counts[g] for g in Rating.Grade.values},
                {g: rules.rate(counts[g], total) for g in Rating.Grade.values},
                total,
            )
        )
    return results


def open_rounds_for(rep: Representative) -> QuerySet[EvaluationRound]:
    return EvaluationRound.objects.filter(session__term=rep.term, is_open=True).annotate(
        has_rated=Exists(RatingCast.objects.filter(round=OuterRef("pk"), representative=rep))
    )


def portal_round(rep: Representative, pk: int) -> EvaluationRound:
    return _get(open_rounds_for(rep).prefetch_related("leaders"), pk=pk)


# --- lower-level meetings and cadence ------------------------------------------------------


def lower_meetings(user) -> QuerySet[LowerMeeting]:
    return scope.limit(LowerMeeting.objects.select_related("branch"), user, "branch__path")


@dataclass
class CadenceRow:
    unit: Branch
    kind: str
    months: int
    held: int
    missed: list[str]


def cadence_report(user, year: int, today: dt.date | None = None) -> tuple[list[CadenceRow], list[tuple]]:
    """Each branch (quarterly workshop meetings) and group (half-yearly team meetings) with the
    periods it missed; and each enterprise with whether its congress met in the year."""
    today = today or timezone.localdate()
    units = scope.limit(
        Branch.objects.filter(kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP], is_active=True), user, "path"
    ).order_by("path")
    dates: dict[tuple[int, str], list[dt.date]] = {}
    for branch_id, kind, held_on in (
        lower_meetings(user).filter(held_on__year=year).values_list("branch_id", "kind", "held_on")
    ):
        dates.setdefault((branch_id, kind), []).append(held_on)
    rows = []
    for unit in units:
        if unit.kind == Branch.Kind.BRANCH:
            kind, months = LowerMeeting.Kind.WORKSHOP, rules.QUARTERLY
        else:
            kind, months = LowerMeeting.Kind.TEAM, rules.HALF_YEARLY
        held = dates.get((unit.pk, kind), [])
        rows.append(
            CadenceRow(
                unit,
                kind,
                months,
                len(held),
                rules.missed_periods(held, year=year, months=months, today=today),
            )
        )
    congress = []
    for enterprise in enterprises(user):
        held = list(
            Session.objects.filter(term__enterprise=enterprise, held_on__year=year).values_list(
                "held_on", flat=True
            )
        )
        congress.append(
            (enterprise, bool(held), rules.missed_periods(held, year=year, months=rules.YEARLY, today=today))
        )
    return rows, congress


# --- disclosure and surveys ----------------------------------------------------------------


def disclosures(user) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(enterprise_q(user)).select_related("enterprise", "audience")


def disclosure(user, pk: int) -> Disclosure:
    return _get(disclosures(user), pk=pk)


def disclosures_for_worker(worker: Worker) -> QuerySet[Disclosure]:
    """Published items whose audience holds the worker's unit (their enterprise or a unit above them)."""
    return Disclosure.objects.filter(
        published=True, audience__path__in=worker.branch.ancestor_paths()
    ).select_related("audience")


def disclosure_for_worker(worker: Worker, pk: int) -> Disclosure:
    return _get(disclosures_for_worker(worker), pk=pk)


def surveys(user) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(answer_count=Count("answers", distinct=True))
    )


def survey(user, pk: int) -> Survey:
    return _get(surveys(user), pk=pk)


@dataclass
class SurveyResult:
    answers: int
    knows: int
    satisfied: int
    basic: int
    unsatisfied: int
    workers: int
    subtree: bool = False  # only the answers of the viewer's own units (a branch officer)

    @property
    def withheld(self) -> bool:
        """Too few answers in a subtree to show without exposing who answered what."""
        return self.subtree and self.answers < rules.SUBTREE_RESULT_MIN_ANSWERS

    @property
    def knowledge_rate(self) -> Decimal | None:
        return None if self.withheld else rules.rate(self.knows, self.answers)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Satisfied and basically satisfied answers ÷ answers."""
        return None if self.withheld else rules.rate(self.satisfied + self.basic, self.answers)

    @property
    def response_rate(self) -> Decimal | None:
        return rules.rate(self.answers, self.workers)

    @property
    def knowledge_meets(self) -> bool | None:
        return rules.meets(self.knowledge_rate, conf.get("KNOWLEDGE_TARGET"))

    @property
    def satisfaction_meets(self) -> bool | None:
        return rules.meets(self.satisfaction_rate, conf.get("SATISFACTION_TARGET"))

    @property
    def satisfaction_meets_model_small_home(self) -> bool | None:
        return rules.meets(self.satisfaction_rate, conf.get("SATISFACTION_TARGET_MODEL_SMALL_HOME"))


def _active_workers_by_enterprise(enterprise_paths: set[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    q = Q(pk__in=[])
    for path in enterprise_paths:
        q |= Q(branch__path__startswith=path)
    for path, n in (
        Worker.objects.filter(q, status=Worker.Status.ACTIVE)
        .order_by()
        .values_list("branch__path")
        .annotate(n=Count("id"))
    ):
        key = path[:ENTERPRISE_PATH_LEN]
        counts[key] = counts.get(key, 0) + n
    return counts


def _answer_counts(suffix: str = "", within: Q | None = None) -> dict:
    """Answer counts per survey, optionally only of answers from some units (``within``)."""
    within = within if within is not None else Q()
    by = SurveyAnswer.Satisfaction
    return {
        f"n_answers{suffix}": Count("answers", filter=within, distinct=True),
        f"n_knows{suffix}": Count("answers", filter=within & Q(answers__knows=True), distinct=True),
        f"n_satisfied{suffix}": Count(
            "answers", filter=within & Q(answers__satisfaction=by.SATISFIED), distinct=True
        ),
        f"n_basic{suffix}": Count(
            "answers", filter=within & Q(answers__satisfaction=by.BASIC), distinct=True
        ),
        f"n_unsatisfied{suffix}": Count(
            "answers", filter=within & Q(answers__satisfaction=by.UNSATISFIED), distinct=True
        ),
    }


ANSWER_COUNTS = _answer_counts()


def _sees_whole_survey(user, survey: Survey) -> bool:
    """Union officers of the enterprise and district reviewers see every answer; a branch officer
    sees only the answers from their own units (PERMISSIONS.md: results of own subtree)."""
    return scope.covers(user, survey.enterprise.path)


def survey_results(user) -> list[tuple[Survey, SurveyResult]]:
    """Every visible survey with its result, in three queries whatever the number of surveys."""
    paths = scope.branches_for(user)
    rows = list(
        surveys(user).annotate(
            **ANSWER_COUNTS, **_answer_counts("_own", scope.q_for(paths, "answers__branch__path"))
        )
    )
    workers = _active_workers_by_enterprise({s.enterprise.path for s in rows})
    own_workers = (
        Counter(
            path[:ENTERPRISE_PATH_LEN]
            for path in Worker.objects.filter(scope.q_for(paths), status=Worker.Status.ACTIVE).values_list(
                "branch__path", flat=True
            )
        )
        if any(not _sees_whole_survey(user, s) for s in rows)
        else Counter()
    )
    results = []
    for s in rows:
        if _sees_whole_survey(user, s):
            result = SurveyResult(s.n_answers, s.n_knows, s.n_satisfied, s.n_basic, s.n_unsatisfied,
                                  workers.get(s.enterprise.path, 0))  # fmt: skip
        else:
            result = SurveyResult(s.n_answers_own, s.n_knows_own, s.n_satisfied_own, s.n_basic_own,
                                  s.n_unsatisfied_own, own_workers.get(s.enterprise.path, 0), subtree=True)  # fmt: skip
        results.append((s, result))
    return results


def survey_result(survey: Survey, user=None) -> SurveyResult:
    """A survey's result: all its answers, or, for a viewer who does not see the whole enterprise,
    only the answers and workers of the viewer's own units."""
    answers = SurveyAnswer.objects.filter(survey=survey)
    workers = Worker.objects.filter(
        branch__path__startswith=survey.enterprise.path, status=Worker.Status.ACTIVE
    )
    subtree = user is not None and not _sees_whole_survey(user, survey)
    if subtree:
        paths = scope.branches_for(user)
        answers = answers.filter(scope.q_for(paths))
        workers = workers.filter(scope.q_for(paths))
    agg = answers.aggregate(
        n=Count("id"),
        knows=Count("id", filter=Q(knows=True)),
        satisfied=Count("id", filter=Q(satisfaction=SurveyAnswer.Satisfaction.SATISFIED)),
        basic=Count("id", filter=Q(satisfaction=SurveyAnswer.Satisfaction.BASIC)),
        unsatisfied=Count("id", filter=Q(satisfaction=SurveyAnswer.Satisfaction.UNSATISFIED)),
    )
    return SurveyResult(
        agg["n"],
        agg["knows"],
        agg["satisfied"],
        agg["basic"],
        agg["unsatisfied"],
        workers.count(),
        subtree=subtree,
    )


def survey_response_by_branch(user, survey: Survey) -> list[tuple[Branch, int, int, Decimal | None]]:
    """Response rate per branch of the user's scope (who answered is known; what they answered is not)."""
    branches = list(
        scope.limit(
            Branch.objects.filter(path__startswith=survey.enterprise.path, kind=Branch.Kind.BRANCH),
            user,
            "path",
        ).order_by("path")
    )
    answered: dict[str, int] = {}
    for path, n in (
        SurveyParticipation.objects.filter(survey=survey)
        .order_by()
        .values_list("worker__branch__path")
        .annotate(n=Count("id"))
    ):
        answered[path[: 3 * Branch.steplen]] = answered.get(path[: 3 * Branch.steplen], 0) + n
    workers: dict[str, int] = {}
    for path, n in (
        Worker.objects.filter(branch__path__startswith=survey.enterprise.path, status=Worker.Status.ACTIVE)
        .order_by()
        .values_list("branch__path")
        .annotate(n=Count("id"))
    ):
        workers[path[: 3 * Branch.steplen]] = workers.get(path[: 3 * Branch.steplen], 0) + n
    return [
        (
            b,
            answered.get(b.path, 0),
            workers.get(b.path, 0),
            rules.rate(answered.get(b.path, 0), workers.get(b.path, 0)),
        )
        for b in branches
    ]


def open_surveys_for(worker: Worker) -> QuerySet[Survey]:
    enterprise = enterprise_of_worker(worker)
    return Survey.objects.filter(enterprise=enterprise, is_open=True).annotate(
        answered=Exists(SurveyParticipation.objects.filter(survey=OuterRef("pk"), worker=worker))
    )


def portal_survey(worker: Worker, pk: int) -> Survey:
    return _get(open_surveys_for(worker), pk=pk)


# --- contracts, mediation, petitions -------------------------------------------------------


def contracts(user) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(clause_count=Count("clauses", distinct=True))
    )


def contract(user, pk: int) -> Contract:
    return _get(contracts(user), pk=pk)


def with_expiry(rows, today: dt.date | None = None):
    today = today or timezone.localdate()
    days = conf.get("CONTRACT_EXPIRY_WARNING_DAYS")
    for row in rows:
        row.expiring = rules.contract_expiring(row.ends_on, today, days)
        row.in_force = rules.contract_in_force(row.starts_on, row.ends_on, today)
    return rows


def check_rate(check: FulfilmentCheck) -> Decimal | None:
    counts = Counter(check.results.values_list("result", flat=True))
    return rules.fulfilment_rate(
        counts[ClauseResult.Result.FULFILLED], counts[ClauseResult.Result.PARTLY], sum(counts.values())
    )


def contract_checks(contract: Contract) -> list[tuple[FulfilmentCheck, Decimal | None, list[ClauseResult]]]:
    rows = []
    for check in contract.checks.prefetch_related(
        Prefetch("results", queryset=ClauseResult.objects.select_related("clause").order_by("clause__number"))
    ):
        results = list(check.results.all())
        counts = Counter(r.result for r in results)
        rows.append(
            (
                check,
                rules.fulfilment_rate(
                    counts[ClauseResult.Result.FULFILLED], counts[ClauseResult.Result.PARTLY], len(results)
                ),
                results,
            )
        )
    return rows


def published_contracts(worker: Worker) -> QuerySet[Contract]:
    return Contract.objects.filter(enterprise=enterprise_of_worker(worker), published=True).prefetch_related(
        "clauses"
    )


def published_contract(worker: Worker, pk: int) -> Contract:
    return _get(published_contracts(worker), pk=pk)


def mediation_committees(user) -> QuerySet[MediationCommittee]:
    return MediationCommittee.objects.filter(enterprise_q(user)).select_related("enterprise")


def mediation_cases(user) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(enterprise_q(user, "committee__enterprise__path")).select_related(
        "committee", "committee__enterprise"
    )


def petitions(user) -> QuerySet[Petition]:
    return Petition.objects.filter(enterprise_q(user)).select_related("enterprise")


def petition(user, pk: int) -> Petition:
    return _get(petitions(user), pk=pk)


# --- assessment facts ----------------------------------------------------------------------


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Democracy facts of the enterprise that holds ``branch``, for ``year``."""
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        return {}
    source = _("democratic management")
    sessions_held = Session.objects.filter(term__enterprise=enterprise, held_on__year=year)
    published = Disclosure.objects.filter(enterprise=enterprise, published=True, disclosed_on__year=year)
    day = min(dt.date(year, 12, 31), max(timezone.localdate(), dt.date(year, 1, 1)))
    in_force = Contract.objects.filter(
        enterprise=enterprise, kind=Contract.Kind.COLLECTIVE, starts_on__lte=day, ends_on__gte=day
    )
    check = (
        FulfilmentCheck.objects.filter(
            contract__enterprise=enterprise, contract__kind=Contract.Kind.COLLECTIVE, year=year
        )
        .order_by("-checked_on")
        .first()
    )
    fulfilment = check_rate(check) if check else None
    survey = Survey.objects.filter(enterprise=enterprise, year=year).order_by("-id").first()
    result = survey_result(survey) if survey else None
    stats = proposal_stats(Proposal.objects.filter(enterprise=enterprise, submitted_at__year=year))
    abnormal = Petition.objects.filter(enterprise=enterprise, abnormal=True, received_on__year=year).count()
    took_part, workers = participation(enterprise, year)
    recorded = (
        Proposal.objects.filter(enterprise=enterprise, submitted_at__year=year).exists()
        or Contest.objects.filter(enterprise=enterprise, held_on__year=year).exists()
    )
    participation_rate = rules.rate(took_part, workers) if recorded else None
    return {
        "congress_held": Fact(
            sessions_held.exists(), _("%(n)s congress sessions") % {"n": sessions_held.count()}, source
        ),
        "disclosure_in_place": Fact(
            published.exists(), _("%(n)s disclosure items published") % {"n": published.count()}, source
        ),
        "collective_contract_in_force": Fact(in_force.exists(), "", source),
        "contract_fulfilment_rate": Fact(
            fulfilment, _("fulfilment check of %(year)s") % {"year": year} if check else "", source
        ),
        "disclosure_knowledge_rate": Fact(
            result.knowledge_rate if result else None,
            _("%(k)s of %(n)s answers") % {"k": result.knows, "n": result.answers} if result else "",
            source,
        ),
        "disclosure_satisfaction_rate": Fact(
            result.satisfaction_rate if result else None,
            _("%(k)s of %(n)s answers") % {"k": result.satisfied + result.basic, "n": result.answers}
            if result
            else "",
            source,
        ),
        "proposals_answered_rate": Fact(
            stats["answered_rate"],
            _("%(a)s answered of %(b)s accepted") % {"a": stats["answered"], "b": stats["accepted"]},
            source,
        ),
        "abnormal_petitions": Fact(abnormal, "", source),
        "participation_rate": Fact(
            participation_rate,
            _("%(a)s of %(b)s workers") % {"a": took_part, "b": workers}
            if participation_rate is not None
            else "",
            source,
        ),
    }
