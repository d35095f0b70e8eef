import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from democracy import selectors, services
from democracy.exceptions import Conflict, DemocracyError, PermissionRefused
from democracy.models import (
    Attendance,
    ClauseResult,
    Contract,
    Disclosure,
    EvaluationRound,
    Leader,
    LowerMeeting,
    Petition,
    Proposal,
    ProposalTransition,
    Rating,
    RatingCast,
    Resolution,
    Session,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    VoteCast,
)
from tests.democracy.conftest import make_session, make_term
from tests.factories import UserFactory, WorkerFactory
from unionhome import workflow
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db


def _sign(world, session, present: int):
    reps = list(session.term.representatives.order_by("pk"))
    marks = {r.pk: ("present" if i < present else "leave") for i, r in enumerate(reps)}
    services.attendance_sign(actor=world.users["officer"], session=session, marks=marks)


@pytest.mark.parametrize(("present", "opens"), [(4, True), (3, False)])  # 6 representatives: 4 = 2/3
def test_session_opens_only_with_the_quorum(world, session, present, opens):
    _sign(world, session, present)
    if opens:
        services.session_open(actor=world.users["officer"], session=session)
        assert Session.objects.get(pk=session.pk).status == "open"
    else:
        events = AuditEvent.objects.count()
        with pytest.raises(DemocracyError, match="4"):
            services.session_open(actor=world.users["officer"], session=session)
        assert Session.objects.get(pk=session.pk).status == "planned"
        assert AuditEvent.objects.count() == events


def test_opening_twice_is_a_conflict(world, session):
    _sign(world, session, 6)
    services.session_open(actor=world.users["officer"], session=session)
    with pytest.raises(Conflict):
        services.session_open(actor=world.users["officer"], session=session)


@pytest.mark.parametrize("role", ["officer_b", "branch", "district"])
def test_only_the_enterprise_union_officer_signs_in_and_opens(world, session, role):
    with pytest.raises(PermissionRefused):
        services.attendance_sign(actor=world.users[role], session=session, marks={})
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(("votes_for", "passed"), [(3, False), (4, True)])  # half of 6 fails, 4 passes
def test_resolution_needs_more_than_half_of_all_representatives(world, session, votes_for, passed):
    _sign(world, session, 6)
    services.session_open(actor=world.users["officer"], session=session)
    r = services.resolution_record(
        actor=world.users["officer"], session=session, title="决议", text="通过", votes_for=votes_for,
        votes_against=1, votes_abstain=0,
    )  # fmt: skip
    assert r.passed is passed and r.representatives_total == 6


def test_tellers_count_above_those_present_is_refused_and_nothing_is_saved(world, session):
    _sign(world, session, 4)
    services.session_open(actor=world.users["officer"], session=session)
    with pytest.raises(DemocracyError):
        services.resolution_record(
            actor=world.users["officer"], session=session, title="决议", text="x", votes_for=4, votes_against=1,
            votes_abstain=0,
        )  # fmt: skip
    assert not Resolution.objects.exists()


def test_resolution_cannot_be_recorded_before_the_session_opens(world, session):
    with pytest.raises(DemocracyError):
        services.resolution_record(
            actor=world.users["officer"], session=session, title="决议", text="x", votes_for=1, votes_against=0,
            votes_abstain=0,
        )  # fmt: skip
    assert not Resolution.objects.exists()


def test_portal_vote_is_secret_counted_once_and_tallied_on_close(world):
    session = make_session(world, portal_voting=True)
    _sign(world, session, 6)
    services.session_open(actor=world.users["officer"], session=session)
    r = services.resolution_open_voting(actor=world.users["officer"], session=session, title="方案", text="x")
    services.vote_cast(actor=world.users["worker"], resolution=r, choice="for")
    with pytest.raises(Conflict):
        services.vote_cast(actor=world.users["worker"], resolution=r, choice="against")
    assert r.ballots.count() == 1 and VoteCast.objects.get().choice == ""  # secret: no choice by the name
    r = services.resolution_close_voting(actor=world.users["officer"], resolution=r)
    # one ballot, below the minimum: whether it passed is kept, the counts are not published
    assert (r.votes_for, r.votes_against, r.passed, r.counts_withheld) == (None, None, False, True)


