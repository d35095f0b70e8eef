"""Answer once, anonymously (unionhome/answer_once.py), for each of its four kinds: secret ballots,
leader ratings, disclosure surveys and the members' evaluation of their home (会员评家).

For every kind: the participation and the answer cannot be joined; a second answer is refused with
nothing written (also two at once, on PostgreSQL); results are hidden before the round closes and
below the minimum of answers in the page, its chart data, the export and the admin; the audit trail
records the participation and never an answer.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from assessment import services as assessment_services
from assessment.models import EvaluationAnswer, Participation
from branches.models import Worker
from democracy import services as democracy_services
from democracy.models import (
    Ballot,
    EvaluationRound,
    Rating,
    RatingCast,
    Representative,
    Resolution,
    Session,
    SurveyAnswer,
    SurveyParticipation,
    VoteCast,
)
from tests.democracy.conftest import make_session
from tests.factories import UserFactory, WorkerFactory
from unionhome import answer_once
from unionhome.exceptions import Conflict
from unionhome.models import AuditEvent, User

MINIMUM = 5  # settings.UNIONHOME_MIN_ANSWERS by default
WITHHELD = "不足 5 人，不公布"


@dataclass
class Kind:
    name: str
    round: Any
    voters: list[User]
    answer: Callable[[User], Any]
    close: Callable[[], Any]
    participation: type[models.Model]
    answer_model: type[models.Model]
    answers_per_person: int
    page: str
    shown: Callable[[str], bool]  # the page shows the result (its figures, its chart data)
    export: str | None = None


def _reps_as_users(world, session) -> list[User]:
    users = []
    for rep in session.term.representatives.select_related("worker").order_by("pk"):
        users.append(
            world.users["worker"] if rep.worker_id == world.worker_a1.pk else UserFactory(worker=rep.worker)
        )
    return users


def _members_as_users(world, n: int = 6) -> list[User]:
    others = [
        UserFactory(worker=WorkerFactory(branch=world.branch_a1 if i % 2 else world.branch_a2))
        for i in range(n - 1)
    ]
    return [world.users["worker"], *others]


def _chart(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def _resolution_row(html: str) -> str:
    table = re.search(r'id="resolution-table".*?</table>', html, re.S).group(0)
    return re.search(r"<tr><td>方案.*?</tr>", table, re.S).group(0)


def _ballot(world) -> Kind:
    officer = world.users["officer"]
    session = make_session(world, portal_voting=True)
    reps = list(session.term.representatives.all())
    democracy_services.attendance_sign(actor=officer, session=session, marks={r.pk: "present" for r in reps})
    democracy_services.session_open(actor=officer, session=session)
    resolution = democracy_services.resolution_open_voting(
        actor=officer, session=session, title="方案", text="x"
    )

    def shown(html: str) -> bool:
        row = _resolution_row(html)
        return bool(re.search(r"<td>\d+</td><td>\d+</td><td>\d+</td>", row))

    return Kind(
        name="ballot",
        round=resolution,
        voters=_reps_as_users(world, session),
        answer=lambda u: democracy_services.vote_cast(actor=u, resolution=resolution, choice="for"),
        close=lambda: democracy_services.resolution_close_voting(actor=officer, resolution=resolution),
        participation=VoteCast,
        answer_model=Ballot,
        answers_per_person=1,
        page=reverse("democracy:session_detail", args=[session.pk]),
        shown=shown,
    )


def _leaders(world) -> Kind:
    officer = world.users["officer"]
    session = make_session(world)
    round_ = democracy_services.evaluation_create(
        actor=officer, session=session, title="评议", leaders=[("王经理", "经理"), ("赵书记", "书记")]
    )
    democracy_services.evaluation_set_open(actor=officer, round=round_, is_open=True)
    grades = {leader.pk: "competent" for leader in round_.leaders.all()}

    def shown(html: str) -> bool:
        chart = _chart(html, "evaluation-data")
        return chart is not None and "result-withheld" not in html

    return Kind(
        name="leaders",
        round=round_,
        voters=_reps_as_users(world, session),
        answer=lambda u: democracy_services.evaluation_rate(actor=u, round=round_, grades=grades),
        close=lambda: democracy_services.evaluation_set_open(actor=officer, round=round_, is_open=False),
        participation=RatingCast,
        answer_model=Rating,
        answers_per_person=2,
        page=reverse("democracy:evaluation_detail", args=[round_.pk]),
        shown=shown,
    )


def _survey(world) -> Kind:
    officer = world.users["officer"]
    survey = democracy_services.survey_create(actor=officer, enterprise=world.ent_a, year=2026, title="测评")

    def shown(html: str) -> bool:
        rates = _chart(html, "survey-rates")
        return (
            _chart(html, "survey-satisfaction") is not None and len(rates["option"]["series"][0]["data"]) == 3
        )

    return Kind(
        name="survey",
        round=survey,
        voters=_members_as_users(world),
        answer=lambda u: democracy_services.survey_answer(
            actor=u, survey=survey, knows=True, satisfaction="basic", comment="希望多公开"
        ),
        close=lambda: democracy_services.survey_close(actor=officer, survey=survey),
        participation=SurveyParticipation,
        answer_model=SurveyAnswer,
        answers_per_person=1,
        page=reverse("democracy:survey_detail", args=[survey.pk]),
        shown=shown,
        export=reverse("democracy:survey_export", args=[survey.pk]),
    )


def _home(world) -> Kind:
    officer = world.users["officer"]
    round_ = assessment_services.round_create(actor=officer, branch=world.ent_a, year=2026, name="会员评家")
    return Kind(
        name="home",
        round=round_,
        voters=_members_as_users(world),
        answer=lambda u: assessment_services.evaluation_answer(
            actor=u, round_=round_, verdict="satisfied", comment="食堂饭菜很好"
        ),
        close=lambda: assessment_services.round_close(actor=officer, round_=round_),
        participation=Participation,
        answer_model=EvaluationAnswer,
        answers_per_person=1,
        page=reverse("assessment:round_detail", args=[round_.pk]),
        shown=lambda html: "食堂饭菜很好" in html and 'id="satisfaction">' in html,
    )


KINDS = {"ballot": _ballot, "leaders": _leaders, "survey": _survey, "home": _home}


@pytest.fixture(params=list(KINDS))
def kind(request, world) -> Kind:
    return KINDS[request.param](world)


def _admin_rows(kind: Kind, user: User) -> int:
    model_admin = admin.site._registry[kind.answer_model]
    request = RequestFactory().get("/admin/")
    request.user = user
    return model_admin.get_queryset(request).count()


def _page(client, kind: Kind) -> str:
    response = client.get(kind.page)
    assert response.status_code == 200
    return response.content.decode()


# --- the tables cannot be joined ----------------------------------------------------------------

PERSON_MODELS = (Worker, Representative, User)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(KINDS))
def test_the_answer_table_has_nothing_that_leads_back_to_the_person(name):
    answer_model = {"ballot": Ballot, "leaders": Rating, "survey": SurveyAnswer, "home": EvaluationAnswer}[
        name
    ]
    participation = {
        "ballot": VoteCast,
        "leaders": RatingCast,
        "survey": SurveyParticipation,
        "home": Participation,
    }[name]
    fields = answer_model._meta.concrete_fields
    assert isinstance(answer_model._meta.pk, models.UUIDField) and answer_model._meta.pk.default is uuid.uuid4
    assert not [f.name for f in fields if f.is_relation and issubclass(f.related_model, PERSON_MODELS)]
    # no date or time at all: a day would pair the answer with the one person who answered that day
    assert not [f.name for f in fields if isinstance(f, models.DateField | models.TimeField)]
    assert answer_model._meta.ordering == ["id"]
    # the participation keeps the day only, and one row per round and person
    assert not [f.name for f in participation._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    assert {participation.round_field, participation.person_field} in [
        set(c.fields) for c in participation._meta.constraints
    ]


@pytest.mark.django_db
def test_answers_get_random_keys_and_no_order_of_answering(kind):
    for user in kind.voters:
        kind.answer(user)
    rows = list(kind.answer_model.objects.all())
    assert len(rows) == len(kind.voters) * kind.answers_per_person
    assert all(isinstance(r.pk, uuid.UUID) and r.pk.version == 4 for r in rows)
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)  # listed in the random key's order
    participations = kind.participation.objects.all()
    assert participations.count() == len(kind.voters)
    assert len({p.answered_on for p in participations}) == 1  # who answered: the day, never a time


# --- once ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_answer_is_refused_and_nothing_more_is_written(kind):
    user = kind.voters[0]
    kind.answer(user)
    events = AuditEvent.objects.count()
    with pytest.raises(answer_once.AlreadyAnswered):
        kind.answer(user)
    assert kind.participation.objects.count() == 1
    assert kind.answer_model.objects.count() == kind.answers_per_person
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_closed_round_takes_no_answer(kind):
    kind.close()
    with pytest.raises(answer_once.AnswersClosed):
        kind.answer(kind.voters[0])
    assert not kind.participation.objects.exists() and not kind.answer_model.objects.exists()


# --- results ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_show_only_once_closed(kind, world, client_for):
    for user in kind.voters[:MINIMUM]:
        kind.answer(user)
    client = client_for(world.users["officer"])
    assert not kind.shown(_page(client, kind))
    assert _admin_rows(kind, world.users["admin"]) == 0
    if kind.export:
        assert client.get(kind.export).status_code == 302  # refused, back to the page
    kind.close()
    assert kind.shown(_page(client, kind))
    assert _admin_rows(kind, world.users["admin"]) == MINIMUM * kind.answers_per_person
    if kind.export:
        assert client.get(kind.export)["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_results_below_the_minimum_stay_hidden_after_close(kind, world, client_for):
    for user in kind.voters[: MINIMUM - 1]:
        kind.answer(user)
    kind.close()
    html = _page(client_for(world.users["officer"]), kind)
    assert not kind.shown(html) and WITHHELD in html
    assert _admin_rows(kind, world.users["admin"]) == 0
    if kind.export:
        assert client_for(world.users["officer"]).get(kind.export).status_code == 302


def test_results_visible_needs_a_closed_round_and_the_minimum(settings):
    class Round(answer_once.AnswerRound):
        def __init__(self, is_open):
            self.is_open = is_open

    assert not answer_once.results_visible(Round(True), 100)
    assert not answer_once.results_visible(Round(False), 4)
    assert answer_once.results_visible(Round(False), 5)
    settings.UNIONHOME_MIN_ANSWERS = 10
    assert not answer_once.results_visible(Round(False), 9)
    assert answer_once.results_visible(Round(False), 3, minimum=3)


@pytest.mark.django_db
def test_the_admin_lists_no_person_and_no_time(kind):
    model_admin = admin.site._registry[kind.answer_model]
    request = RequestFactory().get("/admin/")
    shown = [*model_admin.get_list_display(request), *model_admin.get_fields(request)]
    fields = [kind.answer_model._meta.get_field(name) for name in shown]
    assert not [f.name for f in fields if f.is_relation and issubclass(f.related_model, PERSON_MODELS)]
    assert not [f.name for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
    assert "branch" not in shown and "id" not in shown
    assert model_admin.get_ordering(request) == ["id"]
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)


# --- the audit trail ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_audit_trail_records_participation_and_never_an_answer(kind):
    for user in kind.voters:
        kind.answer(user)
    kind.close()
    answer_ids = {str(pk) for pk in kind.answer_model.objects.values_list("pk", flat=True)}
    label = kind.answer_model._meta.label_lower
    events = list(AuditEvent.objects.all())
    assert not [e for e in events if e.object_type == label or e.object_id in answer_ids]
    dumped = json.dumps([[e.before, e.after, e.object_repr] for e in events], ensure_ascii=False)
    assert not [pk for pk in answer_ids if pk in dumped]
    taking_part = [e for e in events if e.after == {"participated": True}]
    assert len(taking_part) == len(kind.voters)
    assert {(e.object_type, e.object_id) for e in taking_part} == {
        (kind.round._meta.label_lower, str(kind.round.pk))
    }
    assert {e.actor_id for e in taking_part} == {u.pk for u in kind.voters}


# --- per kind -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resolution_below_the_minimum_still_passes_or_fails(world, client_for):
    kind = _ballot(world)
    for user in kind.voters[:4]:  # 4 of 6 representatives for: passed, but only 4 ballots
        kind.answer(user)
    kind.close()
    resolution = Resolution.objects.get(pk=kind.round.pk)
    assert resolution.passed is True and resolution.counts_withheld
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstain) == (None, None, None)
    html = _page(client_for(world.users["officer"]), kind)
    row = _resolution_row(html)
    assert "未通过" not in row and "通过" in row and WITHHELD in row
    close_event = AuditEvent.objects.get(action="resolution.close_voting")
    assert close_event.after["votes_for"] is None and close_event.after["passed"] is True


@pytest.mark.django_db
def test_a_vote_by_name_keeps_the_choice_with_the_voter_and_the_ballot_stays_anonymous(world):
    kind = _ballot(world)
    kind.answer(kind.voters[0])  # a secret ballot (the default): no choice beside the name
    Session.objects.filter(pk=kind.round.session_id).update(secret_ballot=False)
    kind.answer(kind.voters[1])
    choices = dict(VoteCast.objects.values_list("representative__worker_id", "choice"))
    assert choices == {kind.voters[0].worker_id: "", kind.voters[1].worker_id: "for"}
    assert Ballot.objects.filter(choice="for").count() == 2


@pytest.mark.django_db
def test_a_rated_leader_evaluation_is_never_reopened(world):
    kind = _leaders(world)
    kind.answer(kind.voters[0])
    kind.close()
    with pytest.raises(Conflict):
        democracy_services.evaluation_set_open(actor=world.users["officer"], round=kind.round, is_open=True)
    assert not EvaluationRound.objects.get(pk=kind.round.pk).is_open


@pytest.mark.django_db
def test_a_branch_officer_gets_no_counts_in_the_chart_data_below_the_minimum(world, client_for):
    kind = _survey(world)
    # branch A1 holds the answers of three of the six workers
    for user in kind.voters:
        kind.answer(user)
    kind.close()
    html = _page(client_for(world.users["branch"]), kind)
    assert _chart(html, "survey-satisfaction") is None
    rates = _chart(html, "survey-rates")
    assert len(rates["option"]["series"][0]["data"]) == 1  # the response rate only
    assert client_for(world.users["branch"]).get(kind.export).status_code == 302
    # the enterprise's officer sees the whole result
    assert kind.shown(_page(client_for(world.users["officer"]), kind))


# --- two at once (PostgreSQL) -------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(KINDS))
def test_the_same_person_answering_twice_at_once_leaves_one_participation_and_one_answer(name):
    from tests.conftest import build_world
    from tests.test_concurrency import race

    kind = KINDS[name](build_world())
    user_id = kind.voters[0].pk

    def answer():
        return kind.answer(User.objects.select_related("worker__branch").get(pk=user_id))

    outcomes = race(answer, answer)
    assert sorted(type(result).__name__ if status == "error" else status for status, result in outcomes) == [
        "AlreadyAnswered",
        "ok",
    ]
    assert kind.participation.objects.count() == 1
    assert kind.answer_model.objects.count() == kind.answers_per_person
    assert AuditEvent.objects.filter(after={"participated": True}).count() == 1
