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