def test_portal_vote_counts_are_kept_from_the_minimum_of_ballots_up(world):
    session = make_session(world, portal_voting=True)
    _sign(world, session, 6)
    services.session_open(actor=world.users["officer"], session=session)
    r = services.resolution_open_voting(actor=world.users["officer"], session=session, title="方案", text="x")
    for i, rep in enumerate(session.term.representatives.order_by("pk")[:5]):
        voter = (
            world.users["worker"] if rep.worker_id == world.worker_a1.pk else UserFactory(worker=rep.worker)
        )
        services.vote_cast(actor=voter, resolution=r, choice="against" if i == 0 else "for")
    r = services.resolution_close_voting(actor=world.users["officer"], resolution=r)
    assert (r.votes_for, r.votes_against, r.votes_abstain, r.passed) == (4, 1, 0, True)


def test_a_worker_who_is_not_a_representative_cannot_vote_or_propose(world):
    make_term(world)
    world.users["worker"].worker = world.worker_b1
    with pytest.raises(PermissionRefused):
        services.proposal_submit(actor=world.users["worker"], kind="proposal", title="t", content="c")
    assert not Proposal.objects.exists()


def _proposal(world, cosigners=2):
    term = make_term(world)
    others = [r.worker for r in term.representatives.exclude(worker=world.worker_a1)[:cosigners]]
    return services.proposal_submit(
        actor=world.users["worker"], kind="proposal", title="增设班车", content="早班无车", cosigners=others
    )


def test_proposal_goes_through_the_whole_workflow(world):
    p = _proposal(world)
    officer = world.users["officer"]
    p = services.proposal_act(actor=officer, proposal=p, action="accept", expected_state="submitted")
    p = services.proposal_act(
        actor=officer, proposal=p, action="assign", department="后勤部", due_date=dt.date(2030, 1, 1)
    )
    p = services.proposal_act(actor=officer, proposal=p, action="answer", answer="已增设班车")
    p = services.proposal_act(actor=world.users["worker"], proposal=p, action="not_satisfied", comment="太晚")
    p = services.proposal_act(actor=officer, proposal=p, action="reopen")
    p = services.proposal_act(actor=officer, proposal=p, action="answer", answer="改为6点发车")
    p = services.proposal_act(actor=world.users["worker"], proposal=p, action="satisfied")
    assert p.state == "satisfied"
    assert list(ProposalTransition.objects.filter(proposal=p).values_list("to_state", flat=True)) == [
        "submitted", "accepted", "assigned", "answered", "not_satisfied", "reopened", "answered", "satisfied",
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="proposal.answer").count() == 2


def test_proposal_without_enough_cosigners_cannot_be_accepted(world):
    p = _proposal(world, cosigners=1)
    with pytest.raises(DemocracyError, match="2"):
        services.proposal_act(actor=world.users["officer"], proposal=p, action="accept")
    assert Proposal.objects.get(pk=p.pk).state == "submitted"
    services.proposal_cosign(actor=_rep_user(world), proposal=p)
    assert (
        services.proposal_act(actor=world.users["officer"], proposal=p, action="accept").state == "accepted"
    )


def _rep_user(world):
    from tests.factories import UserFactory

    rep = make_term(world).representatives.exclude(worker=world.worker_a1).order_by("-pk").first()
    return UserFactory(worker=rep.worker)


def test_conversion_needs_a_reason_and_makes_a_suggestion(world):
    p = _proposal(world)
    with pytest.raises(workflow.ReasonRequired) as refused:
        services.proposal_act(actor=world.users["officer"], proposal=p, action="convert", comment=" \u3000 ")
    assert refused.value.code == "reason" and "转为合理化建议" in str(refused.value)
    assert Proposal.objects.get(pk=p.pk).state == "submitted"
    assert not p.transitions.filter(action="convert").exists()
    p = services.proposal_act(
        actor=world.users["officer"], proposal=p, action="convert", comment="属日常管理"
    )
    assert (p.state, p.kind, p.conversion_reason) == ("converted", "suggestion", "属日常管理")


def test_a_second_reviewer_with_a_stale_page_gets_a_conflict(world):
    p = _proposal(world)
    services.proposal_act(
        actor=world.users["officer"], proposal=p, action="accept", expected_state="submitted"
    )
    with pytest.raises(Conflict):
        services.proposal_act(
            actor=world.users["officer"], proposal=p, action="accept", expected_state="submitted"
        )
    assert ProposalTransition.objects.filter(proposal=p, action="accept").count() == 1


