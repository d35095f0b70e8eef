"""Branch officers see the survey results of their own units only, once the survey is closed and
not below five answers."""

from django.urls import reverse

from democracy import selectors, services
from democracy.models import SurveyAnswer
from tests.factories import UserFactory, WorkerFactory


def _answer(survey, branch, *, knows=True, satisfaction="satisfied"):
    worker = WorkerFactory(branch=branch)
    services.survey_answer(
        actor=UserFactory(worker=worker), survey=survey, knows=knows, satisfaction=satisfaction
    )


def _survey(world, own: int, sibling: int):
    survey = services.survey_create(
        actor=world.users["officer"], enterprise=world.ent_a, year=2026, title="测评"
    )
    for i in range(own):
        _answer(survey, world.branch_a1, knows=i > 0)
    for _ in range(sibling):
        _answer(survey, world.branch_a2, satisfaction="unsatisfied")
    return services.survey_close(actor=world.users["officer"], survey=survey)


def test_an_answer_keeps_the_branch_but_not_the_person_nor_a_smaller_unit(world):
    survey = _survey(world, own=1, sibling=0)
    answer = SurveyAnswer.objects.get(survey=survey)
    assert answer.branch == world.branch_a1
    services.survey_answer(  # a worker of a group: the answer keeps the group's branch
        actor=UserFactory(worker=WorkerFactory(branch=world.group_a1)), survey=services.survey_create(
            actor=world.users["officer"], enterprise=world.ent_a, year=2026, title="回访"
        ), knows=True, satisfaction="satisfied",
    )  # fmt: skip
    assert SurveyAnswer.objects.exclude(survey=survey).get().branch == world.branch_a1
    assert not any(
        f.related_model and f.related_model.__name__ in ("Worker", "User") for f in SurveyAnswer._meta.fields
    )


def test_branch_officer_sees_only_their_units_answers_and_the_officer_sees_all(world, client_for):
    survey = _survey(world, own=5, sibling=3)
    mine = selectors.survey_result(survey, world.users["branch"])
    assert (mine.subtree, mine.answers, mine.knows, mine.satisfied) == (True, 5, 4, 5)
    everything = selectors.survey_result(survey, world.users["officer"])
    assert (everything.subtree, everything.answers, everything.unsatisfied) == (False, 8, 3)
    listed = dict(selectors.survey_results(world.users["branch"]))[survey]
    assert (listed.subtree, listed.answers) == (True, 5)
    page = (
        client_for(world.users["branch"])
        .get(reverse("democracy:survey_detail", args=[survey.pk]))
        .content.decode()
    )
    assert "仅为您所辖单位的答卷" in page


def test_fewer_than_five_answers_from_a_subtree_are_not_shown(world, client_for):
    survey = _survey(world, own=4, sibling=6)
    mine = selectors.survey_result(survey, world.users["branch"])
    assert mine.withheld and mine.knowledge_rate is None and mine.satisfaction_rate is None
    c = client_for(world.users["branch"])
    page = c.get(reverse("democracy:survey_detail", args=[survey.pk])).content.decode()
    assert "答卷过少" in page
    response = c.get(reverse("democracy:survey_export", args=[survey.pk]), follow=True)
    assert "答卷过少" in response.content.decode()
    assert response.get("Content-Type", "").startswith("text/html")  # no spreadsheet was sent
