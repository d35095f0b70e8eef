"""Two requests at once from the same representative: exactly one answer / rating is stored."""

import threading

import pytest
from django.db import connection

from democracy import services
from democracy.exceptions import Conflict
from democracy.models import Rating, RatingCast, Survey, SurveyAnswer, SurveyParticipation
from tests.conftest import build_world
from tests.democracy.conftest import make_session
from unionhome.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn, n=2):
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_concurrent_survey_answers_store_exactly_one():
    world = build_world()
    survey = Survey.objects.create(enterprise=world.ent_a, year=2026, title="测评")

    def answer():
        user = User.objects.select_related("worker__branch").get(username="worker")
        services.survey_answer(actor=user, survey=survey, knows=True, satisfaction="satisfied")

    assert _race(answer) == ["conflict", "ok"]
    assert SurveyAnswer.objects.count() == 1 and SurveyParticipation.objects.count() == 1


def test_concurrent_leader_ratings_store_exactly_one_set():
    world = build_world()
    session = make_session(world)
    r = services.evaluation_create(
        actor=world.users["officer"],
        session=session,
        title="评议",
        leaders=[("王经理", "经理"), ("赵书记", "书记")],
    )
    services.evaluation_set_open(actor=world.users["officer"], round=r, is_open=True)
    grades = {leader.pk: "competent" for leader in r.leaders.all()}

    def rate():
        user = User.objects.select_related("worker__branch").get(username="worker")
        services.evaluation_rate(actor=user, round=r, grades=grades)

    assert _race(rate) == ["conflict", "ok"]
    assert RatingCast.objects.count() == 1 and Rating.objects.count() == 2


def test_two_officers_accepting_at_once_give_exactly_one_transition():
    from democracy.models import CoSigner, Proposal, ProposalTransition
    from democracy.workflows import PROPOSAL
    from tests.democracy.conftest import make_term
    from tests.factories import AppointmentFactory
    from unionhome import workflow

    world = build_world()
    term = make_term(world)
    p = Proposal.objects.create(
        enterprise=world.ent_a, branch=world.branch_a1, kind="proposal", proposer=world.worker_a1,
        title="增设班车", content="早班无车",
    )  # fmt: skip
    for rep in term.representatives.exclude(worker=world.worker_a1)[:2]:
        CoSigner.objects.create(proposal=p, worker=rep.worker)
    workflow.record_start(PROPOSAL, actor=world.users["officer"], obj=p, action="submit")
    second = AppointmentFactory(branch=world.ent_a, role="union_officer", user__username="officer2").user

    def accept_as(username):
        def run():
            user = User.objects.get(username=username)
            services.proposal_act(actor=user, proposal=p, action="accept", expected_state="submitted")

        return run

    barrier = threading.Barrier(2)
    outcomes = []

    def race(fn):
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(accept_as(u),)) for u in ("officer", second.username)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert ProposalTransition.objects.filter(proposal=p, action="accept").count() == 1
    assert Proposal.objects.get(pk=p.pk).state == "accepted"