@pytest.mark.parametrize(
    ("role", "action"), [("officer_b", "accept"), ("branch", "accept"), ("worker", "accept")]
)
def test_only_the_enterprise_officer_handles_proposals(world, role, action):
    p = _proposal(world)
    with pytest.raises(PermissionRefused):
        services.proposal_act(actor=world.users[role], proposal=p, action=action)
    assert Proposal.objects.get(pk=p.pk).state == "submitted"


def test_only_the_proposer_rates_the_answer(world):
    p = _proposal(world)
    o = world.users["officer"]
    services.proposal_act(actor=o, proposal=p, action="accept")
    services.proposal_act(
        actor=o, proposal=p, action="assign", department="工会", due_date=dt.date(2030, 1, 1)
    )
    services.proposal_act(actor=o, proposal=p, action="answer", answer="答复")
    with pytest.raises(PermissionRefused):
        services.proposal_act(actor=o, proposal=p, action="satisfied")
    assert Proposal.objects.get(pk=p.pk).state == "answered"


def test_any_worker_submits_a_rationalisation_suggestion(world):
    p = services.proposal_submit(
        actor=world.users["worker"], kind="suggestion", title="节能", content="换LED"
    )
    assert p.kind == "suggestion" and p.session is None and p.enterprise == world.ent_a


def test_answered_rate_is_answered_over_accepted(world):
    p1, p2 = _proposal(world), _proposal(world)
    o = world.users["officer"]
    for p in (p1, p2):
        services.proposal_act(actor=o, proposal=p, action="accept")
        services.proposal_act(
            actor=o, proposal=p, action="assign", department="工会", due_date=dt.date(2030, 1, 1)
        )
    services.proposal_act(actor=o, proposal=p1, action="answer", answer="答复")
    stats = selectors.proposal_stats(Proposal.objects.all())
    assert stats["answered_rate"] == Decimal("0.5")


def _round(world):
    session = make_session(world)
    r = services.evaluation_create(
        actor=world.users["officer"],
        session=session,
        title="2026年度评议",
        leaders=[("王经理", "经理"), ("赵书记", "书记")],
    )
    services.evaluation_set_open(actor=world.users["officer"], round=r, is_open=True)
    return r


def test_a_representative_rates_the_leaders_once_and_anonymously(world):
    r = _round(world)
    grades = {leader.pk: "excellent" for leader in r.leaders.all()}
    services.evaluation_rate(actor=world.users["worker"], round=r, grades=grades)
    with pytest.raises(Conflict):
        services.evaluation_rate(actor=world.users["worker"], round=r, grades=grades)
    assert Rating.objects.count() == 2 and RatingCast.objects.count() == 1
    assert not any(f.name in ("representative", "worker") for f in Rating._meta.fields)
    result = selectors.evaluation_results(EvaluationRound.objects.get(pk=r.pk))
    assert result[0].total == 1 and result[0].withheld and result[0].shares is None  # open, and one rating


def test_rating_only_some_leaders_is_refused(world):
    r = _round(world)
    with pytest.raises(DemocracyError):
        services.evaluation_rate(actor=world.users["worker"], round=r, grades={r.leaders.first().pk: "basic"})
    assert not Rating.objects.exists() and not RatingCast.objects.exists()


def _survey(world):
    return services.survey_create(
        actor=world.users["officer"], enterprise=world.ent_a, year=2026, title="厂务公开测评"
    )


def test_a_worker_answers_a_survey_once_and_the_answer_is_anonymous(world):
    s = _survey(world)
    services.survey_answer(actor=world.users["worker"], survey=s, knows=True, satisfaction="satisfied")
    with pytest.raises(Conflict):
        services.survey_answer(actor=world.users["worker"], survey=s, knows=False, satisfaction="unsatisfied")
    assert SurveyAnswer.objects.count() == 1 and SurveyParticipation.objects.count() == 1
    assert not any(f.name == "worker" for f in SurveyAnswer._meta.fields)
    result = selectors.survey_result(s)
    # who took part is known; what they answered is withheld while the survey is open
    assert (result.knowledge_rate, result.satisfaction_rate, result.response_rate) == (
        None,
        None,
        Decimal(1) / 2,
    )
    assert result.withheld and result.knows is None


def test_a_worker_of_another_enterprise_cannot_answer(world):
    s = services.survey_create(
        actor=world.users["officer_b"], enterprise=world.ent_b, year=2026, title="测评"
    )
    with pytest.raises(DemocracyError):
        services.survey_answer(actor=world.users["worker"], survey=s, knows=True, satisfaction="satisfied")
    assert not SurveyParticipation.objects.exists()


def test_branch_officer_publishes_to_own_branch_but_not_to_the_enterprise(world):
    kw = {"category": "welfare", "title": "福利", "content": "x", "disclosed_on": dt.date(2026, 3, 1)}
    item = services.disclosure_create(actor=world.users["branch"], audience=world.branch_a1, **kw)
    assert item.enterprise == world.ent_a
    with pytest.raises(PermissionRefused):
        services.disclosure_create(actor=world.users["branch"], audience=world.ent_a, **kw)
    assert Disclosure.objects.count() == 1


def test_a_worker_sees_only_published_items_of_their_audience(world):
    kw = {"category": "wages", "title": "工资", "content": "x", "disclosed_on": dt.date(2026, 3, 1)}
    mine = services.disclosure_create(actor=world.users["officer"], audience=world.branch_a1, **kw)
    other = services.disclosure_create(actor=world.users["officer"], audience=world.branch_a2, **kw)
    draft = services.disclosure_create(actor=world.users["officer"], audience=world.ent_a, **kw)
    for item in (mine, other):
        services.disclosure_publish(actor=world.users["officer"], disclosure=item)
    assert list(selectors.disclosures_for_worker(world.worker_a1)) == [mine]
    assert draft.published is False


def _contract(world, results):
    c = services.contract_create(
        actor=world.users["officer"], enterprise=world.ent_a, kind="collective", title="集体合同", parties="甲方 乙方",
        signed_on=dt.date(2025, 1, 1), starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2027, 12, 31),
        clauses=[f"条款{i}" for i in range(len(results))],
    )  # fmt: skip
    clauses = list(c.clauses.order_by("number"))
    services.fulfilment_check_record(
        actor=world.users["officer"], contract=c, year=2026, checked_on=dt.date(2026, 11, 1),
        results={cl.pk: (r, "台账") for cl, r in zip(clauses, results, strict=True)},
    )  # fmt: skip
    return c


def test_fulfilment_check_gives_the_rate_and_cannot_be_repeated(world):
    c = _contract(world, ["fulfilled"] * 9 + ["not"])
    assert selectors.check_rate(c.checks.get()) == Decimal("0.9")
    with pytest.raises(Conflict):
        services.fulfilment_check_record(
            actor=world.users["officer"], contract=c, year=2026, checked_on=dt.date(2026, 11, 2),
            results={cl.pk: ("fulfilled", "") for cl in c.clauses.all()},
        )  # fmt: skip
    assert ClauseResult.objects.count() == 10


def test_a_check_must_cover_every_clause(world):
    c = services.contract_create(
        actor=world.users["officer"], enterprise=world.ent_a, kind="wage", title="工资协议", parties="双方",
        signed_on=dt.date(2025, 1, 1), starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 12, 31),
        clauses=["一", "二"],
    )  # fmt: skip
    with pytest.raises(DemocracyError):
        services.fulfilment_check_record(
            actor=world.users["officer"], contract=c, year=2026, checked_on=dt.date(2026, 11, 1),
            results={c.clauses.first().pk: ("fulfilled", "")},
        )  # fmt: skip
    assert not c.checks.exists()


def test_lower_meetings_match_the_kind_of_unit_and_feed_the_cadence_report(world):
    with pytest.raises(DemocracyError):
        services.lower_meeting_record(
            actor=world.users["branch"], branch=world.branch_a1, kind="team", held_on=dt.date(2026, 2, 1),
            attendees=5, topics="x",
        )  # fmt: skip
    for day in (dt.date(2026, 2, 1), dt.date(2026, 8, 1)):
        services.lower_meeting_record(
            actor=world.users["branch"],
            branch=world.branch_a1,
            kind="workshop",
            held_on=day,
            attendees=5,
            topics="x",
        )
    with pytest.raises(PermissionRefused):
        services.lower_meeting_record(
            actor=world.users["branch"], branch=world.branch_a2, kind="workshop", held_on=dt.date(2026, 2, 1),
            attendees=5, topics="x",
        )  # fmt: skip
    assert LowerMeeting.objects.count() == 2
    rows, _congress = selectors.cadence_report(world.users["officer"], 2026, today=dt.date(2026, 11, 26))
    a1 = next(r for r in rows if r.unit == world.branch_a1)
    assert a1.missed == ["2026Q2"]


def test_district_flags_an_abnormal_petition_with_a_reason(world):
    p = services.petition_record(
        actor=world.users["officer"], enterprise=world.ent_a, kind="visit", received_on=dt.date(2026, 5, 1),
        petitioner="职工20人", subject="欠薪",
    )  # fmt: skip
    with pytest.raises(DemocracyError):
        services.petition_flag(actor=world.users["district"], petition=p, abnormal=True)
    with pytest.raises(PermissionRefused):
        services.petition_flag(actor=world.users["branch"], petition=p, abnormal=True, reason="越级")
    assert Petition.objects.get(pk=p.pk).abnormal is False
    services.petition_flag(actor=world.users["district"], petition=p, abnormal=True, reason="越级上访")
    facts = selectors.assessment_facts(branch=world.branch_a1, year=2026)
    assert facts["abnormal_petitions"].value == 1


def test_assessment_facts_without_records_say_no_data(world):
    facts = selectors.assessment_facts(branch=world.branch_a1, year=2026)
    assert facts["congress_held"].value is False
    for key in ("contract_fulfilment_rate", "disclosure_knowledge_rate", "disclosure_satisfaction_rate",
                "proposals_answered_rate", "participation_rate"):  # fmt: skip
        assert facts[key].value is None, key


def test_assessment_facts_with_records(world):
    year = timezone.localdate().year
    make_session(world, status=Session.Status.CLOSED)
    _contract(world, ["fulfilled"] * 10)
    Contract.objects.update(ends_on=dt.date(year + 1, 12, 31))
    from democracy.models import FulfilmentCheck

    FulfilmentCheck.objects.update(year=year)
    s = Survey.objects.create(enterprise=world.ent_a, year=year, title="测评")
    for user in [
        world.users["worker"],
        *[UserFactory(worker=WorkerFactory(branch=world.branch_a2)) for _ in range(4)],
    ]:
        services.survey_answer(actor=user, survey=s, knows=True, satisfaction="basic")
    open_facts = selectors.assessment_facts(branch=world.group_a1, year=year)
    assert open_facts["disclosure_knowledge_rate"].value is None  # the survey is still open
    services.survey_close(actor=world.users["officer"], survey=s)
    facts = selectors.assessment_facts(branch=world.group_a1, year=year)
    assert facts["congress_held"].value is True
    assert facts["collective_contract_in_force"].value is True
    assert facts["contract_fulfilment_rate"].value == 1
    assert facts["disclosure_satisfaction_rate"].value == 1


def test_composition_warns_when_managers_exceed_a_fifth(world, term):
    term.representatives.filter(worker=world.worker_a1).update(is_manager=True)
    term.representatives.filter(worker=world.worker_a2).update(is_manager=True)
    _c, warnings = selectors.composition_warnings(term)
    assert "managers" in warnings


def test_leaders_evaluation_results_share_per_grade(world):
    r = _round(world)
    leader = r.leaders.first()
    Rating.objects.bulk_create(
        [
            Rating(round=r, leader=leader, grade=g)
            for g in ["excellent", "competent", "competent", "basic", "basic"]
        ]
    )
    services.evaluation_set_open(actor=world.users["officer"], round=r, is_open=False)
    r = EvaluationRound.objects.get(pk=r.pk)
    res = {x.leader.pk: x for x in selectors.evaluation_results(r)}
    assert res[leader.pk].shares["competent"] == Decimal("0.4") and res[leader.pk].total == 5
    other = next(x for pk, x in res.items() if pk != leader.pk)
    assert other.total == 0 and other.withheld  # no ratings: nothing to show
    assert Leader.objects.count() == 2
